"""meetings, agreements, mediator standing, encrypted meeting notes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("roster", schema=None) as batch_op:
        batch_op.add_column(sa.Column("term_starts", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ends_early_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ended_by", sa.String(length=200), nullable=True))
    with op.batch_alter_table("mediation_cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "decision_basis",
                sa.String(length=32),
                server_default="strpl_71a",
                nullable=False,
            )
        )
        for name in ("parties", "mediators", "meetings", "agreements"):
            batch_op.add_column(
                sa.Column(name, sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
            )
        batch_op.add_column(sa.Column("lead_mediator", sa.String(length=64), nullable=True))
    op.create_table(
        "meeting_notes",
        sa.Column("note_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.String(length=64), nullable=False),
        sa.Column("written_by", sa.String(length=64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("note_id", name=op.f("pk_meeting_notes")),
    )
    with op.batch_alter_table("meeting_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_notes_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("meeting_notes")
    with op.batch_alter_table("mediation_cases", schema=None) as batch_op:
        for name in ("lead_mediator", "agreements", "meetings", "mediators", "parties"):
            batch_op.drop_column(name)
        batch_op.drop_column("decision_basis")
    with op.batch_alter_table("roster", schema=None) as batch_op:
        batch_op.drop_column("ended_by")
        batch_op.drop_column("ends_early_on")
        batch_op.drop_column("term_starts")
