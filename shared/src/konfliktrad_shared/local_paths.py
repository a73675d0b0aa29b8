"""Where a local run keeps its state (SQLite files, dev keys, Kafka data)."""

from __future__ import annotations

import os
from pathlib import Path


def local_state_dir() -> Path:
    configured = os.environ.get("KONFLIKTRAD_STATE_DIR")
    if configured:
        return Path(configured)
    return Path.cwd() / ".local"
