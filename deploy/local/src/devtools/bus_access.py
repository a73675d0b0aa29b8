"""How devtools reaches the bus: each of its clients as the principal it plays.

The demo sends referrals as the police district, prosecution office or court it plays, reads
as `operator` where it must watch a topic, and the benchmark's raw baselines run as `bench`
on topics of their own. Locally the credentials are the ones `devtools kafka up` provisioned
into the state directory. On an external cluster (`KAFKA_BOOTSTRAP_SERVERS`) they come from
the environment: `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SSL_CAFILE` and `KAFKA_PRINCIPALS_DIR`
(a directory of `<principal>.password` files), each defaulting to the local ones.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from devtools.suite import SERVICES
from konfliktrad_shared.bus_rights import principal_name
from konfliktrad_shared.kafka_access import (
    KafkaAccess,
    SecurityProtocol,
    local_ca_file,
    local_password_file,
)

PROTOCOL_ENV = "KAFKA_SECURITY_PROTOCOL"
CAFILE_ENV = "KAFKA_SSL_CAFILE"
PRINCIPALS_DIR_ENV = "KAFKA_PRINCIPALS_DIR"


def broker_protocol() -> SecurityProtocol:
    """SASL_SSL unless the caller says the broker was left open (`kafka up --plaintext`)."""
    return SecurityProtocol(os.environ.get(PROTOCOL_ENV, SecurityProtocol.SASL_SSL).upper())


@contextlib.contextmanager
def protocol_for_the_run(protocol: SecurityProtocol) -> Iterator[None]:
    """Every client made meanwhile, and every suite process started, speaks `protocol`: the
    benchmark's comparison on an open broker."""
    saved = os.environ.get(PROTOCOL_ENV)
    os.environ[PROTOCOL_ENV] = protocol.value
    try:
        yield
    finally:
        if saved is None:
            del os.environ[PROTOCOL_ENV]
        else:
            os.environ[PROTOCOL_ENV] = saved


def password_file(principal: str) -> Path:
    configured = os.environ.get(PRINCIPALS_DIR_ENV)
    if configured:
        return Path(configured) / f"{principal}.password"
    return local_password_file(principal)


def ca_file() -> Path:
    configured = os.environ.get(CAFILE_ENV)
    return Path(configured) if configured else local_ca_file()


def client_access(principal: str, bootstrap: str) -> KafkaAccess:
    """`principal` on the broker at `bootstrap`, with the credentials it was given."""
    if broker_protocol() is SecurityProtocol.PLAINTEXT:
        return KafkaAccess(bootstrap, SecurityProtocol.PLAINTEXT)
    return KafkaAccess(
        bootstrap_servers=bootstrap,
        username=principal,
        password=password_file(principal).read_text(encoding="utf-8").strip(),
        cafile=ca_file(),
    )


def service_kafka_env(*, credential_files: bool) -> dict[str, str]:
    """Each suite process's Kafka settings, prefixed: PLAINTEXT on an open broker; otherwise,
    with `credential_files`, where its password and the CA are.

    A process on the embedded profile finds them in its state directory by itself; one on
    PostgreSQL, or one given a state directory of its own (the benchmark's, the tests'),
    must be told.
    """
    env: dict[str, str] = {}
    plaintext = broker_protocol() is SecurityProtocol.PLAINTEXT
    for service in SERVICES:
        if plaintext:
            env[f"{service.env_prefix}KAFKA_SECURITY_PROTOCOL"] = SecurityProtocol.PLAINTEXT.value
        elif credential_files:
            password = password_file(principal_name(service.name)).resolve()
            env[f"{service.env_prefix}KAFKA_SASL_PASSWORD_FILE"] = str(password)
            env[f"{service.env_prefix}KAFKA_SSL_CAFILE"] = str(ca_file().resolve())
    return env
