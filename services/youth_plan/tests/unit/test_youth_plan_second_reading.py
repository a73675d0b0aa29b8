"""The law, second reading, through youth_plan's public interfaces: the coordinators' HTTP API
(real tokens, SQLite) and its consumed topic (`referral.events.v1`, fed as Kafka records).

- conditions whenever necessary, a repeated breach included (§31 / §33 second para, §36);
- an offender who has turned 18 has no guardians (§24, §25, §26);
- a minor's guardians belong to the follow-up team (§26 first para);
(a corrected referral reaching the running case, §23: `..._second_reading_on_the_topic.py`)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from youth_harness import NOW, Harness, harness
from youth_second_reading import CASES, LATER, TODAY, registration

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from youth_plan.config import YouthPlanSettings
from youth_plan.main import MIGRATIONS, create_app

__all__ = ["harness"]
Token = Callable[..., dict[str, str]]
YS_ALL = ["offender", "guardians", "correctional_service", "police"]


# -- over HTTP ------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> YouthPlanSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = YouthPlanSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}", auth_jwks_file=keys.jwks
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    asyncio.run(seed(settings))
    return settings


async def seed(settings: YouthPlanSettings) -> None:
    seeding = Harness(settings)
    for case_id, facts in CASES.items():
        await seeding.deliver(registration(case_id, *facts))
    await seeding.runtime.engine.dispose()


@pytest.fixture
def client(settings: YouthPlanSettings) -> TestClient:
    return TestClient(create_app(settings, clock=FrozenClock(NOW)))


@pytest.fixture
def token(settings: YouthPlanSettings) -> Token:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()

    def bearer() -> dict[str, str]:
        minted = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject="coordinator",
            roles=("youth_coordinator",),
            office="oslo",
        )
        return {"Authorization": f"Bearer {minted}"}

    return bearer


class Api:
    def __init__(self, client: TestClient, token: Token, case_id: str) -> None:
        self.client, self.token, self.case_id = client, token, case_id

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(f"/cases/{self.case_id}/{path}", json=body, headers=self.token())

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(f"/cases/{self.case_id}/{path}", json=body, headers=self.token())

    def case(self) -> dict[str, Any]:
        answer = self.client.get(f"/cases/{self.case_id}", headers=self.token())
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def conference(self, attendees: list[str], **extra: Any) -> Any:
        assert self.post("conferences", {"starts_at": NOW.isoformat()}).status_code == 201
        return self.post(
            "conference-meetings", {"held_on": TODAY.isoformat(), "attendees": attendees, **extra}
        )

    def approve(self, guardians: bool = True) -> Any:
        return self.post(
            "plan-approvals",
            {
                "approved_by_coordinator": True,
                "approved_by_offender": True,
                "approved_by_guardians": guardians,
            },
        )

    def running(self, attendees: list[str]) -> None:
        assert self.conference(attendees).status_code == 201
        assert self.approve().status_code == 200

    def repeated_breach(self) -> None:
        """A breach, the conversation held, then a new breach (third para)."""
        breach = {"occurred_on": TODAY.isoformat(), "obligation": "youth_plan"}
        assert self.post("breaches", breach).json()["step"] == "breach_conversation"
        assert self.post("breach-summonses", {"starts_at": NOW.isoformat()}).status_code == 201
        conversation = {"held_on": TODAY.isoformat()}
        assert self.post("breach-conversations", conversation).status_code == 201
        again = {"occurred_on": TODAY.isoformat(), "obligation": "general_obligations"}
        outcome = self.post("breaches", again).json()
        assert outcome["step"] == "new_conference_or_transfer"
        assert "second para" in outcome["consequence"], "conditions are named as a way on"

    def conditions(self, consents: list[str]) -> Any:
        return self.post(
            "conditions",
            {
                "conditions": ["a_residence", "c_no_alcohol_or_drugs"],
                "necessary_to_prevent_new_breaches": True,
                "consents": consents,
            },
        )


@pytest.mark.parametrize(
    ("case_id", "attendees", "consents", "para"),
    [
        ("ys-1", YS_ALL, YS_ALL, "konfliktrådsloven §31 second para"),
        ("yf-1", ["offender", "guardians"], ["offender", "guardians"], "§33 second para"),
        ("fu-1", ["offender", "guardians"], ["offender", "guardians"], "§36 second para"),
    ],
)
def test_s31_s33_second_para_s36_conditions_may_be_set_after_a_repeated_breach(
    client: TestClient,
    token: Token,
    case_id: str,
    attendees: list[str],
    consents: list[str],
    para: str,
) -> None:
    api = Api(client, token, case_id)
    api.running(attendees)
    api.repeated_breach()
    refused = api.conditions(["offender"])
    assert refused.status_code == 422 and para in refused.text and "consent" in refused.text
    assert api.conditions(consents).status_code == 201
    case = api.case()
    assert case["conditions"] == ["a_residence", "c_no_alcohol_or_drugs"]
    assert case["ladder_stage"] == "repeated_breach", "the third para's choices stay open"


def test_s31_third_para_a_new_conference_or_transfer_is_a_choice_beside_the_conditions(
    client: TestClient, token: Token
) -> None:
    api = Api(client, token, "ys-1")
    api.running(YS_ALL)
    api.repeated_breach()
    assert api.conditions(YS_ALL).status_code == 201
    # The coordinator may still choose the third para's way, later, with its consents.
    decision = {"action": "new_conference", "consents": ["police", "correctional_service"]}
    decided = api.post("repeated-breach-decisions", decision)
    assert decided.status_code == 201 and decided.json()["step"] == "new_conference"
    # A breach of the conditions after they were set is a new breach under the third para.
    api2 = Api(client, token, "yf-1")
    api2.running(["offender", "guardians"])
    api2.repeated_breach()
    assert api2.conditions(["offender", "guardians"]).status_code == 201
    breach = {"occurred_on": LATER.isoformat(), "obligation": "ladder_condition"}
    assert api2.post("breaches", breach).json()["step"] == "new_conference_or_transfer"


@pytest.mark.parametrize("case_id", ["ys-18", "ys-adult"])
def test_s24_third_para_an_offender_who_has_turned_18_has_no_guardians_to_attend(
    client: TestClient, token: Token, case_id: str
) -> None:
    api = Api(client, token, case_id)
    held = api.conference(["offender", "correctional_service", "police"])
    assert held.status_code == 201, held.text  # no guardians, no temporary-guardian decision
    assert held.json()["execution_starts"].startswith(TODAY.isoformat())


def test_s24_fifth_para_a_minors_absent_guardians_still_need_the_temporary_guardian_decision(
    client: TestClient, token: Token
) -> None:
    refused = Api(client, token, "ys-1").conference(["offender", "correctional_service", "police"])
    assert refused.status_code == 422 and "§24 fifth para" in refused.text


def test_s24_fourth_para_s25_first_para_youth_follow_up_of_age_needs_no_guardians(
    client: TestClient, token: Token
) -> None:
    api = Api(client, token, "yf-18")
    assert api.conference(["offender"]).status_code == 201
    approved = api.approve(guardians=False)
    assert approved.status_code == 200, approved.text
    assert approved.json()["plan_approved_at"] is not None


@pytest.mark.parametrize("case_id", ["ys-18", "ys-adult"])
def test_s25_first_para_the_plan_of_an_offender_of_age_needs_no_guardians_approval(
    client: TestClient, token: Token, case_id: str
) -> None:
    api = Api(client, token, case_id)
    assert api.conference(["offender", "correctional_service", "police"]).status_code == 201
    assert api.approve(guardians=False).status_code == 200


def test_s25_first_para_a_minors_plan_still_needs_the_guardians_approval(
    client: TestClient, token: Token
) -> None:
    api = Api(client, token, "ys-1")
    assert api.conference(YS_ALL).status_code == 201
    refused = api.approve(guardians=False)
    assert refused.status_code == 422 and "§25 first para" in refused.text


def test_s31_second_para_an_offender_of_age_consents_without_guardians(
    client: TestClient, token: Token
) -> None:
    api = Api(client, token, "ys-18")
    api.running(["offender", "correctional_service", "police"])
    breach = {"occurred_on": TODAY.isoformat(), "obligation": "youth_plan"}
    api.post("breaches", breach)
    set_ = api.conditions(["offender", "correctional_service", "police"])
    assert set_.status_code == 201, set_.text


@pytest.mark.parametrize(
    ("case_id", "attendees"), [("ys-1", YS_ALL), ("yf-1", ["offender", "guardians"])]
)
def test_s26_first_para_a_minors_team_without_guardians_needs_a_recorded_reason(
    client: TestClient, token: Token, case_id: str, attendees: list[str]
) -> None:
    api = Api(client, token, case_id)
    api.running(attendees)
    team = [a for a in attendees if a != "guardians"] + ["school"]
    refused = api.put("follow-up-team", {"members": team})
    assert refused.status_code == 422 and "§26 first para" in refused.text
    with_reason = {"members": team, "guardians_not_members_reason": "guardians_will_not_take_part"}
    formed = api.put("follow-up-team", with_reason)
    assert formed.status_code == 200, formed.text
    assert formed.json()["team_without_guardians_reason"] == "guardians_will_not_take_part"
    with_guardians = api.put("follow-up-team", {"members": attendees})
    assert with_guardians.json()["team_without_guardians_reason"] is None


def test_s26_first_para_an_offender_of_age_has_a_team_without_guardians(
    client: TestClient, token: Token
) -> None:
    api = Api(client, token, "ys-18")
    api.running(["offender", "correctional_service", "police"])
    formed = api.put("follow-up-team", {"members": ["offender", "correctional_service", "police"]})
    assert formed.status_code == 200, formed.text
