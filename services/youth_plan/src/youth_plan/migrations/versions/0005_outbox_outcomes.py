"""the outbox records each row's failed attempts, last error, backoff and parking

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:00:00.000000
"""

from collections.abc import Sequence

from konfliktrad_shared.plumbing_schema import add_outbox_outcomes, drop_outbox_outcomes

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_outcomes()


def downgrade() -> None:
    drop_outbox_outcomes()
