"""Local Apache Kafka in KRaft mode: one node for everyday work, three for
failover tests. Started from jars fetched from Maven Central, no Docker.

Secured like production (`devtools.kafka_security`): SASL_SSL with SCRAM-SHA-512, the
StandardAuthorizer denying what the table of bus rights does not grant, and every topic and
ACL of the table provisioned at `up` (`devtools.kafka_provision`). Only the benchmark's
comparison runs an open broker, explicitly (`plaintext=True`), on ports of its own."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from devtools import _paths, kafka_security
from devtools._proc import (
    file_lock,
    kill_processes,
    log_tail,
    port_open,
    spawn_detached,
    stop_processes,
    write_pid,
)
from devtools._sync import run_sync
from devtools.kafka_config import (
    BROKER_LOG4J,
    PLAINTEXT_NODE,
    SINGLE_NODE,
    THREE_NODES,
    TOOLS_LOG4J,
    server_properties,
)
from devtools.kafka_external import (
    BOOTSTRAP_ENV,
    external_access,
    external_bootstrap,
    wait_for_kafka,
)
from devtools.kafka_jars import ensure_jars
from devtools.kafka_layout import (
    MAIN_CLASS,
    ClusterStatus,
    KafkaNode,
    LocalKafkaError,
    NodeStatus,
    PortInUseError,
)
from devtools.kafka_probe import broker_ids
from devtools.kafka_provision import Provisioned, provision
from devtools.kafka_storage import cluster_id, format_storage, is_formatted, java_executable
from konfliktrad_shared.kafka_access import KafkaAccess, SecurityProtocol

__all__ = [
    "BOOTSTRAP_ENV",
    "ClusterStatus",
    "KafkaCluster",
    "KafkaNode",
    "LocalKafkaError",
    "NodeStatus",
    "PortInUseError",
    "down",
    "ensure_jars",
    "external_access",
    "external_bootstrap",
    "kill_node",
    "start_node",
    "status",
    "stop_node",
    "up",
    "wait_for_kafka",
]


class KafkaCluster:
    """A local KRaft cluster: `cluster=False` is one node on 127.0.0.1:9092,
    `cluster=True` three nodes on 127.0.0.1:19092/29092/39092 with a
    three-voter controller quorum. Node ids are 1..n and equal broker ids.
    `plaintext=True` (one node on 127.0.0.1:9192, no authentication, no ACLs)
    exists only for the benchmark's measure of what security costs."""

    def __init__(
        self,
        cluster: bool = False,
        *,
        plaintext: bool = False,
        state_dir: Path | None = None,
        kafka_home: Path | None = None,
        heap: str = "512m",
    ) -> None:
        if cluster and plaintext:
            raise ValueError("the plaintext broker is a single node")
        self.plaintext = plaintext
        self.name = "plaintext" if plaintext else "cluster" if cluster else "single"
        self.directory = (state_dir or _paths.state_dir()) / "kafka" / self.name
        specs = PLAINTEXT_NODE if plaintext else THREE_NODES if cluster else SINGLE_NODE
        self.nodes = tuple(
            KafkaNode(spec, self.directory / f"node-{spec.node_id}") for spec in specs
        )
        self._kafka_home = kafka_home
        self._heap = heap
        self.provisioned: Provisioned | None = None  # what the last `up` provisioned

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.bootstrap for node in self.nodes)

    def access(self, principal: str = kafka_security.ADMIN, bootstrap: str = "") -> KafkaAccess:
        """How `principal` (by default the admin tooling's super user) connects to these
        brokers (or to `bootstrap`, say one node of them)."""
        bootstrap = bootstrap or self.bootstrap_servers
        if self.plaintext:
            return KafkaAccess(bootstrap, SecurityProtocol.PLAINTEXT)
        return kafka_security.local_access(principal, bootstrap)

    def node(self, node_id: int) -> KafkaNode:
        for node in self.nodes:
            if node.node_id == node_id:
                return node
        ids = [node.node_id for node in self.nodes]
        raise ValueError(f"no node {node_id} in the {self.name} layout (nodes {ids})")

    def is_running(self) -> bool:
        return all(node.pid() is not None for node in self.nodes)

    # -- lifecycle ---------------------------------------------------------

    def up(self, ready_within: float = 90.0) -> str:
        """Start every node that is not running (formatting fresh storage, and
        storage formatted by another layout again), wait until each one answers
        metadata requests, then provision the table's topics and ACLs. Idempotent."""
        with self._lock():
            if self._layout_stale():
                self._wipe()
            self._start([node for node in self.nodes if node.pid() is None], ready_within)
            self.provisioned = run_sync(self.aprovision(within=ready_within))
        return self.bootstrap_servers

    async def aprovision(self, within: float = 60.0) -> Provisioned:
        return await provision(self.access(), acls=not self.plaintext, within=within)

    def down(self, grace: float = 30.0) -> None:
        """Stop the nodes our pid files point at and delete all their data."""
        with self._lock():
            pids = [pid for pid in (node.pid() for node in self.nodes) if pid is not None]
            stop_processes(pids, grace)
            shutil.rmtree(self.directory, ignore_errors=True)

    def status(self, probe_within: float = 3.0) -> ClusterStatus:
        """Which nodes run (per our pid files) and which brokers answer."""
        nodes = tuple(
            NodeStatus(n.node_id, n.bootstrap, n.spec.controller_port, n.pid()) for n in self.nodes
        )
        answering = run_sync(broker_ids(self.bootstrap_servers, probe_within, self.access()))
        return ClusterStatus(self.name, self.directory, self.bootstrap_servers, nodes, answering)

    # -- single nodes, for failover tests ------------------------------------

    def stop_node(self, node_id: int, grace: float = 60.0) -> bool:
        """Clean shutdown (SIGTERM) of one node; SIGKILL only if it has not
        exited after `grace` seconds. Returns True if the shutdown was clean."""
        node = self.node(node_id)
        with self._lock():
            pid = node.pid()
            if pid is None:
                return True
            killed = stop_processes([pid], grace)
            node.pid_file.unlink(missing_ok=True)
        return not killed

    def kill_node(self, node_id: int) -> None:
        """`kill -9` one node: no controlled shutdown, like a crashed host."""
        node = self.node(node_id)
        with self._lock():
            pid = node.pid()
            if pid is not None:
                kill_processes([pid])
            node.pid_file.unlink(missing_ok=True)

    def start_node(self, node_id: int, ready_within: float = 90.0) -> None:
        """(Re)start one node on its existing data and wait until it serves
        clients again; the other nodes are left as they are."""
        node = self.node(node_id)
        with self._lock():
            self._start([node] if node.pid() is None else [], ready_within, only=[node])

    async def aup(self, ready_within: float = 90.0) -> str:
        return await asyncio.to_thread(self.up, ready_within)

    async def adown(self, grace: float = 30.0) -> None:
        await asyncio.to_thread(self.down, grace)

    async def astop_node(self, node_id: int, grace: float = 60.0) -> bool:
        return await asyncio.to_thread(self.stop_node, node_id, grace)

    async def akill_node(self, node_id: int) -> None:
        await asyncio.to_thread(self.kill_node, node_id)

    async def astart_node(self, node_id: int, ready_within: float = 90.0) -> None:
        await asyncio.to_thread(self.start_node, node_id, ready_within)

    # -- internals -----------------------------------------------------------

    def _lock(self) -> AbstractContextManager[None]:
        return file_lock(self.directory.parent / f".{self.name}.lock")

    @property
    def _layout_file(self) -> Path:
        return self.directory / "layout"

    def _layout(self) -> str:
        return (
            kafka_security.PLAINTEXT_LAYOUT
            if self.plaintext
            else kafka_security.layout_fingerprint()
        )

    def _layout_stale(self) -> bool:
        """Storage formatted by another layout: an older plaintext one, other logins."""
        if not any(is_formatted(node) for node in self.nodes):
            return False
        written = self._layout_file.read_text("utf-8").strip() if self._layout_file.exists() else ""
        return written != self._layout()

    def _wipe(self) -> None:
        """A throwaway local state: stop what runs on it and start over."""
        pids = [pid for pid in (node.pid() for node in self.nodes) if pid is not None]
        stop_processes(pids, 30.0)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _start(
        self, nodes: Sequence[KafkaNode], ready_within: float, only: Sequence[KafkaNode] = ()
    ) -> None:
        if nodes:
            libs = ensure_jars(self._kafka_home)
            java = java_executable()
            self._check_ports_free(nodes)
            self._write_configs()
            unformatted = [node for node in nodes if not is_formatted(node)]
            if unformatted:
                tools_log4j = self.directory / "tools-log4j.properties"
                cluster = cluster_id(self.directory, self.nodes)
                scram = [] if self.plaintext else kafka_security.scram_arguments()
                format_storage(java, libs, tools_log4j, unformatted, cluster, scram)
                self._layout_file.write_text(self._layout() + "\n", encoding="utf-8")
            for node in nodes:
                command = self._broker_command(java, libs, node)
                pid = spawn_detached(command, node.log_file, node.directory)
                write_pid(node.pid_file, pid)
        run_sync(self._await_ready(list(only) or list(self.nodes), ready_within))

    def _write_configs(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "log4j.properties").write_text(BROKER_LOG4J, encoding="utf-8")
        (self.directory / "tools-log4j.properties").write_text(TOOLS_LOG4J, encoding="utf-8")
        specs = tuple(node.spec for node in self.nodes)
        for node in self.nodes:
            node.directory.mkdir(parents=True, exist_ok=True)
            listeners = (
                kafka_security.plaintext_settings(node.spec)
                if self.plaintext
                else kafka_security.secured_settings(
                    node.spec, kafka_security.node_tls(node.spec, node.directory)
                )
            )
            text = server_properties(node.spec, specs, node.data_dir, listeners)
            # It holds the brokers' own SCRAM password.
            node.properties_file.touch(mode=0o600)
            node.properties_file.chmod(0o600)
            node.properties_file.write_text(text, encoding="utf-8")

    def _check_ports_free(self, nodes: Sequence[KafkaNode]) -> None:
        for node in nodes:
            for port in (node.spec.broker_port, node.spec.controller_port):
                if port_open(port):
                    raise PortInUseError(
                        f"port {port} (node {node.node_id}) is taken by a process this checkout"
                        f" did not start; stop it, or set {BOOTSTRAP_ENV} to use that Kafka"
                    )

    def _broker_command(self, java: str, libs: Path, node: KafkaNode) -> list[str]:
        return [
            java,
            f"-Xmx{self._heap}",
            "-Djava.awt.headless=true",
            f"-Dlog4j.configuration=file:{self.directory / 'log4j.properties'}",
            "-cp",
            f"{libs}/*",
            MAIN_CLASS,
            str(node.properties_file),
        ]

    async def _await_ready(self, nodes: Sequence[KafkaNode], within: float) -> None:
        """Poll until each node in `nodes` answers a metadata request that
        lists every node we have running, or fail with its log tail."""
        deadline = time.monotonic() + within
        while True:
            for node in nodes:
                if node.pid() is None:
                    raise LocalKafkaError(
                        f"kafka node {node.node_id} is not running (see {node.log_file}):\n"
                        + log_tail(node.log_file)
                    )
            expected = {n.node_id for n in self.nodes if n.pid() is not None}
            answers = [
                await broker_ids(node.bootstrap, 5.0, self.access(bootstrap=node.bootstrap))
                for node in nodes
            ]
            if all(ids is not None and expected <= ids for ids in answers):
                return
            if time.monotonic() >= deadline:
                answered = zip(nodes, answers, strict=True)
                lagging = [n for n, ids in answered if ids is None or not expected <= ids]
                tails = "\n".join(f"--- {n.log_file} ---\n{log_tail(n.log_file)}" for n in lagging)
                raise LocalKafkaError(
                    f"kafka {self.name} not ready after {within:.0f}s"
                    f" (expected brokers {sorted(expected)}, got {answers}):\n{tails}"
                )
            await asyncio.sleep(0.5)


