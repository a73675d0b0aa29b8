"""How a client reaches the bus: the one place settings become Kafka client options.

Every client of the suite (services, adapters, devtools, the demo, the benchmark, the tests)
connects as its own principal over SASL_SSL with SCRAM-SHA-512 and checks the brokers'
certificates against the suite's CA. On the embedded local profile the credentials and the
CA are the ones `devtools kafka up` wrote into the state directory; anywhere else a missing
credential stops the process at start instead of being guessed.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from faststream.security import BaseSecurity, SASLScram512

from konfliktrad_shared.local_paths import local_state_dir


class SecurityProtocol(StrEnum):
    SASL_SSL = "SASL_SSL"
    # Only for a broker the operator chose to leave open; never the default.
    PLAINTEXT = "PLAINTEXT"


SCRAM_SHA_512: Final = "SCRAM-SHA-512"


class MissingKafkaCredentials(SystemExit):
    """Raised at start: a service outside the local profile must be given its credentials."""


def local_ca_file() -> Path:
    """The local certificate authority's certificate (`devtools.local_ca`): it signs the
    brokers' certificates and every other local TLS endpoint's."""
    return local_state_dir() / "tls" / "ca.pem"


def local_password_file(principal: str) -> Path:
    """A principal's SCRAM password, written by `devtools kafka up` when it formats storage."""
    return local_state_dir() / "kafka" / "principals" / f"{principal}.password"


@dataclass(frozen=True)
class KafkaAccess:
    bootstrap_servers: str
    protocol: SecurityProtocol = SecurityProtocol.SASL_SSL
    username: str = ""
    password: str = field(default="", repr=False)
    cafile: Path | None = None

    @classmethod
    def local(cls, principal: str, bootstrap_servers: str) -> KafkaAccess:
        """`principal` with the credentials the local broker was provisioned with."""
        return cls(
            bootstrap_servers=bootstrap_servers,
            username=principal,
            password=_read_secret(local_password_file(principal)),
            cafile=local_ca_file(),
        )

    @classmethod
    def configured(
        cls,
        *,
        bootstrap_servers: str,
        protocol: SecurityProtocol,
        username: str,
        password: str,
        password_file: Path | None,
        cafile: Path | None,
        local_profile: bool,
        who: str,
    ) -> KafkaAccess:
        """From a process's settings. On the local profile what is not set comes from the
        state directory; elsewhere it must be set, or the process stops here."""
        if protocol is SecurityProtocol.PLAINTEXT:
            return cls(bootstrap_servers=bootstrap_servers, protocol=protocol)
        if password_file is not None and not password:
            password = _read_secret(password_file)
        if local_profile:
            password = password or _read_local_secret(username)
            cafile = cafile or local_ca_file()
        missing = [
            name
            for name, value in (
                ("KAFKA_SASL_USERNAME", username),
                ("KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE", password),
                ("KAFKA_SSL_CAFILE", cafile),
            )
            if not value
        ]
        if missing:
            raise MissingKafkaCredentials(
                f"{who}: Kafka credentials missing outside the local profile: set "
                + ", ".join(missing)
                + " (each with the service's prefix)"
            )
        return cls(
            bootstrap_servers=bootstrap_servers,
            protocol=protocol,
            username=username,
            password=password,
            cafile=cafile,
        )

    @property
    def servers(self) -> list[str]:
        # One entry per broker: "b1:9092,b2:9092" as one string never connects.
        return [server.strip() for server in self.bootstrap_servers.split(",") if server.strip()]

    def ssl_context(self) -> ssl.SSLContext | None:
        if self.protocol is SecurityProtocol.PLAINTEXT:
            return None
        context = ssl.create_default_context(
            cafile=str(self.cafile) if self.cafile is not None else None
        )
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def aiokafka_options(self) -> dict[str, Any]:
        """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
        if self.protocol is SecurityProtocol.PLAINTEXT:
            return {"bootstrap_servers": self.servers, "security_protocol": "PLAINTEXT"}
        return {
            "bootstrap_servers": self.servers,
            "security_protocol": self.protocol.value,
            "ssl_context": self.ssl_context(),
            "sasl_mechanism": SCRAM_SHA_512,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password,
        }

    def faststream_security(self) -> BaseSecurity | None:
        if self.protocol is SecurityProtocol.PLAINTEXT:
            return None
        return SASLScram512(self.username, self.password, ssl_context=self.ssl_context())

    def librdkafka_options(self) -> dict[str, str]:
        """`-X` settings for kcat and any other librdkafka client."""
        options = {
            "bootstrap.servers": self.bootstrap_servers,
            "security.protocol": self.protocol.value.lower(),
            # librdkafka's default partitioner (CRC32) puts a key elsewhere than the Java and
            # aiokafka clients do: one case's messages would be split across partitions.
            "partitioner": "murmur2_random",
        }
        if self.protocol is SecurityProtocol.SASL_SSL:
            options |= {
                "sasl.mechanisms": SCRAM_SHA_512,
                "sasl.username": self.username,
                "sasl.password": self.password,
            }
            if self.cafile is not None:
                options["ssl.ca.location"] = str(self.cafile)
        return options


def _read_secret(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def _read_local_secret(principal: str) -> str:
    path = local_password_file(principal)
    if not path.exists():
        raise MissingKafkaCredentials(
            f"no local Kafka credentials for {principal!r} at {path}: "
            "start the local broker with `devtools kafka up`, which provisions them"
        )
    return _read_secret(path)
