"""offender_of_age_on (guardianship ends at 18), the reason a minor's team lacks the guardians
(§26 first para) and the record of corrections of the execution period (§23)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("youth_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offender_of_age_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("team_without_guardians_reason", sa.String(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("period_corrections", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("youth_cases", schema=None) as batch_op:
        batch_op.drop_column("period_corrections")
        batch_op.drop_column("team_without_guardians_reason")
        batch_op.drop_column("offender_of_age_on")
