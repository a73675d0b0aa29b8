"""How the tool reaches the bus and the services' databases: env with the prefix `OPERATOR_`.

It connects as the `operator` principal of the table of bus rights. On the local profile
(the default, like the services' embedded one) what is not set comes from the state
directory `devtools` keeps; with `OPERATOR_PROFILE=cluster` a missing secret stops it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from konfliktrad_shared.kafka_access import SCRAM_SHA_512, KafkaAccess, SecurityProtocol
from konfliktrad_shared.local_paths import local_state_dir

PRINCIPAL = "operator"
_SERVICE_NAME = re.compile(r"[a-z][a-z_]*")


class MissingSetting(SystemExit):
    """Outside the local profile the tool guesses nothing."""


class OperatorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPERATOR_", extra="ignore")

    profile: Literal["local", "cluster"] = "local"
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices(
            "OPERATOR_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"
        ),
    )
    kafka_security_protocol: SecurityProtocol = SecurityProtocol.SASL_SSL
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512"] = SCRAM_SHA_512
    kafka_sasl_username: str = PRINCIPAL
    kafka_sasl_password: str = Field(default="", repr=False)
    kafka_sasl_password_file: Path | None = None
    kafka_ssl_cafile: Path | None = None
    # Where a reveal of a dead letter's payload is recorded (append-only JSON lines).
    audit_log: Path | None = None

    @property
    def local_profile(self) -> bool:
        return self.profile == "local"

    def kafka_access(self) -> KafkaAccess:
        return KafkaAccess.configured(
            bootstrap_servers=self.kafka_bootstrap_servers,
            protocol=self.kafka_security_protocol,
            username=self.kafka_sasl_username,
            password=self.kafka_sasl_password,
            password_file=self.kafka_sasl_password_file,
            cafile=self.kafka_ssl_cafile,
            local_profile=self.local_profile,
            who="konfliktrad-operator",
        )

    def audit_path(self) -> Path:
        if self.audit_log is not None:
            return self.audit_log
        if self.local_profile:
            return local_state_dir() / "operator" / "audit.jsonl"
        raise MissingSetting("set OPERATOR_AUDIT_LOG: a payload reveal must be recorded")

    def database_url(self, service: str, given: str | None) -> str:
        """`--database-url`, else `OPERATOR_<SERVICE>_DATABASE_URL`, else (local profile
        only) the service's embedded SQLite file."""
        if not _SERVICE_NAME.fullmatch(service):
            raise MissingSetting(f"not a service name: {service!r}")
        url = given or os.environ.get(f"OPERATOR_{service.upper()}_DATABASE_URL", "")
        if url:
            return url
        if self.local_profile:
            return f"sqlite+aiosqlite:///{local_state_dir() / 'db' / f'{service}.sqlite3'}"
        raise MissingSetting(
            f"no database for {service}: pass --database-url or set "
            f"OPERATOR_{service.upper()}_DATABASE_URL"
        )
