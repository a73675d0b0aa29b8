"""The local run's certificate authority: one CA per state directory, never committed.

It signs the Kafka brokers' certificates, the agency stand-ins' server certificates and the
agency adapters' client certificates, so every local hop is TLS checked against one root, as
in production (where the organisation's CA plays this part).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from devtools._paths import state_dir

CA_NAME = "Konfliktraadet local development CA"
_VALIDITY = timedelta(days=825)


@dataclass(frozen=True)
class IssuedCertificate:
    """A PEM key and certificate chain (leaf then CA) on disk."""

    key: Path
    certificate: Path

    @property
    def chain(self) -> Path:
        return self.certificate


def tls_dir() -> Path:
    return state_dir() / "tls"


def ca_certificate() -> Path:
    """Same path as `konfliktrad_shared.kafka_access.local_ca_file()`."""
    return tls_dir() / "ca.pem"


def ensure_ca() -> Path:
    """The CA's certificate, made on first use; its key stays beside it, owner-only."""
    cert_path, key_path = ca_certificate(), tls_dir() / "ca.key"
    if cert_path.exists() and key_path.exists():
        return cert_path
    tls_dir().mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _pem_key(key))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path


def issue(
    name: str,
    *,
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost"),
    server: bool = True,
    client: bool = False,
) -> IssuedCertificate:
    """A key and a certificate for `name` (its CN), signed by the local CA; made once and
    kept, so a restart keeps the identity. `hosts` become its subject alternative names."""
    directory = tls_dir() / name
    issued = IssuedCertificate(directory / "key.pem", directory / "cert.pem")
    if issued.key.exists() and issued.certificate.exists():
        return issued
    ensure_ca()
    ca_key = serialization.load_pem_private_key((tls_dir() / "ca.key").read_bytes(), None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    ca_cert = x509.load_pem_x509_certificate(ca_certificate().read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    usages = [ExtendedKeyUsageOID.SERVER_AUTH] if server else []
    usages += [ExtendedKeyUsageOID.CLIENT_AUTH] if client else []
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([_san(host) for host in hosts]), critical=False)
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    _write_private(issued.key, _pem_key(key))
    issued.certificate.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + ca_cert.public_bytes(serialization.Encoding.PEM)
    )
    return issued


def _san(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    # PKCS#8: the form Kafka's PEM key store reads.
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
