import base64

import pytest

from konfliktrad_shared.crypto import (
    BlindIndexer,
    DecryptionError,
    FieldCipher,
    KeyConfigurationError,
    Keyring,
    generate_key,
)

PLAINTEXT = "Ola Nordmann, 31129956715"
TABLE, COLUMN = "parties", "national_id"
BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def cipher_with(*kids_and_keys: tuple[str, str]) -> FieldCipher:
    setting = ",".join(f"{kid}:{key}" for kid, key in kids_and_keys)
    return FieldCipher(Keyring.from_setting(setting))


@pytest.fixture
def old_key() -> tuple[str, str]:
    return ("k2024", generate_key())


@pytest.fixture
def new_key() -> tuple[str, str]:
    return ("k2025", generate_key())


@pytest.fixture
def cipher(new_key: tuple[str, str]) -> FieldCipher:
    return cipher_with(new_key)


def test_decrypt_returns_the_encrypted_text(cipher: FieldCipher) -> None:
    sealed = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)

    assert cipher.decrypt(sealed, table=TABLE, column=COLUMN) == PLAINTEXT


@pytest.mark.parametrize("plaintext", ["", "æøå ÆØÅ", "x" * 10_000])
def test_round_trip_keeps_empty_non_ascii_and_long_text(
    cipher: FieldCipher, plaintext: str
) -> None:
    sealed = cipher.encrypt(plaintext, table=TABLE, column=COLUMN)

    assert cipher.decrypt(sealed, table=TABLE, column=COLUMN) == plaintext


def test_ciphertext_names_format_version_and_key_id(cipher: FieldCipher) -> None:
    version, kid, body = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN).split(".")

    assert (version, kid) == ("v1", "k2025")
    assert set(body) <= set(BASE64URL_ALPHABET)


def test_same_plaintext_encrypts_differently_each_time(cipher: FieldCipher) -> None:
    sealed = {cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN) for _ in range(50)}

    assert len(sealed) == 50


def test_ciphertext_does_not_contain_the_plaintext(cipher: FieldCipher) -> None:
    sealed = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)
    _, _, body = sealed.split(".")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))

    assert "31129956715" not in sealed
    assert b"31129956715" not in raw
    assert b"Nordmann" not in raw


@pytest.mark.parametrize(
    ("table", "column"),
    [("parties", "name"), ("witnesses", "national_id"), ("partie", "snational_id")],
)
def test_ciphertext_moved_to_another_column_does_not_decrypt(
    cipher: FieldCipher, table: str, column: str
) -> None:
    sealed = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)

    with pytest.raises(DecryptionError, match=f"cannot decrypt {table}.{column}"):
        cipher.decrypt(sealed, table=table, column=column)


@pytest.mark.parametrize(("table", "column"), [("parties.x", "name"), ("parties", ""), ("1t", "c")])
def test_table_and_column_must_be_plain_identifiers(
    cipher: FieldCipher, table: str, column: str
) -> None:
    with pytest.raises(ValueError, match="not a plain SQL identifier"):
        cipher.encrypt(PLAINTEXT, table=table, column=column)


def test_rotation_keeps_old_ciphertexts_readable_and_seals_new_ones_with_the_new_key(
    old_key: tuple[str, str], new_key: tuple[str, str]
) -> None:
    before_rotation = cipher_with(old_key)
    old_sealed = before_rotation.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)

    after_rotation = cipher_with(new_key, old_key)
    new_sealed = after_rotation.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)

    assert after_rotation.decrypt(old_sealed, table=TABLE, column=COLUMN) == PLAINTEXT
    assert new_sealed.split(".")[1] == "k2025"
    assert after_rotation.needs_reencryption(old_sealed)
    assert not after_rotation.needs_reencryption(new_sealed)


def test_ciphertext_under_a_retired_key_fails_with_unknown_key_id(
    old_key: tuple[str, str], cipher: FieldCipher
) -> None:
    sealed = cipher_with(old_key).encrypt(PLAINTEXT, table=TABLE, column=COLUMN)

    with pytest.raises(DecryptionError, match="no key with id 'k2024'"):
        cipher.decrypt(sealed, table=TABLE, column=COLUMN)


def test_relabelled_key_id_does_not_decrypt(
    old_key: tuple[str, str], new_key: tuple[str, str]
) -> None:
    both = cipher_with(new_key, old_key)
    relabelled = both.encrypt(PLAINTEXT, table=TABLE, column=COLUMN).replace("k2025", "k2024")

    with pytest.raises(DecryptionError, match="does not authenticate under key 'k2024'"):
        both.decrypt(relabelled, table=TABLE, column=COLUMN)


def flip_one_character(text: str, index: int) -> str:
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


def test_tampering_with_any_character_of_the_body_is_detected(cipher: FieldCipher) -> None:
    sealed = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)
    body_start = len("v1.k2025.")

    for index in range(body_start, len(sealed)):
        with pytest.raises(DecryptionError):
            cipher.decrypt(flip_one_character(sealed, index), table=TABLE, column=COLUMN)


