"""A local run's kept keys: replicas starting together on one state directory all keep the
one key, never each its own (what one encrypted with would be unreadable to the others)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from konfliktrad_shared.field_keys import kept_key


def test_replicas_making_the_key_at_once_all_keep_the_same_one(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "referral.index"
    starting = threading.Barrier(8)

    def replica(_n: int) -> str:
        starting.wait()
        return kept_key(path)

    with ThreadPoolExecutor(8) as replicas:
        keys = set(replicas.map(replica, range(8)))

    assert keys == {path.read_text().strip()}
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["referral.index"], "no drafts left"


def test_a_kept_key_is_read_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "contacts.field"
    assert kept_key(path) == kept_key(path)
