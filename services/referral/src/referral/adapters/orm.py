"""The cases table. Personal data lives only in `offender_sealed` and `victims_sealed` (AES-GCM,
bound to their columns); a case is found by `offender_index`, a keyed blind index of the
offender's national id."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String, Table, Text, false

from konfliktrad_shared.db import define_plumbing_tables, new_metadata

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("sender_reference", String(64), nullable=False, unique=True),
    Column("sender", String(120), nullable=False),
    Column("office", String(64), nullable=False, index=True),
    Column("reaction", String(32), nullable=False),
    Column("decision_basis", String(32), nullable=False),
    Column("offence_date", Date, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("execution_months", Integer),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("rejection_basis", Text),
    Column("rejection_reason", Text),
    Column("offender_sealed", Text, nullable=False),
    Column("offender_index", String(64), nullable=False, index=True),
    Column("decided_by", String(16)),
    Column("condition_letter", String(1)),
    Column("execution_ends_on", Date),
    Column("no_new_crimes_condition", Boolean, nullable=False, server_default=false()),
    Column("compensation_condition", Boolean, nullable=False, server_default=false()),
    Column("temporary_guardian_needed", Boolean, nullable=False, server_default=false()),
    Column("victims_sealed", Text),  # NULL on cases received before victims were recorded
)
