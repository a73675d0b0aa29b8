"""The operator tool's rules that need no broker: what it may replay where, what a replay
carries, and that outside the local profile it guesses no secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from konfliktrad_operator.dead_letters import (
    CannotReplay,
    DeadLetter,
    Position,
    operator_may_write,
    original_topic,
    replay_headers,
)
from konfliktrad_operator.settings import MissingSetting, OperatorSettings

from konfliktrad_shared.kafka_access import KafkaAccess, MissingKafkaCredentials

OPERATOR = KafkaAccess("b:9092", username="operator", password="x", cafile=Path("ca.pem"))


def _letter(topic: str, **headers: str) -> DeadLetter:
    return DeadLetter(topic, Position(1, 7), "case-1", {"ce_id": "e-1", **headers}, b"{}")


def test_a_replay_keeps_the_ce_id_and_drops_the_dead_letter_bookkeeping() -> None:
    letter = _letter("mediation.events.v1.dlq", dlq_reason="handler_error", traceparent="00-a")
    headers = dict(replay_headers(letter))
    assert headers["ce_id"] == b"e-1" and headers["traceparent"] == b"00-a"
    assert "dlq_reason" not in headers
    assert headers["operator_replayed_from"] == b"mediation.events.v1.dlq@1:7"


def test_the_operator_replays_to_internal_and_agency_topics_only() -> None:
    may = operator_may_write(OPERATOR)
    assert original_topic("youth_plan.events.v1.dlq", may) == "youth_plan.events.v1"
    assert original_topic("konfliktrad.correctional.v1.dlq", may) == "konfliktrad.correctional.v1"
    with pytest.raises(CannotReplay, match="sender"):
        original_topic("konfliktrad.referrals.v1.police-oslo.dlq", may)
    with pytest.raises(CannotReplay, match="not a dead-letter topic"):
        original_topic("referral.events.v1", may)


def test_positions_read_as_partition_and_offset() -> None:
    assert Position.parse("2:15") == Position(2, 15)
    assert Position.parse("15") == Position(0, 15)


def test_outside_the_local_profile_a_missing_secret_stops_the_tool(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("OPERATOR_PROFILE", "cluster")
    settings = OperatorSettings()
    with pytest.raises(MissingKafkaCredentials):
        settings.kafka_access()
    with pytest.raises(MissingSetting, match="OPERATOR_AUDIT_LOG"):
        settings.audit_path()
    with pytest.raises(MissingSetting, match="OPERATOR_YOUTH_PLAN_DATABASE_URL"):
        settings.database_url("youth_plan", None)
    monkeypatch.setenv("OPERATOR_YOUTH_PLAN_DATABASE_URL", "postgresql+asyncpg://db/yp")
    assert settings.database_url("youth_plan", None) == "postgresql+asyncpg://db/yp"
