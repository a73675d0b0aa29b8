"""The case's documents, as they go to the prosecution (§20 second para, §21) — or, for a
community sentence, to the correctional service (straffegjennomføringsloven §53 first para (c)).

"Når et møte i konfliktrådet er avsluttet, skal konfliktrådet sende sakens dokumenter til
påtalemyndigheten med opplysning om det er inngått en godkjent avtale mellom partene." And §21:
"skal konfliktrådet straks oversende saken".

Readings:
- The documents are what the office holds for the case: every written agreement with its
  signatures, the guardians' approval, its performances and due dates, whether it is the final
  settlement, and each mediator's written decision with reasons (§17); whether it was
  withdrawn, fulfilled or breached; and each meeting's record — kind, time, how it was held,
  who was present, held or not and why (§20 second para, §21). The statement the Act requires
  ("om det er inngått en godkjent avtale") heads the file.
- The mediators' notes are not among them: they are what was said in the meeting, which the
  prosecution does not receive (§9; the handbook: "the documents and the outcome, not the
  dialogue"). Nor are the parties' contact details, which this service never holds.
- They are sent through a channel fit for documents, never on Kafka: the report on the agency's
  topic points to them, and the agency fetches them from this service with its own credentials.
- They are the recipient's once a meeting has ended (§20 second para) or the case is returned
  (§21: a withdrawal counts as no agreement); before that there is nothing to send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from konfliktrad_shared.contracts.agencies import DecisionBasis
from mediation.domain.agreements import Agreement
from mediation.domain.errors import RuleViolation
from mediation.domain.meetings import Meeting
from mediation.domain.reporting import Recipient, recipient


@dataclass(frozen=True)
class MeetingRecord:
    meeting_id: str
    kind: str
    starts_at: datetime
    mode: str
    held: bool | None
    not_held_because: str | None
    agreement_reached: bool | None
    present: tuple[str, ...]
    ended_at: datetime | None


@dataclass(frozen=True)
class PerformanceTerms:
    kind: str
    scope: str
    due_on: date
    owed_by: str
    owed_to: str


@dataclass(frozen=True)
class DecisionRecord:
    mediator_id: str
    approves: bool
    in_writing: bool
    reasons: str | None
    decided_at: datetime


@dataclass(frozen=True)
class AgreementDocument:
    agreement_id: str
    meeting_id: str
    in_writing: bool
    signed_by: tuple[str, ...]
    guardians_approving: tuple[str, ...]
    performances: tuple[PerformanceTerms, ...]
    final_settlement: bool | None
    contact_terms: tuple[str, ...]
    decisions: tuple[DecisionRecord, ...]
    approved_at: datetime | None
    refused_at: datetime | None
    withdrawal_ends_at: datetime | None
    withdrawn_by: str | None
    fulfilled_at: datetime | None
    breached_at: datetime | None


@dataclass(frozen=True)
class CaseFile:
    case_id: str
    office: str
    decision_basis: DecisionBasis
    recipient: Recipient
    approved_agreement_made: bool
    approved_agreement_id: str | None
    agreements: tuple[AgreementDocument, ...]
    meetings: tuple[MeetingRecord, ...]
    legal_basis: str


def sendable(meetings: list[Meeting], agreements: list[Agreement]) -> bool:
    """A meeting has ended (§20 second para), or an agreement was withdrawn (§21)."""
    ended = any(meeting.outcome is not None for meeting in meetings)
    return ended or any(agreement.withdrawn_by is not None for agreement in agreements)


def case_file(
    *,
    case_id: str,
    office: str,
    basis: DecisionBasis,
    meetings: list[Meeting],
    agreements: list[Agreement],
) -> CaseFile:
    """The documents the recipient receives; refused while there is nothing to send."""
    to = recipient(basis)
    if to is Recipient.NONE:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §20 second para",
            reason="a civil case's documents stay with the office: only a criminal case's go "
            "to the prosecution",
        )
    if not sendable(meetings, agreements):
        raise RuleViolation(
            legal_basis="konfliktrådsloven §20 second para",
            reason="the documents are sent when a meeting has ended; none has",
        )
    approved = next((a for a in agreements if a.in_force), None)
    return CaseFile(
        case_id=case_id,
        office=office,
        decision_basis=basis,
        recipient=to,
        approved_agreement_made=approved is not None,
        approved_agreement_id=approved.agreement_id if approved else None,
        agreements=tuple(_agreement(a) for a in agreements),
        meetings=tuple(_meeting(m) for m in meetings),
        legal_basis="straffegjennomføringsloven §53 first para (c)"
        if to is Recipient.CORRECTIONAL_SERVICE
        else "konfliktrådsloven §20 second para",
    )


def _meeting(meeting: Meeting) -> MeetingRecord:
    outcome = meeting.outcome
    return MeetingRecord(
        meeting_id=meeting.meeting_id,
        kind=meeting.kind.value,
        starts_at=meeting.starts_at,
        mode=meeting.mode.value,
        held=outcome.held if outcome else None,
        not_held_because=outcome.not_held_because.value
        if outcome and outcome.not_held_because
        else None,
        agreement_reached=outcome.agreement_reached if outcome else None,
        present=outcome.present if outcome else (),
        ended_at=outcome.recorded_at if outcome else None,
    )


def _agreement(agreement: Agreement) -> AgreementDocument:
    return AgreementDocument(
        agreement_id=agreement.agreement_id,
        meeting_id=agreement.meeting_id,
        in_writing=agreement.in_writing,
        signed_by=tuple(agreement.signed_by),
        guardians_approving=tuple(agreement.guardians_approving),
        performances=tuple(
            PerformanceTerms(p.kind.value, p.scope, p.due_on, p.owed_by, p.owed_to)
            for p in agreement.performances
        ),
        final_settlement=agreement.final_settlement,
        contact_terms=tuple(term.value for term in agreement.contact_terms),
        decisions=tuple(
            DecisionRecord(d.mediator_id, d.approves, d.in_writing, d.reasons, d.decided_at)
            for d in agreement.decisions
        ),
        approved_at=agreement.approved_at,
        refused_at=agreement.refused_at,
        withdrawal_ends_at=agreement.withdrawal_ends_at,
        withdrawn_by=agreement.withdrawn_by,
        fulfilled_at=agreement.fulfilled_at,
        breached_at=agreement.breached_at,
    )
