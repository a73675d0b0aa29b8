from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings


class VettingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VETTING_", extra="ignore")

    service_name: str = "vetting"
    http_port: int = 8004
    deadline_poll_seconds: float = 1.0
    # Local runs and e2e tests only: moves the service's clock, so a term's end can be reached
    # without waiting four years. Zero in every real deployment.
    clock_offset_days: int = 0
