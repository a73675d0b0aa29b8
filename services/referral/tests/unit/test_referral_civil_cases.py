"""Civil cases (konfliktrådsloven §1 first para, §10, §11, §13 first para)."""

from __future__ import annotations

import pytest
from referral_civil import MINOR, filed, party
from referral_transfers import NOW, guardian

from referral.domain import events
from referral.domain.commands import DecideSuitability
from referral.domain.errors import RuleViolation
from referral.domain.vocabulary import CaseKind, CaseStatus, DecisionBasis, DecisionMaker, HarmKind


def refused(**changes: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as raised:
        filed(**changes)
    return raised.value


def test_par10_a_civil_case_waits_for_the_leaders_suitability_decision() -> None:
    case = filed()
    assert (case.kind, case.status) == (CaseKind.CIVIL, CaseStatus.AWAITING_SUITABILITY)
    assert case.decision_basis is DecisionBasis.CIVIL
    assert case.events == []  # nothing is handed on before the leader decides


def test_par13_first_para_a_civil_case_goes_to_the_office_where_the_claimant_lives() -> None:
    assert filed().office == "konfliktradet-vestland"  # 4601 Bergen, not the respondent's Oslo


def test_par13_first_para_an_unknown_municipality_is_refused() -> None:
    assert refused(claimant=party("9998")).legal_basis == "konfliktrådsloven §13 first para"


def test_s1_first_para_general_disagreement_is_filed_for_the_leader_to_refuse() -> None:
    case = filed(harm=HarmKind.NONE)
    assert case.status is CaseStatus.AWAITING_SUITABILITY
    with pytest.raises(RuleViolation) as raised:
        case.decide_suitability(DecideSuitability("civ-1", True, "", "leder-1"), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §1 first para"
    assert "harm, loss or another violation" in raised.value.reason
    case.decide_suitability(DecideSuitability("civ-1", False, "a quarrel", "leder-1"), NOW)
    assert (case.status, case.rejection_basis, case.rejection_reason) == (
        CaseStatus.REJECTED,
        "konfliktrådsloven §1 first para",
        "a quarrel",
    )


@pytest.mark.parametrize("harm", [HarmKind.HARM, HarmKind.LOSS, HarmKind.VIOLATION])
def test_par1_first_para_harm_loss_or_violation_may_be_mediated(harm: HarmKind) -> None:
    assert filed(harm=harm).status is CaseStatus.AWAITING_SUITABILITY


def test_par11_first_para_every_party_consents() -> None:
    refusal = refused(respondents=(party(consents=False),))
    assert (refusal.legal_basis, refusal.reason) == (
        "konfliktrådsloven §11 first para",
        "respondent 1 has not consented",
    )


def test_par11_second_para_a_minor_party_needs_the_guardians_consent() -> None:
    minor = party(birth_date=MINOR, guardians=(guardian(consents=False),))
    assert refused(claimant=minor).legal_basis == "konfliktrådsloven §11 second para"


def test_par11_second_para_a_guardian_unable_to_act_calls_for_a_temporary_guardian() -> None:
    minor = party(birth_date=MINOR, guardians=(guardian(), guardian(unable_to_act=True)))
    assert filed(claimant=minor).temporary_guardian_needed


def test_par11_third_para_the_civil_exception_lets_a_minor_act_alone() -> None:
    case = filed(claimant=party(birth_date=MINOR, may_act_alone=True))
    assert case.civil_exception_applied and not case.temporary_guardian_needed


def test_s11_third_para_the_leader_finds_it_unproblematic_or_the_case_waits() -> None:
    case = filed(claimant=party(birth_date=MINOR, may_act_alone=True))
    with pytest.raises(RuleViolation) as raised:
        case.decide_suitability(DecideSuitability("civ-1", True, "", "leder-1"), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §11 third para"
    assert case.status is CaseStatus.AWAITING_SUITABILITY
    case.decide_suitability(DecideSuitability("civ-1", True, "", "leder-1", True), NOW)
    assert (case.civil_exception_found_by, case.civil_exception_found_at) == ("leder-1", NOW)


def test_s11_third_para_no_finding_without_a_minor_filed_as_acting_alone() -> None:
    with pytest.raises(RuleViolation) as raised:
        filed().decide_suitability(DecideSuitability("civ-1", True, "", "leder-1", True), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §11 third para"


def test_par11_third_para_without_the_exception_a_minor_without_guardians_is_refused() -> None:
    assert "exception" in refused(claimant=party(birth_date=MINOR)).reason


def test_par10_first_para_the_leader_finds_the_case_suitable_and_it_is_registered() -> None:
    case = filed()
    case.decide_suitability(DecideSuitability("civ-1", True, "", "leder-1"), NOW)
    assert case.status is CaseStatus.REGISTERED
    (registered,) = case.events
    assert isinstance(registered, events.ReferralRegistered)
    assert registered.decided_by is DecisionMaker.OFFICE_LEADER
    assert [p.party_id for p in registered.parties] == ["claimant", "respondent-1"]


def test_par8_an_unsuitable_case_is_rejected_with_the_leaders_reasons() -> None:
    case = filed()
    case.decide_suitability(DecideSuitability("civ-1", False, "a tenancy dispute", "leder"), NOW)
    (rejected,) = case.events
    assert isinstance(rejected, events.ReferralRejected)
    assert (rejected.legal_basis, rejected.reason) == (
        "konfliktrådsloven §10 first para",
        "a tenancy dispute",
    )
    assert not rejected.criminal  # a civil case is not reported to the prosecution


def test_par8_second_para_a_rejection_without_reasons_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        filed().decide_suitability(DecideSuitability("civ-1", False, " ", "leder"), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §8 second para"


def test_par10_the_suitability_decision_is_taken_once() -> None:
    case = filed()
    case.decide_suitability(DecideSuitability("civ-1", True, "", "leder"), NOW)
    with pytest.raises(RuleViolation, match="already decided"):
        case.decide_suitability(DecideSuitability("civ-1", False, "changed mind", "leder"), NOW)


def test_the_audit_trail_names_who_filed_and_who_decided_under_which_provision() -> None:
    case = filed()
    case.decide_suitability(DecideSuitability("civ-1", True, "", "leder-1"), NOW)
    assert [(e.actor, e.action, e.legal_basis) for e in case.audit] == [
        ("saksbehandler-1", "filed", "konfliktrådsloven §1 first para"),
        ("leder-1", "found_suitable", "konfliktrådsloven §10 first para"),
    ]
