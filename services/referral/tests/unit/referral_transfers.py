"""A lawful transfer to start from: each test changes only what its provision is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from referral.domain import intake_rules
from referral.domain.commands import RegisterTransferredCase
from referral.domain.errors import RuleViolation
from referral.domain.vocabulary import DecisionBasis, Guardian, Offender, Reaction, Victim

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
OFFENCE = date(2026, 9, 1)
DECIDED = date(2026, 10, 15)
PERIODS = {  # a lawful execution period per reaction, in months
    Reaction.MEDIATION: None,
    Reaction.FOLLOW_UP: 12,
    Reaction.YOUTH_FOLLOW_UP: 12,
    Reaction.YOUTH_SENTENCE: 12,
}


def guardian(consents: bool = True, unable_to_act: bool = False, name: str = "G") -> Guardian:
    return Guardian(f"Synthetic {name}", f"{name.lower()}@example.no", consents, unable_to_act)


def victim(consents: bool = True, **changes: object) -> Victim:
    return replace(Victim("Synthetic Victim", consents), **changes)  # type: ignore[arg-type]


def transfer(**changes: object) -> RegisterTransferredCase:
    """A youth follow-up transferred by the prosecution (strpl §71a second para), unless changed.

    `offender_<field>=` changes the offender; a changed reaction brings a lawful period along.
    """
    offender = Offender(
        national_id="14831051222",
        name="Synthetic Offender",
        birth_date=date(2010, 3, 14),  # 16 at the offence
        municipality="0301",
        consents=True,
        acknowledges_guilt=True,
        guardians=(guardian(),),
        lives_in_norway=True,
    )
    reaction = changes.get("reaction", Reaction.YOUTH_FOLLOW_UP)
    command = RegisterTransferredCase(
        sender_reference="POL-1",
        sender="Oslo politidistrikt",
        sender_principal="police-oslo",
        reaction=Reaction.YOUTH_FOLLOW_UP,
        decision_basis=DecisionBasis.TRANSFER,
        office="konfliktradet-oslo",
        offence_date=OFFENCE,
        decided_on=DECIDED,
        execution_months=PERIODS[Reaction(str(reaction))],
        prison_would_clearly_exceed_two_years=False,
        offender=offender,
        repeated_or_serious_crime=True,  # asked only of a youth sentence
    )
    offender_changes = {k[9:]: v for k, v in changes.items() if k.startswith("offender_")}
    other = {k: v for k, v in changes.items() if not k.startswith("offender_")}
    return replace(command, offender=replace(offender, **offender_changes), **other)  # type: ignore[arg-type]


def refusal(command: RegisterTransferredCase) -> RuleViolation:
    with pytest.raises(RuleViolation) as raised:
        intake_rules.check_transfer(command)
    return raised.value
