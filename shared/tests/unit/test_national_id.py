from datetime import date

import pytest

from konfliktrad_shared.national_id import (
    InvalidNationalId,
    NationalIdKind,
    NationalIdProblem,
    SyntheticKind,
    is_valid_national_id,
    parse_national_id,
)
from konfliktrad_shared.national_id import with_check_digits as complete_with_check_digits

FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def with_check_digits(first_nine: str, *, first_remainder: int = 0) -> str:
    """Append the two check digits; first_remainder > 0 gives a number issued from 2032."""
    digits = [int(character) for character in first_nine]
    first = (first_remainder - _weighted_sum(digits, FIRST_WEIGHTS)) % 11
    second = -_weighted_sum([*digits, first], SECOND_WEIGHTS) % 11
    if first == 10 or second == 10:
        raise ValueError(f"{first_nine} has no check digits for remainder {first_remainder}")
    return f"{first_nine}{first}{second}"


def _weighted_sum(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(digit * weight for digit, weight in zip(digits, weights, strict=True))


def with_other_digit(value: str, position: int) -> str:
    replacement = str((int(value[position]) + 1) % 10)
    return value[:position] + replacement + value[position + 1 :]


def problem_of(value: str, *, allow_synthetic: bool = False) -> NationalIdProblem:
    with pytest.raises(InvalidNationalId) as raised:
        parse_national_id(value, allow_synthetic=allow_synthetic)
    return raised.value.problem


# Examples published by Skatteetaten ("Nytt fødselsnummer fra 2032") and fnrinfo.no.
PUBLISHED = [
    ("02013299997", date(2032, 1, 2)),
    ("30108299920", date(1982, 10, 30)),
    ("31129956715", date(1899, 12, 31)),
]


@pytest.mark.parametrize(("value", "birth_date"), PUBLISHED)
def test_published_examples_are_valid_fodselsnumre(value: str, birth_date: date) -> None:
    national_id = parse_national_id(value)

    assert national_id.kind is NationalIdKind.FODSELSNUMMER
    assert national_id.birth_date == birth_date
    assert national_id.synthetic is None
    assert national_id.value == value


@pytest.mark.parametrize("value", ["30108299920", "31129956715"])
def test_with_check_digits_completes_published_pre_2032_numbers(value: str) -> None:
    assert complete_with_check_digits(value[:9]) == value


def test_with_check_digits_gives_a_valid_number_or_none_where_no_digit_fits() -> None:
    completed = [complete_with_check_digits(f"010190{i:03d}") for i in range(100)]

    assert None in completed
    valid = [number for number in completed if number is not None]
    assert valid and all(parse_national_id(n).birth_date == date(1990, 1, 1) for n in valid)


@pytest.mark.parametrize(("value", "birth_date"), PUBLISHED)
def test_helper_computes_the_published_check_digits(value: str, birth_date: date) -> None:
    assert with_check_digits(value[:9]) == value


@pytest.mark.parametrize(
    ("first_nine", "birth_date"),
    [
        pytest.param("010190124", date(1990, 1, 1), id="000-499 is the 1900s"),
        pytest.param("280200499", date(1900, 2, 28), id="499 is still the 1900s"),
        pytest.param("150399500", date(1899, 3, 15), id="500-749 with year 54-99 is the 1800s"),
        pytest.param("150354749", date(1854, 3, 15), id="749 with year 54 is 1854"),
        pytest.param("290200500", date(2000, 2, 29), id="500-999 with year 00-39 is the 2000s"),
        pytest.param("311239999", date(2039, 12, 31), id="999 with year 39 is 2039"),
        pytest.param("010140900", date(1940, 1, 1), id="900-999 with year 40-99 is the 1900s"),
    ],
)
def test_century_follows_the_individual_number_series(first_nine: str, birth_date: date) -> None:
    assert parse_national_id(with_check_digits(first_nine)).birth_date == birth_date


@pytest.mark.parametrize("first_nine", ["010145500", "010153749", "010160750", "010199899"])
def test_individual_number_outside_every_series_for_the_year_is_rejected(first_nine: str) -> None:
    assert problem_of(with_check_digits(first_nine)) is NationalIdProblem.NO_CENTURY


@pytest.mark.parametrize(
    ("first_nine", "birth_date"),
    [("410190124", date(1990, 1, 1)), ("711299457", date(1999, 12, 31))],
)
def test_d_number_adds_40_to_the_day(first_nine: str, birth_date: date) -> None:
    national_id = parse_national_id(with_check_digits(first_nine))

    assert national_id.kind is NationalIdKind.D_NUMBER
    assert national_id.birth_date == birth_date


@pytest.mark.parametrize(
    ("first_nine", "synthetic", "kind"),
    [
        pytest.param("014190124", SyntheticKind.NAV_DOLLY, NationalIdKind.FODSELSNUMMER),
        pytest.param("015290125", SyntheticKind.NAV_DOLLY, NationalIdKind.FODSELSNUMMER),
        pytest.param("018190124", SyntheticKind.SKATTEETATEN_TENOR, NationalIdKind.FODSELSNUMMER),
        pytest.param("319290125", SyntheticKind.SKATTEETATEN_TENOR, NationalIdKind.FODSELSNUMMER),
        pytest.param("418190125", SyntheticKind.SKATTEETATEN_TENOR, NationalIdKind.D_NUMBER),
    ],
)
def test_synthetic_number_is_accepted_when_allowed_and_reports_its_generator(
    first_nine: str, synthetic: SyntheticKind, kind: NationalIdKind
) -> None:
    national_id = parse_national_id(with_check_digits(first_nine), allow_synthetic=True)

    assert national_id.synthetic is synthetic
    assert national_id.kind is kind
    assert national_id.birth_date.month == int(first_nine[2:4]) % 40


@pytest.mark.parametrize("first_nine", ["014190124", "018190124"])
def test_synthetic_number_is_rejected_by_default(first_nine: str) -> None:
    value = with_check_digits(first_nine)

    assert problem_of(value) is NationalIdProblem.SYNTHETIC_NOT_ALLOWED
    assert not is_valid_national_id(value)


@pytest.mark.parametrize("encoded_month", ["00", "13", "40", "53", "80", "93", "99"])
def test_month_outside_every_offset_range_is_an_impossible_date(encoded_month: str) -> None:
    value = with_check_digits(f"01{encoded_month}90124")

    assert problem_of(value, allow_synthetic=True) is NationalIdProblem.IMPOSSIBLE_DATE


@pytest.mark.parametrize(
    "first_nine",
    [
        pytest.param("000190124", id="day 00"),
        pytest.param("320190124", id="day 32"),
        pytest.param("400190124", id="day 40 is neither a date nor a D-number"),
        pytest.param("720190124", id="D-number day 32"),
        pytest.param("290290124", id="29 February in a common year"),
        pytest.param("290200123", id="1900 was not a leap year"),
        pytest.param("310490124", id="31 April"),
    ],
)
def test_day_that_does_not_exist_is_an_impossible_date(first_nine: str) -> None:
    assert problem_of(with_check_digits(first_nine)) is NationalIdProblem.IMPOSSIBLE_DATE


@pytest.mark.parametrize("first_remainder", [1, 2, 3])
def test_first_check_digit_from_remainder_1_to_3_is_valid_from_2032(first_remainder: int) -> None:
    value = with_check_digits("301082999", first_remainder=first_remainder)

    assert parse_national_id(value).birth_date == date(1982, 10, 30)


def test_skatteetatens_second_2032_example_is_valid_only_under_the_new_rule() -> None:
    value = "30108299939"
    first_check_sum = _weighted_sum([int(c) for c in value[:9]], FIRST_WEIGHTS) + int(value[9])

    assert first_check_sum % 11 == 1
    assert is_valid_national_id(value)


def test_first_check_digit_leaving_remainder_4_is_rejected() -> None:
    value = with_check_digits("301082999", first_remainder=4)

    assert problem_of(value) is NationalIdProblem.FIRST_CHECK_DIGIT


@pytest.mark.parametrize(("value", "_"), PUBLISHED)
def test_changed_second_check_digit_is_rejected(value: str, _: date) -> None:
    assert problem_of(with_other_digit(value, 10)) is NationalIdProblem.SECOND_CHECK_DIGIT


@pytest.mark.parametrize("position", range(9))
def test_mistyped_birth_date_or_individual_number_fails_a_check_digit(position: int) -> None:
    problem = problem_of(with_other_digit("31129956715", position))

    assert problem in {NationalIdProblem.FIRST_CHECK_DIGIT, NationalIdProblem.SECOND_CHECK_DIGIT}


@pytest.mark.parametrize("value", ["", "0101901234", "010190123456", " 31129956715"])
def test_value_that_is_not_11_characters_is_rejected(value: str) -> None:
    assert problem_of(value) is NationalIdProblem.WRONG_LENGTH


@pytest.mark.parametrize(
    "value",
    ["3112995671a", "311299 6715", "311299-6715", "3112995671٥", "3112995671³", "+3112995671"],
)
def test_value_with_anything_but_ascii_digits_is_rejected(value: str) -> None:
    assert problem_of(value) is NationalIdProblem.NOT_DIGITS


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("123", "national identity number must be exactly 11 digits"),
        ("1234567890x", "national identity number must contain only the digits 0-9"),
        ("31129956705", "national identity number has a wrong first check digit"),
        ("31129956716", "national identity number has a wrong second check digit"),
    ],
)
def test_error_message_says_what_is_wrong(value: str, message: str) -> None:
    with pytest.raises(InvalidNationalId, match=f"^{message}$"):
        parse_national_id(value)


