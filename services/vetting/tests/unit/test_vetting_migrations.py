"""The Alembic migrations build exactly the tables the code maps."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from konfliktrad_shared.migrations import upgrade_to_head
from vetting.adapters.orm import metadata
from vetting.main import MIGRATIONS


def test_migrations_match_the_mapped_tables(tmp_path: Path) -> None:
    database = tmp_path / "vetting.sqlite3"
    upgrade_to_head(MIGRATIONS, f"sqlite+aiosqlite:///{database}")
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []
