"""Where each local broker keeps its files, and what `status` reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from devtools._proc import pid_alive, read_pid
from devtools.kafka_config import NodeSpec

MAIN_CLASS = "kafka.Kafka"


class LocalKafkaError(RuntimeError):
    """A local broker could not be started, stopped or reached."""


class PortInUseError(LocalKafkaError):
    """A port of the layout is held by a process this state dir did not start
    (often the same tool run from another checkout or state dir)."""


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
        markers = (MAIN_CLASS, str(self.properties_file))
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
