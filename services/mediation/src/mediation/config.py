from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings


class MediationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEDIATION_", extra="ignore")

    service_name: str = "mediation"
    http_port: int = 8002
    deadline_poll_seconds: float = 1.0
    # Off unless a test suite turns it on: PUT /test-clock moves the service's clock, so the
    # §18 period can be seen to end without waiting two weeks. Never set in production.
    test_clock_enabled: bool = False
