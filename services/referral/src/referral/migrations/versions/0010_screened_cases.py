"""a screened case (skjerming) keeps, sealed, the office's staff who are a party to it and who
else the office leader lets see it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
# 0009 is another branch's; whoever merges second chains this after it.
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("screening_sealed", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "screening_sealed")
