"""A lawful civil filing to start from: each test changes only what its provision is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from referral_transfers import NOW

from referral.domain.commands import RegisterCivilCase
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import CivilParty, CivilSubmitter, HarmKind

ADULT = date(1980, 5, 5)
MINOR = date(2010, 5, 5)  # 16 on NOW


def party(municipality: str = "4601", **changes: object) -> CivilParty:
    base = CivilParty("Synthetic Party", municipality, consents=True, birth_date=ADULT)
    return replace(base, **changes)  # type: ignore[arg-type]


def filing(**changes: object) -> RegisterCivilCase:
    command = RegisterCivilCase(
        sender_reference="CIV-1",
        submitted_by=CivilSubmitter.PARTY,
        submitter="the claimant",
        harm=HarmKind.LOSS,
        incident_date=date(2026, 8, 1),
        claimant=party(),
        respondents=(party("0301"),),
        actor="saksbehandler-1",
    )
    return replace(command, **changes)  # type: ignore[arg-type]


def filed(**changes: object) -> ReferralCase:
    return ReferralCase.file_civil(filing(**changes), case_id="civ-1", now=NOW)
