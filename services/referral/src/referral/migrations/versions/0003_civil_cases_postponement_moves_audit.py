"""civil cases, postponement, office moves, corrections and the audit trail

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("offence_date", existing_type=sa.Date(), nullable=True)
        batch_op.alter_column("offender_sealed", existing_type=sa.Text(), nullable=True)
        batch_op.alter_column("offender_index", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=32)
        )
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="criminal", nullable=False)
        )
        batch_op.add_column(sa.Column("harm", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("civil_parties_sealed", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "civil_exception_applied", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("digests_sealed", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("postponed_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("postponement_reason_sealed", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("pending_move_to", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pending_move_stage", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("pending_move_reason_sealed", sa.Text(), nullable=True))
    op.create_table(
        "audit_entries",
        sa.Column(
            "entry_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("detail_sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name=op.f("fk_audit_entries_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_audit_entries")),
    )
    op.create_index(op.f("ix_audit_entries_case_id"), "audit_entries", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_entries_case_id"), table_name="audit_entries")
    op.drop_table("audit_entries")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for column in (
            "pending_move_reason_sealed",
            "pending_move_stage",
            "pending_move_to",
            "postponement_reason_sealed",
            "postponed_until",
            "digests_sealed",
            "civil_exception_applied",
            "civil_parties_sealed",
            "harm",
            "kind",
        ):
            batch_op.drop_column(column)
        batch_op.alter_column(
            "status", existing_type=sa.String(length=32), type_=sa.String(length=16)
        )
