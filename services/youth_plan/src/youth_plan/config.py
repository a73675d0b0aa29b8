from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings


class YouthPlanSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="YOUTH_PLAN_", extra="ignore")

    service_name: str = "youth_plan"
    http_port: int = 8003
    # How often the end of execution periods (§23) is checked; the deadlines are durable.
    deadline_poll_seconds: float = 30.0
