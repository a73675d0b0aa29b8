"""`devtools kafka up|down|status|provision|stop-node|kill-node|start-node`."""

from __future__ import annotations

import argparse
import sys

from devtools import kafka, kafka_security
from devtools._sync import run_sync
from devtools.cli import Command
from devtools.kafka_jars import JarFetchError
from devtools.kafka_provision import ProvisioningError, provision


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["up", "down", "status", "provision", "stop-node", "kill-node", "start-node"],
        help="up also provisions the table of bus rights (topics, ACLs); provision does only"
        " that, on the local layout or on the cluster at KAFKA_BOOTSTRAP_SERVERS as the admin"
        " (KAFKA_PRINCIPALS_DIR/admin.password, KAFKA_SSL_CAFILE); stop-node/kill-node/"
        "start-node act on one node of the --cluster layout",
    )
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument(
        "--cluster",
        action="store_true",
        help="three nodes on 127.0.0.1:19092/29092/39092 instead of one on 127.0.0.1:9092",
    )
    layout.add_argument(
        "--plaintext",
        action="store_true",
        help="ONLY for the benchmark's comparison: an open broker on 127.0.0.1:9192 with no"
        " authentication, encryption or ACLs, beside (never instead of) the secured one",
    )
    parser.add_argument("--node", type=int, choices=[1, 2, 3], help="node id for *-node actions")
    parser.add_argument(
        "--ready-within", type=float, default=90.0, help="readiness deadline in seconds"
    )


def _run(args: argparse.Namespace) -> int:
    try:
        return _dispatch(args)
    except (kafka.LocalKafkaError, JarFetchError, ProvisioningError) as exc:
        print(f"kafka: {exc}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    action: str = args.action
    if action.endswith("-node"):
        if args.node is None:
            print(f"kafka {action}: --node is required", file=sys.stderr)
            return 2
        cluster = kafka.KafkaCluster(cluster=True)
        if action == "stop-node":
            clean = cluster.stop_node(args.node)
            print(f"node {args.node} stopped" + ("" if clean else " (had to SIGKILL it)"))
        elif action == "kill-node":
            cluster.kill_node(args.node)
            print(f"node {args.node} killed")
        else:
            cluster.start_node(args.node, args.ready_within)
            print(f"node {args.node} running")
        return 0
    local = kafka.KafkaCluster(cluster=args.cluster, plaintext=args.plaintext)
    if action == "up":
        return _up(args, local)
    if action == "provision":
        external = kafka.external_bootstrap()
        admin = kafka.external_access(external) if external else local.access()
        done = run_sync(provision(admin, acls=not args.plaintext))
        print(f"provisioned {admin.bootstrap_servers}: {done.describe()}")
        return 0
    if action == "down":
        local.down()
        print("kafka stopped, data removed")
        return 0
    state = local.status()
    print(state.describe())
    return 0 if state.running and state.answering_brokers else 1


def _up(args: argparse.Namespace, local: kafka.KafkaCluster) -> int:
    external = kafka.external_bootstrap()
    if external:
        print(f"using the Kafka at {kafka.BOOTSTRAP_ENV}={external}; starting nothing")
        bootstrap = kafka.up(ready_within=args.ready_within)
        print(f"kafka ready: KAFKA_BOOTSTRAP_SERVERS={bootstrap}")
        return 0
    bootstrap = local.up(args.ready_within)
    if local.provisioned is not None:
        print(f"provisioned from the table of bus rights: {local.provisioned.describe()}")
    if args.plaintext:
        print(
            f"kafka ready, OPEN (no authentication, no ACLs, no TLS): {bootstrap}\n"
            "  clients: KAFKA_SECURITY_PROTOCOL=PLAINTEXT (only for the benchmark's comparison)"
        )
        return 0
    admin = local.access()
    passwords = kafka_security.password_file(kafka_security.ADMIN).parent
    print(
        f"kafka ready: KAFKA_BOOTSTRAP_SERVERS={bootstrap} (SASL_SSL, SCRAM-SHA-512)\n"
        f"  CA certificate: {admin.cafile}\n"
        f"  passwords: {passwords}/<principal>.password"
    )
    return 0


COMMAND = Command(
    help="local Apache Kafka (KRaft) from Maven Central jars",
    configure=_configure,
    run=_run,
)
