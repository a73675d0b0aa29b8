import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from konfliktrad_shared.auth import Authenticator, Principal, authenticator_from_settings
from konfliktrad_shared.auth_tokens import TokenVerifier, parse_jwks
from konfliktrad_shared.devkeys import DevKeyPair, generate_dev_keypair, mint_token
from konfliktrad_shared.settings import ServiceSettings

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


@pytest.fixture
def keypair(tmp_path: Path) -> DevKeyPair:
    return generate_dev_keypair(tmp_path / "keys")


@pytest.fixture
def forge(keypair: DevKeyPair) -> Forge:
    return Forge(keypair)


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


@pytest.fixture
def client(keypair: DevKeyPair) -> TestClient:
    return app_trusting(
        TokenVerifier.from_jwks_file(keypair.jwks, issuer=ISSUER, audience=AUDIENCE)
    )


def get(client: TestClient, path: str, token: str) -> Any:
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_valid_token_yields_the_principal(client: TestClient, keypair: DevKeyPair) -> None:
    token = mint_token(
        keypair.private_key.read_bytes(),
        keypair.kid,
        issuer=ISSUER,
        audience=AUDIENCE,
        subject="saksbehandler-1",
        roles=["mediator", "reader"],
        office="bergen",
    )

    response = get(client, "/whoami", token)

    assert response.status_code == 200
    assert response.json() == {
        "sub": "saksbehandler-1",
        "roles": ["mediator", "reader"],
        "office": "bergen",
        "offices": ["bergen"],
    }


def test_a_token_may_grant_further_offices(client: TestClient, keypair: DevKeyPair) -> None:
    token = mint_token(
        keypair.private_key.read_bytes(),
        keypair.kid,
        issuer=ISSUER,
        audience=AUDIENCE,
        subject="saksbehandler-2",
        office="bergen",
        offices=["stavanger"],
    )

    assert get(client, "/whoami", token).json()["offices"] == ["bergen", "stavanger"]


@pytest.mark.parametrize("typ", ["at+jwt", "AT+JWT", "application/at+jwt"])
def test_every_spelling_of_the_access_token_type_is_accepted(
    client: TestClient, forge: Forge, typ: str
) -> None:
    assert get(client, "/whoami", forge.signed(header=forge.header(typ=typ))).status_code == 200


def test_token_without_roles_or_office_is_a_principal_with_neither(
    client: TestClient, forge: Forge
) -> None:
    token = forge.signed(forge.claims(roles=None, office=None))

    assert get(client, "/whoami", token).json() == {
        "sub": "saksbehandler-1",
        "roles": [],
        "office": None,
        "offices": [],
    }


def test_principal_lacking_a_required_role_is_forbidden(client: TestClient, forge: Forge) -> None:
    response = get(client, "/mediations", forge.signed())

    assert response.status_code == 403
    assert response.json() == {"detail": "missing role: office_lead"}
    assert response.headers["WWW-Authenticate"] == 'Bearer error="insufficient_scope"'


def test_principal_holding_every_required_role_is_let_in(client: TestClient, forge: Forge) -> None:
    token = forge.signed(forge.claims(roles=["office_lead", "mediator"]))

    assert get(client, "/mediations", token).status_code == 200


def another_p256_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def rsa_2048_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


REJECTIONS: list[tuple[str, Callable[[Forge], str], str]] = [
    ("alg none", lambda f: f.unsigned(f.header(alg="none")), "algorithm not allowed"),
    ("HS256 keyed with public key", Forge.hs256_with_public_key_as_secret, "algorithm not allowed"),
    ("wrong audience", lambda f: f.signed(f.claims(aud="other-suite")), "wrong audience"),
    ("wrong issuer", lambda f: f.signed(f.claims(iss="https://evil.example")), "wrong issuer"),
    (
        "expired",
        lambda f: f.signed(
            f.claims(iat=f.now - timedelta(hours=1), exp=f.now - timedelta(minutes=5))
        ),
        "token expired",
    ),
    (
        "future nbf",
        lambda f: f.signed(f.claims(nbf=f.now + timedelta(minutes=5))),
        "token not yet valid",
    ),
    ("unknown kid", lambda f: f.signed(header=f.header(kid="retired")), "unknown signing key"),
    ("missing kid", lambda f: f.signed(header=f.header(kid=None)), "unknown signing key"),
    (
        "typ JWT",
        lambda f: f.signed(header=f.header(typ="JWT")),
        "not an access token (typ must be at+jwt)",
    ),
    (
        "typ id token",
        lambda f: f.signed(header=f.header(typ="id+jwt")),
        "not an access token (typ must be at+jwt)",
    ),
    (
        "missing typ",
        lambda f: f.signed(header=f.header(typ=None)),
        "not an access token (typ must be at+jwt)",
    ),
    ("missing exp", lambda f: f.signed(f.claims(exp=None)), "missing claim exp"),
    ("missing iat", lambda f: f.signed(f.claims(iat=None)), "missing claim iat"),
    ("missing sub", lambda f: f.signed(f.claims(sub=None)), "missing claim sub"),
    ("missing aud", lambda f: f.signed(f.claims(aud=None)), "missing claim aud"),
    ("missing iss", lambda f: f.signed(f.claims(iss=None)), "missing claim iss"),
    ("signed by another key", lambda f: f.signed(private_key=another_p256_key()), "bad signature"),
    (
        "RS256 against the ES256 key",
        lambda f: f.signed(private_key=rsa_2048_key(), algorithm="RS256"),
        "algorithm not allowed",
    ),
    (
        "roles not a list",
        lambda f: f.signed(f.claims(roles="admin")),
        "roles must be a list of strings",
    ),
    ("office not a string", lambda f: f.signed(f.claims(office=7)), "office must be a string"),
    ("garbage", lambda f: "not-a-token", "malformed token"),
    ("three garbage segments", lambda f: "a.b.c", "malformed token"),
]


