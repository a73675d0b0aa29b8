"""The mediation forms: what the person typed, as the body mediation's API takes.

Only translation: whether a meeting or an agreement is lawful is mediation's to say.
`PLACEMENT` says beside which field a refusal under a provision is shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desk.entrypoints.web import OSLO, Form

PLACEMENT: dict[str, dict[str, str]] = {
    "assign": {"§14": "mediator_ids"},
    "meeting": {
        "§12 second para": "indirect_justification",
        "§12 third para": "affected_person",
        "§15": "support_person",
        "§16": "interpreter",
        "§14": "starts_at",
        "§12 first para": "kind",
    },
    "agreement": {
        "§12 third para": "performance_kind",
        "§17 fourth para": "performance_scope",
        "§17 first para": "signed_by",
        "§20 second para": "meeting_id",
    },
    "outcome": {"§9": "held"},
    "notes": {"": "text"},
    "approval": {"§17": "approves"},
    "fulfilment": {},
}


def checked(form: Form, name: str) -> bool:
    return form.value(name) in ("on", "true", "1")


def local_moment(value: str) -> str:
    """A datetime-local field is Norwegian wall time; the API wants the moment."""
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=OSLO)).isoformat()


def assignment(form: Form) -> dict[str, Any]:
    body: dict[str, Any] = {"mediator_ids": form.values_of("mediator_ids")}
    if form.value("lead_mediator"):
        body["lead_mediator"] = form.value("lead_mediator")
    return body


def meeting(form: Form, case: dict[str, Any]) -> dict[str, Any]:
    participants: list[dict[str, Any]] = []
    for party in case["parties"]:
        if party["role"] == "guardian":
            participants.append(
                {"person_ref": party["party_id"], "role": "guardian",
                 "for_party": party["guardian_of"]}
            )  # fmt: skip
        else:
            participants.append(
                {"person_ref": party["party_id"], "role": "party",
                 "is_minor": party["is_minor"]}
            )  # fmt: skip
    for mediator_id in case["mediators"]:
        participants.append({"person_ref": mediator_id, "role": "mediator"})
    body: dict[str, Any] = {
        "kind": form.value("kind", "mediation_meeting"),
        "starts_at": local_moment(str(form.value("starts_at"))) if form.value("starts_at") else "",
        "mode": form.value("mode", "in_person"),
        "participants": participants,
    }
    if form.value("indirect_justification"):
        body["indirect_permission"] = {"justification": form.value("indirect_justification")}
    if form.value("affected_person"):
        participants.append(
            {"person_ref": form.value("affected_person"), "role": "affected_person"}
        )
        if form.value("affected_justification"):
            body["affected_person_permission"] = {
                "justification": form.value("affected_justification")
            }
    if form.value("support_person"):
        participants.append(
            {"person_ref": form.value("support_person"), "role": "support_person",
             "for_party": form.value("support_for") or None}
        )  # fmt: skip
        if form.value("support_justification"):
            body["support_permission"] = {"justification": form.value("support_justification")}
    if form.value("interpreter"):
        participants.append(
            {"person_ref": form.value("interpreter"), "role": "interpreter",
             "qualified": checked(form, "interpreter_qualified")}
        )  # fmt: skip
    return body


def agreement(form: Form) -> dict[str, Any]:
    body: dict[str, Any] = {
        "meeting_id": form.value("meeting_id"),
        "in_writing": checked(form, "in_writing"),
        "signed_by": form.values_of("signed_by"),
        "final_settlement": checked(form, "final_settlement"),
        "performances": [],
    }
    if form.value("performance_scope") or form.value("performance_kind"):
        body["performances"].append(
            {
                "kind": form.value("performance_kind"),
                "scope": form.value("performance_scope"),
                "due_on": form.value("due_on") or None,
                "owed_by": form.value("owed_by"),
                "owed_to": form.value("owed_to"),
            }
        )
    return body


def outcome(form: Form, meeting: dict[str, Any]) -> dict[str, Any]:
    everyone = [p["person_ref"] for p in meeting["participants"]]
    held = checked(form, "held")
    return {
        "held": held,
        "not_held_because": None if held else "other",
        "agreement_reached": checked(form, "agreement_reached"),
        "present": everyone if held else [],
        "told_of_confidentiality": everyone if held else [],
    }
