"""`devtools compose secrets`: what the container deployment (`deploy/compose.yaml`) mounts as
Docker secrets, made on this host into `<state>/compose/` (never committed; `.local/` is kept
out of git and out of every image's build context).

    ca.pem                          the local CA: every TLS peer in compose is checked against it
    kafka/keystore.pem              the broker's key and certificate chain (CN kafka; SANs kafka,
                                    localhost, 127.0.0.1; client usage too, for its controller
                                    listener, which takes certificates instead of passwords)
    kafka/scram-credentials         one salted `--add-scram` value per login, for the format
    principals/<login>.password     each login's SCRAM password: the table's principals, `admin`
                                    (the provisioning job) and `broker` (the broker itself)
    agency/<adapter>/               an agency adapter's client certificate and key, its signing
                                    key and that key's public half (which its inbox trusts)
    inbox/, mail/                   server certificates of the agency inbox stand-ins and Mailpit

Passwords and keys are made once and kept: the broker creates its SCRAM users only when it
formats an empty volume, so a changed password would lock its principal out of the data.

Compose mounts a file secret as a bind mount, with the host file's owner and mode, into
containers that run as other users (10001, Kafka's appuser): the files are world-readable and
the directory is the owner's alone (0700), so no other user of this host can reach them while
each container sees only the files mounted into it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from devtools import _paths, local_ca
from devtools.cli import Command
from devtools.kafka_security import ADMIN, BROKER
from devtools.standins_credentials import ADAPTER_OF_AGENCY, adapter_credentials
from konfliktrad_shared import bus_rights
from konfliktrad_shared.delivery_signature import public_key_pem
from konfliktrad_shared.kafka_access import SCRAM_SHA_512

# Compose's default (`KONFLIKTRAD_COMPOSE_SECRETS`, relative to deploy/).
COMPOSE_DEFAULT = "../.local/compose"
HOST_BOOTSTRAP = "127.0.0.1:9094"
# Kafka accepts 4096..16384 for SCRAM-SHA-512.
SCRAM_ITERATIONS = 8192
BROKER_HOSTS = ("kafka", "localhost", "127.0.0.1")
INBOX_HOSTS = ("prosecution-inbox", "correctional-inbox", "localhost", "127.0.0.1")
MAIL_HOSTS = ("mailpit", "localhost", "127.0.0.1")


@dataclass(frozen=True)
class ComposeSecrets:
    directory: Path
    logins: tuple[str, ...]

    @property
    def principals(self) -> Path:
        return self.directory / "principals"

    @property
    def ca(self) -> Path:
        return self.directory / "ca.pem"


def secrets_dir() -> Path:
    return _paths.state_dir() / "compose"


def logins() -> tuple[str, ...]:
    """Every SCRAM user of the compose broker."""
    return (*(p.name for p in bus_rights.principals()), ADMIN, BROKER)


def write_secrets(directory: Path | None = None) -> ComposeSecrets:
    """Everything compose mounts, made where missing and refreshed where derived."""
    directory = directory or secrets_dir()
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    _publish(directory / "ca.pem", local_ca.ensure_ca().read_bytes())
    names = logins()
    passwords = {
        name: _ensure_password(directory / "principals" / f"{name}.password") for name in names
    }
    _publish(
        directory / "kafka" / "scram-credentials",
        "".join(scram_credential(name, passwords[name]) + "\n" for name in names).encode(),
    )
    broker = local_ca.issue("kafka", hosts=BROKER_HOSTS, server=True, client=True)
    _publish(directory / "kafka" / "keystore.pem", _key_then_chain(broker))
    for service_name in ADAPTER_OF_AGENCY.values():
        _write_adapter(directory / "agency" / bus_rights.principal_name(service_name), service_name)
    _write_server(directory / "inbox", local_ca.issue("compose-inboxes", hosts=INBOX_HOSTS))
    _write_server(directory / "mail", local_ca.issue("mailpit", hosts=MAIL_HOSTS))
    return ComposeSecrets(directory, names)


def scram_credential(
    name: str, password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS
) -> str:
    """`kafka-storage format --add-scram` for `name`, salted as the broker stores it (RFC
    5802 Hi(): PBKDF2 with HMAC-SHA-512), so the password itself never reaches the broker.
    The salted form still lets its holder log in: it is as secret as the password."""
    salt = salt if salt is not None else secrets.token_bytes(32)
    salted = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations)
    return (
        f"{SCRAM_SHA_512}=[name={name},iterations={iterations},"
        f'salt="{_b64(salt)}",saltedpassword="{_b64(salted)}"]'
    )


def _write_adapter(directory: Path, service_name: str) -> None:
    credentials = adapter_credentials(service_name)
    _publish(directory / "cert.pem", credentials.client.certificate.read_bytes())
    _publish(directory / "key.pem", credentials.client.key.read_bytes())
    _publish(directory / "signing.pem", credentials.signing_key.read_bytes())
    _publish(directory / "signing.pub.pem", public_key_pem(credentials.public_key))


def _write_server(directory: Path, issued: local_ca.IssuedCertificate) -> None:
    _publish(directory / "cert.pem", issued.certificate.read_bytes())
    _publish(directory / "key.pem", issued.key.read_bytes())


def _key_then_chain(issued: local_ca.IssuedCertificate) -> bytes:
    # Kafka's PEM key store: the PKCS#8 key and the certificate chain in one file.
    return issued.key.read_bytes() + issued.certificate.read_bytes()


def _ensure_password(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(24)
    _publish(path, password.encode())
    return password


def _publish(path: Path, data: bytes) -> None:
    """Replaced whole (never half-written), readable by the containers' users."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return
    fresh = path.with_name(path.name + ".new")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(fresh, 0o444)
    os.replace(fresh, path)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["secrets"], help="write what deploy/compose.yaml mounts")
    parser.add_argument(
        "--out",
        type=Path,
        help=f"directory (default: <state>/compose, compose's {COMPOSE_DEFAULT})",
    )


def _run(args: argparse.Namespace) -> int:
    made = write_secrets(args.out.resolve() if args.out else None)
    print(
        f"compose secrets in {made.directory}: {len(made.logins)} Kafka logins, certificates, keys"
    )
    if made.directory != (_paths.repo_root() / ".local" / "compose"):
        print(f"  set KONFLIKTRAD_COMPOSE_SECRETS={made.directory} in deploy/.env")
    print(
        "host clients of the compose broker (devtools, kcat):\n"
        f"  KAFKA_BOOTSTRAP_SERVERS={HOST_BOOTSTRAP} KAFKA_SSL_CAFILE={made.ca}"
        f" KAFKA_PRINCIPALS_DIR={made.principals}"
    )
    return 0


COMMAND = Command(
    help="write the secrets deploy/compose.yaml mounts (Kafka logins, TLS, agency keys)",
    configure=_configure,
    run=_run,
)
