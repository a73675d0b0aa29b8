"""§11 (and strpl §71a first and second para): whose consent a transferred case needs."""

from __future__ import annotations

from datetime import date

import pytest
from referral_transfers import NOW, guardian, refusal, transfer, victim

from referral.domain import intake_rules
from referral.domain.commands import RegisterTransferredCase
from referral.domain.events import ReferralRegistered
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import CaseStatus, DecisionBasis, Reaction

FIRST, SECOND, FOURTH = (f"konfliktrådsloven §11 {n} para" for n in ("first", "second", "fourth"))
ADULT = date(2000, 1, 1)
MINOR = date(2012, 6, 1)
YOUTH = [Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE]
NOT_YOUTH = [Reaction.MEDIATION, Reaction.FOLLOW_UP]


def of(reaction: Reaction, **changes: object) -> RegisterTransferredCase:
    basis = DecisionBasis.YOUTH_SENTENCE if reaction is Reaction.YOUTH_SENTENCE else None
    return transfer(reaction=reaction, **({"decision_basis": basis} if basis else {}), **changes)


def temporary_guardian_needed(command: RegisterTransferredCase) -> bool:
    return intake_rules.check_transfer(command).temporary_guardian_needed


@pytest.mark.parametrize("reaction", list(Reaction))
def test_par11_first_para_the_offender_must_consent(reaction: Reaction) -> None:
    assert refusal(of(reaction, offender_consents=False)).legal_basis == FIRST


@pytest.mark.parametrize("reaction", NOT_YOUTH)
def test_par11_first_para_every_victim_must_consent(reaction: Reaction) -> None:
    all_agree = of(reaction, victims=(victim(), victim(name="Second")))
    intake_rules.check_transfer(all_agree)
    one_refuses = of(reaction, victims=(victim(), victim(consents=False, name="Second")))
    violation = refusal(one_refuses)
    assert violation.legal_basis == FIRST and "victim 2" in violation.reason


@pytest.mark.parametrize("reaction", NOT_YOUTH)
def test_par12_third_para_a_case_without_victims_needs_no_victim_consent(
    reaction: Reaction,
) -> None:
    intake_rules.check_transfer(of(reaction, victims=()))


@pytest.mark.parametrize("reaction", YOUTH)
def test_par11_fourth_para_youth_reactions_need_no_victim_consent(reaction: Reaction) -> None:
    refusing_minor = victim(consents=False, birth_date=MINOR, guardians=(guardian(False),))
    intake_rules.check_transfer(of(reaction, victims=(victim(consents=False), refusing_minor)))


@pytest.mark.parametrize("reaction", NOT_YOUTH)
def test_par11_second_para_a_minor_offenders_guardians_must_all_consent(
    reaction: Reaction,
) -> None:
    guardians = (guardian(name="A"), guardian(False, name="B"))
    assert refusal(of(reaction, offender_guardians=guardians)).legal_basis == SECOND


@pytest.mark.parametrize("reaction", YOUTH)
def test_par11_fourth_para_youth_reactions_need_the_offenders_guardians(
    reaction: Reaction,
) -> None:
    guardians = (guardian(name="A"), guardian(False, name="B"))
    assert refusal(of(reaction, offender_guardians=guardians)).legal_basis == FOURTH
    assert refusal(of(reaction, offender_guardians=())).legal_basis == FOURTH


@pytest.mark.parametrize(
    ("birth_date", "guardians_needed"),
    [
        (date(2008, 10, 16), True),  # 18 the day after the decision
        (date(2008, 10, 15), False),  # 18 on the decision day
    ],
)
def test_par11_second_para_under_18_on_the_decision_day_exact_to_the_day(
    birth_date: date, guardians_needed: bool
) -> None:
    command = of(Reaction.MEDIATION, offender_birth_date=birth_date, offender_guardians=())
    if guardians_needed:
        assert refusal(command).legal_basis == SECOND
    else:
        intake_rules.check_transfer(command)


@pytest.mark.parametrize(
    "minor_victim",
    [
        victim(birth_date=MINOR, guardians=(guardian(False),)),
        victim(is_minor=True, guardians=(guardian(False),)),
        victim(is_minor=True, guardians=()),
    ],
    ids=["by-birth-date", "stated-minor", "no-guardian-named"],
)
def test_par11_second_para_a_minor_victims_guardians_must_consent(minor_victim: object) -> None:
    command = of(Reaction.MEDIATION, victims=(minor_victim,))
    assert refusal(command).legal_basis == SECOND


def test_par11_second_para_an_adult_victims_guardians_are_not_asked() -> None:
    adult = victim(birth_date=ADULT, guardians=(guardian(False),))
    intake_rules.check_transfer(of(Reaction.MEDIATION, victims=(adult,)))


@pytest.mark.parametrize("reaction", list(Reaction))
def test_par11_second_para_a_guardian_who_cannot_act_calls_for_a_temporary_guardian(
    reaction: Reaction,
) -> None:
    guardians = (guardian(name="A"), guardian(False, unable_to_act=True, name="B"))
    assert temporary_guardian_needed(of(reaction, offender_guardians=guardians))
    assert not temporary_guardian_needed(of(reaction))


def test_par11_second_para_the_guardians_who_can_act_must_still_consent() -> None:
    guardians = (guardian(False, name="A"), guardian(unable_to_act=True, name="B"))
    assert refusal(transfer(offender_guardians=guardians)).legal_basis == FOURTH


def test_par11_second_para_a_minor_victims_guardian_who_cannot_act() -> None:
    minor = victim(birth_date=MINOR, guardians=(guardian(False, unable_to_act=True),))
    assert temporary_guardian_needed(of(Reaction.MEDIATION, victims=(minor,)))


def test_par11_second_para_a_case_needing_a_temporary_guardian_is_registered_not_rejected() -> None:
    guardians = (guardian(unable_to_act=True),)
    case = ReferralCase.receive(transfer(offender_guardians=guardians), case_id="c1", now=NOW)
    assert case.status is CaseStatus.REGISTERED and case.temporary_guardian_needed
    (event,) = case.events
    assert isinstance(event, ReferralRegistered) and event.temporary_guardian_needed
