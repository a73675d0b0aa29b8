"""A candidate's access and erasure requests answered by vetting (GDPR art. 15 and 17)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from vetting_http import Token, application, appoint

PERSON = "14831051222"


def ask(client: TestClient, token: Token, what: str, national_id: str = PERSON) -> list[dict]:  # type: ignore[type-arg]
    answered = client.post(
        f"/data-subject/{what}",
        json={"national_id": national_id},
        headers=token("data_protection_officer", office=None),
    )
    assert answered.status_code == 200, answered.text
    return list(answered.json())


def test_gdpr_art15_the_candidates_applications_and_appointment(
    client: TestClient, token: Token
) -> None:
    mediator = appoint(client, token, application(national_id=PERSON)).json()
    appoint(client, token, application(name="Someone Else", national_id="15881051211"))
    (held,) = ask(client, token, "access")
    assert held["held"]["candidate"]["name"] == "Synthetic Mediator"
    assert held["held"]["appointment"]["mediator_id"] == mediator["mediator_id"]


def test_gdpr_art17_an_appointment_in_force_is_not_erased_and_says_why(
    client: TestClient, token: Token
) -> None:
    appoint(client, token, application(national_id=PERSON))
    (outcome,) = ask(client, token, "erasure")
    assert not outcome["erased"] and "§4" in outcome["provision"]
    assert len(ask(client, token, "access")) == 1


def test_gdpr_art17_an_application_never_appointed_is_erased_on_request(
    client: TestClient, token: Token
) -> None:
    leader = token("office_leader")
    submitted = client.post("/applications", json=application(national_id=PERSON), headers=leader)
    assert submitted.status_code == 201
    (outcome,) = ask(client, token, "erasure")
    assert outcome["erased"]
    assert ask(client, token, "access") == []
    gone = client.get(f"/applications/{submitted.json()['application_id']}", headers=leader)
    assert gone.status_code == 404
