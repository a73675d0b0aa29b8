"""warned_on: when the breach conversation was held or the conditions were set, so a breach
committed before it is not taken for a new one (§31 / §33 third para)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 00:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("youth_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warned_on", sa.Date(), nullable=True))
    op.execute("UPDATE youth_cases SET warned_on = conversation_held_on")


def downgrade() -> None:
    with op.batch_alter_table("youth_cases", schema=None) as batch_op:
        batch_op.drop_column("warned_on")
