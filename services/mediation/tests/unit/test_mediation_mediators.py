"""§14 with §4 fourth para: who may be assigned to a case and mediate its meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from mediation_builders import MEETING_AT, NOW, case, meeting, standing

from mediation.domain.errors import RuleViolation
from mediation.domain.events import MediatorsAssigned
from mediation.domain.roster import RosterEntry


def test_par14_one_mediator_is_the_lead() -> None:
    mediation = case(mediators=())
    mediation.assign_mediators(["m-1"], None, {"m-1": standing("m-1")}, NOW)

    assert mediation.lead_mediator == "m-1"
    assert mediation.events == [MediatorsAssigned("c-1", ("m-1",), "m-1")]


def test_par14_several_mediators_need_a_lead_among_them() -> None:
    mediation = case(mediators=())
    standings = {m: standing(m) for m in ("m-1", "m-2")}

    with pytest.raises(RuleViolation) as refused:
        mediation.assign_mediators(["m-1", "m-2"], None, standings, NOW)
    assert refused.value.legal_basis == "konfliktrådsloven §14"
    with pytest.raises(RuleViolation):
        mediation.assign_mediators(["m-1", "m-2"], "m-3", standings, NOW)

    mediation.assign_mediators(["m-1", "m-2"], "m-2", standings, NOW)
    assert mediation.lead_mediator == "m-2"


def test_par14_a_mediator_vetting_never_appointed_is_refused() -> None:
    with pytest.raises(RuleViolation, match="not a mediator appointed") as refused:
        case(mediators=()).assign_mediators(["m-9"], None, {"m-9": None}, NOW)
    assert refused.value.legal_basis == "konfliktrådsloven §14"


def test_par14_a_mediator_of_another_office_is_refused() -> None:
    bergen = {"m-1": standing("m-1", office="bergen")}
    with pytest.raises(RuleViolation, match="case's office") as refused:
        case(mediators=()).assign_mediators(["m-1"], None, bergen, NOW)
    assert refused.value.legal_basis == "konfliktrådsloven §14"


def test_par4_par14_an_expired_term_is_refused_on_its_last_day_plus_one() -> None:
    today = NOW.date()
    within = {"m-1": standing("m-1", term_ends=today + timedelta(days=1))}
    case(mediators=()).assign_mediators(["m-1"], None, within, NOW)

    ended = {"m-1": standing("m-1", term_ends=today)}
    with pytest.raises(RuleViolation) as refused:
        case(mediators=()).assign_mediators(["m-1"], None, ended, NOW)
    assert refused.value.legal_basis == "konfliktrådsloven §14, §4 fourth para"


def test_par4_par14_a_revoked_mediator_is_refused_from_the_effective_day() -> None:
    entry = RosterEntry.add(mediator_id="m-1", office="oslo", term_ends=date(2030, 1, 1), now=NOW)
    entry.revoke(effective_on=NOW.date(), legal_basis="konfliktrådsloven §6")

    with pytest.raises(RuleViolation, match="ended on 2026-03-02") as refused:
        case(mediators=()).assign_mediators(["m-1"], None, {"m-1": entry.standing()}, NOW)
    assert "§4 fourth para" in refused.value.legal_basis
    assert "§6" in refused.value.legal_basis


def test_par4_an_expiry_reported_by_vetting_ends_the_term_and_a_renewal_restores_it() -> None:
    entry = RosterEntry.add(mediator_id="m-1", office="oslo", term_ends=date(2030, 1, 1), now=NOW)
    entry.expire(on=NOW.date())
    with pytest.raises(RuleViolation):
        case(mediators=()).assign_mediators(["m-1"], None, {"m-1": entry.standing()}, NOW)

    entry.renew(term_starts=NOW.date(), term_ends=date(2034, 1, 1))
    case(mediators=()).assign_mediators(["m-1"], None, {"m-1": entry.standing()}, NOW)


def test_par4_a_renewal_does_not_undo_a_revocation() -> None:
    entry = RosterEntry.add(mediator_id="m-1", office="oslo", term_ends=date(2030, 1, 1), now=NOW)
    entry.revoke(effective_on=NOW.date(), legal_basis="konfliktrådsloven §7")
    entry.renew(term_starts=NOW.date(), term_ends=date(2034, 1, 1))

    assert entry.standing().ends_early_on == NOW.date()


def test_par14_the_term_must_cover_the_meeting_date() -> None:
    mediation = case()
    ends_before_meeting = {"m-1": standing("m-1", term_ends=MEETING_AT.date())}

    with pytest.raises(RuleViolation) as refused:
        mediation.schedule_meeting(meeting(), ends_before_meeting)
    assert refused.value.legal_basis == "konfliktrådsloven §14, §4 fourth para"
    assert mediation.meetings == []


def test_par14_no_meeting_before_mediators_are_assigned() -> None:
    with pytest.raises(RuleViolation, match="assigns the case's mediators"):
        case(mediators=()).schedule_meeting(meeting(), {})
