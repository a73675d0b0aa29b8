import json
import stat
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from konfliktrad_shared.auth_tokens import KeySetError, TokenVerifier, load_jwks, parse_jwks
from konfliktrad_shared.devkeys import (
    JWKS_FILENAME,
    ensure_dev_keypair,
    generate_dev_keypair,
    mint_token,
)


def public_ec_jwk(kid: str = "k1") -> dict[str, Any]:
    private_key = ec.generate_private_key(ec.SECP256R1())
    jwk = jwt.algorithms.ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    return {**jwk, "kid": kid}


def private_ec_jwk(kid: str = "k1") -> dict[str, Any]:
    private_key = ec.generate_private_key(ec.SECP256R1())
    return {**jwt.algorithms.ECAlgorithm.to_jwk(private_key, as_dict=True), "kid": kid}


def short_rsa_jwk() -> dict[str, Any]:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 -- the weak key is the point
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    return {**jwk, "kid": "short"}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param([], "non-empty 'keys' list", id="not an object"),
        pytest.param({"keys": []}, "non-empty 'keys' list", id="no keys"),
        pytest.param({"keys": [{"kty": "EC"}]}, "non-empty string 'kid'", id="no kid"),
        pytest.param({"keys": ["k1"]}, "non-empty string 'kid'", id="key not an object"),
        pytest.param(
            {"keys": [public_ec_jwk("k1"), public_ec_jwk("k1")]}, "appears twice", id="duplicate"
        ),
        pytest.param(
            {"keys": [{**public_ec_jwk(), "use": "enc"}]}, "not a signing key", id="encryption"
        ),
        pytest.param({"keys": [private_ec_jwk()]}, "private or symmetric", id="private key"),
        pytest.param(
            {"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "k1"}]},
            "private or symmetric",
            id="HMAC secret",
        ),
        pytest.param({"keys": [{"kty": "XYZ", "kid": "k1"}]}, "unusable", id="unknown key type"),
    ],
)
def test_jwks_that_cannot_be_trusted_as_is_is_refused(document: Any, message: str) -> None:
    with pytest.raises(KeySetError, match=message):
        parse_jwks(document)


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        pytest.param({**public_ec_jwk(), "alg": "ES384"}, "allowed", id="algorithm not allowed"),
        pytest.param(short_rsa_jwk(), "1024 bits", id="RSA below 2048 bits"),
    ],
)
def test_verifier_refuses_keys_outside_the_algorithm_policy(jwk: Any, message: str) -> None:
    keys = parse_jwks({"keys": [jwk]})

    with pytest.raises(KeySetError, match=message):
        TokenVerifier(keys, issuer="i", audience="a")


def test_missing_or_broken_jwks_file_is_a_key_set_error(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")

    with pytest.raises(KeySetError, match="cannot read JWKS file"):
        load_jwks(tmp_path / "missing.json")
    with pytest.raises(KeySetError, match="cannot read JWKS file"):
        load_jwks(tmp_path / "broken.json")


def test_dev_keypair_writes_an_owner_only_private_key_and_a_public_jwks(tmp_path: Path) -> None:
    keypair = generate_dev_keypair(tmp_path / "keys", kid="dev-2026")

    assert stat.S_IMODE(keypair.private_key.stat().st_mode) == 0o600
    assert keypair.jwks == tmp_path / "keys" / JWKS_FILENAME
    [jwk] = json.loads(keypair.jwks.read_text())["keys"]
    assert jwk["kid"] == "dev-2026"
    assert {"alg": "ES256", "use": "sig", "kty": "EC", "crv": "P-256"}.items() <= jwk.items()
    assert "d" not in jwk


def test_dev_keypair_never_overwrites_existing_keys(tmp_path: Path) -> None:
    first = generate_dev_keypair(tmp_path)
    private_pem = first.private_key.read_bytes()

    with pytest.raises(FileExistsError):
        generate_dev_keypair(tmp_path)
    assert first.private_key.read_bytes() == private_pem


def test_ensure_dev_keypair_generates_once_then_reuses(tmp_path: Path) -> None:
    first = ensure_dev_keypair(tmp_path)
    private_pem = first.private_key.read_bytes()

    again = ensure_dev_keypair(tmp_path)

    assert again == first
    assert again.private_key.read_bytes() == private_pem


def test_minted_token_is_an_rfc_9068_access_token(tmp_path: Path) -> None:
    keypair = generate_dev_keypair(tmp_path)
    verifier = TokenVerifier.from_jwks_file(keypair.jwks, issuer="iss", audience="aud")

    token = mint_token(
        keypair.private_key.read_bytes(),
        keypair.kid,
        issuer="iss",
        audience="aud",
        subject="sub-1",
        roles={"b", "a"},
        office="tromsø",
    )

    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header == {"alg": "ES256", "kid": "dev", "typ": "at+jwt"}
    assert claims["roles"] == ["a", "b"]
    assert {"iat", "exp", "jti"} <= claims.keys()
    principal = verifier.verify(token)
    assert (principal.subject, principal.roles, principal.office) == (
        "sub-1",
        frozenset({"a", "b"}),
        "tromsø",
    )


def test_minting_refuses_key_types_outside_the_policy(tmp_path: Path) -> None:
    p384 = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )

    with pytest.raises(ValueError, match="P-256, RSA or Ed25519"):
        mint_token(p384, "k", issuer="i", audience="a", subject="s")
