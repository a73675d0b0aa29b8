"""Every service is assembled from its declaration: its entry point stays a few lines, with
no wiring of its own. The staff desk too, by the assembler of a service without database or
bus (`web_assembly`): it has no database, no bus and no deadlines to declare."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).parents[2] / "services"
WITHOUT_DATABASE_OR_BUS = {"desk"}
ENTRY_POINTS = sorted(SERVICES.glob("*/src/*/main.py"))


def name(main: Path) -> str:
    return main.parents[2].name


def test_every_service_has_an_entry_point() -> None:
    names = {name(path) for path in ENTRY_POINTS}
    assert names == {"referral", "mediation", "youth_plan", "vetting", "notification", "desk"}


@pytest.mark.parametrize("main", ENTRY_POINTS, ids=name)
def test_the_entry_point_is_under_25_lines(main: Path) -> None:
    lines = main.read_text().splitlines()
    assert len(lines) < 25, f"{main.relative_to(SERVICES)}: {len(lines)} lines"


@pytest.mark.parametrize("main", ENTRY_POINTS, ids=name)
def test_the_entry_point_only_assembles_the_declaration(main: Path) -> None:
    text = main.read_text()
    assembler = "assemble_web(" if name(main) in WITHOUT_DATABASE_OR_BUS else "assemble("
    assert assembler in text
    for wiring in ("create_runtime", "TopicConsumer", "DeadlineTicker", "subscribe(", ".bus = "):
        assert wiring not in text, f"{main.relative_to(SERVICES)} wires {wiring} itself"
    for building in ("FastAPI(", "add_middleware", "include_router", "mount("):
        assert building not in text, f"{main.relative_to(SERVICES)} builds the app itself"


@pytest.mark.parametrize(
    "main", [m for m in ENTRY_POINTS if name(m) in WITHOUT_DATABASE_OR_BUS], ids=name
)
def test_a_service_without_database_or_bus_is_not_assembled_as_one_with_them(
    main: Path,
) -> None:
    """The full assembler builds an engine, a broker and an outbox relay: the desk's
    declaration must not reach it, directly or through its bootstrap."""
    for module in (main, main.with_name("bootstrap.py")):
        imported = {
            node.module
            for node in ast.walk(ast.parse(module.read_text()))
            if isinstance(node, ast.ImportFrom)
        }
        assert "konfliktrad_shared.assembly" not in imported, module
    assert "konfliktrad_shared.web_assembly" in imported
