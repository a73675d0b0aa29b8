"""Meetings: §1 fourth para kinds, §12 in person and its permissions, §15, §16, §9."""

from __future__ import annotations

import pytest
from mediation_builders import (
    GUARDIAN,
    MINOR_OFFENDER,
    OFFENDER,
    VICTIM,
    case,
    meeting,
    party,
    permission,
    standing,
)

from mediation.domain.errors import RuleViolation
from mediation.domain.events import MeetingScheduled
from mediation.domain.meetings import Participant, Permission
from mediation.domain.vocabulary import MeetingKind, MeetingMode, ParticipantRole

MEDIATORS = {"m-1": standing("m-1")}


def refusal(mediation_meeting: object, *parties: object) -> RuleViolation:
    mediation = case(*parties)  # type: ignore[arg-type]
    with pytest.raises(RuleViolation) as refused:
        mediation.schedule_meeting(mediation_meeting, MEDIATORS)  # type: ignore[arg-type]
    assert mediation.meetings == []
    return refused.value


def test_par12_a_meeting_in_person_is_scheduled_and_announced_with_the_parties() -> None:
    mediation = case()
    mediation.schedule_meeting(meeting(), MEDIATORS)

    [event] = mediation.events
    assert isinstance(event, MeetingScheduled)
    assert event.participants == (OFFENDER, VICTIM)
    assert event.kind is MeetingKind.MEDIATION_MEETING and not event.indirect


def test_par1_every_kind_of_meeting_of_the_fourth_para_exists() -> None:
    assert {kind.value for kind in MeetingKind} == {
        "mediation_meeting",
        "conference",
        "youth_conference",
        "facilitated_meeting",
        "follow_up_meeting",
        "other",
    }


def test_par11_a_minors_guardians_are_told_of_the_meeting() -> None:
    mediation = case(MINOR_OFFENDER, VICTIM, GUARDIAN)
    mediation.schedule_meeting(meeting(), MEDIATORS)

    assert GUARDIAN in mediation.events[0].participants


def test_par12_first_para_a_proxy_for_a_party_is_refused() -> None:
    proxy = Participant("someone-else", ParticipantRole.PARTY)
    refused = refusal(meeting(party(OFFENDER), proxy))
    assert refused.legal_basis == "konfliktrådsloven §12 first para"


def test_par12_first_para_a_victim_cannot_be_represented() -> None:
    helper = Participant("helper-1", ParticipantRole.SUPPORT_PERSON, for_party="victim-1")
    refused = refusal(meeting(party(OFFENDER), helper, support_permission=permission()))
    assert refused.legal_basis == "konfliktrådsloven §12 first para"
    assert "in person" in refused.reason


def test_par12_fourth_para_a_company_may_be_represented_by_an_affected_person() -> None:
    representative = Participant(
        "employee-1", ParticipantRole.COMPANY_REPRESENTATIVE, for_party="victim-1"
    )
    without = meeting(party(OFFENDER), representative)
    assert refusal(without).legal_basis == (
        "konfliktrådsloven §12 fourth para, konfliktrådsloven §12 fifth para"
    )

    mediation = case()
    with_permission = meeting(
        party(OFFENDER), representative, company_permission=permission("the shop's manager")
    )
    mediation.schedule_meeting(with_permission, MEDIATORS)
    assert len(mediation.meetings) == 1


@pytest.mark.parametrize("mode", [MeetingMode.PHONE, MeetingMode.VIDEO, MeetingMode.SHUTTLE])
def test_par12_second_para_indirect_mediation_needs_a_justified_permission(
    mode: MeetingMode,
) -> None:
    assert refusal(meeting(mode=mode)).legal_basis == (
        "konfliktrådsloven §12 second para, konfliktrådsloven §12 fifth para"
    )
    blank = Permission(justification="  ", granted_by="leader-1")
    assert "fifth para" in refusal(meeting(mode=mode, indirect_permission=blank)).legal_basis

    mediation = case()
    mediation.schedule_meeting(meeting(mode=mode, indirect_permission=permission()), MEDIATORS)
    assert mediation.events[0].indirect


def test_par12_third_para_a_victimless_offence_needs_an_affected_private_person() -> None:
    alone = meeting(party(OFFENDER))
    assert refusal(alone, OFFENDER).legal_basis == "konfliktrådsloven §12 third para"

    agency = Participant("agency-1", ParticipantRole.AFFECTED_PERSON, is_organisation=True)
    with_agency = meeting(party(OFFENDER), agency, affected_person_permission=permission())
    assert refusal(with_agency, OFFENDER).legal_basis == "konfliktrådsloven §12 third para"

    neighbour = Participant("neighbour-1", ParticipantRole.AFFECTED_PERSON)
    unjustified = meeting(party(OFFENDER), neighbour)
    assert "fifth para" in refusal(unjustified, OFFENDER).legal_basis

    mediation = case(OFFENDER)
    mediation.schedule_meeting(
        meeting(party(OFFENDER), neighbour, affected_person_permission=permission()), MEDIATORS
    )
    assert len(mediation.meetings) == 1


def test_par15_a_support_person_needs_the_offices_permission_and_may_be_a_minor() -> None:
    friend = Participant("friend-1", ParticipantRole.SUPPORT_PERSON, "offender", is_minor=True)
    unpermitted = meeting(party(OFFENDER), party(VICTIM), friend)
    assert refusal(unpermitted).legal_basis == "konfliktrådsloven §15 first para"

    mediation = case()
    permitted = meeting(party(OFFENDER), party(VICTIM), friend, support_permission=permission())
    mediation.schedule_meeting(permitted, MEDIATORS)
    assert len(mediation.meetings) == 1


def test_par15_the_partys_lawyer_is_never_a_support_person() -> None:
    lawyer = Participant(
        "lawyer-1", ParticipantRole.SUPPORT_PERSON, "offender", is_partys_lawyer=True
    )
    refused = refusal(
        meeting(party(OFFENDER), party(VICTIM), lawyer, support_permission=permission())
    )
    assert refused.legal_basis == "konfliktrådsloven §15 second para"


def test_par16_an_interpreter_is_qualified_and_never_a_minor() -> None:
    child = Participant("child-1", ParticipantRole.INTERPRETER, "victim-1", True, qualified=True)
    assert refusal(meeting(party(OFFENDER), party(VICTIM), child)).legal_basis == (
        "konfliktrådsloven §16"
    )
    unqualified = Participant("int-1", ParticipantRole.INTERPRETER, "victim-1")
    assert "qualified" in refusal(meeting(party(OFFENDER), party(VICTIM), unqualified)).reason

    mediation = case()
    qualified = Participant("int-2", ParticipantRole.INTERPRETER, "victim-1", qualified=True)
    mediation.schedule_meeting(meeting(party(OFFENDER), party(VICTIM), qualified), MEDIATORS)
    assert len(mediation.meetings) == 1


def test_par14_only_the_cases_mediators_mediate_its_meeting() -> None:
    stranger = Participant("m-2", ParticipantRole.MEDIATOR)
    assert refusal(meeting(party(OFFENDER), party(VICTIM), stranger)).legal_basis == (
        "konfliktrådsloven §14"
    )


def test_par12_fourth_para_only_the_injured_company_is_represented_never_the_offender() -> None:
    stand_in = Participant("colleague-1", ParticipantRole.COMPANY_REPRESENTATIVE, "offender")
    refused = refusal(meeting(party(VICTIM), stand_in, company_permission=permission()))
    assert refused.legal_basis == "konfliktrådsloven §12 first and fourth para"
