"""Norwegian national identity numbers: fødselsnummer and D-number.

A number is eleven digits: birth date (DDMMYY), a three-digit individual number and two
mod-11 check digits. The number is personal data, so it never appears in an error message
or a ``repr``.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_LENGTH = 11
_D_NUMBER_DAY_OFFSET = 40

# The first check digit is weighted by 1 so that both rules below read "remainder of the
# weighted sum", which is how Skatteetaten states the rule for numbers issued from 2032.
_FIRST_CHECK_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_SECOND_CHECK_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

# Numbers issued before 2032 need remainder 0. From 1 January 2032 the first check digit
# may also leave remainder 1, 2 or 3; the second check digit keeps requiring 0. Numbers of
# both schemes stay valid side by side, so every remainder in this set is accepted. See
# Skatteetaten, "Nytt fødselsnummer fra 2032" (folkeregisteret-api-dokumentasjon).
_FIRST_CHECK_REMAINDERS = frozenset({0, 1, 2, 3})


class NationalIdKind(StrEnum):
    FODSELSNUMMER = "fodselsnummer"
    D_NUMBER = "d_number"


class SyntheticKind(StrEnum):
    """Which test-data generator a synthetic number follows; both shift the month.

    Health-sector H-numbers also add 40 to the month. They are out of scope, so such a
    number reads as NAV synthetic and is refused unless synthetic numbers are allowed.
    """

    NAV_DOLLY = "nav_dolly"
    SKATTEETATEN_TENOR = "skatteetaten_tenor"


_SYNTHETIC_MONTH_OFFSETS = {SyntheticKind.NAV_DOLLY: 40, SyntheticKind.SKATTEETATEN_TENOR: 80}


class NationalIdProblem(StrEnum):
    WRONG_LENGTH = "must be exactly 11 digits"
    NOT_DIGITS = "must contain only the digits 0-9"
    FIRST_CHECK_DIGIT = "has a wrong first check digit"
    SECOND_CHECK_DIGIT = "has a wrong second check digit"
    SYNTHETIC_NOT_ALLOWED = "is a synthetic test number, which is not allowed here"
    IMPOSSIBLE_DATE = "does not start with a possible date of birth"
    NO_CENTURY = "has an individual number that belongs to no century for its birth year"


class InvalidNationalId(ValueError):
    def __init__(self, problem: NationalIdProblem) -> None:
        super().__init__(f"national identity number {problem}")
        self.problem = problem


@dataclass(frozen=True, slots=True, repr=False)
class NationalId:
    value: str
    kind: NationalIdKind
    synthetic: SyntheticKind | None
    # Derived with the pre-2032 century table. From 2032 the individual number no longer
    # tells the century, so for new numbers Folkeregisteret's birth date is authoritative.
    birth_date: date

    def __repr__(self) -> str:
        synthetic = self.synthetic.value if self.synthetic else None
        return f"NationalId(value='<redacted>', kind={self.kind.value!r}, synthetic={synthetic!r})"


def parse_national_id(value: str, *, allow_synthetic: bool = False) -> NationalId:
    """Validate a fødselsnummer or D-number given as exactly eleven ASCII digits."""
    digits = _digits(value)
    if _weighted_remainder(digits[:10], _FIRST_CHECK_WEIGHTS) not in _FIRST_CHECK_REMAINDERS:
        raise InvalidNationalId(NationalIdProblem.FIRST_CHECK_DIGIT)
    if _weighted_remainder(digits, _SECOND_CHECK_WEIGHTS) != 0:
        raise InvalidNationalId(NationalIdProblem.SECOND_CHECK_DIGIT)

    day, kind = _day_and_kind(int(value[0:2]))
    month, synthetic = _month_and_synthetic(int(value[2:4]))
    if synthetic is not None and not allow_synthetic:
        raise InvalidNationalId(NationalIdProblem.SYNTHETIC_NOT_ALLOWED)
    year_in_century = int(value[4:6])
    century = _century(individual_number=int(value[6:9]), year_in_century=year_in_century)
    try:
        birth_date = date(century + year_in_century, month, day)
    except ValueError:
        raise InvalidNationalId(NationalIdProblem.IMPOSSIBLE_DATE) from None
    return NationalId(value=value, kind=kind, synthetic=synthetic, birth_date=birth_date)


def is_valid_national_id(value: str, *, allow_synthetic: bool = False) -> bool:
    try:
        parse_national_id(value, allow_synthetic=allow_synthetic)
    except InvalidNationalId:
        return False
    return True


def with_check_digits(first_nine: str) -> str | None:
    """The eleven-digit number the nine given digits make under the pre-2032 scheme, or None
    where no check digit fits (about one in eleven): for test data and synthetic persons."""
    if len(first_nine) != _LENGTH - 2 or not (first_nine.isascii() and first_nine.isdigit()):
        raise ValueError("give exactly nine ASCII digits")
    digits = tuple(int(character) for character in first_nine)
    for first in range(10):
        if _weighted_remainder((*digits, first), _FIRST_CHECK_WEIGHTS) != 0:
            continue
        for second in range(10):
            if _weighted_remainder((*digits, first, second), _SECOND_CHECK_WEIGHTS) == 0:
                return f"{first_nine}{first}{second}"
    return None


def _digits(value: str) -> tuple[int, ...]:
    if len(value) != _LENGTH:
        raise InvalidNationalId(NationalIdProblem.WRONG_LENGTH)
    # str.isdigit alone would accept other scripts' digits, such as "٣" or "³".
    if not (value.isascii() and value.isdigit()):
        raise InvalidNationalId(NationalIdProblem.NOT_DIGITS)
    return tuple(int(character) for character in value)


def _weighted_remainder(digits: tuple[int, ...], weights: tuple[int, ...]) -> int:
    return sum(digit * weight for digit, weight in zip(digits, weights, strict=True)) % 11


def _day_and_kind(encoded_day: int) -> tuple[int, NationalIdKind]:
    if encoded_day > _D_NUMBER_DAY_OFFSET:
        return encoded_day - _D_NUMBER_DAY_OFFSET, NationalIdKind.D_NUMBER
    return encoded_day, NationalIdKind.FODSELSNUMMER


def _month_and_synthetic(encoded_month: int) -> tuple[int, SyntheticKind | None]:
    for synthetic, offset in _SYNTHETIC_MONTH_OFFSETS.items():
        if offset < encoded_month <= offset + 12:
            return encoded_month - offset, synthetic
    return encoded_month, None


def _century(*, individual_number: int, year_in_century: int) -> int:
    """Century from the series of individual numbers that each birth period was issued."""
    if individual_number <= 499:
        return 1900
    if individual_number <= 749 and year_in_century >= 54:
        return 1800
    if year_in_century <= 39:
        return 2000
    if individual_number >= 900:
        return 1900
    raise InvalidNationalId(NationalIdProblem.NO_CENTURY)
