"""What vetting holds on one candidate or mediator, and its erasure where the law allows
(GDPR art. 15 and 17). Applications carry no blind index: the sealed candidates are read
once each, as the diversity report already does — a rare request, not a hot path."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.data_subject import ErasureOutcome, Holding
from vetting.adapters import sealing
from vetting.adapters.orm import applications, appointments
from vetting.domain.model import Status
from vetting.domain.retention import FORMER_MEDIATOR
from vetting.domain.vocabulary import Candidate

SERVICE = "vetting"
PURPOSE = "konfliktrådsloven §§4–7: appointment and its record check (politiregisterloven §41)"


@dataclass(frozen=True)
class DataSubjectReads:
    sessions: async_sessionmaker[AsyncSession]
    cipher: FieldCipher

    async def _theirs(
        self, session: AsyncSession, national_id: str
    ) -> list[tuple[Any, Candidate, Any]]:
        rows = await session.execute(select(applications).order_by(applications.c.application_id))
        found = []
        for row in rows.mappings().all():
            candidate = sealing.unseal(self.cipher, row["candidate_sealed"])
            if candidate.national_id != national_id:
                continue
            appointment = (
                (
                    await session.execute(
                        select(appointments).where(
                            appointments.c.application_id == row["application_id"]
                        )
                    )
                )
                .mappings()
                .first()
            )
            found.append((row, candidate, appointment))
        return found

    async def holdings(self, national_id: str) -> list[Holding]:
        async with self.sessions() as session:
            found = await self._theirs(session, national_id)
        return [
            Holding(
                service=SERVICE,
                record="application" if appointment is None else "application and appointment",
                record_id=row["application_id"],
                office=row["office"],
                purpose=PURPOSE,
                held={
                    "role": row["role"],
                    "received_at": row["received_at"].isoformat(),
                    "candidate": asdict(candidate),
                    "appointment": None if appointment is None else _appointment(appointment),
                },
            )
            for row, candidate, appointment in found
        ]

    async def erase(self, national_id: str) -> list[ErasureOutcome]:
        outcomes = []
        async with self.sessions() as session, session.begin():
            for row, _candidate, appointment in await self._theirs(session, national_id):
                application_id = row["application_id"]
                if appointment is not None:
                    outcomes.append(_refused(application_id, appointment["status"]))
                    continue
                await session.execute(
                    delete(applications).where(applications.c.application_id == application_id)
                )
                outcomes.append(
                    ErasureOutcome(
                        service=SERVICE,
                        record_id=application_id,
                        erased=True,
                        provision="GDPR art. 17(1)(a) and (b)",
                        reason="No appointment was made on the application; asking for its "
                        "erasure withdraws it, and the office has no other use for it.",
                    )
                )
        return outcomes


def _appointment(row: Any) -> dict[str, Any]:
    keys = ("mediator_id", "status", "term_starts", "term_ends", "ended_on", "end_basis")
    return {key: row[key] for key in keys}


def _refused(application_id: str, status: str) -> ErasureOutcome:
    if status == Status.ACTIVE:
        return ErasureOutcome(
            service=SERVICE,
            record_id=application_id,
            erased=False,
            provision="GDPR art. 17(3)(b); konfliktrådsloven §4 and §6",
            reason="The appointment is in force: the office must know who mediates for it and "
            "that they meet §§5–7. Resigning ends the appointment; the record is then kept for "
            "the period below and erased.",
        )
    return ErasureOutcome(
        service=SERVICE,
        record_id=application_id,
        erased=False,
        provision=f"GDPR art. 17(3)(b); {FORMER_MEDIATOR.provision}",
        reason=f"The appointment has ended; it is kept {FORMER_MEDIATOR.months} months after "
        "its end so the office can answer for the cases this mediator closed while they stand "
        "on the police certificate, then erased by the office without a request.",
    )
