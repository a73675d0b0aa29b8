from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from mediation.domain.commands import MediationReaction

# SQLite gives stored timestamps back without their zone; they were written in UTC.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda moment: moment.replace(tzinfo=moment.tzinfo or UTC))
]


class RosterEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    mediator_id: str
    office: str
    term_ends: date
    available_from: UtcDatetime


class MediationCaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: str
    office: str
    reaction: MediationReaction
    opened_at: UtcDatetime
