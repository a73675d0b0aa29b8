"""Migrations 0002/0003 keep the cases the old ladder left: an escalated case stays
transferred, an approved plan keeps its execution period, and the schema matches the model."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from konfliktrad_shared.migrations import alembic_config, upgrade_to_head
from youth_plan.adapters import orm
from youth_plan.main import MIGRATIONS

OLD_ROWS = """
INSERT INTO youth_cases (case_id, sender_reference, office, reaction, execution_months,
  opened_at, plan_approved_at, execution_ends, breaches, conversation_held_on, escalated_at,
  version)
VALUES
  ('escalated', 'r1', 'oslo', 'YOUTH_SENTENCE', 12, '2026-01-01 00:00:00',
   '2026-01-05 00:00:00', '2027-01-05 00:00:00', 2, '2026-02-01', '2026-03-01 00:00:00', 3),
  ('fresh', 'r2', 'oslo', 'YOUTH_FOLLOW_UP', 6, '2026-01-01 00:00:00',
   NULL, NULL, 0, NULL, NULL, 1)
"""


def test_the_old_ladders_cases_survive_the_upgrade(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}"
    command.upgrade(alembic_config(MIGRATIONS, url), "0001")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'y.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(sa.text(OLD_ROWS))
    upgrade_to_head(MIGRATIONS, url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT case_id, ladder_stage, execution_starts, conference_meetings, warned_on, "
                "parties, offender_is_minor FROM youth_cases ORDER BY case_id"
            )
        ).all()
    engine.dispose()
    escalated, fresh = rows
    assert escalated.ladder_stage == "TRANSFERRED"
    assert str(escalated.execution_starts).startswith("2026-01-05")
    assert escalated.conference_meetings == 1 and escalated.warned_on == "2026-02-01"
    assert fresh.ladder_stage == "CLEAR" and fresh.execution_starts is None
    assert fresh.parties == "[]" and fresh.offender_is_minor == 1


def test_the_migrated_schema_matches_the_mapping(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}"
    upgrade_to_head(MIGRATIONS, url)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'y.sqlite3'}")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), orm.metadata)
    engine.dispose()
    assert differences == []
