"""The execution period (§23), its interruption (§§31–34) and its end.

Month arithmetic (`konfliktrad_shared.legal_time`, domstolloven §148 first para): the period
ends on the same day of the month `months` later; where that month is shorter the last day of
the month is used (31 January + 1 month = 28 or 29 February). The period starts at the first
meeting of the youth conference (§22, §23): "Gjennomføringstiden løper fra tidspunkt for
stormøtet" (Prop. 57 L, on §23). The court or the prosecution fixes its length (§23 first and
second para); this service, which holds the conference, owns its start and so its end — the one
end date of the case.
"""

from __future__ import annotations

from datetime import date, datetime

from konfliktrad_shared.legal_time import add_months, police_record_ends_on
from youth_plan.domain.breach_ladder import LadderStage, provision
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import (
    InterruptionGrounds,
    NewCrimeStage,
    Participant,
    YouthReaction,
)

G = InterruptionGrounds
EXECUTION_MONTHS_LIMITS = {
    # §23: youth follow-up up to one year; youth sentence six months to three years
    # (the three-year ceiling is checked at intake, where the court's reasons are known).
    YouthReaction.YOUTH_FOLLOW_UP: (1, 12),
    YouthReaction.YOUTH_SENTENCE: (6, 36),
    # §36: follow-up in the office, with a duration of up to one year.
    YouthReaction.FOLLOW_UP: (1, 12),
}

PERIOD_BASIS = {
    YouthReaction.YOUTH_SENTENCE: "konfliktrådsloven §23 first para",
    YouthReaction.YOUTH_FOLLOW_UP: "konfliktrådsloven §23 second para",
    # Follow-up in the office: the same one-year ceiling as youth follow-up (Prop. 57 L).
    YouthReaction.FOLLOW_UP: "konfliktrådsloven §23 second para, cf. §36 first para",
}


def period_basis(reaction: YouthReaction) -> str:
    return PERIOD_BASIS[reaction]


def check_months(reaction: YouthReaction, months: int) -> None:
    low, high = EXECUTION_MONTHS_LIMITS[reaction]
    if not low <= months <= high:
        raise RuleViolation(
            legal_basis=period_basis(reaction),
            reason=f"execution period of {months} months is outside {low}–{high}",
        )


def police_record_until(completed_on: date) -> date:
    """The plan's note on the police certificate lasts two years (politiregisterloven §41
    no. 1 (a)), counted as the suite counts every period in years (`legal_time`)."""
    return police_record_ends_on(completed_on)


def check_interruption(
    reaction: YouthReaction,
    grounds: InterruptionGrounds,
    *,
    stage: LadderStage,
    conversation_held: bool,
    new_crime: NewCrimeStage | None,
) -> str:
    """The provision allowing this interruption now, or a refusal saying why not."""
    youth_sentence = reaction is YouthReaction.YOUTH_SENTENCE
    if grounds is G.NO_SHOW_AT_CONVERSATION:
        basis = provision(reaction, "fourth para")
        allowed = stage is LadderStage.NO_SHOW
        reason = "the offender has not failed to attend a breach conversation"
    elif grounds is G.BREACH_AFTER_CONVERSATION:
        basis = provision(reaction, "fourth para")
        allowed = stage is LadderStage.REPEATED_BREACH and conversation_held
        reason = "no new breach after a breach conversation that was held"
    elif grounds is G.PETITION_SENT_TO_COURT:
        basis = _transfer_or_crime(reaction, stage)
        allowed = stage is LadderStage.TRANSFERRED or new_crime is not None
        reason = "the case has been neither transferred nor reported for a new crime"
    elif grounds is G.PROSECUTION_RESUMED:
        basis = _transfer_or_crime(reaction, stage)
        allowed = not youth_sentence and (stage is LadderStage.TRANSFERRED or new_crime is not None)
        reason = (
            "a youth sentence is not resumed by the prosecution; it is interrupted when the "
            "petition is sent to the court"
            if youth_sentence
            else "the case has been neither transferred to the prosecution nor reported for a "
            "new crime"
        )
    else:
        basis = _crime(reaction, "second para")
        allowed = new_crime is NewCrimeStage.CHARGED
        reason = "the offender is not reported charged with a new crime"
    if not allowed:
        raise RuleViolation(legal_basis=basis, reason=reason)
    return basis


