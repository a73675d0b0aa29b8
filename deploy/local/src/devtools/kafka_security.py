"""How the local brokers are secured: who may log in, with what, and over which listeners.

Clients reach a broker on one listener only, SASL_SSL with SCRAM-SHA-512, as every principal
of the table of bus rights (`bus_rights`) or as `admin`, the super user of the admin tooling.
Brokers talk to each other over that same listener as `broker`. The KRaft controller
listener cannot use SCRAM (its credentials live in the metadata the controllers serve), so
it takes TLS with client certificates: each node's certificate, issued by the local CA, maps
to the same `broker` principal. Nothing listens in plaintext.

Passwords are made once per state directory and kept owner-only beside each other; storage
is formatted with their SCRAM credentials, so a broker accepts them from its first second.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from devtools import _paths, local_ca
from devtools.kafka_config import HOST, NodeSpec
from konfliktrad_shared import bus_rights
from konfliktrad_shared.kafka_access import SCRAM_SHA_512, KafkaAccess

ADMIN = "admin"
BROKER = "broker"
CLIENT_LISTENER = "CLIENT"
CONTROLLER_LISTENER = "CONTROLLER"
# Bumped whenever the listeners or their security change: storage formatted by another
# layout (the old plaintext one, say) is wiped and formatted again.
LAYOUT = "sasl_ssl-scram512-mtls-controller-1"
PLAINTEXT_LAYOUT = "plaintext-1"


def login_names() -> tuple[str, ...]:
    """Every SCRAM user of the local brokers: the table's principals, admin and the brokers."""
    return (*(p.name for p in bus_rights.principals()), ADMIN, BROKER)


def password_file(name: str) -> Path:
    """Where `konfliktrad_shared.kafka_access.local_password_file` looks for it."""
    return _paths.state_dir() / "kafka" / "principals" / f"{name}.password"


def ensure_password(name: str) -> str:
    path = password_file(name)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    password = secrets.token_urlsafe(24)
    _write_private(path, password + "\n")
    return password


def scram_arguments() -> list[str]:
    """`--add-scram` options of `kafka-storage format`: every login, made before the first
    start so no broker ever runs without them."""
    arguments: list[str] = []
    for name in login_names():
        arguments += [
            "--add-scram",
            f"{SCRAM_SHA_512}=[name={name},password={ensure_password(name)}]",
        ]
    return arguments


def layout_fingerprint() -> str:
    """Changes when the layout or any login changes: storage formatted otherwise is stale."""
    digest = hashlib.sha256(LAYOUT.encode())
    for name in login_names():
        digest.update(f"\0{name}\0{ensure_password(name)}".encode())
    return f"{LAYOUT} {digest.hexdigest()[:16]}"


def local_access(name: str, bootstrap_servers: str) -> KafkaAccess:
    """`name` on the local brokers, with the password they were formatted with."""
    return KafkaAccess(
        bootstrap_servers=bootstrap_servers,
        username=name,
        password=ensure_password(name),
        cafile=local_ca.ensure_ca(),
    )


def node_certificate_name(node_id: int) -> str:
    return f"kafka-node-{node_id}"


@dataclass(frozen=True)
class NodeTls:
    keystore: Path  # the node's key then its certificate chain, one PEM file (owner-only)
    truststore: Path  # the local CA


def node_tls(node: NodeSpec, directory: Path) -> NodeTls:
    # Server and client usage: the same certificate serves clients and proves the node to
    # the controllers.
    issued = local_ca.issue(
        node_certificate_name(node.node_id), hosts=(HOST, "localhost"), server=True, client=True
    )
    keystore = directory / "keystore.pem"
    _write_private(
        keystore,
        issued.key.read_text(encoding="utf-8") + issued.certificate.read_text(encoding="utf-8"),
    )
    return NodeTls(keystore=keystore, truststore=local_ca.ensure_ca())


def secured_settings(node: NodeSpec, tls: NodeTls) -> dict[str, str]:
    broker_login = (
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
        f' username="{BROKER}" password="{ensure_password(BROKER)}";'
    )
    client, controller = CLIENT_LISTENER, CONTROLLER_LISTENER
    return {
        "listeners": f"{client}://{HOST}:{node.broker_port},"
        f"{controller}://{HOST}:{node.controller_port}",
        "advertised.listeners": f"{client}://{HOST}:{node.broker_port}",
        "listener.security.protocol.map": f"{client}:SASL_SSL,{controller}:SSL",
        "inter.broker.listener.name": client,
        "controller.listener.names": controller,
        "sasl.enabled.mechanisms": SCRAM_SHA_512,
        "sasl.mechanism.inter.broker.protocol": SCRAM_SHA_512,
        f"listener.name.{client.lower()}.scram-sha-512.sasl.jaas.config": broker_login,
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": str(tls.keystore),
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": str(tls.truststore),
        f"listener.name.{controller.lower()}.ssl.client.auth": "required",
        # A node's certificate (CN=kafka-node-<id>) is the principal `broker`.
        "ssl.principal.mapping.rules": rf"RULE:^CN=kafka-node-[0-9]+$/{BROKER}/,DEFAULT",
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found": "false",
        "super.users": f"User:{ADMIN};User:{BROKER}",
    }


def plaintext_settings(node: NodeSpec) -> dict[str, str]:
    """Only for the benchmark's measure of what TLS and SCRAM cost: no authentication, no
    ACLs. Never the default, and on ports of its own."""
    return {
        "listeners": f"PLAINTEXT://{HOST}:{node.broker_port},"
        f"CONTROLLER://{HOST}:{node.controller_port}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{node.broker_port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name": "PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
    }


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
