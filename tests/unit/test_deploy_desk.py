"""The staff desk in deploy/compose.yaml: behind its own profile, no database, no Kafka, no
secret of the services; the services reached by name; only its own settings; loopback port."""

from __future__ import annotations

from deploy_files import REPO, SERVICES

from desk.config import DeskSettings

DESK = SERVICES["desk"]


def test_the_desk_starts_only_when_asked_for_and_is_reached_on_loopback() -> None:
    assert DESK["profiles"] == ["desk"]
    assert DESK["ports"] == ["127.0.0.1:8000:8000"]


def test_the_desk_holds_no_database_no_kafka_and_no_secret_of_the_services() -> None:
    environment = DESK["environment"]
    assert "secrets" not in DESK and "volumes" not in DESK
    assert not [name for name in environment if "KAFKA" in name or "DATABASE" in name]
    assert not [name for name in environment if "FIELD_KEYS" in name or "BLIND" in name]


def test_every_variable_is_a_desk_setting_and_the_services_are_reached_by_name() -> None:
    fields = set(DeskSettings.model_fields)
    for variable in DESK["environment"]:
        assert variable.startswith("DESK_")
        assert variable.removeprefix("DESK_").lower() in fields, variable
    assert DESK["environment"]["DESK_YOUTH_PLAN_URL"] == "http://youth-plan:8003"
    assert "DESK_DEVELOPMENT_SIGN_IN" not in DESK["environment"]


def test_the_desk_image_listens_beyond_loopback_so_the_development_sign_in_is_refused() -> None:
    dockerfile = (REPO / DESK["build"]["dockerfile"]).read_text(encoding="utf-8")
    assert "DESK_HTTP_HOST=0.0.0.0" in dockerfile
    assert not DeskSettings(http_host="0.0.0.0").listens_on_loopback_only
