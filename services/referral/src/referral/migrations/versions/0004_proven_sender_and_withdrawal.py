"""the proven sender of a case, its withdrawal

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:00:00.000000

Cases received before this revision keep `sender_principal` NULL: who sent them was never
proven, so no sender may correct or withdraw them over the bus.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender_principal', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_on')
        batch_op.drop_column('sender_principal')
