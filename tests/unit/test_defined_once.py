"""What the suite keeps once stays once: the plumbing tables' DDL, the municipality table and the
law's month and year arithmetic. A copy that comes back drifts (the police-record date once did),
so these fail as soon as a service grows its own again."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"
SHARED = ROOT / "shared" / "src" / "konfliktrad_shared"
PLUMBING = {"outbox", "inbox", "deadlines"}
MIGRATIONS = sorted(SERVICES.glob("*/src/*/migrations/versions/*.py"))
SERVICE_MODULES = [p for p in sorted(SERVICES.glob("*/src/**/*.py")) if p not in MIGRATIONS]
CALENDAR = ("add_months", "add_years", "months_spanned", "age_on", "reaches_age")


def calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def first_argument(call: ast.Call) -> object:
    return call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) else None


def test_the_service_migrations_are_found() -> None:
    assert len({p.parents[2].name for p in MIGRATIONS}) == 5


@pytest.mark.parametrize("migration", MIGRATIONS, ids=lambda p: f"{p.parents[2].name}/{p.name}")
def test_no_service_migration_spells_out_the_plumbing_tables(migration: Path) -> None:
    spelled = [
        first_argument(call)
        for call in calls(migration)
        if called_name(call) in {"create_table", "add_column", "alter_column", "create_index"}
        and first_argument(call) in PLUMBING
    ]
    assert spelled == [], "plumbing DDL belongs in konfliktrad_shared.plumbing_schema"


@pytest.mark.parametrize(
    "first",
    sorted(SERVICES.glob("*/src/*/migrations/versions/0001_*.py")),
    ids=lambda p: p.parents[2].name,
)
def test_every_first_migration_creates_the_plumbing_tables_from_shared(first: Path) -> None:
    assert "create_plumbing_tables" in {called_name(call) for call in calls(first)}


def definitions(paths: list[Path], names: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in names:
                found.append(f"{path.relative_to(ROOT)}:{node.name}")
    return found


def test_the_law_s_calendar_is_defined_in_shared_alone() -> None:
    assert definitions(SERVICE_MODULES, CALENDAR) == []
    assert sorted(definitions([SHARED / "legal_time.py"], CALENDAR)) == sorted(
        f"shared/src/konfliktrad_shared/legal_time.py:{name}" for name in CALENDAR
    )


def test_no_service_counts_months_or_years_by_hand() -> None:
    """Year arithmetic by `date.replace(year=…)` or month lengths by `monthrange` is how the
    copies were written; a service counts with `konfliktrad_shared.legal_time` instead."""
    by_hand = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in SERVICE_MODULES
        for call in calls(path)
        if called_name(call) == "monthrange"
        or (called_name(call) == "replace" and any(k.arg == "year" for k in call.keywords))
    ]
    assert by_hand == []


def test_the_municipality_table_is_kept_once() -> None:
    tables = sorted(
        str(p.relative_to(ROOT))
        for p in [*SERVICES.rglob("*.csv"), *SHARED.rglob("*.csv")]
        if "kommunenummer" in p.read_text(encoding="utf-8")
    )
    assert tables == ["shared/src/konfliktrad_shared/reference/municipalities.csv"]
