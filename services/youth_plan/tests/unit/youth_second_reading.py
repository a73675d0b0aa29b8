"""The cases the second-reading tests start from: youth_plan's consumed referrals, one per
reaction, and offenders who come of age before or at the decision."""

from __future__ import annotations

from datetime import date, timedelta

from youth_harness import NOW, PARTIES

from konfliktrad_shared.contracts import referral
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction

TODAY = NOW.date()
LATER = TODAY + timedelta(days=14)
CASES = {
    # case id: (reaction, decision basis, minor at the decision, the day the offender turns 18)
    "ys-1": (Reaction.YOUTH_SENTENCE, DecisionBasis.YOUTH_SENTENCE, True, None),
    "yf-1": (Reaction.YOUTH_FOLLOW_UP, DecisionBasis.TRANSFER, True, None),
    "fu-1": (Reaction.FOLLOW_UP, DecisionBasis.TRANSFER, True, None),
    # a minor at the decision who turns 18 before the conference
    "ys-18": (Reaction.YOUTH_SENTENCE, DecisionBasis.YOUTH_SENTENCE, True, TODAY),
    "yf-18": (Reaction.YOUTH_FOLLOW_UP, DecisionBasis.TRANSFER, True, TODAY - timedelta(days=3)),
    # 17 at the offence, 18 at the judgment: registered as an adult
    "ys-adult": (Reaction.YOUTH_SENTENCE, DecisionBasis.YOUTH_SENTENCE, False, None),
}


def registration(
    case_id: str,
    reaction: Reaction,
    basis: DecisionBasis,
    minor: bool,
    of_age_on: date | None,
    months: int = 12,
) -> referral.ReferralRegistered:
    return referral.ReferralRegistered(
        case_id=case_id,
        sender_reference=f"ref-{case_id}",
        office="oslo",
        reaction=reaction,
        decision_basis=basis,
        offence_date=date(2026, 1, 10),
        execution_months=months,
        offender_is_minor=minor,
        offender_of_age_on=of_age_on,
        registered_at=NOW,
        parties=PARTIES,
    )
