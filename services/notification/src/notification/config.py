from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from konfliktrad_shared.settings import ServiceSettings
from notification.domain.vocabulary import Agency


class MailSecurity(StrEnum):
    STARTTLS = "starttls"
    # TLS from the first byte (SMTPS, usually port 465).
    TLS = "tls"
    # Only for the loopback mail server of the embedded local profile.
    PLAIN = "plain"


class NotificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATION_", extra="ignore")

    service_name: str = "notification"
    http_port: int = 8005
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    # Unset: STARTTLS, or plain on the embedded local profile (its loopback mail server).
    smtp_security: MailSecurity | None = None
    # The CA that signs the relay's certificate; unset, the system's trust store.
    smtp_ca_file: Path | None = None
    smtp_username: str = ""
    smtp_password: str = Field(default="", repr=False)
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
    # HTTPS with a client certificate (PEM chain and key) the agency trusts, and the CA that
    # signs the agency's server certificate (unset: the system's trust store). On the
    # embedded local profile: the certificates `devtools` issued from the local CA.
    agency_client_cert: Path | None = None
    agency_client_key: Path | None = None
    agency_ca_file: Path | None = None
    # The Ed25519 key (PKCS#8 PEM, inline or in a file) every delivery is signed with; the
    # agency holds its public half under `agency_signing_key_id` (unset: the principal name).
    agency_signing_key: str = Field(default="", repr=False)
    agency_signing_key_file: Path | None = None
    agency_signing_key_id: str = ""
    # An outage is waited out for as long as it lasts, each attempt after a capped backoff;
    # the relay sends outside any transaction, with its rows leased for this long.
    outbox_lease_seconds: float | None = 120.0
    agency_first_backoff_seconds: float = 1.0
    agency_max_backoff_seconds: float = 300.0


class ProsecutionAdapterSettings(AgencyAdapterSettings):
    model_config = SettingsConfigDict(env_prefix="PROSECUTION_ADAPTER_", extra="ignore")

    service_name: str = "prosecution_adapter"
    http_port: int = 8006
    agency: Agency = Agency.PROSECUTION
    agency_endpoint: str = "https://127.0.0.1:9106/inbox"


class CorrectionalAdapterSettings(AgencyAdapterSettings):
    model_config = SettingsConfigDict(env_prefix="CORRECTIONAL_ADAPTER_", extra="ignore")

    service_name: str = "correctional_adapter"
    http_port: int = 8007
    agency: Agency = Agency.CORRECTIONAL_SERVICE
    agency_endpoint: str = "https://127.0.0.1:9107/inbox"