@pytest.mark.parametrize(
    ("first_nine", "allow_synthetic", "message"),
    [
        ("018190124", False, "is a synthetic test number, which is not allowed here"),
        ("310490124", False, "does not start with a possible date of birth"),
        ("010145500", False, "has an individual number that belongs to no century"),
    ],
)
def test_error_message_about_the_meaning_of_the_digits(
    first_nine: str, allow_synthetic: bool, message: str
) -> None:
    with pytest.raises(InvalidNationalId, match=f"^national identity number {message}"):
        parse_national_id(with_check_digits(first_nine), allow_synthetic=allow_synthetic)


@pytest.mark.parametrize("value", ["31129956716", "31129956705", "3112995671a", "31049012345"])
def test_the_number_never_appears_in_an_error(value: str) -> None:
    with pytest.raises(InvalidNationalId) as raised:
        parse_national_id(value)

    assert value not in str(raised.value)
    assert value not in repr(raised.value)


def test_repr_and_str_mask_the_number_and_birth_date() -> None:
    national_id = parse_national_id("31129956715")

    for text in (repr(national_id), str(national_id), f"{national_id}"):
        assert "31129956715" not in text
        assert "311299" not in text
        assert "1899" not in text
        assert "<redacted>" in text


def test_is_valid_national_id_reports_validity_without_raising() -> None:
    assert is_valid_national_id("31129956715")
    assert not is_valid_national_id("31129956716")
    assert is_valid_national_id(with_check_digits("018190124"), allow_synthetic=True)
