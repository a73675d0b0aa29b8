from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import pytest
from pydantic import ValidationError

from konfliktrad_shared.contracts import youth_plan
from konfliktrad_shared.contracts.agencies import Reaction

OPENED = datetime(2026, 11, 21, 9, tzinfo=UTC)


class DomainReaction(StrEnum):
    YOUTH_SENTENCE = "youth_sentence"


@dataclass(frozen=True)
class YouthCaseOpened:
    case_id: str
    office: str
    reaction: DomainReaction
    opened_at: datetime
    coordinator_notes: str = "stays in the service"


def test_a_domain_event_becomes_its_contract_by_field_name_and_enum_value() -> None:
    event = YouthCaseOpened("c1", "konfliktradet-oslo", DomainReaction.YOUTH_SENTENCE, OPENED)
    opened = youth_plan.YouthCaseOpened.from_domain(event)
    assert opened.reaction is Reaction.YOUTH_SENTENCE
    assert opened.model_dump() == {
        "case_id": "c1",
        "office": "konfliktradet-oslo",
        "reaction": Reaction.YOUTH_SENTENCE,
        "opened_at": OPENED,
    }


def test_overrides_win_and_a_missing_field_fails_loudly() -> None:
    event = YouthCaseOpened("c1", "o", DomainReaction.YOUTH_SENTENCE, OPENED)
    assert youth_plan.YouthCaseOpened.from_domain(event, office="other").office == "other"
    with pytest.raises(ValidationError):
        youth_plan.BreachRecorded.from_domain(event)  # no breach_number, no recorded_at
