"""Skjerming's two questions: who may see a screened case, and who may mediate it (§14)."""

from __future__ import annotations

import pytest

from konfliktrad_shared.refusal import RuleViolation
from konfliktrad_shared.screening import Screening


def test_a_case_not_screened_is_seen_by_everyone_the_office_check_lets_through() -> None:
    assert Screening().may_see("anyone", leader=False)


def test_a_screened_case_is_seen_by_the_leader_and_the_granted_never_by_a_party() -> None:
    screening = Screening.of(parties=["m-1", "leader-2"], granted=["officer-3"])

    assert screening.may_see("leader-1", leader=True)
    assert screening.may_see("officer-3", leader=False)
    assert not screening.may_see("officer-4", leader=False)
    assert not screening.may_see("m-1", leader=False)
    assert not screening.may_see("leader-2", leader=True), "a leader who is a party too"


def test_par14_a_party_never_mediates_and_the_refusal_gives_the_reason() -> None:
    screening = Screening.of(parties=["m-1"], granted=["m-2"])

    with pytest.raises(RuleViolation) as refused:
        screening.must_not_mediate(["m-2", "m-1"])

    assert "§14" in refused.value.legal_basis and "impartial" in refused.value.legal_basis
    assert "m-1 is a party" in refused.value.reason
    screening.must_not_mediate(["m-2"])


def test_a_party_cannot_be_granted_the_case() -> None:
    with pytest.raises(RuleViolation, match="cannot be granted"):
        Screening.of(parties=["m-1"], granted=["m-1"])
