"""Tables. Everything that names or reaches a person is sealed (AES-GCM field encryption)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Table, Text

from konfliktrad_shared.db import define_plumbing_tables, new_metadata

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

# One row per party of a case: the pseudonymous reference in the clear, the person sealed.
contact_book = Table(
    "contact_book",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("party_id", String(100), primary_key=True),
    Column("office", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("is_minor", Boolean, nullable=False),
    Column("guardian_of", String(100), nullable=True),
    Column("contact_sealed", Text, nullable=True),
)

# One row per (event, recipient, channel): the primary key is what makes a notice once-only.
notices = Table(
    "notices",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("about_event", String(200), nullable=False),
    Column("case_id", String(64), nullable=False, index=True),
    Column("party_id", String(100), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("legal_basis", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Paper letters for people who opted out of digital mail; the print room takes them from here.
print_queue = Table(
    "print_queue",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("case_id", String(64), nullable=False),
    Column("letter_sealed", Text, nullable=False),
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Column("printed_at", DateTime(timezone=True), nullable=True),
)

# An agency adapter's failed attempts per event, kept until delivered or dead-lettered.
agency_attempts = Table(
    "agency_attempts",
    metadata,
    Column("event_id", String(200), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("last_failure", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
