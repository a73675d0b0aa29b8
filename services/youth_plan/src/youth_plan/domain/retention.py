"""How long youth_plan keeps the personal parts of a youth reaction, and on what basis. Read
with docs/retention.md.

The case knows its people as pseudonymous party ids (the identities are in referral); what
describes them here is the team, the guardian decision, the substance ban and the reasons for
a postponement. Those go once the note on the police certificate has run its course; the
case's dates, stage and counts stay for the figures.
"""

from __future__ import annotations

from konfliktrad_shared.legal_time import POLICE_RECORD_YEARS
from konfliktrad_shared.retention import Kept, Stays, by_category

ENDED_YOUTH_CASE = Kept(
    category="a youth reaction completed or interrupted: team, decisions, bans, reasons",
    months=12 * POLICE_RECORD_YEARS,
    counted_from="the day the case was completed or interrupted",
    provision="politiregisterloven §41 no. 1 (a), konfliktrådsloven §§26–36, GDPR art. 5(1)(e)",
    reading=(
        "While the reaction stands on the police certificate (two years), a completion, a "
        "breach or an interruption sent to the prosecution (§§33–36) may be questioned and "
        "the office must show what it decided; afterwards the personal parts are erased."
    ),
)

TABLE = by_category((ENDED_YOUTH_CASE,))

STAYS = (
    Stays(
        category="the case's reaction, dates, ladder stage and counts",
        provision="konfliktrådsloven §1 (the office's figures); no person in them",
    ),
)
