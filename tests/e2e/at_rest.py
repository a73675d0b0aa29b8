"""Where the suite's data rests, read the way an attacker with the disks would read it: each
service's database as `pg_dump` writes it, and the broker's log segment files as they lie in
its data directory. For test_personal_data_at_rest.py."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import make_url

from devtools.kafka import KafkaCluster
from devtools.postgres import find_bin_dir


async def pg_dump(database_url: str) -> bytes:
    """The whole database (schema and every row), as `pg_dump` prints it."""
    url = make_url(database_url).set(drivername="postgresql")
    binary = find_bin_dir() / "pg_dump"
    command = str(binary) if binary.is_file() else shutil.which("pg_dump") or "pg_dump"
    dump = await asyncio.create_subprocess_exec(
        command,
        "--no-owner",
        url.render_as_string(hide_password=False),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await dump.communicate()
    assert dump.returncode == 0, err.decode(errors="replace")
    assert b"COPY public.outbox" in out or b"CREATE TABLE" in out, "pg_dump printed no tables"
    return out


def local_data_dirs() -> list[Path]:
    """The data directories of the devtools broker(s) the tests run against."""
    return [node.data_dir for node in KafkaCluster().nodes if node.data_dir.is_dir()]


def segment_files(data_dirs: Iterable[Path], *, except_topics: Iterable[str]) -> list[Path]:
    """Every log segment (`<topic>-<partition>/*.log`) but those of `except_topics`."""
    excluded = set(except_topics)
    return [
        segment
        for data_dir in data_dirs
        for segment in sorted(data_dir.glob("*-*/*.log"))
        if segment.parent.name.rsplit("-", 1)[0] not in excluded
    ]


def segments_holding(segments: Iterable[Path], needles: dict[str, bytes]) -> dict[str, list[str]]:
    """For each needle found, the topic-partitions whose segment files hold it."""
    found: dict[str, list[str]] = {}
    for segment in segments:
        content = segment.read_bytes()
        for what, needle in needles.items():
            if needle in content:
                found.setdefault(what, []).append(segment.parent.name)
    return found
