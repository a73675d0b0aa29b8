"""How long mediation keeps what was said in a meeting, and on what basis. Read with
docs/retention.md.

Mediation knows the parties only by pseudonymous party ids within a case (the names, national
ids and contact details are in referral and notification, and erased there); the case row,
its meetings and agreements stay for the figures. The notes are free text of what was said —
the most sensitive thing the suite holds — and go first.
"""

from __future__ import annotations

from konfliktrad_shared.retention import Kept, Stays, by_category

MEETING_NOTES = Kept(
    category="meeting notes (what was said, §9)",
    months=12,
    counted_from="the note written",
    provision="konfliktrådsloven §9 and §20, GDPR art. 5(1)(c) and (e)",
    reading=(
        "Notes serve the mediator in the meeting and the office in what it sends the "
        "prosecution when the meeting has ended (§20); what the parties said is confidential "
        "(§9) and may not be used against them, so the office keeps no more than that work "
        "needs. Twelve months covers the meeting, the report and a performance period (§17) "
        "with its follow-up meeting; then the notes are deleted."
    ),
)

TABLE = by_category((MEETING_NOTES,))

STAYS = (
    Stays(
        category="the case with its meetings and agreements, parties as pseudonymous ids",
        provision="konfliktrådsloven §1 (the office's figures); the identities are in referral",
    ),
)