def _transfer_or_crime(reaction: YouthReaction, stage: LadderStage) -> str:
    if stage is LadderStage.TRANSFERRED:
        return provision(reaction, "third para")
    return _crime(reaction, "first para")


# Each citation a literal, so a reader (and `devtools provisions`) finds "§34 second para".
CRIME_PROVISIONS: dict[tuple[YouthReaction, str], str] = {
    (YouthReaction.YOUTH_SENTENCE, "first para"): "konfliktrådsloven §32 first para",
    (YouthReaction.YOUTH_SENTENCE, "second para"): "konfliktrådsloven §32 second para",
    (YouthReaction.YOUTH_FOLLOW_UP, "first para"): "konfliktrådsloven §34 first para",
    (YouthReaction.YOUTH_FOLLOW_UP, "second para"): "konfliktrådsloven §34 second para",
    (YouthReaction.FOLLOW_UP, "first para"): "konfliktrådsloven §36 third para, cf. §34 first para",
    (YouthReaction.FOLLOW_UP, "second para"): (
        "konfliktrådsloven §36 third para, cf. §34 second para"
    ),
}


def _crime(reaction: YouthReaction, para: str) -> str:
    return CRIME_PROVISIONS[(reaction, para)]


def new_crime_basis(reaction: YouthReaction) -> str:
    return _crime(reaction, "first para")


def check_new_crime_request(
    reaction: YouthReaction, requested: bool, consents: frozenset[Participant]
) -> None:
    """§32 first para: in a youth sentence the coordinator may ask the prosecution to go to
    court, with the consent of the police and the correctional service. §34: in youth
    follow-up the prosecution decides on its own; there is no request to make."""
    if not requested:
        return
    if reaction is not YouthReaction.YOUTH_SENTENCE:
        raise RuleViolation(
            legal_basis=_crime(reaction, "first para"),
            reason="the prosecution decides on its own; the coordinator's request belongs to "
            "a youth sentence (§32)",
        )
    missing = {Participant.POLICE, Participant.CORRECTIONAL_SERVICE} - set(consents)
    if missing:
        names = ", ".join(sorted(m.value for m in missing))
        raise RuleViolation(
            legal_basis="konfliktrådsloven §32 first para",
            reason=f"missing consent of: {names}",
        )


def check_period_correction(
    reaction: YouthReaction,
    months: int | None,
    *,
    starts: datetime | None,
    today: date,
    completed_on: date | None,
    interrupted_on: date | None,
    stage: LadderStage,
    returned: tuple[str, str] | None,
) -> datetime | None:
    """A corrected length (the sender's `ReferralCorrected`) applied to the case: the new end,
    counted from the same conference (None before it), or a refusal saying why not.

    Reading: a correction puts right what the sender decided (§23 first or second para), so
    it applies while the period can still change — before the conference (only the length
    changes), and while execution runs (the end moves, counted from the conference, not from
    the decision). It cannot reach back past what has happened since: a completed, interrupted
    or transferred case, a case returned for want of a plan, or a corrected end that would
    already have passed before the correction arrived (the steps taken after it would lose
    their ground). Those are refused with the reason, for the office and the sender to settle.
    """
    basis = period_basis(reaction)
    if months is None:
        raise RuleViolation(legal_basis=basis, reason="the correction states no execution period")
    check_months(reaction, months)
    if completed_on is not None:
        raise RuleViolation(
            legal_basis=basis,
            reason=f"the execution period ran out on {completed_on} and completion is reported; "
            "a corrected period cannot reopen it",
        )
    if interrupted_on is not None:
        raise RuleViolation(
            legal_basis=basis,
            reason=f"execution was interrupted on {interrupted_on} (§§31–34); the case is now "
            "for the court or the prosecution",
        )
    if stage is LadderStage.TRANSFERRED:
        raise RuleViolation(
            legal_basis=provision(reaction, "third para"),
            reason="the case has been transferred after repeated breaches; the period is no "
            "longer the office's to run",
        )
    if returned is not None:
        to, returned_basis = returned
        raise RuleViolation(
            legal_basis=returned_basis,
            reason=f"no plan was agreed and the case has gone back to the {to}",
        )
    if starts is None:
        return None
    ends = add_months(starts, months)
    if ends.date() < today:
        raise RuleViolation(
            legal_basis=basis,
            reason=f"counted from the conference on {starts.date()}, {months} months end on "
            f"{ends.date()}, before the correction arrived on {today}: the period cannot end "
            "in the past",
        )
    return ends
