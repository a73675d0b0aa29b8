from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from vetting.domain.commands import Position

# SQLite gives stored timestamps back without their zone; they were written in UTC.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda moment: moment.replace(tzinfo=moment.tzinfo or UTC))
]


class MediatorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    office: str = Field(min_length=1, max_length=64)
    municipality: str = Field(pattern=r"^\d{4}$")
    birth_date: date
    citizenship: str = Field(
        min_length=2, max_length=32, description="ISO 3166-1 alpha-2 code: NO, SE, DK, FI, IS …"
    )
    resident_in_norway_years: int = Field(ge=0, le=150)
    lives_in_municipality: bool
    police_certificate_clean: bool
    position: Position = Position.NONE
    on_leave: bool = False


class MediatorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    mediator_id: str
    office: str
    municipality: str
    term_starts: date
    term_ends: date
    appointed_at: UtcDatetime
