"""Synthetic people for demos and tests: never a real person's number."""

from __future__ import annotations

from datetime import date

from konfliktrad_shared.national_id import with_check_digits


def synthetic_national_id(birth_date: date, individual_number: int = 512) -> str:
    """A Skatteetaten (Tenor) synthetic fødselsnummer: month + 80, valid check digits.

    Walks individual numbers from the one given until both check digits exist.
    """
    for individual in range(individual_number, individual_number + 100):
        number = with_check_digits(
            f"{birth_date.day:02d}{birth_date.month + 80:02d}{birth_date.year % 100:02d}"
            f"{individual % 1000:03d}"
        )
        if number is not None:
            return number
    raise ValueError("no valid number in range")
