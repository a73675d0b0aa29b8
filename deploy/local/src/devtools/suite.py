"""Starts the suite's processes — five services, two agency adapters and the staff desk — and
stops them.

Each runs as its own OS process from its own entry point, as it would in production.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx


def port_offset() -> int:
    """KONFLIKTRAD_PORT_OFFSET (default 0) moves every port of a local suite, so a second
    suite (a test run on a shared machine) can run beside one on the usual ports."""
    return int(os.environ.get("KONFLIKTRAD_PORT_OFFSET", "0"))


@dataclass(frozen=True)
class ServiceProcess:
    name: str
    entry_point: str  # "module:function"
    usual_port: int
    env_prefix: str

    @property
    def port(self) -> int:
        return self.usual_port + port_offset()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


SERVICES = (
    ServiceProcess("vetting", "vetting.start:run", 8004, "VETTING_"),
    ServiceProcess("mediation", "mediation.start:run", 8002, "MEDIATION_"),
    ServiceProcess("referral", "referral.start:run", 8001, "REFERRAL_"),
    ServiceProcess("youth_plan", "youth_plan.start:run", 8003, "YOUTH_PLAN_"),
    ServiceProcess("notification", "notification.start:run", 8005, "NOTIFICATION_"),
    ServiceProcess(
        "prosecution_adapter",
        "notification.start:run_prosecution_adapter",
        8006,
        "PROSECUTION_ADAPTER_",
    ),
    ServiceProcess(
        "correctional_adapter",
        "notification.start:run_correctional_adapter",
        8007,
        "CORRECTIONAL_ADAPTER_",
    ),
)
# The staff desk: web pages over the services' APIs. Not among SERVICES, which are the
# processes on the bus (principals, databases, consumer groups); the desk has none of those.
DESK = ServiceProcess("desk", "desk.main:run", 8000, "DESK_")
PROCESSES = (*SERVICES, DESK)


class Suite:
    def __init__(self, env: Mapping[str, str], log_dir: Path) -> None:
        self._env = {**os.environ, **env}
        self._log_dir = log_dir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, *, desk: bool = False) -> None:
        for service in SERVICES:
            self.start_one(service)
        if desk:
            self.start_one(DESK)

    def start_one(self, service: ServiceProcess) -> None:
        module, function = service.entry_point.split(":")
        self._log_dir.mkdir(parents=True, exist_ok=True)
        log = (self._log_dir / f"{service.name}.log").open("ab")
        self.processes[service.name] = subprocess.Popen(
            [sys.executable, "-c", f"from {module} import {function}; {function}()"],
            env={**self._env, f"{service.env_prefix}HTTP_PORT": str(service.port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        process.send_signal(sig)
        process.wait(timeout=30)

    async def wait_ready(self, timeout: float = 90.0) -> dict[str, float]:
        """Seconds from now until each service's /readyz answered 200."""
        started = time.monotonic()
        ready: dict[str, float] = {}
        async with httpx.AsyncClient(timeout=2.0) as client:
            while len(ready) < len(self.processes):
                for service in PROCESSES:
                    if service.name in ready or service.name not in self.processes:
                        continue
                    process = self.processes[service.name]
                    if process.poll() is not None:
                        raise RuntimeError(
                            f"{service.name} exited with {process.returncode}; "
                            f"see {self._log_dir / (service.name + '.log')}"
                        )
                    try:
                        response = await client.get(f"{service.base_url}/readyz")
                    except httpx.HTTPError:
                        continue
                    if response.status_code == 200:
                        ready[service.name] = time.monotonic() - started
                if time.monotonic() - started > timeout:
                    missing = sorted(set(self.processes) - set(ready))
                    raise TimeoutError(f"not ready after {timeout:.0f}s: {', '.join(missing)}")
                await asyncio.sleep(0.2)
        return ready

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()


def service(name: str) -> ServiceProcess:
    return next(s for s in SERVICES if s.name == name)
