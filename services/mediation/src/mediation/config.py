from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings


class MediationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEDIATION_", extra="ignore")

    service_name: str = "mediation"
    http_port: int = 8002
