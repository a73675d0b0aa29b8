"""`devtools kafka up|down|status|stop-node|kill-node|start-node`."""

from __future__ import annotations

import argparse
import sys

from devtools import kafka
from devtools.cli import Command
from devtools.kafka_jars import JarFetchError


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["up", "down", "status", "stop-node", "kill-node", "start-node"],
        help="stop-node/kill-node/start-node act on one node of the --cluster layout",
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="three nodes on 127.0.0.1:19092/29092/39092 instead of one on 127.0.0.1:9092",
    )
    parser.add_argument("--node", type=int, choices=[1, 2, 3], help="node id for *-node actions")
    parser.add_argument(
        "--ready-within", type=float, default=90.0, help="readiness deadline in seconds"
    )


def _run(args: argparse.Namespace) -> int:
    try:
        return _dispatch(args)
    except (kafka.LocalKafkaError, JarFetchError) as exc:
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
    if action == "up":
        external = kafka.external_bootstrap()
        if external:
            print(f"using the Kafka at {kafka.BOOTSTRAP_ENV}={external}; starting nothing")
        bootstrap = kafka.up(cluster=args.cluster, ready_within=args.ready_within)
        print(f"kafka ready: KAFKA_BOOTSTRAP_SERVERS={bootstrap}")
        return 0
    if action == "down":
        kafka.down(cluster=args.cluster)
        print("kafka stopped, data removed")
        return 0
    state = kafka.status(cluster=args.cluster)
    print(state.describe())
    return 0 if state.running and state.answering_brokers else 1


COMMAND = Command(
    help="local Apache Kafka (KRaft) from Maven Central jars",
    configure=_configure,
    run=_run,
)
