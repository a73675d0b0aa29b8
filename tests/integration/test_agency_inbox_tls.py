"""The hop from an agency adapter to an agency's inbox over real TLS, against the stand-in
inboxes `devtools up` and the e2e run: mutual TLS (the inbox requires a client certificate
from the CA it trusts) and a signature over every ce-* header and the body, verified before
anything is recorded. Unsigned, tampered or foreign deliveries are refused and counted; a
client without a certificate does not get past the handshake."""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fixtures.topic_probe import free_port

from devtools import local_ca
from devtools.standins import StandIns, running_standins
from devtools.standins_credentials import adapter_credentials, adapter_settings
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.outbox_relay import OutboxMessage, Outcome
from notification.adapters.agency import AgencyInbox, RetryPolicy
from notification.adapters.outbound_security import AgencyCredentials, agency_credentials
from notification.config import ProsecutionAdapterSettings

pytestmark = pytest.mark.integration
# Outside the embedded profile: every setting must be given, nothing is defaulted.
POSTGRES = "postgresql+asyncpg://n:n@127.0.0.1:1/n"
BODY = json.dumps({"case_id": "case-1", "legal_basis": "konfliktrådsloven §33"}).encode()
HEADERS = {
    "ce-id": "e-1",
    "ce-type": "no.konfliktraadet.youth_plan.breach_escalated.v1",
    "ce-source": "urn:konfliktrad:youth_plan",
    "ce-specversion": "1.0",
    "ce-time": "2026-11-20T12:00:00+00:00",
    "ce-subject": "case-1",
    "content-type": "application/json",
}


@pytest.fixture
async def standins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[StandIns]:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path / "state"))
    async with running_standins(
        smtp_port=free_port(), prosecution_port=0, correctional_port=0
    ) as running:
        yield running


def inbox_url(standins: StandIns) -> str:
    return f"https://127.0.0.1:{standins.agency_ports['prosecution']}/inbox"


def prosecution_adapter(standins: StandIns) -> AgencyCredentials:
    """The credentials exactly as the adapter process builds them from its settings."""
    configured = adapter_settings("prosecution_adapter", standins.agency_ports["prosecution"])
    return agency_credentials(ProsecutionAdapterSettings(database_url=POSTGRES, **configured))


def agency_row(event_id: str, case_id: str) -> OutboxMessage:
    payload = {
        "event_id": event_id,
        "original_type": "no.konfliktraadet.youth_plan.breach_escalated.v1",
        "source": "urn:konfliktrad:youth_plan",
        "time": "2026-11-20T12:00:00+00:00",
        "about": case_id,
        "data": {"case_id": case_id},
    }
    return OutboxMessage("agency:prosecution", case_id, json.dumps(payload).encode(), {})


async def deliver(
    standins: StandIns,
    credentials: AgencyCredentials,
    rows: list[OutboxMessage],
    signer: DeliverySigner | None = None,
) -> list[Outcome]:
    """The adapter's delivery (`AgencyInbox`) with the adapter's TLS context; the outcome
    per row, as the relay records it."""
    # Closed before the stand-ins stop: a TLS connection left open holds their shutdown.
    async with httpx.AsyncClient(timeout=5, verify=credentials.tls) as client:
        inbox = AgencyInbox(
            agency="prosecution",
            client=client,
            endpoint=inbox_url(standins),
            signer=signer or credentials.signer,
            policy=RetryPolicy(first_backoff_seconds=0.01),
        )
        return await inbox.publish_each(rows)


async def test_the_adapter_delivers_over_mutual_tls_and_its_signature_is_verified(
    standins: StandIns,
) -> None:
    rows = [agency_row("ce-1", "case-1"), agency_row("ce-1", "case-1")]
    outcomes = await deliver(standins, prosecution_adapter(standins), rows)

    delivery, repeat = standins.prosecution.deliveries
    assert delivery.signed_by == "prosecution-adapter" and delivery.body == {"case_id": "case-1"}
    assert (repeat.event_id, repeat.body) == (delivery.event_id, delivery.body), "counted again"
    assert standins.prosecution.received_counts() == {"ce-1": 2}
    assert standins.prosecution.redeliveries == 1
    assert not standins.prosecution.refusals and outcomes == [None, None]


