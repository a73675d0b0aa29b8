"""Several replicas of a service as OS processes against one broker and one PostgreSQL
database each, for the test that kills one of them mid-run (test_replicas_cooperate.py).

Each replica is the service's own entry point in a process of its own with its own HTTP port
(never the suite's usual 8001–8007), in the one consumer group of its service, on its
service's one database, migrated beforehand as production's migration job would do it.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fixtures.topic_probe import free_port


@dataclass
class Replica:
    service: str
    index: int
    port: int
    process: subprocess.Popen[bytes]

    @property
    def name(self) -> str:
        return f"{self.service}-{self.index}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass(frozen=True)
class Stage:
    service: str
    entry_point: str  # "module:function"
    env_prefix: str


@dataclass
class Replicas:
    """Every replica started, by service; a killed one stays listed, no longer alive."""

    env: Mapping[str, str]
    log_dir: Path
    by_service: dict[str, list[Replica]] = field(default_factory=dict)
    killed: list[str] = field(default_factory=list)

    def start(self, stage: Stage, count: int) -> None:
        module, function = stage.entry_point.split(":")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for index in range(1, count + 1):
            port = free_port()
            log = (self.log_dir / f"{stage.service}-{index}.log").open("ab")
            process = subprocess.Popen(
                [sys.executable, "-c", f"from {module} import {function}; {function}()"],
                env={**os.environ, **self.env, f"{stage.env_prefix}HTTP_PORT": str(port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.by_service.setdefault(stage.service, []).append(
                Replica(stage.service, index, port, process)
            )

    def all(self) -> list[Replica]:
        return [replica for replicas in self.by_service.values() for replica in replicas]

    def alive(self, service: str) -> list[Replica]:
        return [replica for replica in self.by_service[service] if replica.alive()]

    def round_robin(self, service: str) -> Iterator[str]:
        """The base URLs of `service`'s live replicas in turn."""
        return itertools.cycle([replica.base_url for replica in self.alive(service)])

    def sigkill(self, service: str, index: int = 1) -> Replica:
        replica = self.by_service[service][index - 1]
        replica.process.send_signal(signal.SIGKILL)
        replica.process.wait(timeout=30)
        self.killed.append(replica.name)
        return replica

    async def wait_ready(self, timeout: float) -> None:
        started = time.monotonic()
        waiting = {replica.name: replica for replica in self.all()}
        async with httpx.AsyncClient(timeout=2.0) as client:
            while waiting:
                for name, replica in list(waiting.items()):
                    if not replica.alive():
                        raise RuntimeError(
                            f"{name} exited with {replica.process.returncode}; "
                            f"see {self.log_dir / (name + '.log')}"
                        )
                    try:
                        response = await client.get(f"{replica.base_url}/readyz")
                    except httpx.HTTPError:
                        continue
                    if response.status_code == 200:
                        del waiting[name]
                if time.monotonic() - started > timeout:
                    raise TimeoutError(f"not ready after {timeout:.0f}s: {sorted(waiting)}")
                await asyncio.sleep(0.3)

    def stop(self) -> None:
        replicas = [replica for replica in self.all() if replica.alive()]
        for replica in replicas:
            replica.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for replica in replicas:
            try:
                replica.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                replica.process.kill()
                replica.process.wait()
