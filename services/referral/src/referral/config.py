from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings


class ReferralSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRAL_", extra="ignore")

    service_name: str = "referral"
    http_port: int = 8001
    # Synthetic test numbers (month +40/+80) belong in test and demo environments only.
    accept_synthetic_national_ids: bool = False
    # Shared with notification only: it seals the parties' contact details in events.
    contact_keys: str = Field(default="", validation_alias="KONFLIKTRAD_CONTACT_KEYS")
