"""Every service is assembled from its declaration: its entry point stays a few lines, with
no wiring of its own. (The staff desk is no such service: no database, no bus, no deadlines.)"""

from __future__ import annotations

from pathlib import Path

import pytest

SERVICES = Path(__file__).parents[2] / "services"
NOT_ASSEMBLED = {"desk"}
ENTRY_POINTS = sorted(
    path for path in SERVICES.glob("*/src/*/main.py") if path.parents[2].name not in NOT_ASSEMBLED
)


def test_every_assembled_service_has_an_entry_point() -> None:
    names = {path.parents[2].name for path in ENTRY_POINTS}
    assert names == {"referral", "mediation", "youth_plan", "vetting", "notification"}


@pytest.mark.parametrize("main", ENTRY_POINTS, ids=lambda path: path.parents[2].name)
def test_the_entry_point_is_under_25_lines(main: Path) -> None:
    lines = main.read_text().splitlines()
    assert len(lines) < 25, f"{main.relative_to(SERVICES)}: {len(lines)} lines"


@pytest.mark.parametrize("main", ENTRY_POINTS, ids=lambda path: path.parents[2].name)
def test_the_entry_point_only_assembles_the_declaration(main: Path) -> None:
    text = main.read_text()
    assert "assemble(" in text
    for wiring in ("create_runtime", "TopicConsumer", "DeadlineTicker", "subscribe(", ".bus = "):
        assert wiring not in text, f"{main.relative_to(SERVICES)} wires {wiring} itself"
