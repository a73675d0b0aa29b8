"""The committed AsyncAPI documents are exactly what the code generates today.

When this fails, the code's topics, contracts or consumers changed: regenerate with
`uv run python -m devtools asyncapi` and commit docs/asyncapi/ with the change.
"""

from __future__ import annotations

from pathlib import Path

from devtools import asyncapi

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "asyncapi"


def test_committed_asyncapi_documents_match_the_code(tmp_path: Path) -> None:
    generated = {path.name: path for path in asyncapi.generate(tmp_path)}
    committed = {path.name: path for path in COMMITTED.iterdir() if path.is_file()}

    assert sorted(committed) == sorted(generated), "documents added or removed: regenerate"
    stale = [
        name
        for name, path in sorted(generated.items())
        if path.read_bytes() != committed[name].read_bytes()
    ]
    assert not stale, f"out of date, regenerate with `python -m devtools.asyncapi`: {stale}"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in asyncapi.generate(tmp_path / "first")}
    second = {p.name: p.read_bytes() for p in asyncapi.generate(tmp_path / "second")}
    assert first == second
