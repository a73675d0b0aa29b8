"""The examples integrators read (in the JSON schema, hence in docs/asyncapi) are valid messages.

The referral example must use a synthetic national id (Tenor: month + 80), never one that
looks like an ordinary person's number.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from devtools.testdata import synthetic_national_id
from konfliktrad_shared.contracts.agencies import CaseTransferred, CaseWithdrawn
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.referral import ReferralRejected
from konfliktrad_shared.national_id import parse_national_id

ASYNCAPI = Path(__file__).resolve().parents[2] / "docs" / "asyncapi"
CONTRACTS: tuple[type[IntegrationEvent], ...] = (CaseTransferred, CaseWithdrawn, ReferralRejected)


def _examples(contract: type[IntegrationEvent]) -> list[dict[str, Any]]:
    examples: list[dict[str, Any]] = contract.model_json_schema().get("examples", [])
    return examples


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.__name__)
def test_every_schema_example_validates(contract: type[IntegrationEvent]) -> None:
    examples = _examples(contract)
    assert examples, f"{contract.__name__} has no example"
    for example in examples:
        event = contract.model_validate(example)
        # What goes on the wire is the example again (no field dropped or renamed).
        assert json.loads(event.model_dump_json(exclude_unset=True)) == example
        assert event.subject() == example["sender_reference"]


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.__name__)
def test_the_example_keeps_the_base_config(contract: type[IntegrationEvent]) -> None:
    assert contract.model_config["extra"] == "ignore"
    assert contract.model_config["frozen"] is True


def test_the_referral_example_uses_a_synthetic_national_id() -> None:
    (example,) = _examples(CaseTransferred)
    national_id = example["offender"]["national_id"]
    assert national_id == synthetic_national_id(date(2010, 3, 14))
    parsed = parse_national_id(national_id, allow_synthetic=True)
    assert parsed.synthetic is not None
    assert parsed.birth_date == date(2010, 3, 14)
    for victim in example["victims"]:
        if victim.get("national_id"):
            assert parse_national_id(victim["national_id"], allow_synthetic=True).synthetic


@pytest.mark.parametrize(
    ("document", "schema"),
    [
        ("referral", "CaseTransferred"),
        ("referral", "CaseWithdrawn"),
        ("referral", "ReferralRejected"),
    ],
)
def test_the_asyncapi_document_shows_the_example(document: str, schema: str) -> None:
    rendered = json.loads((ASYNCAPI / f"{document}.json").read_text(encoding="utf-8"))
    contract = {c.__name__: c for c in CONTRACTS}[schema]
    assert rendered["components"]["schemas"][schema]["examples"] == _examples(contract)


def test_the_referral_message_carries_a_full_example_with_headers() -> None:
    rendered = json.loads((ASYNCAPI / "referral.json").read_text(encoding="utf-8"))
    messages = rendered["components"]["messages"]
    message = messages["referral:konfliktrad.referrals.v1.{sender}:SubscribeMessage"]
    transferred, withdrawn = message["examples"]
    for example, contract in ((transferred, CaseTransferred), (withdrawn, CaseWithdrawn)):
        assert example["payload"] == _examples(contract)[0]
        assert example["headers"]["ce_type"] == contract.event_type
        assert example["headers"]["ce_subject"] == example["payload"]["sender_reference"]
        required = message["headers"]["required"]
        assert all(example["headers"][name] for name in required)
