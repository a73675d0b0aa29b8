"""How long referral keeps the identities of a case's parties, and on what basis.

An expired case keeps its row — office, kind, reaction, dates, status — for the office's
figures and as what its audit entries point at; everything that names or reaches a person is
erased. Read with docs/retention.md.
"""

from __future__ import annotations

from konfliktrad_shared.legal_time import POLICE_RECORD_YEARS
from konfliktrad_shared.retention import Kept, Stays, by_category

REJECTED = Kept(
    category="case rejected by the office",
    months=12,
    counted_from="the case received",
    provision="konfliktrådsloven §8, sivilombudsloven §18, GDPR art. 5(1)(e)",
    reading=(
        "A rejection carries written reasons (§8) the parties may question; the last way to do "
        "so is a complaint to the Parliamentary Ombud within one year (sivilombudsloven §18). "
        "The identities are kept that year, counted from receipt (referral stores no rejection "
        "date of its own), then erased."
    ),
)

WITHDRAWN = Kept(
    category="case withdrawn by its sender",
    months=12,
    counted_from="the day it was withdrawn",
    provision="konfliktrådsloven §18, straffeprosessloven §71a, GDPR art. 5(1)(e)",
    reading=(
        "A withdrawn case goes back to its sender, who keeps the case of record; the office "
        "keeps its copy one year for questions about what it did, as for a rejection."
    ),
)

CRIMINAL_WITH_EXECUTION_PERIOD = Kept(
    category="criminal case with an execution period (follow-up, youth reactions)",
    months=12 * POLICE_RECORD_YEARS,
    counted_from="the end of the execution period (the youth plan's, when it set one)",
    provision="politiregisterloven §41 no. 1 (a), konfliktrådsloven §§20–21, GDPR art. 5(1)(e)",
    reading=(
        "The case stands on the police certificate two years after the plan; while it does, "
        "a breach (§21) or the note itself may be questioned and the office must answer. The "
        "identities are kept two years past the end of execution — the plan's approval comes "
        "before it, so this never ends before the note does — then erased."
    ),
)

CRIMINAL_MEDIATION = Kept(
    category="criminal case sent to mediation (no execution period)",
    months=12 * POLICE_RECORD_YEARS + 6,
    counted_from="the prosecution's decision",
    provision="politiregisterloven §41 no. 1 (a), konfliktrådsloven §10 second para",
    reading=(
        "Referral does not learn the day the agreement was approved, which starts the two-year "
        "note; §10 asks that cases be dealt with as soon as possible, so six months after the "
        "decision is taken as its latest day and the two years are counted from there."
    ),
)

CIVIL = Kept(
    category="civil case",
    months=24,
    counted_from="the office leader's suitability decision",
    provision="konfliktrådsloven §21 (civil breach), GDPR art. 5(1)(e)",
    reading=(
        "No police note follows a civil case. An unfulfilled civil agreement may bring the "
        "parties back (§21), so the identities are kept two years from the leader's decision, "
        "then erased."
    ),
)

TABLE = by_category(
    (REJECTED, WITHDRAWN, CRIMINAL_WITH_EXECUTION_PERIOD, CRIMINAL_MEDIATION, CIVIL)
)

STAYS = (
    Stays(
        category="the case row without identities (office, kind, reaction, dates, status)",
        provision="konfliktrådsloven §1 (the office's figures), GDPR art. 89 — no person in it",
    ),
    Stays(
        category="audit entries",
        provision="GDPR art. 5(2) accountability; arkivloven §6 for the office's record",
    ),
)
