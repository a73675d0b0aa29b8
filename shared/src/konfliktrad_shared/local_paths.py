"""Where a local run keeps its state (SQLite files, dev keys, Kafka data)."""

from __future__ import annotations

import os
from pathlib import Path


def local_state_dir() -> Path:
    configured = os.environ.get("KONFLIKTRAD_STATE_DIR")
    if configured:
        return Path(configured)
    return Path.cwd() / ".local"


def local_certificate(name: str) -> tuple[Path, Path]:
    """The PEM key and certificate chain `devtools` issued to `name` from the local CA
    (`<state>/tls/<name>/`), e.g. an agency adapter's client certificate."""
    directory = local_state_dir() / "tls" / name
    return directory / "key.pem", directory / "cert.pem"


def local_signing_key(name: str) -> Path:
    """`name`'s Ed25519 key for signing what it delivers; its public half is beside it with
    the suffix `.pub.pem`. Issued by `devtools` with the certificates."""
    return local_state_dir() / "keys" / f"{name}.signing.pem"
