"""the conference, the plan, the controls and the real breach ladder

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 00:40:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def new_columns() -> tuple[sa.Column[Any], ...]:
    return (
        sa.Column("decision_basis", sa.String(length=32), nullable=False, server_default="strpl_71a"),
        sa.Column("offender_is_minor", sa.Boolean(), nullable=False, server_default="1"),
        sa.Column("parties", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("conferences_scheduled", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("conference_meetings", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("temporary_guardian_decision", sa.Text(), nullable=True),
        sa.Column("execution_starts", sa.DateTime(timezone=True), nullable=True),
        sa.Column("measures", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("plan_not_agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("substance_ban", sa.Text(), nullable=True),
        sa.Column("postponement", sa.Text(), nullable=True),
        sa.Column(
            "ladder_stage",
            sa.Enum(
                "CLEAR",
                "BREACH",
                "SUMMONED",
                "NO_SHOW",
                "WARNED",
                "REPEATED_BREACH",
                "TRANSFERRED",
                name="ladderstage",
                native_enum=False,
                length=32,
            ),
            nullable=False,
            server_default="CLEAR",
        ),
        sa.Column("conditions", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column(
            "new_crime",
            sa.Enum("CHARGED", "CONVICTED", name="newcrimestage", native_enum=False, length=16),
            nullable=True,
        ),
        sa.Column("interrupted_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
    )


def upgrade() -> None:
    with op.batch_alter_table("youth_cases", schema=None) as batch_op:
        for column in new_columns():
            batch_op.add_column(column)
    # A case escalated under the old ladder stays transferred.
    op.execute("UPDATE youth_cases SET ladder_stage = 'TRANSFERRED' WHERE escalated_at IS NOT NULL")
    # Under the old model execution ran from the plan's approval; keep those periods.
    op.execute(
        "UPDATE youth_cases SET execution_starts = plan_approved_at, conference_meetings = 1, "
        "conferences_scheduled = 1 WHERE plan_approved_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("youth_cases", schema=None) as batch_op:
        for column in reversed(new_columns()):
            batch_op.drop_column(column.name)
