"""contact book from sealed parties, once-only notices, print queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The plaintext-address era's table: its addresses came from guardian_contacts, which the
    # contact book (sealed parties) replaces.
    op.drop_table("case_contacts")
    op.create_table(
        "contact_book",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("party_id", sa.String(length=100), nullable=False),
        sa.Column("office", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("is_minor", sa.Boolean(), nullable=False),
        sa.Column("guardian_of", sa.String(length=100), nullable=True),
        sa.Column("contact_sealed", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", "party_id", name=op.f("pk_contact_book")),
    )
    op.create_table(
        "notices",
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("about_event", sa.String(length=200), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("party_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_case_id"), "notices", ["case_id"], unique=False)
    op.create_table(
        "print_queue",
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("letter_sealed", sa.Text(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("notice_id", name=op.f("pk_print_queue")),
    )


def downgrade() -> None:
    op.drop_table("print_queue")
    op.drop_index(op.f("ix_notices_case_id"), table_name="notices")
    op.drop_table("notices")
    op.drop_table("contact_book")
    op.create_table(
        "case_contacts",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=64), nullable=False),
        sa.Column("guardian_emails_sealed", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_contacts")),
    )
