"""How notification's outbound hops are secured, decided once at start from the settings.

An agency adapter speaks HTTPS only, presents a client certificate the agency trusts, and
signs every delivery (`konfliktrad_shared.delivery_signature`); mail goes to the relay over
STARTTLS (or implicit TLS). On the embedded local profile the certificates and the signing key
default to the ones `devtools` issued from the local CA into the state directory, and mail may
go in plain text to the loopback mail server. Anywhere else, whatever is missing stops the
process here, with what to set, instead of being guessed or invented.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path

from konfliktrad_shared.bus_rights import principal_name
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.kafka_access import local_ca_file
from konfliktrad_shared.local_paths import local_certificate, local_signing_key
from notification.config import AgencyAdapterSettings, MailSecurity, NotificationSettings

_ISSUED_LOCALLY = (
    "devtools issues them from the local CA when it starts the stand-ins (`devtools up`)"
)


class OutboundNotSecured(SystemExit):
    """Raised at start: an outbound hop would go unencrypted, unauthenticated or unsigned."""


@dataclass(frozen=True)
class AgencyCredentials:
    tls: ssl.SSLContext
    signer: DeliverySigner


@dataclass(frozen=True)
class MailTransport:
    security: MailSecurity
    tls: ssl.SSLContext | None = None
    username: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def plain_loopback(cls) -> MailTransport:
        return cls(MailSecurity.PLAIN)


def agency_credentials(settings: AgencyAdapterSettings) -> AgencyCredentials:
    principal = principal_name(settings.service_name)
    prefix = str(settings.model_config.get("env_prefix", ""))
    local = settings.local_profile
    local_key, local_cert = local_certificate(principal)
    cert = settings.agency_client_cert or (local_cert if local else None)
    key = settings.agency_client_key or (local_key if local else None)
    ca = settings.agency_ca_file or (local_ca_file() if local else None)
    signing_file = settings.agency_signing_key_file or (
        local_signing_key(principal) if local and not settings.agency_signing_key else None
    )
    files = {f"{prefix}AGENCY_CLIENT_CERT": cert, f"{prefix}AGENCY_CLIENT_KEY": key}
    if ca is not None:
        files[f"{prefix}AGENCY_CA_FILE"] = ca
    if not settings.agency_signing_key:
        files[f"{prefix}AGENCY_SIGNING_KEY_FILE (or {prefix}AGENCY_SIGNING_KEY)"] = signing_file
    problems = _missing(files, local)
    if not settings.agency_endpoint.startswith("https://"):
        problems.insert(
            0, f"{prefix}AGENCY_ENDPOINT must be https:// (it is {settings.agency_endpoint!r})"
        )
    if problems:
        raise OutboundNotSecured(
            f"{settings.service_name} cannot deliver to the {settings.agency.value} securely: "
            + "; ".join(problems)
        )
    assert cert is not None and key is not None
    pem = settings.agency_signing_key.encode() or _read(signing_file)
    return AgencyCredentials(
        tls=_client_context(settings.service_name, ca, cert, key),
        signer=_signer(settings, settings.agency_signing_key_id or principal, pem),
    )


def mail_transport(settings: NotificationSettings) -> MailTransport:
    local = settings.local_profile
    security = settings.smtp_security or (MailSecurity.PLAIN if local else MailSecurity.STARTTLS)
    if security is MailSecurity.PLAIN:
        if not local:
            raise OutboundNotSecured(
                f"{settings.service_name}: mail without TLS only on the embedded local "
                "profile; set NOTIFICATION_SMTP_SECURITY to starttls or tls"
            )
        return MailTransport.plain_loopback()
    ca = settings.smtp_ca_file
    if ca is not None and not ca.is_file():
        raise OutboundNotSecured(
            f"{settings.service_name}: NOTIFICATION_SMTP_CA_FILE {ca} not found"
        )
    context = ssl.create_default_context(cafile=str(ca) if ca is not None else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return MailTransport(security, context, settings.smtp_username, settings.smtp_password)


def _missing(files: dict[str, Path | None], local: bool) -> list[str]:
    problems = []
    for name, path in files.items():
        if path is None:
            problems.append(f"set {name}")
        elif not path.is_file():
            hint = f" ({_ISSUED_LOCALLY})" if local else ""
            problems.append(f"{name}: no file at {path}{hint}")
    return problems


def _read(path: Path | None) -> bytes:
    assert path is not None
    return path.read_bytes()


def _client_context(who: str, ca: Path | None, cert: Path, key: Path) -> ssl.SSLContext:
    try:
        context = ssl.create_default_context(cafile=str(ca) if ca is not None else None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(certfile=str(cert), keyfile=str(key))
    except (ssl.SSLError, OSError) as error:
        raise OutboundNotSecured(f"{who}: the agency TLS settings do not load: {error}") from None
    return context


def _signer(settings: AgencyAdapterSettings, key_id: str, pem: bytes) -> DeliverySigner:
    try:
        return DeliverySigner.from_pem(key_id, pem)
    except (ValueError, TypeError) as error:
        raise OutboundNotSecured(
            f"{settings.service_name}: the agency signing key is not an Ed25519 private key "
            f"in PEM: {error}"
        ) from None
