"""Staff tokens live an hour at most (a bound the services hold, a setting)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from token_forge import AUDIENCE, ISSUER, Forge, app_trusting, get

from konfliktrad_shared.auth_tokens import TokenVerifier
from konfliktrad_shared.devkeys import DevKeyPair
from konfliktrad_shared.settings import ServiceSettings


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
