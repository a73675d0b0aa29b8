"""the append-only, hash-chained audit trail of every command and every read of personal data

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:30:00.000000
"""

from collections.abc import Sequence

from konfliktrad_shared.plumbing_schema import add_audit_chain, drop_audit_chain

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_audit_chain()


def downgrade() -> None:
    drop_audit_chain()
