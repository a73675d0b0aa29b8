"""Local Apache Kafka in KRaft mode: one node for everyday work, three for
failover tests. Started from jars fetched from Maven Central, no Docker."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from devtools import _paths
from devtools._proc import (
    file_lock,
    kill_processes,
    log_tail,
    pid_alive,
    port_open,
    read_pid,
    spawn_detached,
    stop_processes,
    write_pid,
)
from devtools._sync import run_sync
from devtools.kafka_config import (
    BROKER_LOG4J,
    SINGLE_NODE,
    THREE_NODES,
    TOOLS_LOG4J,
    NodeSpec,
    server_properties,
)
from devtools.kafka_jars import ensure_jars
from devtools.kafka_probe import broker_ids

__all__ = [
    "BOOTSTRAP_ENV",
    "ClusterStatus",
    "KafkaCluster",
    "KafkaNode",
    "LocalKafkaError",
    "NodeStatus",
    "down",
    "ensure_jars",
    "external_bootstrap",
    "kill_node",
    "start_node",
    "status",
    "stop_node",
    "up",
    "wait_for_kafka",
]

BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS"
_MAIN_CLASS = "kafka.Kafka"


class LocalKafkaError(RuntimeError):
    """A local broker could not be started, stopped or reached."""


@dataclass(frozen=True)
class KafkaNode:
    """Files of one broker process under the state directory."""

    spec: NodeSpec
    directory: Path

    @property
    def node_id(self) -> int:
        return self.spec.node_id

    @property
    def bootstrap(self) -> str:
        return self.spec.bootstrap

    @property
    def properties_file(self) -> Path:
        return self.directory / "server.properties"

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def pid_file(self) -> Path:
        return self.directory / "kafka.pid"

    @property
    def log_file(self) -> Path:
        return self.directory / "kafka.log"

    def pid(self) -> int | None:
        """Pid of this node's broker if it is running and was started by us."""
        pid = read_pid(self.pid_file)
        markers = (_MAIN_CLASS, str(self.properties_file))
        return pid if pid is not None and pid_alive(pid, markers) else None


@dataclass(frozen=True)
class NodeStatus:
    node_id: int
    bootstrap: str
    controller_port: int
    pid: int | None


@dataclass(frozen=True)
class ClusterStatus:
    name: str
    directory: Path
    bootstrap_servers: str
    nodes: tuple[NodeStatus, ...]
    answering_brokers: frozenset[int] | None

    @property
    def running(self) -> bool:
        return all(node.pid is not None for node in self.nodes)

    def describe(self) -> str:
        lines = [f"kafka {self.name} ({self.directory})"]
        for node in self.nodes:
            state = f"running, pid {node.pid}" if node.pid else "stopped"
            lines.append(
                f"  node {node.node_id}: {state}; broker {node.bootstrap},"
                f" controller port {node.controller_port}"
            )
        answer = (
            "no answer"
            if self.answering_brokers is None
            else f"brokers {sorted(self.answering_brokers)} answer"
        )
        lines.append(f"  bootstrap {self.bootstrap_servers}: {answer}")
        return "\n".join(lines)


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise LocalKafkaError("`java` (17+) is not on PATH and JAVA_HOME is not set")
    return java


def _random_cluster_id() -> str:
    # Same shape as Kafka's Uuid.randomUuid(): url-safe base64 of 16 random
    # bytes, never starting with '-' (which the CLI would read as an option).
    while True:
        value = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not value.startswith("-"):
            return value


