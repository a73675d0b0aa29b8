"""Signing keys and access tokens for local development and tests.

Services trust a JWKS file; this module writes one next to the matching private key and
mints tokens the services accept exactly as they would accept the identity provider's.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm

DEV_KID = "dev"
PRIVATE_KEY_FILENAME = "signing_key.pem"
JWKS_FILENAME = "jwks.json"

SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey


@dataclass(frozen=True, slots=True)
class DevKeyPair:
    private_key: Path
    jwks: Path
    kid: str


def generate_dev_keypair(directory: Path, *, kid: str = DEV_KID) -> DevKeyPair:
    """Write a new P-256 private key and a JWKS holding its public half.

    Refuses to overwrite: replacing the key would invalidate every token in circulation.
    """
    keypair = DevKeyPair(directory / PRIVATE_KEY_FILENAME, directory / JWKS_FILENAME, kid)
    for path in (keypair.private_key, keypair.jwks):
        if path.exists():
            raise FileExistsError(f"{path} already exists")
    directory.mkdir(parents=True, exist_ok=True)

    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_owner_only(keypair.private_key, pem)
    public_jwk = ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    jwks = {"keys": [{**public_jwk, "kid": kid, "alg": "ES256", "use": "sig"}]}
    keypair.jwks.write_text(json.dumps(jwks, indent=2) + "\n", encoding="utf-8")
    return keypair


def ensure_dev_keypair(directory: Path) -> DevKeyPair:
    """The keypair already in ``directory``, or a new one on first use."""
    private_key, jwks = directory / PRIVATE_KEY_FILENAME, directory / JWKS_FILENAME
    if private_key.exists() and jwks.exists():
        kid = json.loads(jwks.read_text(encoding="utf-8"))["keys"][0]["kid"]
        return DevKeyPair(private_key, jwks, str(kid))
    return generate_dev_keypair(directory)


def mint_token(
    private_key_pem: bytes,
    kid: str,
    *,
    issuer: str,
    audience: str,
    subject: str,
    roles: Iterable[str] = (),
    office: str | None = None,
    offices: Iterable[str] = (),
    ttl: timedelta = timedelta(hours=1),
    now: datetime | None = None,
) -> str:
    """An RFC 9068 access token, signed with the algorithm the key type implies."""
    algorithm, private_key = _signing_key(private_key_pem)
    issued_at = now or datetime.now(UTC)
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "roles": sorted(roles),
        "office": office,
        "offices": sorted(offices),
        "iat": issued_at,
        "exp": issued_at + ttl,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(
        claims,
        private_key,
        algorithm=algorithm,
        headers={"kid": kid, "typ": "at+jwt"},
    )


def _signing_key(private_key_pem: bytes) -> tuple[str, SigningKey]:
    private_key = serialization.load_pem_private_key(private_key_pem, password=None)
    if isinstance(private_key, ec.EllipticCurvePrivateKey) and isinstance(
        private_key.curve, ec.SECP256R1
    ):
        return "ES256", private_key
    if isinstance(private_key, rsa.RSAPrivateKey):
        return "RS256", private_key
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        return "EdDSA", private_key
    raise ValueError("signing keys must be P-256, RSA or Ed25519")


def _write_owner_only(path: Path, content: bytes) -> None:
    # Created with 0600 from the start, so the key is never readable by others.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
