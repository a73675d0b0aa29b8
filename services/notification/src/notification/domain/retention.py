"""How long notification keeps the parties' contact details, the notices sent them and the
printed letters, and on what basis. Read with docs/retention.md."""

from __future__ import annotations

from konfliktrad_shared.retention import Kept, Stays, by_category

CONTACTS_AND_NOTICES = Kept(
    category="a case's contact book and the notices sent its parties",
    months=24,
    counted_from="the case's last notice",
    provision="konfliktrådsloven §§11, 20–21 and §24, straffeloven §52 a, GDPR art. 5(1)(e)",
    reading=(
        "Contact details exist to tell the parties what the office does (§11 consent, §20 "
        "the report, §21 breach, §24 the youth conference). Notification does not learn when "
        "a case ends; the longest stretch a live case goes without any notice is within a "
        "youth sentence's execution period, which is at most two years (straffeloven §52 a), "
        "so a case silent for two years is over: its contacts and notices are deleted."
    ),
)

PRINTED_LETTERS = Kept(
    category="a paper letter's text once printed",
    months=3,
    counted_from="the letter printed",
    provision="GDPR art. 5(1)(c) and (e); arkivloven §6 (the office's copy is archived)",
    reading=(
        "The print queue is a hand-over to the print room, not the office's record: the "
        "letter as sent is the archive's. Three months covers a reprint of a lost letter."
    ),
)

TABLE = by_category((CONTACTS_AND_NOTICES, PRINTED_LETTERS))

STAYS = (
    Stays(
        category="letters not yet printed",
        provision="konfliktrådsloven §11 and §20: the party has yet to be told",
    ),
)
