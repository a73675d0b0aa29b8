"""Cases in and out of the database, sealing personal data on the way in.

An explicit data mapper rather than imperative mapping: encryption needs the runtime's keys,
which an ORM type would have to reach through global state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.batch_scope import BatchScope, batch_scope
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.screening import Screening
from referral.adapters.orm import audit_entries, cases
from referral.adapters.sealing import (
    Sealer,
    civil_party_from,
    offender_from,
    to_plain,
    victim_from,
)
from referral.domain.audit import AuditEntry
from referral.domain.model import ReferralCase
from referral.domain.moves import MoveStage, PendingMove
from referral.domain.vocabulary import (
    CaseKind,
    CaseStatus,
    Condition,
    DecisionBasis,
    DecisionMaker,
    HarmKind,
    Reaction,
)


@dataclass(frozen=True)
class CaseFilter:
    """What a case officer may search by; `offices` is always the caller's own."""

    offices: frozenset[str]
    status: CaseStatus | None = None
    reaction: Reaction | None = None
    kind: CaseKind | None = None
    sender_reference: str | None = None
    received_from: datetime | None = None
    received_before: datetime | None = None
    limit: int = 50
    offset: int = 0


class ReferralCaseRepository:
    def __init__(self, session: AsyncSession, cipher: FieldCipher, indexer: BlindIndexer) -> None:
        self._session = session
        self._sealer = Sealer(cipher)
        self._audit_sealer = Sealer(cipher, table="audit_entries")
        self._indexer = indexer
        self.seen: dict[str, ReferralCase] = {}

    async def add(self, case: ReferralCase) -> None:
        if (batch := batch_scope(self._session)) is not None:
            # Written with the batch; a later message of it finds the case in `found`.
            batch.insert(cases, self._to_row(case), key=case.case_id)
            batch.found[_by_id(case.case_id)] = case
            batch.found[_by_reference(case.sender_reference, case.kind)] = case
        else:
            await self._session.execute(insert(cases), self._to_row(case))
        await self._append_audit(case)
        self.seen[case.case_id] = case

    async def save(self, case: ReferralCase) -> None:
        row = self._to_row(case)
        batch = batch_scope(self._session)
        if batch is not None and batch.holds(cases, case.case_id):
            batch.insert(cases, row, key=case.case_id)  # added in this batch, not yet written
        else:
            del row["case_id"]
            statement = update(cases).where(cases.c.case_id == case.case_id)
            await self._session.execute(statement, row)
        await self._append_audit(case)
        self.seen[case.case_id] = case

    async def get(self, case_id: str) -> ReferralCase | None:
        batch = batch_scope(self._session)
        if batch is not None and _by_id(case_id) in batch.found:
            return self._seen(batch.found[_by_id(case_id)])
        return await self._one(cases.c.case_id == case_id)

    async def get_by_sender_reference(
        self, sender_reference: str, kind: CaseKind
    ) -> ReferralCase | None:
        key = _by_reference(sender_reference, kind)
        if (batch := batch_scope(self._session)) is not None:
            if key not in batch.found:
                await self._load_references_of(batch, kind)
            if key in batch.found:
                return self._seen(batch.found[key])
        return await self._one(
            (cases.c.sender_reference == sender_reference) & (cases.c.kind == kind.value)
        )

    async def _load_references_of(self, batch: BatchScope, kind: CaseKind) -> None:
        """Every case of `kind` the batch's commands name by sender reference, in one read;
        those not there are noted as absent."""
        wanted = {
            reference
            for command in batch.commands
            if isinstance(reference := getattr(command, "sender_reference", None), str)
            and _by_reference(reference, kind) not in batch.found
        }
        if not wanted:
            return
        query = select(cases).where(
            cases.c.kind == kind.value,
            cases.c.sender_reference.in_(sorted(wanted)),
            cases.c.erased_on.is_(None),
        )
        loaded = {
            row["sender_reference"]: self._from_row(row)
            for row in (await self._session.execute(query)).mappings()
        }
        for reference in wanted:
            batch.found[_by_reference(reference, kind)] = loaded.get(reference)
        for case in loaded.values():
            batch.found.setdefault(_by_id(case.case_id), case)

    def _seen(self, case: ReferralCase | None) -> ReferralCase | None:
        if case is not None:
            self.seen[case.case_id] = case
        return case

    async def filed_by(self, case_id: str) -> str | None:
        """Who filed a civil case (its first audit entry), for a retried filing."""
        query = select(audit_entries.c.actor).where(
            (audit_entries.c.case_id == case_id) & (audit_entries.c.action == "filed")
        )
        return (await self._session.execute(query.limit(1))).scalar()

    async def search(self, by: CaseFilter) -> list[ReferralCase]:
        query = select(cases).where(
            cases.c.office.in_(sorted(by.offices)), cases.c.erased_on.is_(None)
        )
        for column, wanted in (
            (cases.c.status, by.status and by.status.value),
            (cases.c.reaction, by.reaction and by.reaction.value),
            (cases.c.kind, by.kind and by.kind.value),
            (cases.c.sender_reference, by.sender_reference),
        ):
            if wanted is not None:
                query = query.where(column == wanted)
        if by.received_from is not None:
            query = query.where(cases.c.received_at >= by.received_from)
        if by.received_before is not None:
            query = query.where(cases.c.received_at < by.received_before)
        query = query.order_by(cases.c.received_at, cases.c.case_id)
        rows = await self._session.execute(query.limit(by.limit).offset(by.offset))
        return [self._from_row(row) for row in rows.mappings()]

    async def audit_trail(self, case_id: str) -> list[AuditEntry]:
        query = select(audit_entries).where(audit_entries.c.case_id == case_id)
        rows = await self._session.execute(query.order_by(audit_entries.c.entry_id))
        return [
            AuditEntry(
                at=row["at"],
                actor=row["actor"],
                action=row["action"],
                legal_basis=row["legal_basis"],
                detail=self._audit_sealer.open("detail_sealed", row["detail_sealed"]),
            )
            for row in rows.mappings()
        ]

    async def _append_audit(self, case: ReferralCase) -> None:
        # The aggregate holds only this transaction's entries; the trail is append-only.
        rows = [
            {
                "case_id": case.case_id,
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "legal_basis": entry.legal_basis,
                "detail_sealed": self._audit_sealer.seal("detail_sealed", entry.detail),
            }
            for entry in case.audit
        ]
        case.audit.clear()
        if (batch := batch_scope(self._session)) is not None:
            for row in rows:
                batch.insert(audit_entries, row)
        elif rows:
            await self._session.execute(insert(audit_entries), rows)

    async def _one(self, condition: Any) -> ReferralCase | None:
        query = select(cases).where(condition, cases.c.erased_on.is_(None))
        row = (await self._session.execute(query)).mappings().first()
        if row is None:
            return None
        case = self._from_row(row)
        self.seen[case.case_id] = case
        return case

    def _to_row(self, case: ReferralCase) -> dict[str, Any]:
        seal, move = self._sealer, case.pending_move
        offender = case.offender
        return {
            "case_id": case.case_id,
            "sender_reference": case.sender_reference,
            "sender": case.sender,
            "sender_principal": case.sender_principal,
            "office": case.office,
            "kind": case.kind.value,
            "reaction": case.reaction.value,
            "decision_basis": case.decision_basis.value,
            "offence_date": case.offence_date,
            "decided_on": case.decided_on,
            "execution_months": case.execution_months,
            "received_at": case.received_at,
            "status": case.status.value,
            "rejection_basis": case.rejection_basis,
            "rejection_reason": case.rejection_reason,
            "offender_sealed": offender and seal.seal("offender_sealed", to_plain(offender)),
            "offender_index": offender and self._indexer.blind_index(offender.national_id),
            "victims_sealed": seal.seal("victims_sealed", [to_plain(v) for v in case.victims]),
            "civil_parties_sealed": seal.seal(
                "civil_parties_sealed", [to_plain(p) for p in case.civil_parties]
            ),
            "harm": case.harm and case.harm.value,
            "civil_exception_applied": case.civil_exception_applied,
            "civil_exception_found_by": case.civil_exception_found_by,
            "civil_exception_found_at": case.civil_exception_found_at,
            "digests_sealed": seal.seal("digests_sealed", case.field_digests),
            "decided_by": case.decided_by and case.decided_by.value,
            "condition_letter": case.condition and case.condition.value,
            "execution_ends_on": case.execution_ends_on,
            "no_new_crimes_condition": case.no_new_crimes_condition,
            "compensation_condition": case.compensation_condition,
            "temporary_guardian_needed": case.temporary_guardian_needed,
            "postponed_until": case.postponed_until,
            "postponement_reason_sealed": seal.seal_optional(
                "postponement_reason_sealed", case.postponement_reason
            ),
            "pending_move_to": move and move.to_office,
            "pending_move_stage": move and move.stage.value,
            "pending_move_reason_sealed": move
            and seal.seal("pending_move_reason_sealed", move.reason),
            "withdrawn_on": case.withdrawn_on,
            "execution_ends_by_youth_plan": case.execution_ends_by_youth_plan,
            "screening_sealed": seal.seal_optional("screening_sealed", _screening(case)),
        }

    def _from_row(self, row: RowMapping) -> ReferralCase:
        opened = self._sealer.open
        offender = opened("offender_sealed", row["offender_sealed"])
        return ReferralCase(
            case_id=row["case_id"],
            sender_reference=row["sender_reference"],
            sender=row["sender"],
            sender_principal=row["sender_principal"],
            office=row["office"],
            kind=CaseKind(row["kind"]),
            reaction=Reaction(row["reaction"]),
            decision_basis=DecisionBasis(row["decision_basis"]),
            offence_date=row["offence_date"],
            decided_on=row["decided_on"],
            execution_months=row["execution_months"],
            received_at=row["received_at"],
            status=CaseStatus(row["status"]),
            offender=offender_from(offender) if offender else None,
            victims=_each(victim_from, opened("victims_sealed", row["victims_sealed"])),
            civil_parties=_each(
                civil_party_from, opened("civil_parties_sealed", row["civil_parties_sealed"])
            ),
            harm=HarmKind(row["harm"]) if row["harm"] else None,
            civil_exception_applied=row["civil_exception_applied"],
            civil_exception_found_by=row["civil_exception_found_by"],
            civil_exception_found_at=row["civil_exception_found_at"],
            field_digests=opened("digests_sealed", row["digests_sealed"]) or {},
            decided_by=DecisionMaker(row["decided_by"]) if row["decided_by"] else None,
            condition=Condition(row["condition_letter"]) if row["condition_letter"] else None,
            execution_ends_on=row["execution_ends_on"],
            no_new_crimes_condition=row["no_new_crimes_condition"],
            compensation_condition=row["compensation_condition"],
            temporary_guardian_needed=row["temporary_guardian_needed"],
            rejection_basis=row["rejection_basis"],
            rejection_reason=row["rejection_reason"],
            postponed_until=row["postponed_until"],
            postponement_reason=opened(
                "postponement_reason_sealed", row["postponement_reason_sealed"]
            ),
            pending_move=_pending_move(row, opened),
            withdrawn_on=row["withdrawn_on"],
            execution_ends_by_youth_plan=row["execution_ends_by_youth_plan"],
            screening=_screening_from(opened("screening_sealed", row["screening_sealed"])),
        )


def _screening(case: ReferralCase) -> dict[str, list[str]] | None:
    screening = case.screening
    if not screening.screened:
        return None
    return {"parties": sorted(screening.parties), "granted": sorted(screening.granted)}


def _screening_from(plain: dict[str, list[str]] | None) -> Screening:
    if plain is None:
        return Screening()
    return Screening(frozenset(plain["parties"]), frozenset(plain["granted"]))


def _each(build: Any, plain: Sequence[dict[str, Any]] | None) -> tuple[Any, ...]:
    return tuple(build(item) for item in plain or ())


def _pending_move(row: RowMapping, opened: Any) -> PendingMove | None:
    if row["pending_move_to"] is None:
        return None
    reason = opened("pending_move_reason_sealed", row["pending_move_reason_sealed"])
    return PendingMove(row["pending_move_to"], MoveStage(row["pending_move_stage"]), reason)


def _by_id(case_id: str) -> tuple[str, ...]:
    return ("referral case", case_id)


def _by_reference(sender_reference: str, kind: CaseKind) -> tuple[str, ...]:
    return ("referral case", kind.value, sender_reference)