def up(cluster: bool = False, ready_within: float = 90.0, *, plaintext: bool = False) -> str:
    """Bootstrap servers of a running Kafka: KAFKA_BOOTSTRAP_SERVERS if set
    (only checked, never started or provisioned: `devtools kafka provision` does
    that), else the local single node, cluster or plaintext benchmark broker."""
    external = external_bootstrap()
    if external:
        wait_for_kafka(external, ready_within, external_access(external))
        return external
    return KafkaCluster(cluster, plaintext=plaintext).up(ready_within)


def down(cluster: bool = False, *, plaintext: bool = False) -> None:
    KafkaCluster(cluster, plaintext=plaintext).down()


def status(cluster: bool = False, *, plaintext: bool = False) -> ClusterStatus:
    return KafkaCluster(cluster, plaintext=plaintext).status()


def stop_node(node_id: int, grace: float = 60.0) -> bool:
    """Cleanly stop one node (1-3) of the local three-node cluster."""
    return KafkaCluster(cluster=True).stop_node(node_id, grace)


def kill_node(node_id: int) -> None:
    """SIGKILL one node (1-3) of the local three-node cluster."""
    KafkaCluster(cluster=True).kill_node(node_id)


def start_node(node_id: int, ready_within: float = 90.0) -> None:
    """Restart one node (1-3) of the local three-node cluster."""
    KafkaCluster(cluster=True).start_node(node_id, ready_within)


@contextlib.asynccontextmanager
async def broker_for_the_run(*, plaintext: bool = False) -> AsyncIterator[str]:
    """Bootstrap servers for a command's run; a broker this started is stopped afterwards,
    one that was already there (or KAFKA_BOOTSTRAP_SERVERS) is left alone. `plaintext`:
    the benchmark's open comparison broker instead of the secured one."""
    local = KafkaCluster(plaintext=plaintext)
    starts_one = external_bootstrap() is None and not local.is_running()
    bootstrap = await asyncio.to_thread(up, plaintext=plaintext)
    try:
        yield bootstrap
    finally:
        if starts_one:
            await asyncio.to_thread(local.down)
