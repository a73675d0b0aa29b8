"""a case screened (skjerming) names the office's staff or mediators who are a party to it,
and who else the office leader lets see it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
# 0004 is another branch's; whoever merges second chains this after it.
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("screened_parties", "screening_granted"):
        op.add_column(
            "mediation_cases",
            sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        )


def downgrade() -> None:
    for column in ("screening_granted", "screened_parties"):
        op.drop_column("mediation_cases", column)
