"""Where the local tooling keeps its downloads and its runtime state."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

STATE_DIR_ENV = "KONFLIKTRAD_STATE_DIR"
KAFKA_HOME_ENV = "KONFLIKTRAD_KAFKA_HOME"


def _is_workspace_root(directory: Path) -> bool:
    pyproject = directory / "pyproject.toml"
    if not pyproject.is_file():
        return False
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return "workspace" in data.get("tool", {}).get("uv", {})


def repo_root() -> Path:
    """The uv workspace root: searched from the working directory first, so a
    second checkout keeps its own state, then from this file's location."""
    for start in (Path.cwd().resolve(), Path(__file__).resolve().parent):
        for candidate in (start, *start.parents):
            if _is_workspace_root(candidate):
                return candidate
    return Path.cwd().resolve()


def state_dir() -> Path:
    """Runtime state (data dirs, pid files, logs); `.local/` is gitignored."""
    configured = os.environ.get(STATE_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return repo_root() / ".local"


def kafka_home(version: str) -> Path:
    """Downloaded broker jars: shared by all checkouts, fetched once."""
    configured = os.environ.get(KAFKA_HOME_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return Path.home() / ".cache" / "konfliktrad" / f"kafka-{version}"
