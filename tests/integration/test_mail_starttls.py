"""Letters leave for the mail relay over STARTTLS, checked against the relay's CA; a relay
that does not offer STARTTLS gets nothing (nothing is reported sent, the row stays for a
retry). Real SMTP on loopback through aiosmtpd, as the stand-in mail server runs it."""

from __future__ import annotations

import json
import ssl
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fixtures.topic_probe import free_port

from devtools import local_ca
from devtools.standins import MailSink, running_standins
from devtools.standins_credentials import server_certificate
from konfliktrad_shared.crypto import FieldCipher, Keyring, generate_key
from konfliktrad_shared.outbox_relay import OutboxMessage
from notification.adapters.channels import SmtpNotices
from notification.adapters.outbound import SEALED_NOTICE
from notification.adapters.outbound_security import MailTransport, mail_transport
from notification.config import MailSecurity, NotificationSettings
from notification.domain.vocabulary import DeliveryStatus

pytestmark = pytest.mark.integration
cipher = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))


class Reports:
    def __init__(self) -> None:
        self.reported: list[tuple[str, DeliveryStatus]] = []

    def report(
        self, message: Any, notice_id: str, status: DeliveryStatus, reason: str | None = None
    ) -> None:
        self.reported.append((notice_id, status))


class TlsCheckingSink(MailSink):
    """Takes a message only inside a TLS session, and notes that it was one."""

    def __init__(self) -> None:
        super().__init__()
        self.encrypted: list[bool] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.encrypted.append(session.ssl is not None)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    return tmp_path


def letter(notice_id: str) -> OutboxMessage:
    words = json.dumps({"address": "part@example.no", "subject": "§18", "body": "Hei"})
    payload = {
        "notice_id": notice_id,
        "case_id": "c",
        "sealed": cipher.encrypt(words, **SEALED_NOTICE),
    }
    return OutboxMessage("notice:email", "c", json.dumps(payload).encode(), {})


def starttls(port: int, reports: Reports, ca: Path) -> SmtpNotices:
    settings = NotificationSettings(
        database_url="postgresql+asyncpg://n:n@127.0.0.1:1/n", smtp_port=port, smtp_ca_file=ca
    )
    transport = mail_transport(settings)  # outside the local profile: STARTTLS
    assert transport.security is MailSecurity.STARTTLS
    return SmtpNotices(
        host="127.0.0.1",
        port=port,
        sender="ikke-svar@konfliktraadet.no",
        transport=transport,
        cipher=cipher,
        reports=reports,
    )


async def test_a_letter_goes_over_starttls_to_a_relay_that_requires_it(state: Path) -> None:
    certificate = server_certificate()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(str(certificate.certificate), str(certificate.key))
    sink, port, reports = TlsCheckingSink(), free_port(), Reports()
    relay = Controller(
        sink, hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True
    )
    relay.start()
    try:
        await starttls(port, reports, local_ca.ensure_ca()).publish_all([letter("n-1")])
    finally:
        relay.stop()

    assert sink.encrypted == [True]
    assert reports.reported == [("n-1", DeliveryStatus.SENT)]


async def test_a_relay_without_starttls_gets_nothing(state: Path) -> None:
    sink, port, reports = MailSink(), free_port(), Reports()
    relay = Controller(sink, hostname="127.0.0.1", port=port)
    relay.start()
    try:
        with pytest.raises(aiosmtplib.SMTPException, match=r"(?i)starttls"):
            await starttls(port, reports, local_ca.ensure_ca()).publish_all([letter("n-2")])
    finally:
        relay.stop()

    assert not sink.messages and not reports.reported


async def test_a_relay_whose_certificate_the_ca_did_not_sign_gets_nothing(
    state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path / "elsewhere"))
    other_ca = local_ca.ensure_ca()  # a CA that never signed the relay's certificate
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(state))
    certificate = server_certificate()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(str(certificate.certificate), str(certificate.key))
    sink, port, reports = MailSink(), free_port(), Reports()
    relay = Controller(sink, hostname="127.0.0.1", port=port, tls_context=tls)
    relay.start()
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            await starttls(port, reports, other_ca).publish_all([letter("n-3")])
    finally:
        relay.stop()

    assert not sink.messages and not reports.reported


async def test_the_stand_in_mail_server_offers_starttls_with_the_ca_notification_is_given(
    state: Path,
) -> None:
    port = free_port()
    async with running_standins(
        smtp_port=port, prosecution_port=0, correctional_port=0
    ) as standins:
        ca = Path(standins.notification_env()["NOTIFICATION_SMTP_CA_FILE"])
        reports = Reports()
        await starttls(port, reports, ca).publish_all([letter("n-4")])
        plain = SmtpNotices(
            host="127.0.0.1",
            port=port,
            sender="ikke-svar@konfliktraadet.no",
            transport=MailTransport.plain_loopback(),  # the embedded profile's way
            cipher=cipher,
            reports=reports,
        )
        await plain.publish_all([letter("n-5")])

    assert [m["Message-ID"] for m in standins.mail.messages] == [
        "<n-4@konfliktraadet.no>",
        "<n-5@konfliktraadet.no>",
    ]
