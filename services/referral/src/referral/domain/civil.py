"""Whether the office may take a civil case (konfliktrådsloven §1, §8, §10, §11, §13).

Civil cases come from the parties or from public agencies other than the prosecution. The
conflict must come from an act causing harm, loss or another violation (§1 first para); the
office leader decides whether the case is suitable (§10 first para) — see
`ReferralCase.decide_suitability`.

Reading (§8, §10 first para): turning a civil case away is the leader's decision, with
reasons (forvaltningsloven §§24–25), kept on record. So a filing that states general
disagreement is recorded as a case and waits for the leader, who can only refuse it
(`check_suitable_harm`); it is not a 422 to whoever filed it. A filing that cannot start a
case at all — a party's or guardian's missing consent (§11), no office for the claimant's
municipality (§13 first para) — is still returned to the filer to complete: without consent
the office may not even keep the parties' data, and there is no case yet to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from konfliktrad_shared.legal_time import age_on
from referral.domain.commands import RegisterCivilCase
from referral.domain.errors import RuleViolation
from referral.domain.offices import office_for_municipality
from referral.domain.vocabulary import CivilParty, HarmKind

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
    """What a filing needs to become a case; general disagreement is recorded, for the leader."""
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


def check_suitable_harm(harm: HarmKind | None) -> None:
    """The leader cannot find general disagreement suitable: the Act excludes it."""
    if harm is HarmKind.NONE:
        raise RuleViolation(
            legal_basis=HARM_BASIS,
            reason="a civil case must come from an act that caused harm, loss or another "
            "violation, not from general disagreement: the leader can only refuse it, with "
            "reasons",
        )


def acting_alone(parties: Sequence[CivilParty], day: date) -> tuple[str, ...]:
    """The parties (claimant first) for whom the §11 third para exception is claimed."""
    labels = ["the claimant", *(f"respondent {n}" for n in range(1, len(parties)))]
    return tuple(
        label
        for label, party in zip(labels, parties, strict=True)
        if is_minor(party, day) and party.may_act_alone
    )


def check_acting_alone_found(claimed_for: Sequence[str], found: bool) -> None:
    """§11 third para: guardians' consent may be left out "i den grad den mindreårige kan
    inngå avtale på egenhånd, og konfliktrådslederen eller mekleren finner det ubetenkelig".
    The filer claims the first half; the second is the leader's finding, made when the leader
    finds the case suitable and recorded with who made it and when (the mediator's own finding
    belongs to the mediation service)."""
    if claimed_for and not found:
        raise RuleViolation(
            legal_basis=CIVIL_EXCEPTION,
            reason=f"{' and '.join(claimed_for)} is under 18 and is to act without guardians: "
            "the leader must find that unproblematic (minor_may_act_alone), or the guardians "
            "must consent",
        )
    if found and not claimed_for:
        raise RuleViolation(
            legal_basis=CIVIL_EXCEPTION,
            reason="no party under 18 was filed as able to act alone: there is nothing to find",
        )


def check_suitability_reasons(suitable: bool, reasons: str) -> None:
    if not suitable and not reasons.strip():
        raise RuleViolation(
            legal_basis="konfliktrådsloven §8 second para",
            reason="a case found unsuitable is rejected, and a rejection must give its reasons",
        )
