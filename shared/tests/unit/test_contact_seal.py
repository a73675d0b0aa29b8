from __future__ import annotations

import pytest

from konfliktrad_shared.contact_seal import ContactDetails, ContactSeal
from konfliktrad_shared.crypto import DecryptionError, Keyring, generate_key

DETAILS = ContactDetails(name="Ola Syntetisk", national_id="14831051222", email="ola@example.no")


def seal_with(*kids: str) -> ContactSeal:
    return ContactSeal(Keyring.from_setting(",".join(f"{kid}:{KEYS[kid]}" for kid in kids)))


KEYS = {"k1": generate_key(), "k2": generate_key()}


def test_a_sealed_contact_opens_for_the_same_case_and_party() -> None:
    seal = seal_with("k1")
    sealed = seal.seal(DETAILS, case_id="case-1", party_id="offender")
    assert "14831051222" not in sealed and "Ola" not in sealed
    assert seal.open(sealed, case_id="case-1", party_id="offender") == DETAILS


@pytest.mark.parametrize(("case_id", "party_id"), [("case-2", "offender"), ("case-1", "victim-1")])
def test_a_sealed_contact_moved_to_another_case_or_party_does_not_open(
    case_id: str, party_id: str
) -> None:
    seal = seal_with("k1")
    sealed = seal.seal(DETAILS, case_id="case-1", party_id="offender")
    with pytest.raises(DecryptionError):
        seal.open(sealed, case_id=case_id, party_id=party_id)


def test_a_contact_sealed_before_rotation_still_opens_after_it() -> None:
    sealed = seal_with("k1").seal(DETAILS, case_id="c", party_id="offender")
    assert seal_with("k2", "k1").open(sealed, case_id="c", party_id="offender") == DETAILS


def test_the_same_contact_seals_differently_each_time() -> None:
    seal = seal_with("k1")
    first = seal.seal(DETAILS, case_id="c", party_id="offender")
    assert first != seal.seal(DETAILS, case_id="c", party_id="offender")
