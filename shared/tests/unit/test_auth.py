from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from token_forge import AUDIENCE, INVALID, ISSUER, Forge, app_trusting, get

from konfliktrad_shared.auth import Principal, authenticator_from_settings
from konfliktrad_shared.auth_tokens import TokenVerifier, parse_jwks
from konfliktrad_shared.devkeys import DevKeyPair, mint_token
from konfliktrad_shared.settings import ServiceSettings


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
