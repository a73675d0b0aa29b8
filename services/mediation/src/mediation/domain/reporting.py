"""What goes back after a meeting (§20, §21), to whom, and the police record.

Reading of the community sentence: mediation as part of a community sentence is one of the
"andre tiltak som er egnet til å motvirke kriminalitet" of straffegjennomføringsloven §53 first
para (c) (Prop. 57 L (2013–2014) 1.9.2: "Mekling i konfliktråd er i dag en del av
samfunnsstraffen"). It is not a condition under straffeloven §53 no. 3 (h), and §21 of the Act
does not name it: the office runs the meeting for the correctional service, which executes the
sentence. So its outcome, fulfilment, breach and withdrawal go to the correctional service, not
the prosecution, and cite straffegjennomføringsloven §53 first para (c). A meeting that was
not held goes back to the correctional service (it decides how the hours are served instead);
nothing is for the prosecution to reopen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konfliktrad_shared import legal_time
from konfliktrad_shared.contracts.agencies import DecisionBasis
from mediation.domain.vocabulary import NotHeldBecause


@dataclass(frozen=True)
class Return:
    """Whether the case goes back to the prosecution at once, and whether it may reopen."""

    case_returned: bool
    prosecution_may_reopen: bool
    legal_basis: str


class Recipient(StrEnum):
    """Who the office reports a criminal case to, and sends its documents to."""

    PROSECUTION = "prosecution"
    CORRECTIONAL_SERVICE = "correctional_service"
    NONE = "none"  # a civil case: nobody outside the office


def recipient(basis: DecisionBasis) -> Recipient:
    """§20 second para and §21: the prosecution; a community sentence: the correctional
    service, for which the office runs it (straffegjennomføringsloven §53 first para (c))."""
    if basis is DecisionBasis.CIVIL:
        return Recipient.NONE
    if basis is DecisionBasis.COMMUNITY_SENTENCE:
        return Recipient.CORRECTIONAL_SERVICE
    return Recipient.PROSECUTION


def after_the_meeting(
    basis: DecisionBasis, *, held: bool, because: NotHeldBecause | None, agreement: bool
) -> Return:
    """§21, exactly by the legal basis the case came on."""
    by_offender = not held and because is NotHeldBecause.OFFENDER
    if basis is DecisionBasis.CONDITIONAL_WAIVER:
        return Return(
            case_returned=not held,
            prosecution_may_reopen=by_offender,
            legal_basis="konfliktrådsloven §21 first para, straffeprosessloven §69 third para",
        )
    if basis is DecisionBasis.TRANSFER:
        return Return(
            case_returned=not held or not agreement,
            prosecution_may_reopen=by_offender or (held and not agreement),
            legal_basis="konfliktrådsloven §21 second para, straffeprosessloven §71a first para",
        )
    if basis is DecisionBasis.SUSPENDED_SENTENCE:
        # The court's sentence stands; the prosecution decides on new conditions or execution.
        return Return(
            case_returned=by_offender,
            prosecution_may_reopen=False,
            legal_basis="konfliktrådsloven §21 third para, straffeloven §53 no. 3 (h)",
        )
    if basis is DecisionBasis.COMMUNITY_SENTENCE:
        return Return(
            case_returned=not held,
            prosecution_may_reopen=False,
            legal_basis="straffegjennomføringsloven §53 first para (c)",
        )
    return Return(False, False, "konfliktrådsloven §1 third para")  # civil: no prosecution


def after_a_breach(basis: DecisionBasis) -> str:
    """§21: a breach is notified to the prosecution, which decides what follows; a community
    sentence's to the correctional service."""
    if basis is DecisionBasis.CONDITIONAL_WAIVER:
        return "konfliktrådsloven §21 first para, straffeprosessloven §69 third para"
    if basis is DecisionBasis.TRANSFER:
        return "konfliktrådsloven §21 second para, straffeprosessloven §71a first para"
    if basis is DecisionBasis.COMMUNITY_SENTENCE:
        return "straffegjennomføringsloven §53 first para (c)"
    return "konfliktrådsloven §21 third para, straffeloven §53 no. 3 (h)"


def after_fulfilment(basis: DecisionBasis) -> str:
    """§20 third para: confirmed at once; a community sentence's to the correctional service."""
    if basis is DecisionBasis.COMMUNITY_SENTENCE:
        return "straffegjennomføringsloven §53 first para (c)"
    return "konfliktrådsloven §20 third para"


def police_record_ends_on(approved_on: date) -> date:
    """Two years after the approved agreement (politiregisterloven §41 no. 1 (a)), counted as
    the suite counts every period in years (`legal_time`: 29 February → 28 February)."""
    return legal_time.police_record_ends_on(approved_on)


CONVICTED_BASES = {DecisionBasis.SUSPENDED_SENTENCE, DecisionBasis.COMMUNITY_SENTENCE}
