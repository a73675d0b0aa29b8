"""Exclusion by record (konfliktrådsloven §6): the eleven rules of the first para and the second
para's community and partly suspended sentences, judged on the appointment date.

Every rule that excludes is listed, each with the date it stops excluding ("eligible from"),
so the committee can tell a candidate not only "no" but "not before".

Reading of the time windows: "less than N years since the judgment became final" excludes up
to and including the day before the Nth anniversary of `final_on`; on the anniversary it no
longer excludes. A sentence length is compared as the court states it, in months and days:
"one to three years" is 12 months up to and including 36 months, "more than three years" is
anything longer than 36 months, "less than one year" anything shorter than 12 months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vetting.domain.dates import add_years
from vetting.domain.errors import RuleViolation

PROVISION = "konfliktrådsloven §6"


class Reaction(StrEnum):
    CHARGE = "charge"  # siktet
    INDICTMENT = "indictment"  # tiltalt
    FINE = "fine"  # bot idømt, or forelegg vedtatt
    PRISON = "prison"  # fengsel: an unconditional part, a suspended part, or both
    COMMUNITY_SENTENCE = "community_sentence"  # samfunnsstraff, with its subsidiary term
    YOUTH_SENTENCE = "youth_sentence"
    PREVENTIVE_DETENTION = "preventive_detention"  # forvaring
    COMPULSORY_CARE = "compulsory_care"  # tvungent psykisk helsevern or tvungen omsorg
    CONDITIONAL_WAIVER = "conditional_waiver"  # betinget påtaleunnlatelse
    DEFERRED_SENTENCING = "deferred_sentencing"  # domsutsettelse
    TRANSFER_TO_MEDIATION = "transfer_to_mediation"  # overføring til konfliktrådet


ACCUSATIONS = frozenset({Reaction.CHARGE, Reaction.INDICTMENT})


@dataclass(frozen=True)
class Term:
    months: int = 0
    days: int = 0

    def __bool__(self) -> bool:
        return bool(self.months or self.days)

    @property
    def more_than_three_years(self) -> bool:
        return (self.months, self.days) > (36, 0)

    @property
    def less_than_one_year(self) -> bool:
        return self.months < 12


@dataclass(frozen=True)
class RecordEntry:
    """One entry of the extended police certificate.

    `final_on`: when the judgment became final, the fine was accepted or the decision became
    final (none for a charge or indictment). `unconditional` is the unconditional prison term,
    or a community sentence's subsidiary term; `suspended` the suspended (conditional) part.
    """

    reaction: Reaction
    final_on: date | None = None
    child_sexual_abuse: bool = False
    punishable_over_one_year: bool = False
    unconditional: Term = Term()
    suspended: Term = Term()


@dataclass(frozen=True)
class Exclusion:
    number: int  # the rule, no. 1–11 of the first para
    eligible_from: date | None  # None: excludes for good
    reason: str
    second_para: bool = False

    @property
    def legal_basis(self) -> str:
        second = " and second para" if self.second_para else ""
        return f"{PROVISION} first para no. {self.number}{second}"

    def excludes_on(self, on: date) -> bool:
        return self.eligible_from is None or on < self.eligible_from


def exclusions(entries: tuple[RecordEntry, ...], *, on: date) -> list[Exclusion]:
    """Every rule that excludes on `on`, over every entry, in the order of the Act."""
    found = [exclusion for entry in entries for exclusion in rules_for(entry)]
    return sorted((x for x in found if x.excludes_on(on)), key=lambda x: x.number)


def rules_for(entry: RecordEntry) -> list[Exclusion]:
    """The exclusions an entry brings, each with the day it stops excluding."""
    found: list[Exclusion] = []
    if entry.child_sexual_abuse:
        found.append(
            Exclusion(1, None, "charged, indicted, fined or convicted for sexual abuse of children")
        )
    if entry.reaction in ACCUSATIONS:
        return found  # a charge or indictment excludes only under no. 1
    final_on = _final_on(entry)
    if entry.reaction is Reaction.PREVENTIVE_DETENTION:
        found.append(Exclusion(2, None, "sentenced to preventive detention"))
    elif entry.reaction is Reaction.COMPULSORY_CARE:
        found.append(Exclusion(3, None, "sentenced to compulsory mental health care or care"))
    elif entry.reaction is Reaction.YOUTH_SENTENCE:
        found.append(Exclusion(7, add_years(final_on, 10), "youth sentence, less than 10 years"))
    elif entry.reaction is Reaction.COMMUNITY_SENTENCE:
        found.extend(_unconditional(entry.unconditional, final_on, second_para=True))
    elif entry.reaction is Reaction.PRISON:
        partly_suspended = bool(entry.unconditional) and bool(entry.suspended)
        found.extend(_unconditional(entry.unconditional, final_on, second_para=partly_suspended))
        if entry.suspended:
            found.append(
                Exclusion(
                    8,
                    add_years(final_on, 5),
                    "suspended prison, less than 5 years since final",
                    second_para=partly_suspended,
                )
            )
    elif entry.punishable_over_one_year:
        found.extend(_lesser_reaction(entry.reaction, final_on))
    return found


LESSER_REACTIONS = {
    Reaction.CONDITIONAL_WAIVER: (9, "conditional waiver of prosecution"),
    Reaction.DEFERRED_SENTENCING: (9, "deferred sentencing"),
    Reaction.TRANSFER_TO_MEDIATION: (10, "transfer to the mediation service"),
    Reaction.FINE: (11, "a fine"),
}


def _lesser_reaction(reaction: Reaction, final_on: date) -> list[Exclusion]:
    number, what = LESSER_REACTIONS[reaction]
    reason = f"{what} for an offence punishable by more than a year, less than 2 years since final"
    return [Exclusion(number, add_years(final_on, 2), reason)]


def _unconditional(term: Term, final_on: date, *, second_para: bool) -> list[Exclusion]:
    if not term:
        return []
    if term.more_than_three_years:
        return [Exclusion(4, None, "unconditional prison of more than three years", second_para)]
    if term.less_than_one_year:
        reason = "unconditional prison of less than one year, less than 10 years since final"
        return [Exclusion(6, add_years(final_on, 10), reason, second_para)]
    reason = "unconditional prison of one to three years, less than 15 years since final"
    return [Exclusion(5, add_years(final_on, 15), reason, second_para)]


def _final_on(entry: RecordEntry) -> date:
    if entry.final_on is None:
        raise RuleViolation(
            legal_basis=PROVISION,
            reason=f"a {entry.reaction.value} entry needs the date it became final",
        )
    return entry.final_on
