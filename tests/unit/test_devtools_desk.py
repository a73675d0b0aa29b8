"""devtools and the desk: `devtools up` starts the desk with the development sign-in and
tells it where each service listens; KONFLIKTRAD_PORT_OFFSET moves every port together."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.suite import DESK, SERVICES, service
from devtools.up_cli import desk_env, local_env


def test_up_starts_the_desk_with_the_development_sign_in_on_loopback() -> None:
    env = desk_env()
    assert env["DESK_DEVELOPMENT_SIGN_IN"] == "true"
    assert env["DESK_HTTP_HOST"] == "127.0.0.1"
    assert env["DESK_MEDIATION_URL"] == service("mediation").base_url


def test_the_desk_is_no_process_on_the_bus() -> None:
    assert DESK not in SERVICES  # no principal, no database, no consumer group


def test_a_port_offset_moves_services_desk_and_stand_ins_together(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KONFLIKTRAD_PORT_OFFSET", "1000")
    assert service("referral").base_url == "http://127.0.0.1:9001"
    assert DESK.base_url == "http://127.0.0.1:9000"
    assert desk_env()["DESK_REFERRAL_URL"] == "http://127.0.0.1:9001"
    env = local_env(tmp_path, "127.0.0.1:9092")
    assert env["NOTIFICATION_SMTP_PORT"] == "3525"
    assert env["CORRECTIONAL_ADAPTER_AGENCY_ENDPOINT"] == "https://127.0.0.1:10107/inbox"
