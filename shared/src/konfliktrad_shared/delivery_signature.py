"""A CloudEvent delivered over HTTP, signed so that the receiver can prove who sent it and
that nothing it acts on was changed: HTTP Message Signatures (RFC 9421) with Ed25519.

The signature covers, in this order:
  1. every `ce-*` header of the request, names lower-cased and sorted;
  2. `content-type` (in CloudEvents' binary mode it *is* the `datacontenttype` attribute);
  3. `content-digest` (RFC 9530, `sha-256=:<base64>:` of the body), which binds the body.
The covered names are listed in `Signature-Input`, with `created` (Unix seconds), `keyid`
and `alg="ed25519"`; the signed text is RFC 9421's signature base: one line per covered
header, `"<name>": <value>` (value trimmed; repeated headers joined with ", "), then the
`"@signature-params"` line, joined by newlines. `Signature` carries `sig1=:<base64>:`.

A receiver refuses a delivery with no signature, with a key it does not hold, with a
`ce-*` header the signature does not cover (nobody may add one), or whose signature does not
verify over what arrived. Ed25519 rather than a shared HMAC secret: the agency holds only the
public key, so nobody at the agency (or with its configuration) can forge a delivery from the
suite, and the signed delivery stays evidence of what the suite sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "ed25519"
LABEL = "sig1"
CLOUDEVENTS_PREFIX = "ce-"
# A CloudEvent without these is no CloudEvent (CloudEvents 1.0 required attributes).
REQUIRED_CE_HEADERS = ("ce-id", "ce-source", "ce-specversion", "ce-type")
BOUND_HEADERS = ("content-type", "content-digest")

_NAME = r"[a-z0-9][a-z0-9-]*"
_SIGNATURE_INPUT = re.compile(
    rf"(?P<label>{_NAME})=(?P<value>\((?P<components>[^()]*)\)"
    r'(?P<params>(?:;[a-z]+=(?:"[^"\\]*"|[0-9]+))*))'
)
_COMPONENTS = re.compile(rf'"{_NAME}"(?: "{_NAME}")*')
_PARAM = re.compile(r';([a-z]+)=(?:"([^"\\]*)"|([0-9]+))')
_SIGNATURE = re.compile(rf"(?P<label>{_NAME})=:(?P<value>[A-Za-z0-9+/]+=*):")


class SignatureRefused(Exception):
    """Why a delivery is not taken; `status` is the HTTP answer (401: not signed by anyone
    the receiver knows, 403: signed, but not over what arrived)."""

    def __init__(self, reason: str, status: int = 403) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def content_digest(body: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def covered_components(header_names: Iterable[str]) -> tuple[str, ...]:
    """What a signature over a request with these headers covers, in the canonical order."""
    cloud_events = sorted(
        {name.lower() for name in header_names if name.lower().startswith(CLOUDEVENTS_PREFIX)}
    )
    return (*cloud_events, *BOUND_HEADERS)


def signature_params(components: Iterable[str], *, created: int, key_id: str) -> str:
    listed = " ".join(f'"{name}"' for name in components)
    return f'({listed});created={created};keyid="{key_id}";alg="{ALGORITHM}"'


def signature_base(values: Mapping[str, str], components: Iterable[str], params: str) -> bytes:
    lines = [f'"{name}": {values[name]}' for name in components]
    lines.append(f'"@signature-params": {params}')
    return "\n".join(lines).encode()


@dataclass(frozen=True)
class DeliverySigner:
    key_id: str
    private_key: Ed25519PrivateKey

    @classmethod
    def from_pem(cls, key_id: str, pem: bytes) -> DeliverySigner:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the delivery signing key must be an Ed25519 private key")
        return cls(key_id, key)

    @classmethod
    def generate(cls, key_id: str) -> DeliverySigner:
        return cls(key_id, Ed25519PrivateKey.generate())

    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def sign(self, headers: Mapping[str, str], body: bytes, *, created: int) -> dict[str, str]:
        """`headers` with `content-digest`, `signature-input` and `signature` added."""
        signed = {name.lower(): value.strip() for name, value in headers.items()}
        signed["content-digest"] = content_digest(body)
        components = covered_components(signed)
        params = signature_params(components, created=created, key_id=self.key_id)
        signature = self.private_key.sign(signature_base(signed, components, params))
        signed["signature-input"] = f"{LABEL}={params}"
        signed["signature"] = f"{LABEL}=:{base64.b64encode(signature).decode()}:"
        return signed


def verify(
    headers: Iterable[tuple[str, str]], body: bytes, trusted: Mapping[str, Ed25519PublicKey]
) -> str:
    """The key id that signed this request, or `SignatureRefused`. `headers` as they
    arrived, repeats included (a repeated header is one value, joined, as RFC 9421 says)."""
    values = _combined(headers)
    if "signature" not in values or "signature-input" not in values:
        raise SignatureRefused("unsigned", status=401)
    label, params_text, components, params = _parse_input(values["signature-input"])
    key_id = params.get("keyid", "")
    if params.get("alg") != ALGORITHM or not params.get("created", "").isdigit():
        raise SignatureRefused("signature parameters other than created, keyid, alg=ed25519")
    if key_id not in trusted:
        raise SignatureRefused(f"unknown signing key {key_id!r}", status=401)
    _check_coverage(values, components)
    if not hmac.compare_digest(values["content-digest"], content_digest(body)):
        raise SignatureRefused("content-digest does not match the body")
    signature = _parse_signature(values["signature"], label)
    try:
        trusted[key_id].verify(signature, signature_base(values, components, params_text))
    except InvalidSignature:
        raise SignatureRefused("signature does not verify over the headers and body") from None
    return key_id


def _combined(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, list[str]] = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(value.strip())
    return {name: ", ".join(parts) for name, parts in values.items()}


def _parse_input(text: str) -> tuple[str, str, tuple[str, ...], dict[str, str]]:
    match = _SIGNATURE_INPUT.fullmatch(text.strip())
    listed = match["components"] if match else ""
    if match is None or (listed and not _COMPONENTS.fullmatch(listed)):
        raise SignatureRefused("malformed signature-input")
    components = tuple(name.strip('"') for name in listed.split()) if listed else ()
    params = {name: quoted or number for name, quoted, number in _PARAM.findall(match["params"])}
    return match["label"], match["value"], components, params


def _check_coverage(values: Mapping[str, str], components: tuple[str, ...]) -> None:
    missing = [name for name in (*REQUIRED_CE_HEADERS, *BOUND_HEADERS) if name not in values]
    if missing:
        raise SignatureRefused("missing: " + ", ".join(missing))
    expected = covered_components(values)
    if components != expected:
        uncovered = sorted(set(expected) - set(components))
        absent = sorted(set(components) - set(expected))
        if uncovered:
            raise SignatureRefused("not covered by the signature: " + ", ".join(uncovered))
        if absent:
            raise SignatureRefused("covered but not sent: " + ", ".join(absent))
        raise SignatureRefused("covered headers not in the canonical order")


def _parse_signature(text: str, label: str) -> bytes:
    match = _SIGNATURE.fullmatch(text.strip())
    if match is None or match["label"] != label:
        raise SignatureRefused("malformed signature")
    try:
        return base64.b64decode(match["value"], validate=True)
    except ValueError:
        raise SignatureRefused("malformed signature") from None


def public_key_from_pem(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("a delivery verification key must be an Ed25519 public key")
    return key


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
