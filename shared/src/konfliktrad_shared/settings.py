"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from konfliktrad_shared.bus_rights import principal_name
from konfliktrad_shared.kafka_access import SCRAM_SHA_512, KafkaAccess, SecurityProtocol
from konfliktrad_shared.local_paths import local_state_dir
from konfliktrad_shared.logging_json import logging_config


def _default_sqlite_url(service: str) -> str:
    return f"sqlite+aiosqlite:///{local_state_dir() / 'db' / f'{service}.sqlite3'}"


class ServiceSettings(BaseSettings):
    """What a service needs to start. Subclasses set `env_prefix`, e.g. `YOUTH_PLAN_`.

    The embedded defaults start a laptop suite with no database server: one SQLite file per
    service and the project's own Kafka on 127.0.0.1:9092.
    """

    model_config = SettingsConfigDict(extra="ignore")

    service_name: str
    http_host: str = "127.0.0.1"
    http_port: int
    database_url: str = ""
    apply_migrations_on_start: bool = True
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias="KAFKA_BOOTSTRAP_SERVERS",
    )
    # The service's own principal on the bus (see `bus_rights`); on the embedded profile the
    # password and the CA come from the local broker's state directory.
    kafka_security_protocol: SecurityProtocol = SecurityProtocol.SASL_SSL
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512"] = SCRAM_SHA_512
    kafka_sasl_username: str = ""
    kafka_sasl_password: str = Field(default="", repr=False)
    kafka_sasl_password_file: Path | None = None
    kafka_ssl_cafile: Path | None = None
    consumer_group: str = ""
    outbox_poll_seconds: float = 1.0
    # A row that keeps failing for a reason other than an outage is parked after this many
    # attempts; with a lease, the relay sends outside any transaction (see `outbox_relay`).
    outbox_max_attempts: int = 10
    outbox_lease_seconds: float | None = None
    # A handler error that is not an outage: tried this often, then dead-lettered.
    handler_max_attempts: int = 5
    handler_first_backoff_seconds: float = 1.0
    handler_max_backoff_seconds: float = 30.0
    # A consumer takes up to this many messages the broker has at once and handles them in
    # one transaction (`batch_consumption`); 1: one message at a time.
    consumer_batch_max_records: int = Field(default=200, ge=1)
    # How long an idle consumer's poll waits for a message before it polls again at once
    # (`prompt_batches`); a message that arrives is taken at once either way.
    consumer_batch_timeout_ms: int = Field(default=100, ge=1)
    # A member learns of a rebalance at its next heartbeat. A service's consumers join their
    # group one after another, and with aiokafka's 3 s default each join kept the others
    # waiting for most of it: the bulk of a start's time. A few small requests a second keep
    # it short (well inside a third of the 10 s session timeout).
    consumer_heartbeat_interval_ms: int = Field(default=250, ge=50, le=3000)
    auth_issuer: str = "https://auth.konfliktraadet.local"
    auth_audience: str = "konfliktrad"
    auth_jwks_file: Path = Field(default_factory=lambda: local_state_dir() / "keys" / "jwks.json")
    # The longest a staff token may live (exp − iat); longer ones are refused (`auth_tokens`).
    auth_max_token_lifetime_seconds: int = Field(default=3600, gt=0)
    field_keys: str = ""
    blind_index_key: str = ""
    # Larger bodies are refused with 413 before they are read (see `body_limit`).
    max_request_body_bytes: int = Field(default=1024 * 1024, gt=0)
    # The bearer token Prometheus scrapes /metrics with (`metrics_access`); none: no scrapes.
    metrics_token: str = Field(default="", repr=False)
    metrics_token_file: Path | None = None
    otlp_endpoint: str | None = Field(default=None, validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    # JSON lines for a log pipeline; unset: JSON everywhere but the embedded laptop profile.
    log_json: bool | None = None
    log_level: str = "INFO"

    def model_post_init(self, __context: object) -> None:
        if not self.database_url:
            self.database_url = _default_sqlite_url(self.service_name)
        if not self.consumer_group:
            self.consumer_group = self.service_name
        if not self.kafka_sasl_username:
            self.kafka_sasl_username = principal_name(self.service_name)

    def log_config(self) -> dict[str, Any]:
        """For `uvicorn.run(log_config=...)`: the root logger's and uvicorn's, one format."""
        json_lines = self.log_json if self.log_json is not None else not self.local_profile
        return logging_config(self.service_name, json_lines=json_lines, level=self.log_level)

    def metrics_scrape_token(self) -> str:
        if self.metrics_token_file is not None:
            return self.metrics_token_file.read_text(encoding="utf-8").strip()
        return self.metrics_token

    @property
    def local_profile(self) -> bool:
        """The embedded laptop defaults, where missing secrets come from the state directory."""
        return self.uses_sqlite

    def kafka_access(self) -> KafkaAccess:
        """Raises `MissingKafkaCredentials` (a SystemExit) outside the local profile when the
        principal's password or the CA is not configured."""
        return KafkaAccess.configured(
            bootstrap_servers=self.kafka_bootstrap_servers,
            protocol=self.kafka_security_protocol,
            username=self.kafka_sasl_username,
            password=self.kafka_sasl_password,
            password_file=self.kafka_sasl_password_file,
            cafile=self.kafka_ssl_cafile,
            local_profile=self.local_profile,
            who=self.service_name,
        )

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