def test_non_canonical_base64_spelling_of_the_same_bytes_is_rejected(cipher: FieldCipher) -> None:
    # 53 sealed bytes leave two spare bits in the last character; toggling one keeps the
    # decoded bytes identical, which only the canonical-spelling check catches.
    sealed = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)
    last = BASE64URL_ALPHABET.index(sealed[-1])
    respelled = sealed[:-1] + BASE64URL_ALPHABET[last ^ 1]

    with pytest.raises(DecryptionError, match="not canonical"):
        cipher.decrypt(respelled, table=TABLE, column=COLUMN)


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("Ola Nordmann", "not a v1 field ciphertext"),
        ("v2.k2025.AAAA", "not a v1 field ciphertext"),
        ("v1.k2025.", "not a v1 field ciphertext"),
        ("v1.k2025.AAAAA", "not valid base64url"),
        ("v1.k2025.AAAA", "too short"),
    ],
)
def test_malformed_stored_value_is_a_decryption_error(
    cipher: FieldCipher, stored: str, message: str
) -> None:
    with pytest.raises(DecryptionError, match=message):
        cipher.decrypt(stored, table=TABLE, column=COLUMN)


def test_decryption_error_never_contains_the_plaintext(
    old_key: tuple[str, str], cipher: FieldCipher
) -> None:
    sealed = cipher.encrypt(PLAINTEXT, table=TABLE, column=COLUMN)

    wrong_key = cipher_with(old_key)

    for decrypting, table in ((cipher, "other"), (wrong_key, TABLE)):
        with pytest.raises(DecryptionError) as raised:
            decrypting.decrypt(sealed, table=table, column=COLUMN)
        assert "Nordmann" not in str(raised.value)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("", "at least one key"),
        (" , ", "at least one key"),
        ("k2025", "'kid:base64'"),
        ("k.2025:AAAA", "key id must be"),
        ("k2025:not base64!", "not valid base64"),
        ("k2025:" + base64.b64encode(b"short").decode(), "must decode to 32 bytes"),
    ],
)
def test_malformed_key_setting_is_rejected(setting: str, message: str) -> None:
    with pytest.raises(KeyConfigurationError, match=message):
        Keyring.from_setting(setting)


def test_duplicate_key_id_is_rejected() -> None:
    key = generate_key()

    with pytest.raises(KeyConfigurationError, match="listed twice"):
        Keyring.from_setting(f"k1:{key},k1:{generate_key()}")


def test_key_pasted_as_key_id_is_not_echoed_in_the_error() -> None:
    key = generate_key()

    with pytest.raises(KeyConfigurationError) as raised:
        Keyring.from_setting(f"{key}:{generate_key()}")

    assert key not in str(raised.value)


def test_keyring_repr_shows_key_ids_only(
    new_key: tuple[str, str], old_key: tuple[str, str]
) -> None:
    keyring = Keyring.from_setting(f"{new_key[0]}:{new_key[1]}, {old_key[0]}:{old_key[1]}")

    assert repr(keyring) == "Keyring(kids=('k2025', 'k2024'))"
    assert keyring.current_kid == "k2025"


def test_generated_keys_are_distinct_base64_of_32_bytes() -> None:
    keys = {generate_key() for _ in range(10)}

    assert len(keys) == 10
    assert all(len(base64.b64decode(key, validate=True)) == 32 for key in keys)


@pytest.fixture
def indexer() -> BlindIndexer:
    return BlindIndexer.from_setting(generate_key())


def test_blind_index_is_stable_for_a_value(indexer: BlindIndexer) -> None:
    assert indexer.blind_index("31129956715") == indexer.blind_index("31129956715")


@pytest.mark.parametrize("spelling", ["311299 56715", " 31129956715\n", "３１１２９９５６７１５"])
def test_blind_index_ignores_whitespace_and_unicode_width(
    indexer: BlindIndexer, spelling: str
) -> None:
    assert indexer.blind_index(spelling) == indexer.blind_index("31129956715")


def test_blind_index_differs_between_values(indexer: BlindIndexer) -> None:
    assert indexer.blind_index("31129956715") != indexer.blind_index("30108299920")


def test_blind_index_differs_with_another_index_key(indexer: BlindIndexer) -> None:
    other = BlindIndexer.from_setting(generate_key())

    assert indexer.blind_index("31129956715") != other.blind_index("31129956715")


def test_blind_index_is_hex_sha256_without_the_value(indexer: BlindIndexer) -> None:
    index = indexer.blind_index("31129956715")

    assert len(index) == 64
    assert int(index, 16) >= 0
    assert "31129956715" not in index
    assert "redacted" in repr(indexer)


def test_blind_index_key_must_be_32_bytes() -> None:
    with pytest.raises(KeyConfigurationError, match="32 bytes"):
        BlindIndexer.from_setting(base64.b64encode(b"too short").decode())
