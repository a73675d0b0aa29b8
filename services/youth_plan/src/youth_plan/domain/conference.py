"""The youth conference (§24) and, for follow-up in the office, its meeting (§36 first para):
who must attend, who may, and the temporary-guardian decision when guardians stay away."""

from __future__ import annotations

from collections.abc import Set

from youth_plan.domain.commands import Participant, YouthReaction
from youth_plan.domain.errors import RuleViolation

P = Participant
COUNSEL = frozenset({P.DEFENCE_COUNSEL, P.VICTIMS_COUNSEL})


def basis(reaction: YouthReaction) -> str:
    if reaction is YouthReaction.FOLLOW_UP:
        return "konfliktrådsloven §36 first para"
    return "konfliktrådsloven §24"


def mandatory(reaction: YouthReaction, offender_is_minor: bool) -> frozenset[Participant]:
    """§24 third para (youth sentence), fourth para (youth follow-up: the police only where
    the office finds it useful, so not mandatory); §36: the offender, and a minor's guardians
    (§11 second para)."""
    if reaction is YouthReaction.YOUTH_SENTENCE:
        return frozenset({P.OFFENDER, P.GUARDIANS, P.CORRECTIONAL_SERVICE, P.POLICE})
    if reaction is YouthReaction.YOUTH_FOLLOW_UP:
        return frozenset({P.OFFENDER, P.GUARDIANS})
    return frozenset({P.OFFENDER, P.GUARDIANS}) if offender_is_minor else frozenset({P.OFFENDER})


def check_attendance(
    reaction: YouthReaction,
    offender_is_minor: bool,
    attendees: Set[Participant],
    temporary_guardian_decision: str | None,
) -> None:
    """Refuse a meeting recorded as held without its mandatory participants.

    Guardians who cannot or will not attend (§24 fifth para) are replaced by the record of the
    coordinator's decision on a temporary guardian; nothing else stands in for a participant.
    """
    if COUNSEL & attendees and reaction is not YouthReaction.YOUTH_SENTENCE:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §24 third para; §15",
            reason="defence counsel and victim's counsel may attend only in a youth sentence",
        )
    missing = set(mandatory(reaction, offender_is_minor) - attendees)
    if P.GUARDIANS in missing:
        if not (temporary_guardian_decision or "").strip():
            raise RuleViolation(
                legal_basis="konfliktrådsloven §24 fifth para",
                reason="the guardians are absent and no decision on a temporary guardian is "
                "recorded",
            )
        missing.discard(P.GUARDIANS)
    if missing:
        names = ", ".join(sorted(m.value for m in missing))
        raise RuleViolation(
            legal_basis=basis(reaction),
            reason=f"cannot be recorded as held without its mandatory participants: {names}",
        )


def check_follow_up_team(reaction: YouthReaction, members: Set[Participant]) -> None:
    """§26: the offender and guardians with those given tasks; in a youth sentence the
    correctional service and the police are mandatory members."""
    required = {P.OFFENDER}
    if reaction is YouthReaction.YOUTH_SENTENCE:
        required |= {P.CORRECTIONAL_SERVICE, P.POLICE}
    missing = required - set(members)
    if missing:
        names = ", ".join(sorted(m.value for m in missing))
        raise RuleViolation(
            legal_basis="konfliktrådsloven §26",
            reason=f"the follow-up team lacks its mandatory members: {names}",
        )
