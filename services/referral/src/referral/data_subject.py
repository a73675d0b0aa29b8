"""What referral holds on one person, and the erasure of it where the law allows (GDPR
art. 15 and 17). A person is found as offender by the blind index, and as victim or civil
party by reading the sealed parties of the cases that have any: those carry no index of
their own, so this reads every such live case once — a rare request, not a hot path."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.data_subject import ErasureOutcome, Holding
from konfliktrad_shared.legal_time import norwegian_date
from referral.adapters.orm import cases
from referral.adapters.repository import ReferralCaseRepository
from referral.adapters.retention import IDENTITIES
from referral.domain.model import ReferralCase
from referral.domain.parties import Party
from referral.domain.vocabulary import CaseStatus

SERVICE = "referral"
PURPOSE = "konfliktrådsloven §1 and §10: the case the office was sent (GDPR art. 6(1)(e))"
UNDER_WAY = (CaseStatus.REGISTERED, CaseStatus.AWAITING_SUITABILITY)


@dataclass(frozen=True)
class DataSubjectReads:
    sessions: async_sessionmaker[AsyncSession]
    cipher: FieldCipher
    indexer: BlindIndexer

    async def _cases_of(self, session: AsyncSession, national_id: str) -> list[ReferralCase]:
        query = select(cases.c.case_id).where(
            cases.c.erased_on.is_(None),
            or_(
                cases.c.offender_index == self.indexer.blind_index(national_id),
                cases.c.victims_sealed.is_not(None),
                cases.c.civil_parties_sealed.is_not(None),
            ),
        )
        repository = ReferralCaseRepository(session, self.cipher, self.indexer)
        found = []
        for case_id in (await session.execute(query.order_by(cases.c.case_id))).scalars():
            case = await repository.get(case_id)
            if case is not None and _theirs(case, national_id):
                found.append(case)
        return found

    async def holdings(self, national_id: str) -> list[Holding]:
        async with self.sessions() as session:
            found = await self._cases_of(session, national_id)
        return [
            Holding(
                service=SERVICE,
                record="case party",
                record_id=case.case_id,
                office=case.office,
                case_id=case.case_id,
                party_id=party.party_id,
                purpose=PURPOSE,
                held={
                    "role": party.role.value,
                    "kind": case.kind.value,
                    "status": case.status.value,
                    "reaction": case.reaction.value,
                    "received_at": case.received_at.isoformat(),
                    "person": asdict(party),
                },
            )
            for case in found
            for party in _theirs(case, national_id)
        ]

    async def erase(self, national_id: str, now: datetime) -> list[ErasureOutcome]:
        outcomes = []
        async with self.sessions() as session, session.begin():
            for case in await self._cases_of(session, national_id):
                if case.status in UNDER_WAY:
                    outcomes.append(_refused_under_way(case))
                    continue
                await session.execute(
                    update(cases)
                    .where(cases.c.case_id == case.case_id)
                    .values(erased_on=norwegian_date(now), **IDENTITIES)
                )
                outcomes.append(
                    ErasureOutcome(
                        service=SERVICE,
                        record_id=case.case_id,
                        erased=True,
                        provision="GDPR art. 17(1)(a)",
                        reason="The case was rejected or withdrawn and went back to its sender, "
                        "who keeps the case of record; the office no longer needs it.",
                    )
                )
        return outcomes


def _theirs(case: ReferralCase, national_id: str) -> list[Party]:
    return [party for party in case.parties() if party.national_id == national_id]


def _refused_under_way(case: ReferralCase) -> ErasureOutcome:
    return ErasureOutcome(
        service=SERVICE,
        record_id=case.case_id,
        erased=False,
        provision="GDPR art. 17(3)(b); konfliktrådsloven §10 second para",
        reason="The case is under way: the office handles it as its task under the Act "
        "(GDPR art. 6(1)(e)) and must deal with it as soon as possible (§10), which it cannot "
        "do without the parties; erasure does not apply while processing is needed for that "
        "task. The identities are erased when the case's retention period runs out.",
    )
