"""The one end date of a case with an execution period, and the offender's majority.

"Gjennomføringstiden løper fra tidspunkt for stormøtet" (Prop. 57 L, on konfliktrådsloven
§23): the court or the prosecution fixes the period's length (§23 first and second para), but
it runs from the youth conference, which youth_plan holds. So the end date is youth_plan's:
referral keeps the length the sender decided, never an end counted from the decision date.
What referral shows of the end is youth_plan's own date (`ExecutionPeriodSet` on
youth_plan.events.v1), labelled as set by youth_plan; before the conference there is none.

Reading for integrators: `execution_ends_on` stays in referral's API and events (a field may
be deprecated, not removed). On the API it now carries youth_plan's end date, with
`execution_ends_set_by: "youth_plan"`; in `ReferralRegistered` / `ReferralCorrected` it is
always null for the reactions with a period, since no end is known at intake.

The majority date: guardianship of a minor ends at 18, and with it the guardians' place in
the conference, the plan, the consents and the follow-up team (§§24–26, §33). youth_plan
needs the day, not the birth date, so only that day leaves referral, and only for a minor.
"""

from __future__ import annotations

from datetime import date

from konfliktrad_shared.legal_time import reaches_age
from referral.domain.vocabulary import Reaction

PERIOD_REACTIONS = frozenset(
    {Reaction.FOLLOW_UP, Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE}
)
SET_BY_YOUTH_PLAN = "youth_plan"


def published_end(reaction: Reaction, stated_end: date | None) -> date | None:
    """What referral's events say of the end: nothing for a reaction with a period."""
    return None if reaction in PERIOD_REACTIONS else stated_end


def eighteenth_birthday(birth_date: date) -> date:
    """The first day one is 18 (born 29 February: 1 March in a common year), as `age_on`
    counts it."""
    return reaches_age(birth_date, 18)
