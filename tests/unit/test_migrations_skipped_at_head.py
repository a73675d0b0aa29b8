"""A service whose database already stands at head starts without running Alembic; one that
is behind, or new, is migrated to head as before."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import create_async_engine

from konfliktrad_shared import migrations
from konfliktrad_shared.migrations import (
    alembic_config,
    database_revisions,
    migrate_if_behind,
    script_heads,
    upgrade_to_head,
)

SERVICES = ("referral", "mediation", "youth_plan", "vetting", "notification")


def scripts(service: str) -> Path:
    return Path(__file__).parents[2] / "services" / service / "src" / service / "migrations"


def alembic_heads(location: Path) -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config(location, "sqlite://")).get_heads())


@pytest.mark.parametrize("service", SERVICES)
def test_the_heads_read_from_the_scripts_are_alembics_own(service: str) -> None:
    assert script_heads(scripts(service)) == alembic_heads(scripts(service))


def test_a_script_whose_revision_is_not_a_literal_leaves_the_decision_to_alembic(
    tmp_path: Path,
) -> None:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "0001_x.py").write_text("revision = make()\ndown_revision = None\n")
    assert script_heads(tmp_path) is None


def run(location: Path, url: str, upgrades: list[str]) -> bool:
    """`migrate_if_behind` on a fresh engine, noting each time Alembic is asked to upgrade."""

    def counted(script_location: Path, database_url: str) -> None:
        upgrades.append(database_url)
        upgrade_to_head(script_location, database_url)

    async def go() -> bool:
        engine = create_async_engine(url)
        try:
            return await migrate_if_behind(engine, location, url)
        finally:
            await engine.dispose()

    original = migrations.upgrade_to_head
    migrations.upgrade_to_head = counted
    try:
        return asyncio.run(go())
    finally:
        migrations.upgrade_to_head = original


def test_a_database_at_head_is_not_given_to_alembic(tmp_path: Path) -> None:
    location, url = scripts("youth_plan"), f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}"
    upgrades: list[str] = []
    assert run(location, url, upgrades) is True  # new: migrated
    assert run(location, url, upgrades) is False  # at head: one query, no Alembic
    assert len(upgrades) == 1


def test_a_database_behind_is_upgraded_to_head(tmp_path: Path) -> None:
    location, url = scripts("youth_plan"), f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}"
    config: Config = alembic_config(location, url)
    command.upgrade(config, "0001")
    upgrades: list[str] = []
    assert run(location, url, upgrades) is True
    assert upgrades == [url]

    async def recorded() -> frozenset[str] | None:
        engine = create_async_engine(url)
        try:
            return await database_revisions(engine)
        finally:
            await engine.dispose()

    assert asyncio.run(recorded()) == alembic_heads(location)
