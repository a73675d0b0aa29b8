"""§17: the agreement, the guardians' approval, and every mediator's written approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from mediation_builders import (
    CLAIMANT,
    GUARDIAN,
    MEETING_AT,
    MINOR_OFFENDER,
    OFFENDER,
    RESPONDENT,
    VICTIM,
    agreement,
    approve,
    case,
    meeting,
    party,
    performance,
    permission,
    scheduled,
    standing,
)

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from mediation.domain.agreements import CivilMinorExemption, MediatorDecision
from mediation.domain.errors import RuleViolation
from mediation.domain.events import AgreementApproved, AgreementRefused
from mediation.domain.meetings import Participant
from mediation.domain.model import MediationCase
from mediation.domain.vocabulary import ParticipantRole, PerformanceKind


def civil_case(*parties: PartyRef) -> MediationCase:
    mediation = case(*(parties or (CLAIMANT, RESPONDENT)), basis=DecisionBasis.CIVIL)
    mediation.schedule_meeting(
        meeting(*(party(p) for p in (parties or (CLAIMANT, RESPONDENT)) if p.role != "guardian")),
        {"m-1": standing("m-1")},
    )
    return mediation


def test_par17_first_para_a_criminal_agreement_is_written_and_signed_by_every_party() -> None:
    mediation = scheduled(case())
    for unsigned in (agreement(in_writing=False), agreement(signed_by=("offender",))):
        with pytest.raises(RuleViolation) as refused:
            mediation.record_agreement(unsigned)
        assert refused.value.legal_basis == "konfliktrådsloven §17 first para"

    mediation.record_agreement(agreement())
    assert len(mediation.agreements) == 1


def test_par17_first_para_a_civil_agreement_is_written_only_if_the_parties_want() -> None:
    mediation = civil_case()
    mediation.record_agreement(agreement(in_writing=False, signed_by=()))
    assert len(mediation.agreements) == 1


def test_par17_first_para_a_minor_partys_guardians_approve_the_agreement() -> None:
    mediation = scheduled(case(MINOR_OFFENDER, VICTIM, GUARDIAN))
    with pytest.raises(RuleViolation, match="guardians must approve"):
        mediation.record_agreement(agreement())

    mediation.record_agreement(agreement(guardians_approving=["guardian-offender-1"]))
    assert len(mediation.agreements) == 1


def test_par17_first_para_civil_exception_for_a_minor_who_may_contract_alone() -> None:
    minor = PartyRef(party_id="respondent", role=PartyRole.RESPONDENT, is_minor=True)
    guardian = PartyRef(party_id="g-1", role=PartyRole.GUARDIAN, guardian_of="respondent")
    mediation = civil_case(CLAIMANT, minor, guardian)
    free = agreement(signed_by=("claimant", "respondent"))
    with pytest.raises(RuleViolation):
        mediation.record_agreement(free, CivilMinorExemption(True, False))

    mediation.record_agreement(free, CivilMinorExemption(True, True))


def test_par17_fourth_para_a_performance_states_scope_due_date_and_final_settlement() -> None:
    mediation = scheduled(case())
    vague = performance()
    vague = type(vague)(vague.kind, " ", vague.due_on, vague.owed_by, vague.owed_to)
    with pytest.raises(RuleViolation) as refused:
        mediation.record_agreement(agreement(vague))
    assert refused.value.legal_basis == "konfliktrådsloven §17 fourth para"
    with pytest.raises(RuleViolation, match="final settlement"):
        mediation.record_agreement(agreement(final_settlement=None))


@pytest.mark.parametrize("kind", list(PerformanceKind))
def test_par17_a_performance_may_be_money_work_apology_or_other(kind: PerformanceKind) -> None:
    mediation = scheduled(case())
    mediation.record_agreement(agreement(performance(kind)))
    assert mediation.agreements[0].performances[0].kind is kind


def test_par12_third_para_no_money_in_a_victimless_case() -> None:
    neighbour = Participant("neighbour-1", ParticipantRole.AFFECTED_PERSON)
    mediation = case(OFFENDER)
    mediation.schedule_meeting(
        meeting(party(OFFENDER), neighbour, affected_person_permission=permission()),
        {"m-1": standing("m-1")},
    )
    with pytest.raises(RuleViolation) as refused:
        mediation.record_agreement(
            agreement(performance(PerformanceKind.MONEY), signed_by=("offender",))
        )
    assert refused.value.legal_basis == "konfliktrådsloven §12 third para"

    mediation.record_agreement(
        agreement(performance(PerformanceKind.WORK), signed_by=("offender",))
    )
    assert len(mediation.agreements) == 1


def test_par17_second_para_the_mediator_approves_in_writing_in_a_criminal_case() -> None:
    mediation = scheduled(case())
    mediation.record_agreement(agreement())
    oral = MediatorDecision("m-1", True, False, None, MEETING_AT)
    with pytest.raises(RuleViolation) as refused:
        mediation.decide_on_agreement("a-1", oral, told_no_effect=False)
    assert refused.value.legal_basis == "konfliktrådsloven §17 second para"

    approve(mediation)
    assert mediation.agreements[0].approved_at == MEETING_AT
    assert isinstance(mediation.events[-1], AgreementApproved)


def test_par17_second_para_two_mediators_of_whom_one_refuses_is_no_approval() -> None:
    mediation = scheduled(case(mediators=("m-1", "m-2"), lead="m-1"))
    mediation.record_agreement(agreement())
    approve(mediation, "m-1")
    assert mediation.agreements[0].approved_at is None, "one of two is not yet approval"

    refusal = MediatorDecision("m-2", False, True, "it favours one party unreasonably", MEETING_AT)
    mediation.decide_on_agreement("a-1", refusal, told_no_effect=False)

    assert mediation.agreements[0].approved_at is None
    assert mediation.agreements[0].refused_at == MEETING_AT
    assert mediation.events == [AgreementRefused("c-1", "a-1")]


def test_par17_second_para_every_one_of_two_mediators_must_approve() -> None:
    mediation = scheduled(case(mediators=("m-1", "m-2"), lead="m-1"))
    mediation.record_agreement(agreement())
    approve(mediation, "m-1")
    approve(mediation, "m-2", at=MEETING_AT + timedelta(minutes=5))

    assert mediation.agreements[0].approved_at == MEETING_AT + timedelta(minutes=5)


def test_par17_third_para_a_refusal_carries_reasons() -> None:
    mediation = scheduled(case())
    mediation.record_agreement(agreement())
    silent = MediatorDecision("m-1", False, True, "", MEETING_AT)
    with pytest.raises(RuleViolation) as refused:
        mediation.decide_on_agreement("a-1", silent, told_no_effect=False)
    assert refused.value.legal_basis == "konfliktrådsloven §17 third para, §8"


def test_par17_second_para_only_the_cases_mediators_decide() -> None:
    mediation = scheduled(case())
    mediation.record_agreement(agreement())
    with pytest.raises(RuleViolation, match="case's mediators"):
        approve(mediation, "m-other")


def test_par17_second_para_civil_parties_are_told_the_approval_has_no_legal_effect() -> None:
    mediation = civil_case()
    mediation.record_agreement(agreement(signed_by=("claimant", "respondent")))
    decision = MediatorDecision("m-1", True, False, None, MEETING_AT)
    with pytest.raises(RuleViolation, match="no legal effect"):
        mediation.decide_on_agreement("a-1", decision, told_no_effect=False)

    mediation.decide_on_agreement("a-1", decision, told_no_effect=True)
    assert mediation.agreements[0].approved_at == MEETING_AT
