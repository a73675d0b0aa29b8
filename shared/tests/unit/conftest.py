"""The authentication tests' key pair, forger and a client trusting that key pair."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from token_forge import AUDIENCE, ISSUER, Forge, app_trusting

from konfliktrad_shared.auth_tokens import TokenVerifier
from konfliktrad_shared.devkeys import DevKeyPair, generate_dev_keypair


@pytest.fixture
def keypair(tmp_path: Path) -> DevKeyPair:
    return generate_dev_keypair(tmp_path / "keys")


@pytest.fixture
def forge(keypair: DevKeyPair) -> Forge:
    return Forge(keypair)


@pytest.fixture
def client(keypair: DevKeyPair) -> TestClient:
    return app_trusting(
        TokenVerifier.from_jwks_file(keypair.jwks, issuer=ISSUER, audience=AUDIENCE)
    )
