"""Consent to mediation service handling (§11, strpl §71a first and second para).

Returns whether a temporary guardian must be appointed: a guardian who cannot or will not look
after the party's interest does not block the case, it makes the office ask for one (§11 second
para).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from konfliktrad_shared.legal_time import age_on
from referral.domain.commands import RegisterTransferredCase
from referral.domain.errors import RuleViolation
from referral.domain.vocabulary import Guardian, Reaction, Victim

YOUTH_REACTIONS = frozenset({Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE})
FIRST, SECOND, FOURTH = (f"konfliktrådsloven §11 {n} para" for n in ("first", "second", "fourth"))


def victim_is_minor(victim: Victim, day: date) -> bool:
    """By the birth date where known, else as the sender states; unknown counts as adult."""
    if victim.birth_date is not None:
        return age_on(victim.birth_date, day) < 18
    return bool(victim.is_minor)


def check_consent(cmd: RegisterTransferredCase) -> bool:
    """Raises where a needed consent is missing; True where a temporary guardian is needed."""
    youth = cmd.reaction in YOUTH_REACTIONS
    if not cmd.offender.consents:
        raise RuleViolation(legal_basis=FIRST, reason="the offender has not consented")
    offender_is_minor = age_on(cmd.offender.birth_date, cmd.decided_on) < 18
    temporary_guardian_needed = _guardians_agree(
        "the offender", offender_is_minor, cmd.offender.guardians, FOURTH if youth else SECOND
    )
    if youth:
        return temporary_guardian_needed  # §11 fourth para: the offender's side only
    for number, victim in enumerate(cmd.victims, start=1):
        if not victim.consents:
            raise RuleViolation(
                legal_basis=FIRST,
                reason=f"every victim must consent; victim {number} has not",
            )
        minor = victim_is_minor(victim, cmd.decided_on)
        if _guardians_agree(f"victim {number}", minor, victim.guardians, SECOND):
            temporary_guardian_needed = True
    return temporary_guardian_needed


def _guardians_agree(party: str, minor: bool, guardians: Sequence[Guardian], basis: str) -> bool:
    if not minor:
        return False
    if not guardians:
        raise RuleViolation(legal_basis=basis, reason=f"{party} is under 18: no guardian is named")
    acting = [guardian for guardian in guardians if not guardian.unable_to_act]
    if not all(guardian.consents for guardian in acting):
        raise RuleViolation(
            legal_basis=basis, reason=f"{party} is under 18 and needs the consent of every guardian"
        )
    return len(acting) < len(guardians)
