"""A service's console script names its light `start` module, which loads the service with the
cyclic collector paused (`konfliktrad_shared.launch`): nothing heavy is imported before the
pause begins, the service's modules load while it lasts, and they are frozen when it ends."""

from __future__ import annotations

import gc
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from devtools.suite import SERVICES as SUITE_PROCESSES
from konfliktrad_shared.launch import launcher

SERVICES = Path(__file__).parents[2] / "services"
ON_THE_BUS = ("referral", "mediation", "youth_plan", "vetting", "notification")


def console_scripts() -> dict[str, str]:
    scripts: dict[str, str] = {}
    for name in ON_THE_BUS:
        project = tomllib.loads((SERVICES / name / "pyproject.toml").read_text())
        scripts |= project["project"]["scripts"]
    return scripts


def test_every_console_script_and_local_process_starts_from_a_start_module() -> None:
    entry_points = [*console_scripts().values(), *(p.entry_point for p in SUITE_PROCESSES)]
    assert len(entry_points) == 14
    assert [e for e in entry_points if e.split(":")[0].rsplit(".", 1)[1] != "start"] == []


@pytest.mark.parametrize("entry_point", sorted(set(console_scripts().values())))
def test_a_start_module_imports_nothing_heavy(entry_point: str) -> None:
    module = entry_point.split(":")[0]
    heavy = ("fastapi", "sqlalchemy", "faststream", "aiokafka", "pydantic", "opentelemetry")
    loaded = modules_loaded_by(module)
    assert [name for name in loaded if name.split(".")[0] in heavy] == []


def test_the_service_loads_with_the_collector_paused_and_frozen_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, object] = {}
    service = ModuleType("a_service_main")

    def run() -> None:
        seen["enabled when run"] = gc.isenabled()
        seen["frozen when run"] = gc.get_freeze_count()

    service.run = run  # type: ignore[attr-defined]

    def load(name: str) -> ModuleType:
        seen["enabled while loading"] = gc.isenabled()
        service.loaded = [object() for _ in range(10)]  # type: ignore[attr-defined]
        return service

    monkeypatch.setattr("konfliktrad_shared.launch.importlib.import_module", load)
    frozen_before = gc.get_freeze_count()
    try:
        launcher("a_service_main:run")()
    finally:
        gc.unfreeze()
    assert seen["enabled while loading"] is False
    assert seen["enabled when run"] is True
    assert isinstance(seen["frozen when run"], int) and seen["frozen when run"] > frozen_before


@pytest.mark.parametrize("service", ["referral", "mediation", "youth_plan", "vetting"])
def test_a_service_that_calls_nothing_over_http_loads_no_http_client(service: str) -> None:
    # httpx brings its command line (rich, pygments, click), ~0.1 s of a start's CPU, and
    # these services have no use for it (`consumer_retries` looks its errors up instead).
    assert "httpx" not in modules_loaded_by(f"{service}.main")


def modules_loaded_by(module: str) -> list[str]:
    """Every module a fresh interpreter has loaded after importing `module`."""
    return subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
