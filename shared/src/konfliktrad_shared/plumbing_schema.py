"""Migration steps for the plumbing tables every service's schema carries, called from each
service's own Alembic revisions so the DDL is written once."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def add_outbox_outcomes() -> None:
    """The outbox's per-row outcomes: failed attempts, the last error, the backoff, parking."""
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True))


def drop_outbox_outcomes() -> None:
    with op.batch_alter_table("outbox") as batch:
        for column in ("parked_at", "next_attempt_at", "last_error", "attempts"):
            batch.drop_column(column)
