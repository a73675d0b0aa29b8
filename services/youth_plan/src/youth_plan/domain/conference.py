"""The youth conference (§24) and, for follow-up in the office, its meeting (§36 first para):
who must attend, who may, and the temporary-guardian decision when guardians stay away."""

from __future__ import annotations

from collections.abc import Set

from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import Participant, YouthReaction

P = Participant
COUNSEL = frozenset({P.DEFENCE_COUNSEL, P.VICTIMS_COUNSEL})


def basis(reaction: YouthReaction) -> str:
    if reaction is YouthReaction.FOLLOW_UP:
        return "konfliktrådsloven §36 first para"
    return "konfliktrådsloven §24"


def mandatory(reaction: YouthReaction, offender_is_minor: bool) -> frozenset[Participant]:
    """§24 third para (youth sentence), fourth para (youth follow-up: the police only where
    the office finds it useful, so not mandatory); §36: the offender, and a minor's guardians
    (§11 second para).

    Reading: "domfeltes verger" are the guardians the offender has. An offender who is 18 on
    the day of the meeting has none (guardianship ends at majority), so the guardians are
    mandatory only while the offender is a minor — in every reaction, not only in §36."""
    guardians = frozenset({P.GUARDIANS}) if offender_is_minor else frozenset()
    if reaction is YouthReaction.YOUTH_SENTENCE:
        return frozenset({P.OFFENDER, P.CORRECTIONAL_SERVICE, P.POLICE}) | guardians
    return frozenset({P.OFFENDER}) | guardians


def check_attendance(
    reaction: YouthReaction,
    offender_is_minor: bool,
    attendees: Set[Participant],
    temporary_guardian_decision: str | None,
) -> None:
    """Refuse a meeting recorded as held without its mandatory participants.

    Guardians who cannot or will not attend (§24 fifth para) are replaced by the record of the
    coordinator's decision on a temporary guardian; nothing else stands in for a participant.
    An offender of age has no guardians, so neither their attendance nor a decision on a
    temporary guardian is asked for (`offender_is_minor` is the offender's status on the day
    of the meeting).
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


GUARDIANS_NOT_MEMBERS_REASONS = frozenset(
    {"guardians_cannot_take_part", "guardians_will_not_take_part"}
)


def check_follow_up_team(
    reaction: YouthReaction,
    members: Set[Participant],
    *,
    offender_is_minor: bool,
    guardians_not_members_reason: str | None,
) -> None:
    """§26 first para: the team is led by the coordinator and "består ellers av domfelte eller
    siktede, domfeltes eller siktedes verger og andre som har oppgaver"; second para: in a
    youth sentence the correctional service and the police are mandatory members.

    Reading: the guardians of a minor are members by the Act's words, so a team formed without
    them is refused unless the coordinator records why (they cannot or will not take part) —
    or a temporary guardian sits in their place (cf. §24 fifth
    para). An offender of age has no guardians. Follow-up in the office (§36) has no statutory
    team; only the offender is required there."""
    required = {P.OFFENDER}
    if reaction is YouthReaction.YOUTH_SENTENCE:
        required |= {P.CORRECTIONAL_SERVICE, P.POLICE}
    missing = required - set(members)
    if missing:
        names = ", ".join(sorted(m.value for m in missing))
        first = P.OFFENDER in missing
        raise RuleViolation(
            legal_basis="konfliktrådsloven §26 first para"
            if first
            else "konfliktrådsloven §26 second para",
            reason=f"the follow-up team lacks its mandatory members: {names}",
        )
    if reaction is YouthReaction.FOLLOW_UP:
        return
    if not offender_is_minor or {P.GUARDIANS, P.TEMPORARY_GUARDIAN} & set(members):
        return
    if guardians_not_members_reason not in GUARDIANS_NOT_MEMBERS_REASONS:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §26 first para",
            reason="the offender's guardians are members of the follow-up team; a team "
            "without them needs the recorded reason why",
        )
