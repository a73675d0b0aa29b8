"""The committed provision index (docs/provisions.md) is exactly what the code generates today.

When this fails, a citation or a test named after a provision was added, moved or removed:
regenerate with `uv run --frozen python -m devtools provisions` and commit docs/provisions.md.
"""

from __future__ import annotations

from pathlib import Path

from devtools import provisions
from devtools.provisions import Provision, citations, named_provisions

ROOT = Path(__file__).resolve().parents[2]


def test_committed_provision_index_matches_the_code() -> None:
    committed = (ROOT / "docs" / "provisions.md").read_text(encoding="utf-8")
    assert committed == provisions.generate(ROOT), (
        "docs/provisions.md is out of date: run `uv run --frozen python -m devtools provisions`"
    )


def test_citations_read_paragraphs_numbers_other_laws_and_bare_sections() -> None:
    found = list(
        citations(
            "konfliktrådsloven §6 first para no. 5 and second para; §21 first to third para, "
            "straffeloven §53 no. 3 (h), straffegjennomføringsloven §53 first para (c), §54"
        )
    )
    assert [str(p) for p in found] == [
        "konfliktrådsloven §6 first para no. 5",
        "konfliktrådsloven §6 second para",
        "konfliktrådsloven §21 first para",
        "konfliktrådsloven §21 second para",
        "konfliktrådsloven §21 third para",
        "straffeloven §53 no. 3 (h)",
        "straffegjennomføringsloven §53 first para (c)",
        "straffegjennomføringsloven §54",
    ]


def test_test_names_name_their_provisions() -> None:
    assert named_provisions("test_s18_first_para_period_ending_on_a_holiday") == [
        Provision("konfliktrådsloven", "18", "first")
    ]
    assert named_provisions("test_par4_par14_an_expired_mediator") == [
        Provision("konfliktrådsloven", "4"),
        Provision("konfliktrådsloven", "14"),
    ]
    assert named_provisions("test_s6_first_para_no_4_three_years") == [
        Provision("konfliktrådsloven", "6", "first", "4")
    ]
    assert named_provisions("test_strpl_71a_second_para_x") == [
        Provision("straffeprosessloven", "71a", "second")
    ]
    assert named_provisions("test_domstolloven_s148_second_para_x") == [
        Provision("domstolloven", "148", "second")
    ]
    assert named_provisions("test_the_flow_over_http") == []
