"""applications (sealed), appointments with status and terms, coverage exceptions

The first schema's `mediators` table held appointments without their application; nothing
outside local demo databases used it, so it is dropped rather than carried over.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("mediators")
    op.create_table(
        "applications",
        sa.Column("application_id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("employed", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("candidate_sealed", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_applications")),
    )
    op.create_index(op.f("ix_applications_office"), "applications", ["office"])
    op.create_table(
        "appointments",
        sa.Column("mediator_id", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=64), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column(
            "role",
            sa.Enum("MEDIATOR", "YOUTH_COORDINATOR", "OFFICE_LEADER", name="role",
                    native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("term_starts", sa.Date(), nullable=False),
        sa.Column("term_ends", sa.Date(), nullable=True),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("committee_municipal", sa.String(length=200), nullable=False),
        sa.Column("committee_police", sa.String(length=200), nullable=False),
        sa.Column("committee_leader", sa.String(length=200), nullable=False),
        sa.Column("needs_case_assessment", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("ACTIVE", "EXPIRED", "REVOKED", name="status", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_basis", sa.String(length=300), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mediator_id", name=op.f("pk_appointments")),
        sa.UniqueConstraint("application_id", name=op.f("uq_appointments_application_id")),
    )
    op.create_index(op.f("ix_appointments_office"), "appointments", ["office"])
    op.create_table(
        "coverage_exceptions",
        sa.Column("office", sa.String(length=64), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("office", "municipality", name=op.f("pk_coverage_exceptions")),
    )


def downgrade() -> None:
    op.drop_table("coverage_exceptions")
    op.drop_index(op.f("ix_appointments_office"), table_name="appointments")
    op.drop_table("appointments")
    op.drop_index(op.f("ix_applications_office"), table_name="applications")
    op.drop_table("applications")
    op.create_table(
        "mediators",
        sa.Column("mediator_id", sa.String(length=64), nullable=False),
        sa.Column("office", sa.String(length=64), nullable=False),
        sa.Column("municipality", sa.String(length=64), nullable=False),
        sa.Column("term_starts", sa.Date(), nullable=False),
        sa.Column("term_ends", sa.Date(), nullable=False),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mediator_id", name=op.f("pk_mediators")),
    )
