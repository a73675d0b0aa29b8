"""Imperative mapping: the domain model stays plain dataclasses, unaware of the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
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
)
from sqlalchemy.orm import registry

from konfliktrad_shared.db import define_plumbing_tables, new_metadata
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.model import YouthCase
from youth_plan.domain.vocabulary import NewCrimeStage, YouthReaction

metadata = new_metadata()
plumbing = define_plumbing_tables(metadata)

youth_cases = Table(
    "youth_cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("sender_reference", String(64), nullable=False),
    Column("office", String(64), nullable=False),
    Column("reaction", Enum(YouthReaction, native_enum=False, length=32), nullable=False),
    Column("execution_months", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("plan_approved_at", DateTime(timezone=True)),
    Column("execution_ends", DateTime(timezone=True)),
    Column("breaches", Integer, nullable=False),
    Column("conversation_held_on", Date),
    Column("escalated_at", DateTime(timezone=True)),
    # The conference, the plan, the controls and the breach ladder.
    Column("decision_basis", String(32), nullable=False, server_default="strpl_71a"),
    Column("offender_is_minor", Boolean, nullable=False, server_default="1"),
    Column("parties", JSON, nullable=False, server_default="[]"),
    Column("conferences_scheduled", Integer, nullable=False, server_default="0"),
    Column("conference_meetings", Integer, nullable=False, server_default="0"),
    Column("temporary_guardian_decision", Text),
    Column("execution_starts", DateTime(timezone=True)),
    Column("measures", JSON, nullable=False, server_default="[]"),
    Column("plan_not_agreed_at", DateTime(timezone=True)),
    Column("team", JSON, nullable=False, server_default="[]"),
    Column("substance_ban", Text),
    Column("postponement", Text),
    Column(
        "ladder_stage",
        Enum(LadderStage, native_enum=False, length=32),
        nullable=False,
        server_default="CLEAR",
    ),
    Column("conditions", JSON, nullable=False, server_default="[]"),
    Column("new_crime", Enum(NewCrimeStage, native_enum=False, length=16)),
    Column("interrupted_on", Date),
    Column("completed_on", Date),
    Column("warned_on", Date),
    # The law, second reading: majority, the team's guardians, corrections of the period.
    Column("offender_of_age_on", Date),
    Column("team_without_guardians_reason", String(64)),
    Column("period_corrections", JSON, nullable=False, server_default="[]"),
    Column("version", Integer, nullable=False),
)

_mapper_registry = registry(metadata=metadata)


def start_mappers() -> None:
    """Idempotent, so every app built in one process (tests build several) can call it."""
    if _mapper_registry.mappers:
        return
    _mapper_registry.map_imperatively(
        YouthCase,
        youth_cases,
        version_id_col=youth_cases.c.version,
    )


@event.listens_for(YouthCase, "load")
def _receive_load(case: YouthCase, _context: Any) -> None:
    # Loading bypasses __init__, so the event list must be given back.
    case.events = []
