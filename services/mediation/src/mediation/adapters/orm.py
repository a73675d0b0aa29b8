"""Imperative mapping: the domain model stays plain dataclasses, unaware of the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Date, DateTime, Enum, Integer, String, Table, Text, event
from sqlalchemy.orm import registry

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef
from konfliktrad_shared.db import define_plumbing_tables, new_metadata
from mediation.adapters.json_types import Document
from mediation.domain.agreements import Agreement
from mediation.domain.meetings import Meeting
from mediation.domain.model import MediationCase
from mediation.domain.roster import RosterEntry
from mediation.domain.vocabulary import MediationReaction

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)


def _values(enum: type[DecisionBasis]) -> list[str]:
    return [member.value for member in enum]


roster = Table(
    "roster",
    metadata,
    Column("mediator_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False, index=True),
    Column("term_ends", Date, nullable=False),
    Column("available_from", DateTime(timezone=True), nullable=False),
    Column("term_starts", Date, nullable=True),
    Column("ends_early_on", Date, nullable=True),
    Column("ended_by", String(200), nullable=True),
    Column("version", Integer, nullable=False),
)

mediation_cases = Table(
    "mediation_cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False),
    Column("reaction", Enum(MediationReaction, native_enum=False, length=32), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column(
        "decision_basis",
        Enum(DecisionBasis, native_enum=False, length=32, values_callable=_values),
        nullable=False,
        server_default=DecisionBasis.TRANSFER.value,
    ),
    Column("parties", Document(PartyRef), nullable=False, default=list),
    Column("mediators", Document(str), nullable=False, default=list),
    Column("lead_mediator", String(64), nullable=True),
    Column("meetings", Document(Meeting), nullable=False, default=list),
    Column("agreements", Document(Agreement), nullable=False, default=list),
    Column("version", Integer, nullable=False),
    # Skjerming: who of the office is a party, and who the leader let see the case.
    Column("screened_parties", Document(str), nullable=False, default=list),
    Column("screening_granted", Document(str), nullable=False, default=list),
)

# Kept apart from the case and never mapped onto it: notes are free text of what was said,
# encrypted at rest, read only by the case's mediators and office (§9).
meeting_notes = Table(
    "meeting_notes",
    metadata,
    Column("note_id", String(64), primary_key=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("meeting_id", String(64), nullable=False),
    Column("written_by", String(64), nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
    Column("ciphertext", Text, nullable=False),
)

DOCUMENT_ATTRIBUTES = (
    "parties",
    "mediators",
    "meetings",
    "agreements",
    "screened_parties",
    "screening_granted",
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
