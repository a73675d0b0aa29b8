"""a sender's reference unique within its kind: civil filings and criminal referrals apart

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint("uq_cases_sender_reference", type_="unique")
        batch_op.create_unique_constraint(
            "uq_cases_kind_sender_reference", ["kind", "sender_reference"]
        )


def downgrade() -> None:
    # Fails where a civil and a criminal case share a reference, as it must: one would be lost.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint("uq_cases_kind_sender_reference", type_="unique")
        batch_op.create_unique_constraint("uq_cases_sender_reference", ["sender_reference"])
