"""A delivery's signature covers every ce-* header, the content type and the body, in one
documented order; change, add, drop or reorder any of them and it no longer verifies."""

from __future__ import annotations

import base64
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from konfliktrad_shared.delivery_signature import (
    DeliverySigner,
    SignatureRefused,
    content_digest,
    covered_components,
    signature_base,
    signature_params,
    verify,
)

SIGNER = DeliverySigner.generate("prosecution-adapter")
TRUSTED = {"prosecution-adapter": SIGNER.public_key()}
BODY = b'{"case_id": "case-1", "legal_basis": "konfliktr\\u00e5dsloven \\u00a733"}'
HEADERS = {
    "ce-type": "no.konfliktraadet.youth_plan.breach_escalated.v1",
    "ce-id": "e-1",
    "ce-source": "urn:konfliktrad:youth_plan",
    "ce-specversion": "1.0",
    "ce-time": "2026-11-20T12:00:00+00:00",
    "ce-subject": "case-1",
    "content-type": "application/json",
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
}


def signed(headers: dict[str, str] = HEADERS, body: bytes = BODY) -> dict[str, str]:
    return SIGNER.sign(headers, body, created=1_800_000_000)


def pairs(headers: dict[str, str]) -> list[tuple[str, str]]:
    return list(headers.items())


def refusal(headers: list[tuple[str, str]], body: bytes = BODY) -> SignatureRefused:
    with pytest.raises(SignatureRefused) as refused:
        verify(headers, body, TRUSTED)
    return refused.value


def test_the_covered_headers_are_every_ce_header_sorted_then_content_type_and_digest() -> None:
    assert covered_components(HEADERS) == (
        "ce-id",
        "ce-source",
        "ce-specversion",
        "ce-subject",
        "ce-time",
        "ce-type",
        "content-type",
        "content-digest",
    )
    request = signed()
    assert request["signature-input"] == (
        'sig1=("ce-id" "ce-source" "ce-specversion" "ce-subject" "ce-time" "ce-type" '
        '"content-type" "content-digest");created=1800000000;keyid="prosecution-adapter";'
        'alg="ed25519"'
    )
    assert request["content-digest"] == content_digest(BODY)


def test_the_signature_is_ed25519_over_the_documented_signature_base() -> None:
    request = signed()
    components = covered_components(request)
    params = signature_params(components, created=1_800_000_000, key_id="prosecution-adapter")
    base = signature_base(request, components, params)
    assert base.decode().splitlines() == [
        '"ce-id": e-1',
        '"ce-source": urn:konfliktrad:youth_plan',
        '"ce-specversion": 1.0',
        '"ce-subject": case-1',
        '"ce-time": 2026-11-20T12:00:00+00:00',
        '"ce-type": no.konfliktraadet.youth_plan.breach_escalated.v1',
        '"content-type": application/json',
        f'"content-digest": {content_digest(BODY)}',
        f'"@signature-params": {params}',
    ]
    match = re.fullmatch(r"sig1=:(.+):", request["signature"])
    assert match is not None
    SIGNER.public_key().verify(base64.b64decode(match[1]), base)


def test_a_proper_delivery_verifies_with_header_names_in_any_case() -> None:
    request = {name.title(): value for name, value in signed().items()}
    assert verify(pairs(request), BODY, TRUSTED) == "prosecution-adapter"


@pytest.mark.parametrize(
    "header", ["ce-id", "ce-type", "ce-source", "ce-specversion", "ce-time", "ce-subject"]
)
def test_a_tampered_ce_header_fails_verification(header: str) -> None:
    request = signed() | {header: "something-else"}
    assert refusal(pairs(request)).status == 403


def test_a_tampered_content_type_or_body_fails_verification() -> None:
    assert refusal(pairs(signed() | {"content-type": "text/plain"})).status == 403
    assert "content-digest" in refusal(pairs(signed()), BODY.replace(b"33", b"36")).reason


def test_a_body_with_a_matching_new_digest_still_fails_verification() -> None:
    forged = BODY.replace(b"33", b"36")
    request = signed() | {"content-digest": content_digest(forged)}
    assert "does not verify" in refusal(pairs(request), forged).reason


def test_a_ce_header_added_after_signing_is_refused_as_uncovered() -> None:
    request = signed() | {"ce-dataschema": "urn:forged"}
    assert "ce-dataschema" in refusal(pairs(request)).reason


def test_a_repeated_ce_header_is_read_as_one_value_and_fails() -> None:
    request = [*pairs(signed()), ("ce-type", "no.konfliktraadet.referral.referral_rejected.v1")]
    assert refusal(request).status == 403


def test_a_covered_header_dropped_or_the_cover_list_narrowed_is_refused() -> None:
    request = signed()
    del request["ce-subject"]
    assert refusal(pairs(request)).status == 403
    narrowed = signed() | {
        "signature-input": signed()["signature-input"].replace('"ce-subject" ', "")
    }
    assert "ce-subject" in refusal(pairs(narrowed)).reason


def test_traceparent_is_not_covered_and_may_be_rewritten_by_a_proxy() -> None:
    request = signed() | {"traceparent": "00-11111111111111111111111111111111-2222222222222222-01"}
    assert verify(pairs(request), BODY, TRUSTED) == "prosecution-adapter"


def test_unsigned_or_signed_with_an_unknown_key_is_a_401() -> None:
    assert refusal(pairs(HEADERS)).status == 401
    stranger = DeliverySigner("prosecution-adapter", Ed25519PrivateKey.generate())
    forged = stranger.sign(HEADERS, BODY, created=1_800_000_000)
    assert refusal(pairs(forged)).status == 403, "the key id is known, the key is not"
    unknown = DeliverySigner.generate("someone-else").sign(HEADERS, BODY, created=1)
    assert refusal(pairs(unknown)).status == 401


def test_malformed_signature_headers_are_refused_not_crashed_on() -> None:
    for header, value in (
        ("signature-input", "sig1=garbage"),
        ("signature-input", signed()["signature-input"].replace('alg="ed25519"', 'alg="hs256"')),
        ("signature", "sig1=:not base64!:"),
        ("signature", "sig2=" + signed()["signature"].removeprefix("sig1=")),
    ):
        assert refusal(pairs(signed() | {header: value})).status == 403, value


def test_a_request_missing_a_required_cloudevents_header_is_refused() -> None:
    headers = {name: value for name, value in HEADERS.items() if name != "ce-specversion"}
    assert "ce-specversion" in refusal(pairs(signed(headers))).reason
