"""Several replicas of a service as OS processes, each from the service's own entry point with
an HTTP port of its own (never the suite's usual 8000–8007), all in the one consumer group of
their service and on its one database — as a deployment scales a service out.

The benchmark's intake runs its stages this way (`bench_intake_runs`), and so does the test
in which three replicas of each stage share the work while one of each is killed
(tests/integration/test_replicas_cooperate.py).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devtools.suite import ServiceProcess


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


@dataclass
class Replicas:
    """Every replica started, by service; `env` is added to this process's environment for
    each. A killed replica stays listed, no longer alive."""

    env: Mapping[str, str]
    log_dir: Path
    by_service: dict[str, list[Replica]] = field(default_factory=dict)
    killed: list[str] = field(default_factory=list)

    def start(self, service: ServiceProcess, count: int) -> None:
        module, function = service.entry_point.split(":")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for index in range(1, count + 1):
            port = free_port()
            log = (self.log_dir / f"{service.name}-{index}.log").open("ab")
            process = subprocess.Popen(
                [sys.executable, "-c", f"from {module} import {function}; {function}()"],
                env={**os.environ, **self.env, f"{service.env_prefix}HTTP_PORT": str(port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.by_service.setdefault(service.name, []).append(
                Replica(service.name, index, port, process)
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
                await asyncio.sleep(0.2)

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
