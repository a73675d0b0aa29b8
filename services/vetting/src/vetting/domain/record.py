"""Exclusion by record (konfliktrådsloven §6): the eleven rules of the first para and the second
para's community and partly suspended sentences, judged on the appointment date.

Every rule that excludes is listed, each with the date it stops excluding ("eligible from"),
so the committee can tell a candidate not only "no" but "not before". Each rule's citation is
a literal ("konfliktrådsloven §6 first para no. 5"), so a reader and `devtools provisions`
find it.

Reading of the time windows: "less than N years since the judgment became final" excludes up
to and including the day before the Nth anniversary of `final_on`; on the anniversary it no
longer excludes.

Reading of the lengths (§6 second para, "avhengig av lengden"): a term is counted in the units
the court used — years, months and days, in any mix (a subsidiary term is usually given in
days: "fengsel i 366 dager"). The Act's thresholds are in years; a year is twelve months or 365
days, so a month is 365/12 days. "More than three years" is any length above 3 × 365 days
(36 months and 1 day, 3 years and 1 day, 1096 days); "less than one year" any length below 365
days (11 months and 29 days, 364 days); 12 months, 1 year and 365 days are "one to three
years", and so is 366 days — more than one year, whatever the calendar year holds. We do not
count on a calendar from `final_on` (a 366-day term would then be exactly one year when it
spans 29 February): the length is the court's, not the calendar's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konfliktrad_shared.legal_time import add_years
from vetting.domain.errors import RuleViolation


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


DAYS_IN_A_YEAR = 365
MONTHS_IN_A_YEAR = 12


@dataclass(frozen=True)
class Term:
    """A prison term as the court stated it: years, months and days, in any mix."""

    months: int = 0
    days: int = 0
    years: int = 0

    def __bool__(self) -> bool:
        return bool(self.years or self.months or self.days)

    @property
    def _twelfth_days(self) -> int:
        """The length in twelfths of a day, exact: a month is 365/12 days."""
        months = self.years * MONTHS_IN_A_YEAR + self.months
        return months * DAYS_IN_A_YEAR + self.days * MONTHS_IN_A_YEAR

    def _years_in_twelfth_days(self, years: int) -> int:
        return years * MONTHS_IN_A_YEAR * DAYS_IN_A_YEAR

    @property
    def more_than_three_years(self) -> bool:
        return self._twelfth_days > self._years_in_twelfth_days(3)

    @property
    def less_than_one_year(self) -> bool:
        return self._twelfth_days < self._years_in_twelfth_days(1)


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
    legal_basis: str  # a literal citation: "konfliktrådsloven §6 first para no. 7"

    @property
    def second_para(self) -> bool:
        return self.legal_basis.endswith("and second para")

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
            Exclusion(
                1,
                None,
                "charged, indicted, fined or convicted for sexual abuse of children",
                "konfliktrådsloven §6 first para no. 1",
            )
        )
    if entry.reaction in ACCUSATIONS:
        return found  # a charge or indictment excludes only under no. 1
    final_on = _final_on(entry)
    if entry.reaction is Reaction.PREVENTIVE_DETENTION:
        found.append(
            Exclusion(
                2,
                None,
                "sentenced to preventive detention",
                "konfliktrådsloven §6 first para no. 2",
            )
        )
    elif entry.reaction is Reaction.COMPULSORY_CARE:
        found.append(
            Exclusion(
                3,
                None,
                "sentenced to compulsory mental health care or care",
                "konfliktrådsloven §6 first para no. 3",
            )
        )
    elif entry.reaction is Reaction.YOUTH_SENTENCE:
        found.append(
            Exclusion(
                7,
                add_years(final_on, 10),
                "youth sentence, less than 10 years",
                "konfliktrådsloven §6 first para no. 7",
            )
        )
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
                    "konfliktrådsloven §6 first para no. 8 and second para"
                    if partly_suspended
                    else "konfliktrådsloven §6 first para no. 8",
                )
            )
    elif entry.punishable_over_one_year:
        found.append(_lesser_reaction(entry.reaction, final_on))
    return found


LESSER_REACTIONS = {
    Reaction.CONDITIONAL_WAIVER: (
        9,
        "conditional waiver of prosecution",
        "konfliktrådsloven §6 first para no. 9",
    ),
    Reaction.DEFERRED_SENTENCING: (
        9,
        "deferred sentencing",
        "konfliktrådsloven §6 first para no. 9",
    ),
    Reaction.TRANSFER_TO_MEDIATION: (
        10,
        "transfer to the mediation service",
        "konfliktrådsloven §6 first para no. 10",
    ),
    Reaction.FINE: (11, "a fine", "konfliktrådsloven §6 first para no. 11"),
}


def _lesser_reaction(reaction: Reaction, final_on: date) -> Exclusion:
    number, what, legal_basis = LESSER_REACTIONS[reaction]
    reason = f"{what} for an offence punishable by more than a year, less than 2 years since final"
    return Exclusion(number, add_years(final_on, 2), reason, legal_basis)


def _unconditional(term: Term, final_on: date, *, second_para: bool) -> list[Exclusion]:
    """Rules 4–6 by the term's length; a community sentence's subsidiary term and a partly
    suspended sentence's unconditional part are judged under them by the second para."""
    if not term:
        return []
    if term.more_than_three_years:
        return [
            Exclusion(
                4,
                None,
                "unconditional prison of more than three years",
                "konfliktrådsloven §6 first para no. 4 and second para"
                if second_para
                else "konfliktrådsloven §6 first para no. 4",
            )
        ]
    if term.less_than_one_year:
        return [
            Exclusion(
                6,
                add_years(final_on, 10),
                "unconditional prison of less than one year, less than 10 years since final",
                "konfliktrådsloven §6 first para no. 6 and second para"
                if second_para
                else "konfliktrådsloven §6 first para no. 6",
            )
        ]
    return [
        Exclusion(
            5,
            add_years(final_on, 15),
            "unconditional prison of one to three years, less than 15 years since final",
            "konfliktrådsloven §6 first para no. 5 and second para"
            if second_para
            else "konfliktrådsloven §6 first para no. 5",
        )
    ]


def _final_on(entry: RecordEntry) -> date:
    if entry.final_on is None:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §6 first para",
            reason=f"a {entry.reaction.value} entry needs the date it became final",
        )
    return entry.final_on
