"""Tables. Guardians' addresses are sealed (AES-GCM) like every other personal field."""

from __future__ import annotations

from sqlalchemy import Column, String, Table, Text

from konfliktrad_shared.db import define_plumbing_tables, new_metadata

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

case_contacts = Table(
    "case_contacts",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False),
    Column("guardian_emails_sealed", Text, nullable=False),
)
