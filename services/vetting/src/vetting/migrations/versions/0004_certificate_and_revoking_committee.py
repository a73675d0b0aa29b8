"""appointments: the police certificate's receipt (§6 third para) and the revoking committee
(§4 fifth para)

Appointments made before this revision have no recorded receipt (null): the record shows that
none was recorded, not that none was delivered.

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

MEMBERS = ("revoked_by_municipal", "revoked_by_police", "revoked_by_leader")


def upgrade() -> None:
    with op.batch_alter_table("appointments") as batch_op:
        batch_op.add_column(sa.Column("police_certificate_received_on", sa.Date(), nullable=True))
        for member in MEMBERS:
            batch_op.add_column(sa.Column(member, sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch_op:
        for column in ("police_certificate_received_on", *MEMBERS):
            batch_op.drop_column(column)
