"""Imperative mapping: the domain model stays plain dataclasses, unaware of the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Date, DateTime, Integer, String, Table, event
from sqlalchemy.orm import registry

from konfliktrad_shared.db import define_plumbing_tables, new_metadata
from vetting.domain.model import Mediator

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

mediators = Table(
    "mediators",
    metadata,
    Column("mediator_id", String(64), primary_key=True),
    Column("office", String(64), nullable=False),
    Column("municipality", String(64), nullable=False),
    Column("term_starts", Date, nullable=False),
    Column("term_ends", Date, nullable=False),
    Column("appointed_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

_mapper_registry = registry(metadata=metadata)


def start_mappers() -> None:
    """Idempotent, so every app built in one process (tests build several) can call it."""
    if _mapper_registry.mappers:
        return
    _mapper_registry.map_imperatively(
        Mediator,
        mediators,
        version_id_col=mediators.c.version,
    )


@event.listens_for(Mediator, "load")
def _receive_load(mediator: Mediator, _context: Any) -> None:
    # Loading bypasses __init__, so the event list must be given back.
    mediator.events = []
