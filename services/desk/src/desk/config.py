from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from konfliktrad_shared.local_paths import local_state_dir


class DeskSettings(BaseSettings):
    """The desk holds no case data, no database and no Kafka client: only where the services
    are, how people sign in, and the key that signs their session cookie."""

    model_config = SettingsConfigDict(env_prefix="DESK_", extra="ignore")

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # The address people reach the desk at: the OIDC redirect URI is built from it.
    public_url: str = "http://127.0.0.1:8000"
    referral_url: str = "http://127.0.0.1:8001"
    mediation_url: str = "http://127.0.0.1:8002"
    youth_plan_url: str = "http://127.0.0.1:8003"
    vetting_url: str = "http://127.0.0.1:8004"
    service_timeout_seconds: float = 10.0
    # Signs the session cookie; empty means a fresh random key per start, which only the
    # development sign-in accepts (everyone signs in again after a restart).
    session_secret: SecretStr = SecretStr("")

    # Production: OpenID Connect, authorisation code with PKCE.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_scope: str = "openid profile"

    # Local only: a sign-in that mints the development tokens the services accept. Refused
    # unless the desk listens on loopback and the development key is on this machine.
    development_sign_in: bool = False
    development_keys_dir: Path = Field(default_factory=lambda: local_state_dir() / "keys")
    auth_issuer: str = "https://auth.konfliktraadet.local"
    auth_audience: str = "konfliktrad"

    @property
    def oidc_configured(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def listens_on_loopback_only(self) -> bool:
        if self.http_host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.http_host).is_loopback
        except ValueError:
            return False
