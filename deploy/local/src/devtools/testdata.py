"""Synthetic people for demos and tests: never a real person's number."""

from __future__ import annotations

from datetime import date

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def synthetic_national_id(birth_date: date, individual_number: int = 512) -> str:
    """A Skatteetaten (Tenor) synthetic fødselsnummer: month + 80, valid check digits.

    Walks individual numbers from the one given until both check digits exist (a remainder of
    1 makes a check digit impossible, so roughly one number in eleven is skipped).
    """
    for individual in range(individual_number, individual_number + 100):
        first_nine = (
            f"{birth_date.day:02d}{birth_date.month + 80:02d}{birth_date.year % 100:02d}"
            f"{individual % 1000:03d}"
        )
        digits = [int(c) for c in first_nine]
        k1 = _check_digit(digits, _K1)
        if k1 is None:
            continue
        k2 = _check_digit([*digits, k1], _K2)
        if k2 is None:
            continue
        return f"{first_nine}{k1}{k2}"
    raise ValueError("no valid number in range")


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check
