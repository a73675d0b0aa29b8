"""The breach ladder: §31 (youth sentence), §33 (youth follow-up), §36 second para cf. §33
(follow-up in the office). Pure rules: given where the case stands on the ladder, which step
is allowed, with whose consent, and what it leads to — or a refusal naming the provision.

Stages: CLEAR (no breach pending) → BREACH (first para: the coordinator may summon to a
breach conversation) → SUMMONED → WARNED (the conversation held, or conditions set) or
NO_SHOW → a new breach after WARNED is a REPEATED_BREACH (third para: with the consents, a
new youth conference or the transfer; fourth para: after a held conversation, the
coordinator may interrupt execution).

Conditions (second para) are not a rung: "Hvis det fremstår som nødvendig for å motvirke nye
brudd, skal ungdomskoordinatoren … fastsette vilkår" binds the coordinator whenever the
necessity appears, so they may be set at every stage after a breach — a first one or a
repeated one — with the consents the paragraph requires. Reading: the third paragraph's new
conference or transfer is what the coordinator *may* choose ("kan"), not the only way on
after a repeated breach; setting conditions then leaves those choices (and the fourth
paragraph's interruption) open, so the stage stays REPEATED_BREACH.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum

from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import Participant, YouthReaction

P = Participant


class LadderStage(StrEnum):
    CLEAR = "clear"
    BREACH = "breach"
    SUMMONED = "summoned"
    NO_SHOW = "no_show"
    WARNED = "warned"
    REPEATED_BREACH = "repeated_breach"
    TRANSFERRED = "transferred"


class LadderStep(StrEnum):
    """What the coordinator may do next; the HTTP answer to a recorded breach."""

    BREACH_CONVERSATION = "breach_conversation"
    NEW_CONFERENCE_OR_TRANSFER = "new_conference_or_transfer"
    NEW_CONFERENCE = "new_conference"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class LadderOutcome:
    step: LadderStep
    legal_basis: str
    consequence: str


# Each citation a literal, so a reader (and `devtools provisions`) finds "§31 third para".
BREACH_PROVISIONS: dict[tuple[YouthReaction, str], str] = {
    (YouthReaction.YOUTH_SENTENCE, "first para"): "konfliktrådsloven §31 first para",
    (YouthReaction.YOUTH_SENTENCE, "second para"): "konfliktrådsloven §31 second para",
    (YouthReaction.YOUTH_SENTENCE, "third para"): "konfliktrådsloven §31 third para",
    (YouthReaction.YOUTH_SENTENCE, "fourth para"): "konfliktrådsloven §31 fourth para",
    (YouthReaction.YOUTH_FOLLOW_UP, "first para"): "konfliktrådsloven §33 first para",
    (YouthReaction.YOUTH_FOLLOW_UP, "second para"): "konfliktrådsloven §33 second para",
    (YouthReaction.YOUTH_FOLLOW_UP, "third para"): "konfliktrådsloven §33 third para",
    (YouthReaction.YOUTH_FOLLOW_UP, "fourth para"): "konfliktrådsloven §33 fourth para",
    (
        YouthReaction.FOLLOW_UP,
        "first para",
    ): "konfliktrådsloven §36 second para, cf. §33 first para",
    (YouthReaction.FOLLOW_UP, "second para"): (
        "konfliktrådsloven §36 second para, cf. §33 second para"
    ),
    (
        YouthReaction.FOLLOW_UP,
        "third para",
    ): "konfliktrådsloven §36 second para, cf. §33 third para",
    (YouthReaction.FOLLOW_UP, "fourth para"): (
        "konfliktrådsloven §36 second para, cf. §33 fourth para"
    ),
}


def provision(reaction: YouthReaction, para: str) -> str:
    return BREACH_PROVISIONS[(reaction, para)]


def check_breach(reaction: YouthReaction, intentional_or_negligent: bool) -> None:
    if not intentional_or_negligent:
        raise RuleViolation(
            legal_basis=provision(reaction, "first para"),
            reason="only an intentional or negligent breach counts on the breach ladder",
        )


def after_breach(
    reaction: YouthReaction, stage: LadderStage, *, after_the_warning: bool, warned: bool = False
) -> tuple[LadderStage, LadderOutcome]:
    """Where a new breach puts the case. Only a breach committed after the conversation was
    held or the conditions were set is "a new breach" (third para: "på nytt bryter"); one
    committed before, and recorded late, leaves the case where it stands. `warned`: the
    conversation was held or conditions were set in this round of the ladder, so a breach
    after it is a repeated one even while a further summons is pending."""
    repeated_stages = (LadderStage.WARNED, LadderStage.REPEATED_BREACH)
    if after_the_warning and (
        stage in repeated_stages or (warned and stage is LadderStage.SUMMONED)
    ):
        return LadderStage.REPEATED_BREACH, LadderOutcome(
            step=LadderStep.NEW_CONFERENCE_OR_TRANSFER,
            legal_basis=provision(reaction, "third para"),
            consequence=(
                "a new breach after the breach conversation or the conditions: the coordinator "
                + (
                    "may, with the consent of the police and the correctional service, convene "
                    "a new youth conference or transfer the case to the correctional service"
                    if reaction is YouthReaction.YOUTH_SENTENCE
                    else "may convene a new youth conference or transfer the case to the "
                    "prosecution"
                )
                + "; or set conditions where necessary to prevent new breaches (second para)"
            ),
        )
    next_stage = LadderStage.BREACH if stage is LadderStage.CLEAR else stage
    return next_stage, LadderOutcome(
        step=LadderStep.BREACH_CONVERSATION,
        legal_basis=provision(reaction, "first para"),
        consequence="the coordinator may summon the offender to a breach conversation, and "
        "shall set conditions where necessary to prevent new breaches (second para)",
    )


def check_summons(reaction: YouthReaction, stage: LadderStage) -> None:
    if stage not in (LadderStage.BREACH, LadderStage.NO_SHOW, LadderStage.REPEATED_BREACH):
        raise RuleViolation(
            legal_basis=provision(reaction, "first para"),
            reason="a breach conversation follows a recorded breach; none is pending",
        )


def check_conversation(reaction: YouthReaction, stage: LadderStage) -> None:
    if stage is not LadderStage.SUMMONED:
        raise RuleViolation(
            legal_basis=provision(reaction, "first para"),
            reason="the offender has not been summoned to a breach conversation",
        )


def consents_for_conditions(
    reaction: YouthReaction, offender_is_minor: bool
) -> frozenset[Participant]:
    """§31 second para: the mandatory participants of the conference and the follow-up team
    (the offender, the guardians, the correctional service and the police — §24 third para,
    §26); §33 second para: the offender and the guardians (§36: as far as it fits, the same).
    `offender_is_minor` is the offender's status on the day: an offender of age has no
    guardians to consent."""
    guardians = frozenset({P.GUARDIANS}) if offender_is_minor else frozenset()
    if reaction is YouthReaction.YOUTH_SENTENCE:
        return frozenset({P.OFFENDER, P.CORRECTIONAL_SERVICE, P.POLICE}) | guardians
    return frozenset({P.OFFENDER}) | guardians


CONDITIONS_STAGES = frozenset(
    {
        LadderStage.BREACH,
        LadderStage.SUMMONED,
        LadderStage.NO_SHOW,
        LadderStage.WARNED,
        LadderStage.REPEATED_BREACH,
    }
)


def check_conditions(
    reaction: YouthReaction,
    stage: LadderStage,
    offender_is_minor: bool,
    *,
    count: int,
    necessity: str,
    consents: Set[Participant],
) -> None:
    """Conditions whenever necessary after a breach, at any stage — a repeated breach
    included (see the module's reading)."""
    basis = provision(reaction, "second para")
    if stage not in CONDITIONS_STAGES:
        raise RuleViolation(
            legal_basis=basis,
            reason="conditions are set to prevent new breaches; "
            + (
                "the case has been transferred after repeated breaches"
                if stage is LadderStage.TRANSFERRED
                else "no breach is pending"
            ),
        )
    if count == 0:
        raise RuleViolation(legal_basis=basis, reason="name at least one condition (a)–(d)")
    if not necessity.strip():
        raise RuleViolation(
            legal_basis=basis, reason="conditions must be necessary to prevent new breaches"
        )
    _require_consents(basis, consents_for_conditions(reaction, offender_is_minor), consents)


def stage_after_conditions(stage: LadderStage) -> LadderStage:
    """A pending summons stays pending and a repeated breach keeps the third and fourth
    paragraphs' choices open; otherwise the offender now stands warned."""
    if stage in (LadderStage.SUMMONED, LadderStage.REPEATED_BREACH):
        return stage
    return LadderStage.WARNED


def check_repeated_breach_decision(
    reaction: YouthReaction, stage: LadderStage, consents: Set[Participant]
) -> None:
    basis = provision(reaction, "third para")
    if stage is not LadderStage.REPEATED_BREACH:
        raise RuleViolation(
            legal_basis=basis,
            reason="a new conference or a transfer needs a new breach after the breach "
            "conversation or the conditions",
        )
    _require_consents(basis, consents_for_repeated_breach(reaction), consents)


def consents_for_repeated_breach(reaction: YouthReaction) -> frozenset[Participant]:
    """§31 third para: a new conference or the transfer needs the police's and the
    correctional service's consent; §33 third para (and §36 with it) names none."""
    if reaction is YouthReaction.YOUTH_SENTENCE:
        return frozenset({P.POLICE, P.CORRECTIONAL_SERVICE})
    return frozenset()


def transfer(reaction: YouthReaction) -> LadderOutcome:
    if reaction is YouthReaction.YOUTH_SENTENCE:
        return LadderOutcome(
            step=LadderStep.TRANSFER,
            legal_basis="konfliktrådsloven §31 third para; straffeloven §28c fourth para",
            consequence=(
                "transferred to the correctional service's regional level, recommending that "
                "the court be asked to execute the suspended prison sentence"
            ),
        )
    return LadderOutcome(
        step=LadderStep.TRANSFER,
        legal_basis=f"{provision(reaction, 'third para')}; straffeloven §54",
        consequence="transferred to the prosecution, which decides whether to resume "
        "prosecution or bring the case to court",
    )


def new_conference(reaction: YouthReaction) -> LadderOutcome:
    return LadderOutcome(
        step=LadderStep.NEW_CONFERENCE,
        legal_basis=provision(reaction, "third para"),
        consequence="a new youth conference is convened",
    )


def _require_consents(
    basis: str, required: frozenset[Participant], given: Set[Participant]
) -> None:
    missing = required - set(given)
    if missing:
        names = ", ".join(sorted(m.value for m in missing))
        raise RuleViolation(legal_basis=basis, reason=f"missing consent of: {names}")
