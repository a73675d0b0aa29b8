"""The cases and their audit trail. Personal data and free text live only in `*_sealed`
columns (AES-GCM, bound to their columns); a criminal case is found by `offender_index`, a keyed
blind index of the offender's national id."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from konfliktrad_shared.db import define_plumbing_tables, new_metadata

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    # A sender's own reference, unique within its kind: police and courts number criminal
    # cases, parties and agencies their civil filings, and neither may reach the other's.
    Column("sender_reference", String(64), nullable=False),
    Column("sender", String(120), nullable=False),
    Column("office", String(64), nullable=False, index=True),
    Column("reaction", String(32), nullable=False),
    Column("decision_basis", String(32), nullable=False),
    Column("offence_date", Date),  # NULL: a civil case without a known incident date
    Column("decided_on", Date, nullable=False),
    Column("execution_months", Integer),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(32), nullable=False),
    Column("rejection_basis", Text),
    Column("rejection_reason", Text),
    Column("offender_sealed", Text),  # NULL in a civil case
    Column("offender_index", String(64), index=True),
    Column("decided_by", String(16)),
    Column("condition_letter", String(1)),
    Column("execution_ends_on", Date),
    Column("no_new_crimes_condition", Boolean, nullable=False, server_default=false()),
    Column("compensation_condition", Boolean, nullable=False, server_default=false()),
    Column("temporary_guardian_needed", Boolean, nullable=False, server_default=false()),
    Column("victims_sealed", Text),  # NULL on cases received before victims were recorded
    Column("kind", String(16), nullable=False, server_default="criminal"),
    Column("harm", String(16)),
    Column("civil_parties_sealed", Text),
    Column("civil_exception_applied", Boolean, nullable=False, server_default=false()),
    Column("civil_exception_found_by", String(120)),  # §11 third para: who found it, when
    Column("civil_exception_found_at", DateTime(timezone=True)),
    Column("digests_sealed", Text),
    Column("postponed_until", Date),
    Column("postponement_reason_sealed", Text),
    Column("pending_move_to", String(64)),
    Column("pending_move_stage", String(32)),
    Column("pending_move_reason_sealed", Text),
    # NULL: a civil case, or one received before senders were proven (no sender may change it)
    Column("sender_principal", String(64)),
    Column("withdrawn_on", Date),
    Column("execution_ends_by_youth_plan", Date),  # youth_plan's end date (one per case)
    Column("screening_sealed", Text),  # skjerming: who of the office is a party, who may see
    Column("erased_on", Date),  # retention ran out: the identities are gone, the row stays
    UniqueConstraint("kind", "sender_reference", name="uq_cases_kind_sender_reference"),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("entry_id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.case_id"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("action", String(32), nullable=False),
    Column("legal_basis", Text),
    Column("detail_sealed", Text, nullable=False),
)
