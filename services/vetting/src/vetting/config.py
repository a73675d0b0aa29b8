from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings


class VettingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VETTING_", extra="ignore")

    service_name: str = "vetting"
    http_port: int = 8004