async def test_unsigned_tampered_and_foreign_deliveries_are_refused_and_counted(
    standins: StandIns,
) -> None:
    credentials = prosecution_adapter(standins)
    signed = credentials.signer.sign(HEADERS, BODY, created=int(time.time()))
    correctional = adapter_credentials("correctional_adapter")
    other_adapter = DeliverySigner.from_pem(
        correctional.key_id, correctional.signing_key.read_bytes()
    ).sign(HEADERS, BODY, created=int(time.time()))
    attempts = [
        ("unsigned", HEADERS, BODY, 401),
        ("ce-type changed", signed | {"ce-type": "no.konfliktraadet.x.v1"}, BODY, 403),
        ("ce-subject changed", signed | {"ce-subject": "case-2"}, BODY, 403),
        ("body changed", signed, BODY.replace(b"33", b"36"), 403),
        ("ce-* header added", signed | {"ce-dataschema": "urn:forged"}, BODY, 403),
        ("the other adapter's key", other_adapter, BODY, 401),
    ]
    async with httpx.AsyncClient(timeout=5, verify=credentials.tls) as client:
        for what, headers, body, status in attempts:
            response = await client.post(inbox_url(standins), content=body, headers=headers)
            assert response.status_code == status, (what, response.text)
        accepted = await client.post(inbox_url(standins), content=BODY, headers=signed)
        assert accepted.status_code == 202, accepted.text

    assert len(standins.prosecution.refusals) == len(attempts)
    assert [d.event_id for d in standins.prosecution.deliveries] == ["e-1"], "only the genuine"
    assert "ce-dataschema" in standins.prosecution.refusals[4]


async def test_a_client_without_a_certificate_is_refused_at_the_handshake(
    standins: StandIns, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials = prosecution_adapter(standins)
    no_certificate = ssl.create_default_context(cafile=str(local_ca.ensure_ca()))
    # A certificate from some other CA, with the adapter's very name: not trusted either.
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path / "elsewhere"))
    impostor = local_ca.issue("prosecution-adapter", server=False, client=True)
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path / "state"))
    foreign_certificate = ssl.create_default_context(cafile=str(local_ca.ensure_ca()))
    foreign_certificate.load_cert_chain(str(impostor.certificate), str(impostor.key))
    signed = credentials.signer.sign(HEADERS, BODY, created=int(time.time()))

    for context in (no_certificate, foreign_certificate):
        # TLS 1.3 tells the client after its side of the handshake (the first read fails);
        # TLS 1.2 inside the handshake itself, so the connection is never made.
        async with httpx.AsyncClient(timeout=5, verify=context) as client:
            with pytest.raises(httpx.TransportError):
                await client.post(inbox_url(standins), content=BODY, headers=signed)
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        async with httpx.AsyncClient(timeout=5, verify=context) as client:
            with pytest.raises(httpx.ConnectError):
                await client.post(inbox_url(standins), content=BODY, headers=signed)

    assert not standins.prosecution.deliveries
    assert not standins.prosecution.refusals, "refused by TLS, before any HTTP was read"


async def test_plain_http_to_the_inbox_gets_nowhere(standins: StandIns) -> None:
    plain = inbox_url(standins).replace("https://", "http://")
    async with httpx.AsyncClient(timeout=5) as client:
        with pytest.raises(httpx.TransportError):
            await client.post(plain, content=BODY, headers=HEADERS)
    assert not standins.prosecution.deliveries


async def test_a_delivery_the_agency_refuses_for_its_signature_is_refused_for_good_with_why(
    standins: StandIns,
) -> None:
    # The right key id, a key the agency was never given (a stolen id, or a key rotated
    # without telling the agency): refused at once, not retried.
    unknown_key = DeliverySigner.generate("prosecution-adapter")
    rows = [agency_row("ce-9", "case-9")]
    [outcome] = await deliver(standins, prosecution_adapter(standins), rows, unknown_key)

    # The relay parks the row with this reason (test_agency_outage.py), not retried.
    assert outcome is not None and outcome.permanent
    assert "HTTP 403 signature does not verify" in outcome.error
    assert standins.prosecution.refusals == ["signature does not verify over the headers and body"]
