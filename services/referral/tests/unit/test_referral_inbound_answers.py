"""Every readable referral is answered (konfliktrådsloven §8): registered, or refused with a
`ReferralRejected` naming the provision and the reason. Only what cannot be read goes to the
dead-letter topic. Through the consumer on the inbound topic, as a sender's message arrives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from referral_service import TRANSFER, YOUTH_SENTENCE, Office, referral_office

from konfliktrad_shared.contracts import topics

REJECTED = "no.konfliktraadet.referral.rejected.v1"
REGISTERED = "no.konfliktraadet.referral.registered.v1"


@pytest_asyncio.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with referral_office(tmp_path) as running:
        yield running


async def refusal(office: Office) -> tuple[str, str]:
    """The one refusal the prosecution got: (legal_basis, reason); nothing dead-lettered."""
    assert office.broker.dead_letters == []
    rejections = await office.published(REJECTED)
    assert [topic for topic, _ in rejections] == [topics.PROSECUTION, topics.REFERRAL_EVENTS]
    payload = rejections[0][1]
    return payload["legal_basis"], payload["reason"]


async def registered_at(office: Office) -> str:
    assert office.broker.dead_letters == [] and await office.published(REJECTED) == []
    ((_, registration),) = await office.published(REGISTERED)
    return str(registration["office"])


# -- §8 with §23 and straffeprosessloven §71a: the Act's limits are refusals, not schema errors


async def test_s23_first_para_a_37_month_youth_sentence_in_months_is_refused_not_dead_lettered(
    office: Office,
) -> None:
    await office.send(
        **YOUTH_SENTENCE, execution_months=37, prison_would_clearly_exceed_two_years=True
    )
    basis, reason = await refusal(office)
    assert basis == "konfliktrådsloven §23 first para"
    assert "from 6 months to 36 months" in reason and "37 months is outside" in reason


@pytest.mark.parametrize(
    ("changes", "provision"),
    [
        (dict(YOUTH_SENTENCE, execution_months=25), "konfliktrådsloven §23 first para"),
        (dict(YOUTH_SENTENCE, execution_months=5), "konfliktrådsloven §23 first para"),
        ({"execution_months": 13}, "konfliktrådsloven §23 second para"),
        ({"execution_months": 0}, "konfliktrådsloven §23 second para"),
        ({"execution_months": -1}, "konfliktrådsloven §23 second para"),
        ({"execution_months": 2_000_000_000}, "konfliktrådsloven §23 second para"),
        (
            {"reaction": "follow_up", "execution_months": 13, "offender": TRANSFER["offender"]},
            "straffeprosessloven §71a first para",
        ),
    ],
)
async def test_s23_an_execution_period_the_act_does_not_allow_is_answered_with_the_provision(
    office: Office, changes: dict[str, Any], provision: str
) -> None:
    await office.send(**changes)
    basis, reason = await refusal(office)
    assert basis == provision and "months is outside" in reason


async def test_strpl_71a_first_para_a_period_no_calendar_holds_is_answered(
    office: Office,
) -> None:
    await office.send(reaction="follow_up", offence_date="9999-01-01", decided_on="9999-06-01")
    basis, reason = await refusal(office)
    assert basis == "straffeprosessloven §71a first para"
    assert "no period of 12 months can be counted" in reason


async def test_strl_53_no3_a_letter_the_reaction_does_not_rest_on_is_refused_not_dead_lettered(
    office: Office,
) -> None:
    # A sender counting by the 2005 Code writes (j) for youth follow-up.
    await office.send(decision_basis="strl_53_no3", condition="j")
    basis, reason = await refusal(office)
    assert basis == "straffeloven §53 no. 3 (i)"
    assert "not (j)" in reason and "2005 Code" in reason


async def test_a_mediation_ending_far_in_the_future_is_answered_not_retried_forever(
    office: Office,
) -> None:
    await office.send(reaction="mediation", execution_months=None, execution_ends_on="9999-12-31")
    assert await registered_at(office) == "konfliktradet-oslo"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"offender": {**TRANSFER["offender"], "national_id": "14831051223"}}, "national_id"),
        ({"offender": None}, "offender"),
        ({"reaction": "restorative_circle"}, "reaction"),
        ({"condition": "hh"}, "condition"),
        ({"execution_months": "twelve"}, "execution_months"),
        ({"offender": {**TRANSFER["offender"], "municipality": "Oslo"}}, "municipality"),
    ],
)
async def test_s8_only_what_cannot_be_read_is_dead_lettered(
    office: Office, changes: dict[str, Any], field: str
) -> None:
    await office.send(**changes)
    (dead,) = office.broker.dead_letters
    assert (dead.topic.endswith(".dlq"), dead.reason) == (True, "schema_violation")
    assert field in dead.error
    assert await office.published(REJECTED) == [] and await office.published(REGISTERED) == []


# -- §13 third para: the office is the one the prosecution names -----------------------------


@pytest.mark.parametrize(
    "municipality",
    [
        pytest.param(None, id="abroad"),
        pytest.param("9999", id="unknown"),
        pytest.param("4601", id="Bergen"),
    ],
)
async def test_s13_third_para_the_named_office_takes_the_case_wherever_the_offender_lives(
    office: Office, municipality: str | None
) -> None:
    offender = {**TRANSFER["offender"], "municipality": municipality}
    if municipality is None:
        del offender["municipality"]
    await office.send(offender=offender)
    assert await registered_at(office) == "konfliktradet-oslo"


async def test_s13_third_para_an_office_konfliktradet_does_not_have_is_refused(
    office: Office,
) -> None:
    await office.send(office="konfliktradet-atlantis")
    basis, reason = await refusal(office)
    assert basis == "konfliktrådsloven §13 third para"
    assert "konfliktradet-atlantis" in reason
