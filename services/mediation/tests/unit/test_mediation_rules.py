from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mediation.domain.errors import RuleViolation
from mediation.domain.events import MediationCaseOpened, MediatorAddedToRoster
from mediation.domain.model import MediationCase
from mediation.domain.roster import RosterEntry
from mediation.domain.vocabulary import MediationReaction

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_par4_an_appointed_mediator_joins_the_roster_for_the_term() -> None:
    entry = RosterEntry.add(mediator_id="m-1", office="oslo", term_ends=date(2030, 3, 2), now=NOW)

    assert entry.available_from == NOW
    assert entry.events == [MediatorAddedToRoster("m-1", "oslo", date(2030, 3, 2), NOW)]


def test_par4_a_mediator_whose_term_has_ended_does_not_join() -> None:
    with pytest.raises(RuleViolation) as refused:
        RosterEntry.add(mediator_id="m-1", office="oslo", term_ends=date(2026, 3, 2), now=NOW)

    assert refused.value.legal_basis == "konfliktrådsloven §4 fourth para"


def test_par4_the_term_is_judged_on_the_norwegian_date() -> None:
    late_evening_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Oslo
    with pytest.raises(RuleViolation):
        RosterEntry.add(
            mediator_id="m-1", office="oslo", term_ends=date(2026, 3, 2), now=late_evening_utc
        )


@pytest.mark.parametrize("reaction", list(MediationReaction))
def test_a_mediation_case_opens_for_mediation_and_follow_up(reaction: MediationReaction) -> None:
    case = MediationCase.open(case_id="c-1", office="oslo", reaction=reaction, now=NOW)

    assert case.events == [MediationCaseOpened("c-1", "oslo", reaction, NOW)]
