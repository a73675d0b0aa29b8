"""Whether the office may take a civil case (konfliktrådsloven §1, §10, §11, §13).

Civil cases come from the parties or from public agencies other than the prosecution. The
conflict must come from an act causing harm, loss or another violation; the office leader then
decides whether the case is suitable (§10 first para) — see `ReferralCase.decide_suitability`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from referral.domain.age_and_periods import age_on
from referral.domain.commands import CivilParty, HarmKind, RegisterCivilCase
from referral.domain.errors import RuleViolation
from referral.domain.offices import office_for_municipality

HARM_BASIS = "konfliktrådsloven §1 first para"
CONSENT = "konfliktrådsloven §11 first para"
GUARDIANS = "konfliktrådsloven §11 second para"
CIVIL_EXCEPTION = "konfliktrådsloven §11 third para"


@dataclass(frozen=True)
class CivilIntake:
    office: str
    temporary_guardian_needed: bool
    civil_exception_applied: bool


def is_minor(party: CivilParty, day: date) -> bool:
    return party.birth_date is not None and age_on(party.birth_date, day) < 18


def check_civil_case(cmd: RegisterCivilCase, today: date) -> CivilIntake:
    if cmd.harm is HarmKind.NONE:
        raise RuleViolation(
            legal_basis=HARM_BASIS,
            reason="a civil case must come from an act that caused harm, loss or another "
            "violation, not from general disagreement",
        )
    if not cmd.respondents:
        raise RuleViolation(legal_basis=HARM_BASIS, reason="a civil case needs another party")
    # §13 first para: the office for the municipality where the complainant lives or stays.
    office = office_for_municipality(cmd.claimant.municipality)
    temporary_guardian_needed = civil_exception_applied = False
    respondents = enumerate(cmd.respondents, start=1)
    parties = [("the claimant", cmd.claimant)]
    parties += [(f"respondent {number}", party) for number, party in respondents]
    for label, party in parties:
        if not party.consents:
            raise RuleViolation(legal_basis=CONSENT, reason=f"{label} has not consented")
        if not is_minor(party, today):
            continue
        if party.may_act_alone:
            civil_exception_applied = True
            continue
        temporary_guardian_needed |= _guardians_consent(label, party)
    return CivilIntake(office, temporary_guardian_needed, civil_exception_applied)


def _guardians_consent(label: str, party: CivilParty) -> bool:
    if not party.guardians:
        raise RuleViolation(
            legal_basis=GUARDIANS,
            reason=f"{label} is under 18: no guardian is named, and the §11 third para "
            "exception (may act alone) is not claimed",
        )
    acting = [guardian for guardian in party.guardians if not guardian.unable_to_act]
    if not all(guardian.consents for guardian in acting):
        raise RuleViolation(
            legal_basis=GUARDIANS, reason=f"{label} is under 18 and needs every guardian's consent"
        )
    return len(acting) < len(party.guardians)


def check_suitability_reasons(suitable: bool, reasons: str) -> None:
    if not suitable and not reasons.strip():
        raise RuleViolation(
            legal_basis="konfliktrådsloven §8 second para",
            reason="a case found unsuitable is rejected, and a rejection must give its reasons",
        )
