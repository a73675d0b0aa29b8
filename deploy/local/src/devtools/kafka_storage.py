"""Preparing KRaft storage: the cluster id and `StorageTool format`."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import uuid
from collections.abc import Sequence
from pathlib import Path

from devtools.kafka_layout import KafkaNode, LocalKafkaError


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise LocalKafkaError("`java` (17+) is not on PATH and JAVA_HOME is not set")
    return java


def random_cluster_id() -> str:
    # Same shape as Kafka's Uuid.randomUuid(): url-safe base64 of 16 random
    # bytes, never starting with '-' (which the CLI would read as an option).
    while True:
        value = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not value.startswith("-"):
            return value


def cluster_id(directory: Path, nodes: Sequence[KafkaNode]) -> str:
    """The id in `directory/cluster.id`, else that of an already formatted
    node (so a wiped node rejoins its peers), else a new one."""
    id_file = directory / "cluster.id"
    if id_file.is_file():
        return id_file.read_text(encoding="utf-8").strip()
    found = next(filter(None, (_formatted_id(node) for node in nodes)), None)
    value = found or random_cluster_id()
    id_file.write_text(value + "\n", encoding="utf-8")
    return value


def _formatted_id(node: KafkaNode) -> str | None:
    meta = node.data_dir / "meta.properties"
    if not meta.is_file():
        return None
    for line in meta.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "cluster.id":
            return value.strip()
    return None


def is_formatted(node: KafkaNode) -> bool:
    return (node.data_dir / "meta.properties").is_file()


def format_storage(
    java: str,
    libs: Path,
    log4j_file: Path,
    nodes: Sequence[KafkaNode],
    cluster: str,
    extra_arguments: Sequence[str] = (),
) -> None:
    """Run `kafka.tools.StorageTool format` for each node, side by side
    (each is a short-lived JVM). `extra_arguments`: the SCRAM credentials to bootstrap."""
    log4j = f"-Dlog4j.configuration=file:{log4j_file}"
    runs = []
    for node in nodes:
        command = [java, log4j, "-cp", f"{libs}/*", "kafka.tools.StorageTool", "format"]
        command += ["-t", cluster, "-c", str(node.properties_file), *extra_arguments]
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        runs.append((node, proc))
    for node, proc in runs:
        output, _ = proc.communicate(timeout=120)
        if proc.returncode != 0:
            raise LocalKafkaError(f"formatting node {node.node_id} failed:\n{output}")
