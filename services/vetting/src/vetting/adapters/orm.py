"""Tables and the imperative mapping of appointments (which hold no personal data).

Applications hold personal data and go through a data mapper (`repository.py`) that seals it
with the runtime's keys, as an ORM type could only do through global state.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    String,
    Table,
    Text,
    event,
    false,
)
from sqlalchemy.orm import registry

from konfliktrad_shared.db import define_plumbing_tables, new_metadata
from vetting.domain.model import Appointment, Status
from vetting.domain.vocabulary import Role

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

applications = Table(
    "applications",
    metadata,
    Column("application_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False, index=True),
    Column("role", String(32), nullable=False),
    Column("municipality", String(4), nullable=False),
    Column("employed", Boolean, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("candidate_sealed", Text, nullable=False),
)

appointments = Table(
    "appointments",
    metadata,
    Column("mediator_id", String(64), primary_key=True),
    Column("application_id", String(64), nullable=False, unique=True),
    Column("office", String(64), nullable=False, index=True),
    Column("municipality", String(4), nullable=False),
    Column("role", Enum(Role, native_enum=False, length=32), nullable=False),
    Column("term_starts", Date, nullable=False),
    Column("term_ends", Date, nullable=True),
    Column("appointed_at", DateTime(timezone=True), nullable=False),
    Column("committee_municipal", String(200), nullable=False),
    Column("committee_police", String(200), nullable=False),
    Column("committee_leader", String(200), nullable=False),
    Column("needs_case_assessment", Boolean, nullable=False),
    Column("status", Enum(Status, native_enum=False, length=16), nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("end_basis", String(300), nullable=True),
    Column("self_reported", Boolean, nullable=False, server_default=false()),
    Column("police_certificate_received_on", Date, nullable=True),
    Column("revoked_by_municipal", String(200), nullable=True),
    Column("revoked_by_police", String(200), nullable=True),
    Column("revoked_by_leader", String(200), nullable=True),
    Column("version", Integer, nullable=False),
)

coverage_exceptions = Table(
    "coverage_exceptions",
    metadata,
    Column("office", String(64), primary_key=True),
    Column("municipality", String(4), primary_key=True),
    Column("reason", String(500), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

_mapper_registry = registry(metadata=metadata)


def start_mappers() -> None:
    """Idempotent, so every app built in one process (tests build several) can call it."""
    if _mapper_registry.mappers:
        return
    _mapper_registry.map_imperatively(
        Appointment, appointments, version_id_col=appointments.c.version
    )


@event.listens_for(Appointment, "load")
def _receive_load(appointment: Appointment, _context: Any) -> None:
    # Loading bypasses __init__, so the event list must be given back.
    appointment.events = []
