"""Tokens for the authentication tests: signed by the development key pair, or forged."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from konfliktrad_shared.auth import Authenticator, Principal
from konfliktrad_shared.auth_tokens import TokenVerifier
from konfliktrad_shared.devkeys import DevKeyPair

ISSUER = "https://auth.konfliktraadet.test"
AUDIENCE = "konfliktrad"
INVALID = 'Bearer error="invalid_token"'
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey


def dev_private_key(pem: bytes) -> ec.EllipticCurvePrivateKey:
    private_key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(private_key, ec.EllipticCurvePrivateKey)
    return private_key


class Forge:
    """Builds tokens that differ from a valid one in exactly one respect."""

    def __init__(self, keypair: DevKeyPair) -> None:
        self.pem = keypair.private_key.read_bytes()
        self.kid = keypair.kid
        self.now = datetime.now(UTC)

    def claims(self, **changes: object) -> dict[str, object]:
        claims: dict[str, object] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "saksbehandler-1",
            "roles": ["mediator"],
            "office": "oslo",
            "iat": self.now,
            "exp": self.now + timedelta(minutes=5),
        }
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def header(self, **changes: object) -> dict[str, Any]:
        header: dict[str, object] = {"kid": self.kid, "typ": "at+jwt"} | changes
        return {name: value for name, value in header.items() if value is not None}

    def signed(
        self,
        claims: dict[str, object] | None = None,
        header: dict[str, Any] | None = None,
        private_key: PrivateKey | None = None,
        algorithm: str = "ES256",
    ) -> str:
        key = private_key or dev_private_key(self.pem)
        return jwt.encode(
            claims or self.claims(), key, algorithm=algorithm, headers=header or self.header()
        )

    def unsigned(self, header: dict[str, object]) -> str:
        return f"{b64(header)}.{b64(self.claims())}."

    def hs256_with_public_key_as_secret(self) -> str:
        public_pem = (
            dev_private_key(self.pem)
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        signing_input = f"{b64(self.header(alg='HS256'))}.{b64(self.claims())}"
        mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def b64(document: dict[str, Any]) -> str:
    payload = json.dumps(document, default=lambda moment: int(moment.timestamp())).encode()
    return base64.urlsafe_b64encode(payload).rstrip(b"=").decode()


def app_trusting(verifier: TokenVerifier) -> TestClient:
    app = FastAPI()
    authenticated = Authenticator(verifier)

    @app.get("/whoami")
    async def whoami(principal: Annotated[Principal, Depends(authenticated())]) -> Any:
        return {
            "sub": principal.subject,
            "roles": sorted(principal.roles),
            "office": principal.office,
            "offices": sorted(principal.visible_offices()),
        }

    @app.get("/mediations")
    async def mediations(
        principal: Annotated[Principal, Depends(authenticated("mediator", "office_lead"))],
    ) -> Any:
        return {"sub": principal.subject}

    return TestClient(app)


def get(client: TestClient, path: str, token: str) -> Any:
    return client.get(path, headers={"Authorization": f"Bearer {token}"})
