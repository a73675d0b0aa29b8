"""Imperative mapping: the domain model stays plain dataclasses, unaware of the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Date, DateTime, Enum, Integer, String, Table, event
from sqlalchemy.orm import registry

from konfliktrad_shared.db import define_plumbing_tables, new_metadata
from mediation.domain.commands import MediationReaction
from mediation.domain.model import MediationCase, RosterEntry

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

roster = Table(
    "roster",
    metadata,
    Column("mediator_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False, index=True),
    Column("term_ends", Date, nullable=False),
    Column("available_from", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

mediation_cases = Table(
    "mediation_cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False),
    Column("reaction", Enum(MediationReaction, native_enum=False, length=32), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

_mapper_registry = registry(metadata=metadata)


def start_mappers() -> None:
    """Idempotent, so every app built in one process (tests build several) can call it."""
    if _mapper_registry.mappers:
        return
    _mapper_registry.map_imperatively(RosterEntry, roster, version_id_col=roster.c.version)
    _mapper_registry.map_imperatively(
        MediationCase, mediation_cases, version_id_col=mediation_cases.c.version
    )


@event.listens_for(RosterEntry, "load")
@event.listens_for(MediationCase, "load")
def _receive_load(aggregate: RosterEntry | MediationCase, _context: Any) -> None:
    # Loading bypasses __init__, so the event list must be given back.
    aggregate.events = []
