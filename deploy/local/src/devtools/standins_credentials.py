"""The credentials of the hops from the agency adapters to the agencies' inboxes, issued
from the local CA into the state directory (never committed), once, and kept.

Each adapter gets a client certificate (its principal as CN) and an Ed25519 signing key; the
stand-in inboxes get a server certificate, trust the local CA for client certificates and
hold each adapter's public key. `adapter_settings` / `adapter_env` point an adapter at a
stand-in with them, so an adapter outside the embedded profile (PostgreSQL in the tests)
is configured as production configures it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from devtools import local_ca
from devtools._paths import state_dir
from konfliktrad_shared.bus_rights import principal_name
from konfliktrad_shared.delivery_signature import (
    DeliverySigner,
    private_key_pem,
    public_key_from_pem,
    public_key_pem,
)

ADAPTER_OF_AGENCY = {"prosecution": "prosecution_adapter", "correctional": "correctional_adapter"}
# The server certificate of the agency inboxes, and of the mail stand-in's STARTTLS.
STANDINS_SERVER = "standins"


@dataclass(frozen=True)
class AdapterCredentials:
    service_name: str
    client: local_ca.IssuedCertificate
    signing_key: Path

    @property
    def key_id(self) -> str:
        return principal_name(self.service_name)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return public_key_from_pem(_public_half(self.signing_key).read_bytes())


def adapter_credentials(service_name: str) -> AdapterCredentials:
    """`service_name`'s client certificate and signing key, issued on first use."""
    principal = principal_name(service_name)
    client = local_ca.issue(principal, server=False, client=True)
    return AdapterCredentials(service_name, client, _ensure_signing_key(principal))


def server_certificate(name: str = STANDINS_SERVER) -> local_ca.IssuedCertificate:
    return local_ca.issue(name, hosts=("127.0.0.1", "localhost"), server=True)


def trusted_key(agency: str) -> dict[str, Ed25519PublicKey]:
    """The key ids and public keys the `agency`'s inbox accepts signatures from."""
    credentials = adapter_credentials(ADAPTER_OF_AGENCY[agency])
    return {credentials.key_id: credentials.public_key}


def adapter_settings(service_name: str, inbox_port: int) -> dict[str, str | Path]:
    """Keyword arguments for the adapter's settings: a stand-in inbox on `inbox_port`."""
    credentials = adapter_credentials(service_name)
    return {
        "agency_endpoint": f"https://127.0.0.1:{inbox_port}/inbox",
        "agency_client_cert": credentials.client.certificate,
        "agency_client_key": credentials.client.key,
        "agency_ca_file": local_ca.ensure_ca(),
        "agency_signing_key_file": credentials.signing_key,
        "agency_signing_key_id": credentials.key_id,
    }


def adapter_env(service_name: str, inbox_port: int) -> dict[str, str]:
    """The same as environment variables (`PROSECUTION_ADAPTER_AGENCY_ENDPOINT` …)."""
    prefix = service_name.upper() + "_"
    return {
        prefix + name.upper(): str(value)
        for name, value in adapter_settings(service_name, inbox_port).items()
    }


def _ensure_signing_key(principal: str) -> Path:
    # Same place as `konfliktrad_shared.local_paths.local_signing_key`.
    path = state_dir() / "keys" / f"{principal}.signing.pem"
    public = _public_half(path)
    if path.exists() and public.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    signer = DeliverySigner.generate(principal)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key_pem(signer.private_key))
    public.write_bytes(public_key_pem(signer.public_key()))
    return path


def _public_half(signing_key: Path) -> Path:
    return signing_key.with_name(signing_key.name.removesuffix(".pem") + ".pub.pem")
