from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings
from notification.domain.commands import Agency


class NotificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATION_", extra="ignore")

    service_name: str = "notification"
    http_port: int = 8005
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    mail_from: str = "ikke-svar@konfliktraadet.no"
    sms_endpoint: str = "http://127.0.0.1:9108/sms"
    digital_mailbox_endpoint: str = "http://127.0.0.1:9109/messages"
    # Where the digital-post provider sends its delivery receipts (this service's API).
    digital_mailbox_receipt_url: str = "http://127.0.0.1:8005/receipts/digital-mailbox"
    # Unset: no register lookups, only the addresses referral sealed (guardians' e-mail).
    contact_register_endpoint: str = ""
    http_timeout_seconds: float = 10.0
    # Shared with referral only: it opens the parties' contact details sealed in events.
    contact_keys: str = Field(default="", validation_alias="KONFLIKTRAD_CONTACT_KEYS")


class AgencyAdapterSettings(ServiceSettings):
    """One agency adapter: its topic's consumer and the agency's inbox it delivers to."""

    agency: Agency
    agency_endpoint: str
    agency_timeout_seconds: float = 10.0
    # HMAC key the agency checks each request's signature with (base64 or text); on the
    # embedded default a key kept in the state dir.
    agency_signing_key: str = ""
    agency_max_attempts: int = 12
    agency_first_backoff_seconds: float = 1.0
    agency_max_backoff_seconds: float = 300.0


class ProsecutionAdapterSettings(AgencyAdapterSettings):
    model_config = SettingsConfigDict(env_prefix="PROSECUTION_ADAPTER_", extra="ignore")

    service_name: str = "prosecution_adapter"
    http_port: int = 8006
    agency: Agency = Agency.PROSECUTION
    agency_endpoint: str = "http://127.0.0.1:9106/inbox"


class CorrectionalAdapterSettings(AgencyAdapterSettings):
    model_config = SettingsConfigDict(env_prefix="CORRECTIONAL_ADAPTER_", extra="ignore")

    service_name: str = "correctional_adapter"
    http_port: int = 8007
    agency: Agency = Agency.CORRECTIONAL_SERVICE
    agency_endpoint: str = "http://127.0.0.1:9107/inbox"
