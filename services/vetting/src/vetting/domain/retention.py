"""How long vetting keeps what it holds on candidates and mediators, and on what basis.

Read with docs/retention.md, which gives the reasoning at length. Periods are in months,
counted from the event named.
"""

from __future__ import annotations

from konfliktrad_shared.retention import Kept, Stays, by_category

APPLICANT_NOT_APPOINTED = Kept(
    category="application never appointed (rejected or abandoned)",
    months=6,
    counted_from="application received",
    provision="konfliktrådsloven §4 and §6, politiregisterloven §41, GDPR art. 5(1)(e)",
    reading=(
        "The record exists for the committee's appointment (§4) and the record check (§6, "
        "politiregisterloven §41); once no appointment follows, the purpose is spent. Six "
        "months covers the complaint window (forvaltningsloven §29: three weeks) and the "
        "committee's next sitting with margin."
    ),
)

FORMER_MEDIATOR = Kept(
    category="appointment ended (term run out, revoked or resigned)",
    months=24,
    counted_from="the day the appointment ended",
    provision="politiregisterloven §41 no. 1 (a), konfliktrådsloven §4 and §6, GDPR art. 5(1)(e)",
    reading=(
        "Who mediated must be answerable while the cases they closed can still be questioned: "
        "an approved agreement stays on the police certificate for two years (politiregisterloven "
        "§41 no. 1 (a)), so the appointment, its committee and its police certificate date are "
        "kept two years after it ended, then erased with the application behind it."
    ),
)

TABLE = by_category((APPLICANT_NOT_APPOINTED, FORMER_MEDIATOR))

STAYS = (
    Stays(
        category="coverage exceptions per municipality (no person in them)",
        provision="konfliktrådsloven §3 (office coverage), no personal data",
    ),
)
