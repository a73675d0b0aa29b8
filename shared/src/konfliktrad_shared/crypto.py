"""Field encryption at rest (AES-256-GCM) and keyed blind indexes for exact-match lookups.

A ciphertext is the text ``v1.<kid>.<base64url(nonce | ciphertext+tag)>`` and fits a Text
column. The associated data is ``"<table>.<column>"``, so a ciphertext copied into another
column no longer decrypts. It does not bind the row: that would need the primary key
before insert, and swapping values between rows of one column needs write access anyway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_FORMAT_VERSION = "v1"
_KEY_BYTES = 32
# Random 96-bit nonces stay safe for 2**32 encryptions per key (NIST SP 800-38D, 8.3);
# rotating keys yearly keeps every service far below that.
_NONCE_BYTES = 12
_TAG_BYTES = 16
_KID_PATTERN = r"[A-Za-z0-9_-]{1,64}"
_KID = re.compile(_KID_PATTERN)
_CIPHERTEXT = re.compile(rf"{_FORMAT_VERSION}\.(?P<kid>{_KID_PATTERN})\.(?P<body>[A-Za-z0-9_-]+)")
_SQL_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


class KeyConfigurationError(ValueError):
    """A configured key is malformed; the message never repeats key material."""


class DecryptionError(Exception):
    """A stored value could not be decrypted; the message never contains plaintext."""


def generate_key() -> str:
    """A fresh 256-bit key, base64 encoded like ``openssl rand -base64 32``."""
    return base64.b64encode(secrets.token_bytes(_KEY_BYTES)).decode("ascii")


class Keyring:
    """Ordered keys: the first encrypts, every one decrypts, so rotation is a prepend."""

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise KeyConfigurationError("a keyring needs at least one key")
        self._ciphers: dict[str, AESGCM] = {}
        for kid, key in keys:
            _check_kid(kid)
            if kid in self._ciphers:
                raise KeyConfigurationError(f"key id {kid!r} is listed twice")
            if len(key) != _KEY_BYTES:
                raise KeyConfigurationError(f"key {kid!r} must be {_KEY_BYTES} bytes")
            self._ciphers[kid] = AESGCM(key)
        self.current_kid = keys[0][0]

    @classmethod
    def from_setting(cls, setting: str) -> Keyring:
        """Parse ``"k2025:BASE64,k2024:BASE64"``, newest key first."""
        keys = []
        for entry in filter(None, (part.strip() for part in setting.split(","))):
            kid, separator, encoded = (part.strip() for part in entry.partition(":"))
            if not separator:
                raise KeyConfigurationError("each field key must be written 'kid:base64'")
            # Checked before any message quotes it, in case a key was pasted as the id.
            _check_kid(kid)
            keys.append((kid, _decode_key(encoded, name=kid)))
        return cls(keys)

    @property
    def kids(self) -> tuple[str, ...]:
        return tuple(self._ciphers)

    def seal(self, plaintext: bytes, associated_data: bytes) -> tuple[str, bytes]:
        """Encrypt under the current key; returns its id and nonce | ciphertext | tag."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        cipher = self._ciphers[self.current_kid]
        return self.current_kid, nonce + cipher.encrypt(nonce, plaintext, associated_data)

    def open(self, kid: str, sealed: bytes, associated_data: bytes) -> bytes:
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise DecryptionError(f"no key with id {kid!r} in the keyring")
        if len(sealed) < _NONCE_BYTES + _TAG_BYTES:
            raise DecryptionError("ciphertext is too short to hold a nonce and a tag")
        try:
            return cipher.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], associated_data)
        except InvalidTag:
            raise DecryptionError(
                f"value does not authenticate under key {kid!r}: it belongs to another "
                "column, was sealed with another key, or was altered"
            ) from None

    def __repr__(self) -> str:
        return f"Keyring(kids={self.kids!r})"


class FieldCipher:
    """Encrypts text for one column at a time, in the ``v1.<kid>.<base64url>`` format."""

    def __init__(self, keyring: Keyring) -> None:
        self._keyring = keyring

    def encrypt(self, plaintext: str, *, table: str, column: str) -> str:
        return self.encrypt_bound(plaintext, binding=_associated_data(table, column))

    def decrypt(self, ciphertext: str, *, table: str, column: str) -> str:
        try:
            return self.decrypt_bound(ciphertext, binding=_associated_data(table, column))
        except DecryptionError as error:
            raise DecryptionError(f"cannot decrypt {table}.{column}: {error}") from None

    def encrypt_bound(self, plaintext: str, *, binding: bytes) -> str:
        """Encrypt for one place only: the same `binding` is needed to decrypt."""
        kid, sealed = self._keyring.seal(plaintext.encode("utf-8"), binding)
        return f"{_FORMAT_VERSION}.{kid}.{_encode_body(sealed)}"

    def decrypt_bound(self, ciphertext: str, *, binding: bytes) -> str:
        kid, sealed = _split(ciphertext)
        return self._keyring.open(kid, sealed, binding).decode("utf-8")

    def needs_reencryption(self, ciphertext: str) -> bool:
        """Whether a stored value predates the current key, for rotation back-fills."""
        kid, _ = _split(ciphertext)
        return kid != self._keyring.current_kid


class BlindIndexer:
    """HMAC-SHA256 of a normalised value: equal inputs match, the value stays hidden.

    Its key must differ from every encryption key, and rotating it means recomputing
    every stored index, so it is a single key rather than a keyring.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != _KEY_BYTES:
            raise KeyConfigurationError(f"the blind index key must be {_KEY_BYTES} bytes")
        self._key = key

    @classmethod
    def from_setting(cls, setting: str) -> BlindIndexer:
        return cls(_decode_key(setting.strip(), name="blind index"))

    def blind_index(self, value: str) -> str:
        # Users type national ids as "010190 12345" and with full-width digits; all
        # spellings of one value must meet in one index entry.
        normalised = "".join(unicodedata.normalize("NFKC", value).split()).casefold()
        return hmac.new(self._key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "BlindIndexer(key=<redacted>)"


def _decode_key(encoded: str, *, name: str) -> bytes:
    try:
        key = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise KeyConfigurationError(f"key {name!r} is not valid base64") from None
    if len(key) != _KEY_BYTES:
        raise KeyConfigurationError(f"key {name!r} must decode to {_KEY_BYTES} bytes")
    return key


def _associated_data(table: str, column: str) -> bytes:
    # Identifiers cannot contain ".", so "a.b" + "c" and "a" + "b.c" never share a binding.
    for identifier in (table, column):
        if not _SQL_IDENTIFIER.fullmatch(identifier):
            raise ValueError(f"{identifier!r} is not a plain SQL identifier")
    return f"{table}.{column}".encode("ascii")


def _check_kid(kid: str) -> None:
    if not _KID.fullmatch(kid):
        raise KeyConfigurationError("a key id must be 1-64 of the characters A-Z a-z 0-9 _ -")


def _split(ciphertext: str) -> tuple[str, bytes]:
    match = _CIPHERTEXT.fullmatch(ciphertext)
    if match is None:
        raise DecryptionError(f"value is not a {_FORMAT_VERSION} field ciphertext")
    body = match["body"]
    try:
        sealed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error:
        raise DecryptionError("ciphertext body is not valid base64url") from None
    # Decoding ignores the spare low bits of the last character; requiring the one
    # canonical spelling keeps "any changed character fails" true of the stored text.
    if _encode_body(sealed) != body:
        raise DecryptionError("ciphertext body is not canonical base64url")
    return match["kid"], sealed


def _encode_body(sealed: bytes) -> str:
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")
