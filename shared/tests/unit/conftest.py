"""The authentication tests' key pair, forger and a client trusting that key pair; the
plumbing tests' database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.ext.asyncio import AsyncEngine
from token_forge import AUDIENCE, ISSUER, Forge, app_trusting

from konfliktrad_shared.auth_tokens import TokenVerifier
from konfliktrad_shared.db import (
    PlumbingTables,
    create_engine,
    define_plumbing_tables,
    new_metadata,
)
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


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, PlumbingTables]]:
    """A SQLite database with the plumbing tables (outbox, inbox, deadlines, audit chain)."""
    metadata = new_metadata()
    tables = define_plumbing_tables(metadata)
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'plumbing.sqlite3'}")
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine, tables
    await engine.dispose()