class KafkaCluster:
    """A local KRaft cluster: `cluster=False` is one node on 127.0.0.1:9092,
    `cluster=True` three nodes on 127.0.0.1:19092/29092/39092 with a
    three-voter controller quorum. Node ids are 1..n and equal broker ids."""

    def __init__(
        self,
        cluster: bool = False,
        *,
        state_dir: Path | None = None,
        kafka_home: Path | None = None,
        heap: str = "512m",
    ) -> None:
        self.name = "cluster" if cluster else "single"
        self.directory = (state_dir or _paths.state_dir()) / "kafka" / self.name
        self.nodes = tuple(
            KafkaNode(spec, self.directory / f"node-{spec.node_id}")
            for spec in (THREE_NODES if cluster else SINGLE_NODE)
        )
        self._kafka_home = kafka_home
        self._heap = heap

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.bootstrap for node in self.nodes)

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
        """Start every node that is not running (formatting fresh storage),
        then wait until each one answers metadata requests. Idempotent."""
        with self._lock():
            self._start([node for node in self.nodes if node.pid() is None], ready_within)
        return self.bootstrap_servers

    def down(self, grace: float = 30.0) -> None:
        """Stop the nodes our pid files point at and delete all their data."""
        with self._lock():
            pids = [pid for pid in (node.pid() for node in self.nodes) if pid is not None]
            stop_processes(pids, grace)
            shutil.rmtree(self.directory, ignore_errors=True)

    def status(self, probe_within: float = 3.0) -> ClusterStatus:
        nodes = tuple(
            NodeStatus(n.node_id, n.bootstrap, n.spec.controller_port, n.pid())
            for n in self.nodes
        )
        answering = run_sync(broker_ids(self.bootstrap_servers, probe_within))
        return ClusterStatus(
            self.name, self.directory, self.bootstrap_servers, nodes, answering
        )

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

    def _start(
        self, nodes: Sequence[KafkaNode], ready_within: float, only: Sequence[KafkaNode] = ()
    ) -> None:
        if nodes:
            libs = ensure_jars(self._kafka_home)
            java = _java()
            self._check_ports_free(nodes)
            self._write_configs()
            unformatted = [n for n in nodes if not (n.data_dir / "meta.properties").exists()]
            self._format(java, libs, unformatted)
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
            text = server_properties(node.spec, specs, node.data_dir)
            node.properties_file.write_text(text, encoding="utf-8")

    def _check_ports_free(self, nodes: Sequence[KafkaNode]) -> None:
        for node in nodes:
            for port in (node.spec.broker_port, node.spec.controller_port):
                if port_open(port):
                    raise LocalKafkaError(
                        f"port {port} (node {node.node_id}) is taken by a process this checkout"
                        f" did not start; stop it, or set {BOOTSTRAP_ENV} to use that Kafka"
                    )

    def _cluster_id(self) -> str:
        id_file = self.directory / "cluster.id"
        if id_file.is_file():
            return id_file.read_text(encoding="utf-8").strip()
        # Keep the id of nodes that are already formatted, so a wiped node rejoins them.
        for node in self.nodes:
            meta = node.data_dir / "meta.properties"
            if meta.is_file():
                for line in meta.read_text(encoding="utf-8").splitlines():
                    if line.startswith("cluster.id="):
                        id_file.write_text(line.partition("=")[2] + "\n", encoding="utf-8")
                        return line.partition("=")[2]
        cluster_id = _random_cluster_id()
        id_file.write_text(cluster_id + "\n", encoding="utf-8")
        return cluster_id

    def _format(self, java: str, libs: Path, nodes: Sequence[KafkaNode]) -> None:
        if not nodes:
            return
        cluster_id = self._cluster_id()
        log4j = f"-Dlog4j.configuration=file:{self.directory / 'tools-log4j.properties'}"
        # Formatting is one short JVM per node; run them side by side.
        runs = []
        for node in nodes:
            command = [java, log4j, "-cp", f"{libs}/*", "kafka.tools.StorageTool", "format"]
            command += ["-t", cluster_id, "-c", str(node.properties_file)]
            proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            runs.append((node, proc))
        for node, proc in runs:
            output, _ = proc.communicate(timeout=120)
            if proc.returncode != 0:
                raise LocalKafkaError(f"formatting node {node.node_id} failed:\n{output}")

    def _broker_command(self, java: str, libs: Path, node: KafkaNode) -> list[str]:
        return [
            java,
            f"-Xmx{self._heap}",
            "-Djava.awt.headless=true",
            f"-Dlog4j.configuration=file:{self.directory / 'log4j.properties'}",
            "-cp",
            f"{libs}/*",
            _MAIN_CLASS,
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
            answers = [await broker_ids(node.bootstrap, 5.0) for node in nodes]
            if all(ids is not None and expected <= ids for ids in answers):
                return
            if time.monotonic() >= deadline:
                answered = zip(nodes, answers, strict=True)
                lagging = [n for n, ids in answered if ids is None or not expected <= ids]
                tails = "\n".join(
                    f"--- {n.log_file} ---\n{log_tail(n.log_file)}" for n in lagging
                )
                raise LocalKafkaError(
                    f"kafka {self.name} not ready after {within:.0f}s"
                    f" (expected brokers {sorted(expected)}, got {answers}):\n{tails}"
                )
            await asyncio.sleep(0.5)


def external_bootstrap() -> str | None:
    """The Kafka named by KAFKA_BOOTSTRAP_SERVERS, if any: then nothing local
    is started."""
    return os.environ.get(BOOTSTRAP_ENV) or None


def wait_for_kafka(bootstrap: str, ready_within: float = 90.0) -> frozenset[int]:
    """Wait until some broker at `bootstrap` answers; return the broker ids."""
    async def poll() -> frozenset[int]:
        deadline = time.monotonic() + ready_within
        while True:
            ids = await broker_ids(bootstrap, 5.0)
            if ids:
                return ids
            if time.monotonic() >= deadline:
                raise LocalKafkaError(
                    f"no Kafka broker answers at {bootstrap} after {ready_within:.0f}s"
                )
            await asyncio.sleep(0.5)

    return run_sync(poll())


def up(cluster: bool = False, ready_within: float = 90.0) -> str:
    """Bootstrap servers of a running Kafka: KAFKA_BOOTSTRAP_SERVERS if set
    (only checked, never started), else the local single node or cluster."""
    external = external_bootstrap()
    if external:
        wait_for_kafka(external, ready_within)
        return external
    return KafkaCluster(cluster).up(ready_within)


def down(cluster: bool = False) -> None:
    KafkaCluster(cluster).down()


def status(cluster: bool = False) -> ClusterStatus:
    return KafkaCluster(cluster).status()


def stop_node(node_id: int, grace: float = 60.0) -> bool:
    """Cleanly stop one node (1-3) of the local three-node cluster."""
    return KafkaCluster(cluster=True).stop_node(node_id, grace)


def kill_node(node_id: int) -> None:
    """SIGKILL one node (1-3) of the local three-node cluster."""
    KafkaCluster(cluster=True).kill_node(node_id)


def start_node(node_id: int, ready_within: float = 90.0) -> None:
    """Restart one node (1-3) of the local three-node cluster."""
    KafkaCluster(cluster=True).start_node(node_id, ready_within)
