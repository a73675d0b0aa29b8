"""§6: each of the eleven rules at its boundary — the day before and the day its window ends —
and the second para's community and partly suspended sentences."""

from __future__ import annotations

from datetime import date

import pytest

from vetting.domain.record import Reaction, RecordEntry, Term, exclusions

FINAL = date(2015, 6, 10)


def rules(entry: RecordEntry, on: date) -> list[tuple[int, date | None]]:
    return [(x.number, x.eligible_from) for x in exclusions((entry,), on=on)]


# (rule, entry, the first day it no longer excludes; None: never)
WINDOWED = [
    (5, RecordEntry(Reaction.PRISON, FINAL, unconditional=Term(months=18)), date(2030, 6, 10)),
    (6, RecordEntry(Reaction.PRISON, FINAL, unconditional=Term(days=90)), date(2025, 6, 10)),
    (7, RecordEntry(Reaction.YOUTH_SENTENCE, FINAL), date(2025, 6, 10)),
    (8, RecordEntry(Reaction.PRISON, FINAL, suspended=Term(days=60)), date(2020, 6, 10)),
    (
        9,
        RecordEntry(Reaction.CONDITIONAL_WAIVER, FINAL, punishable_over_one_year=True),
        date(2017, 6, 10),
    ),
    (
        9,
        RecordEntry(Reaction.DEFERRED_SENTENCING, FINAL, punishable_over_one_year=True),
        date(2017, 6, 10),
    ),
    (
        10,
        RecordEntry(Reaction.TRANSFER_TO_MEDIATION, FINAL, punishable_over_one_year=True),
        date(2017, 6, 10),
    ),
    (11, RecordEntry(Reaction.FINE, FINAL, punishable_over_one_year=True), date(2017, 6, 10)),
]


@pytest.mark.parametrize(("rule", "entry", "eligible_from"), WINDOWED)
def test_par6_first_para_rule_excludes_until_the_day_before_its_window_ends(
    rule: int, entry: RecordEntry, eligible_from: date
) -> None:
    day_before = date.fromordinal(eligible_from.toordinal() - 1)
    assert rules(entry, day_before) == [(rule, eligible_from)]
    assert rules(entry, eligible_from) == []


PERMANENT = [
    (1, RecordEntry(Reaction.FINE, FINAL, child_sexual_abuse=True)),
    (2, RecordEntry(Reaction.PREVENTIVE_DETENTION, FINAL)),
    (3, RecordEntry(Reaction.COMPULSORY_CARE, FINAL)),
    (4, RecordEntry(Reaction.PRISON, FINAL, unconditional=Term(months=36, days=1))),
]


@pytest.mark.parametrize(("rule", "entry"), PERMANENT)
def test_par6_first_para_rules_1_to_4_exclude_for_good(rule: int, entry: RecordEntry) -> None:
    assert rules(entry, date(2090, 1, 1)) == [(rule, None)]


def test_par6_no1_a_charge_without_conviction_excludes() -> None:
    charge = RecordEntry(Reaction.CHARGE, child_sexual_abuse=True)
    [exclusion] = exclusions((charge,), on=date(2026, 3, 2))
    assert exclusion.legal_basis == "konfliktrådsloven §6 first para no. 1"
    assert exclusion.eligible_from is None


def test_par6_a_charge_for_anything_else_does_not_exclude() -> None:
    assert rules(RecordEntry(Reaction.INDICTMENT), date(2026, 3, 2)) == []


def test_par6_no5_a_sentence_of_exactly_one_year_falls_under_no5_not_no6() -> None:
    entry = RecordEntry(Reaction.PRISON, FINAL, unconditional=Term(months=12))
    assert rules(entry, date(2026, 1, 1)) == [(5, date(2030, 6, 10))]


def test_par6_no6_a_day_short_of_a_year_falls_under_no6() -> None:
    entry = RecordEntry(Reaction.PRISON, FINAL, unconditional=Term(months=11, days=29))
    assert rules(entry, date(2024, 1, 1)) == [(6, date(2025, 6, 10))]


def test_par6_no5_a_sentence_of_exactly_three_years_falls_under_no5_not_no4() -> None:
    entry = RecordEntry(Reaction.PRISON, FINAL, unconditional=Term(months=36))
    assert rules(entry, date(2026, 1, 1)) == [(5, date(2030, 6, 10))]
    assert rules(entry, date(2030, 6, 10)) == []


def test_par6_second_para_community_sentence_judged_by_its_subsidiary_term() -> None:
    short = RecordEntry(Reaction.COMMUNITY_SENTENCE, FINAL, unconditional=Term(days=120))
    long = RecordEntry(Reaction.COMMUNITY_SENTENCE, FINAL, unconditional=Term(months=14))
    [exclusion] = exclusions((short,), on=date(2024, 1, 1))
    assert (exclusion.number, exclusion.eligible_from) == (6, date(2025, 6, 10))
    assert exclusion.legal_basis == "konfliktrådsloven §6 first para no. 6 and second para"
    assert rules(long, date(2026, 1, 1)) == [(5, date(2030, 6, 10))]


def test_par6_second_para_partly_suspended_sentence_is_judged_part_by_part() -> None:
    entry = RecordEntry(
        Reaction.PRISON, FINAL, unconditional=Term(days=60), suspended=Term(days=120)
    )
    assert rules(entry, date(2018, 1, 1)) == [(6, date(2025, 6, 10)), (8, date(2020, 6, 10))]
    assert rules(entry, date(2020, 6, 10)) == [(6, date(2025, 6, 10))]  # the suspended part ends
    assert all(
        x.legal_basis.endswith("and second para") for x in exclusions((entry,), on=date(2018, 1, 1))
    )


@pytest.mark.parametrize(
    "reaction",
    [Reaction.FINE, Reaction.CONDITIONAL_WAIVER, Reaction.TRANSFER_TO_MEDIATION],
)
def test_par6_nos_9_to_11_only_for_offences_punishable_by_more_than_a_year(
    reaction: Reaction,
) -> None:
    assert rules(RecordEntry(reaction, FINAL, punishable_over_one_year=False), FINAL) == []


def test_par6_every_excluding_rule_is_listed_with_its_own_date() -> None:
    entries = (
        RecordEntry(Reaction.FINE, date(2025, 1, 5), punishable_over_one_year=True),
        RecordEntry(Reaction.YOUTH_SENTENCE, date(2020, 3, 1)),
        RecordEntry(Reaction.PRISON, date(2021, 4, 1), suspended=Term(days=30)),
    )
    found = exclusions(entries, on=date(2026, 3, 2))
    assert [(x.number, x.eligible_from) for x in found] == [
        (7, date(2030, 3, 1)),
        (8, date(2026, 4, 1)),
        (11, date(2027, 1, 5)),
    ]


def test_par6_child_sexual_abuse_conviction_lists_no1_and_the_sentence_rule() -> None:
    entry = RecordEntry(
        Reaction.PRISON, FINAL, child_sexual_abuse=True, unconditional=Term(months=8)
    )
    assert rules(entry, date(2020, 1, 1)) == [(1, None), (6, date(2025, 6, 10))]


def test_par6_window_from_29_february_ends_on_28_february() -> None:
    entry = RecordEntry(Reaction.FINE, date(2024, 2, 29), punishable_over_one_year=True)
    assert rules(entry, date(2026, 2, 27)) == [(11, date(2026, 2, 28))]
    assert rules(entry, date(2026, 2, 28)) == []
