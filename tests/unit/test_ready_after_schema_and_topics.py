"""A service's consumers start, and so /readyz can answer, only once its schema stands at head
and its topics are there: the two checks run side by side, but nothing starts before both."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from konfliktrad_shared import runtime as runtime_module
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair
from konfliktrad_shared.topics_admin import TopicsMissing
from referral.config import ReferralSettings
from referral.main import create_app


def start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, happened: list[str], *, topics_missing: bool
) -> None:
    """Runs the app's start-up with the checks and the broker recorded in `happened`."""
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = ReferralSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.sqlite3'}",
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
        contact_keys=f"c:{generate_key()}",
        kafka_security_protocol="PLAINTEXT",  # no broker is reached
    )

    async def migrate(*_args: object) -> bool:
        await asyncio.sleep(0.05)  # the slower of the two: the broker must wait for it
        happened.append("schema at head")
        return True

    async def topics(*_args: object) -> None:
        if topics_missing:
            raise TopicsMissing("referral: topics missing")
        happened.append("topics there")

    monkeypatch.setattr(runtime_module, "migrate_if_behind", migrate)
    monkeypatch.setattr(runtime_module, "require_topics", topics)
    app = create_app(settings)

    async def broker_connect() -> None:
        happened.append("connected")  # the producer and the admin client that lists topics

    async def broker_start() -> None:
        happened.append("consumers started")

    async def broker_stop() -> None:
        happened.append("stopped")

    app.state.runtime.broker.connect = broker_connect
    app.state.runtime.broker.start = broker_start
    app.state.runtime.broker.stop = broker_stop

    async def run() -> None:
        try:
            async with app.router.lifespan_context(app):
                happened.append("serving")
        finally:
            await app.state.runtime.engine.dispose()

    asyncio.run(run())


def test_consumers_start_only_after_the_schema_and_the_topics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    happened: list[str] = []
    start(tmp_path, monkeypatch, happened, topics_missing=False)
    assert happened[:3] == ["connected", "topics there", "schema at head"]  # side by side
    assert happened[3:5] == ["consumers started", "serving"]


def test_a_missing_topic_stops_the_start_before_anything_consumes_or_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    happened: list[str] = []
    with pytest.raises(TopicsMissing):
        start(tmp_path, monkeypatch, happened, topics_missing=True)
    assert "consumers started" not in happened and "serving" not in happened