@pytest.mark.parametrize(
    ("make_token", "reason"),
    [pytest.param(make, reason, id=name) for name, make, reason in REJECTIONS],
)
def test_refused_token_is_401_invalid_token_with_a_short_reason(
    client: TestClient, forge: Forge, make_token: Callable[[Forge], str], reason: str
) -> None:
    token = make_token(forge)

    response = get(client, "/whoami", token)

    assert response.status_code == 401
    assert response.json() == {"detail": reason}
    assert response.headers["WWW-Authenticate"] == f'{INVALID}, error_description="{reason}"'
    assert token not in response.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwdw=="},
    ],
    ids=["no header", "empty", "scheme only", "basic auth"],
)
def test_request_without_bearer_credentials_is_401_without_error_code(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.get("/whoami", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": "missing bearer token"}
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="konfliktrad"'


def test_expiry_within_the_clock_skew_leeway_is_tolerated(client: TestClient, forge: Forge) -> None:
    token = forge.signed(forge.claims(exp=forge.now - timedelta(seconds=10)))

    assert get(client, "/whoami", token).status_code == 200


@pytest.mark.parametrize(
    ("generate_key", "algorithm"),
    [(rsa_2048_key, "RS256"), (ed25519.Ed25519PrivateKey.generate, "EdDSA")],
    ids=["RS256", "EdDSA"],
)
def test_configured_rsa_and_ed25519_keys_are_trusted(
    generate_key: Callable[[], rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey],
    algorithm: str,
    forge: Forge,
) -> None:
    private_key = generate_key()
    algorithm_class = jwt.get_algorithm_by_name(algorithm)
    public_jwk = algorithm_class.to_jwk(private_key.public_key(), as_dict=True)
    keys = parse_jwks({"keys": [{**public_jwk, "kid": "idp-1"}]})
    client = app_trusting(TokenVerifier(keys, issuer=ISSUER, audience=AUDIENCE))
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )

    token = mint_token(
        pem, "idp-1", issuer=ISSUER, audience=AUDIENCE, subject="s", roles=["mediator"]
    )

    assert jwt.get_unverified_header(token)["alg"] == algorithm
    assert get(client, "/whoami", token).status_code == 200
    assert get(client, "/whoami", forge.signed()).status_code == 401


def test_authenticator_from_settings_trusts_the_configured_jwks(
    keypair: DevKeyPair, forge: Forge
) -> None:
    settings = ServiceSettings(
        service_name="test",
        http_port=8000,
        auth_issuer=ISSUER,
        auth_audience=AUDIENCE,
        auth_jwks_file=keypair.jwks,
    )
    app = FastAPI()
    authenticated = authenticator_from_settings(settings)

    @app.get("/whoami")
    async def whoami(principal: Annotated[Principal, Depends(authenticated())]) -> str:
        return principal.subject

    assert get(TestClient(app), "/whoami", forge.signed()).json() == "saksbehandler-1"


@pytest.mark.parametrize(
    ("lifetime", "status"),
    [
        (timedelta(minutes=5), 200),
        (timedelta(hours=1), 200),
        (timedelta(hours=1, seconds=1), 401),
        (timedelta(days=365 * 75), 401),  # the token valid until 2100
    ],
)
def test_a_token_living_longer_than_the_bound_is_refused(
    client: TestClient, forge: Forge, lifetime: timedelta, status: int
) -> None:
    token = forge.signed(forge.claims(exp=forge.now + lifetime))

    response = get(client, "/whoami", token)

    assert response.status_code == status
    if status == 401:
        assert response.json() == {"detail": "token lifetime too long"}


@pytest.mark.parametrize("claim", ["iat", "exp"])
def test_a_token_without_issue_or_expiry_time_is_refused(
    client: TestClient, forge: Forge, claim: str
) -> None:
    token = forge.signed(forge.claims(**{claim: None}))

    assert get(client, "/whoami", token).json() == {"detail": f"missing claim {claim}"}


def test_the_bound_is_a_setting(keypair: DevKeyPair, forge: Forge) -> None:
    settings = ServiceSettings(
        service_name="t",
        http_port=0,
        auth_jwks_file=keypair.jwks,
        auth_issuer=ISSUER,
        auth_audience=AUDIENCE,
        auth_max_token_lifetime_seconds=600,
    )
    client = app_trusting(TokenVerifier.from_settings(settings))
    ten, eleven = (forge.claims(exp=forge.now + timedelta(minutes=m)) for m in (10, 11))

    assert get(client, "/whoami", forge.signed(ten)).status_code == 200
    assert get(client, "/whoami", forge.signed(eleven)).status_code == 401


def test_the_development_token_command_mints_no_longer_than_the_services_accept() -> None:
    from devtools.token_cli import MAX_MINUTES

    assert MAX_MINUTES == 60
