"""What goes back to the prosecution after a meeting (§20, §21) and the police record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konfliktrad_shared.contracts.agencies import DecisionBasis
from mediation.domain.vocabulary import NotHeldBecause

POLICE_RECORD_YEARS = 2  # politiregisterloven §41 no. 1 (a)


@dataclass(frozen=True)
class Return:
    """Whether the case goes back to the prosecution at once, and whether it may reopen."""

    case_returned: bool
    prosecution_may_reopen: bool
    legal_basis: str


def after_the_meeting(
    basis: DecisionBasis, *, held: bool, because: NotHeldBecause | None, agreement: bool
) -> Return:
    """§21, exactly by the legal basis the case came on."""
    by_offender = not held and because is NotHeldBecause.OFFENDER
    if basis is DecisionBasis.CONDITIONAL_WAIVER:
        return Return(
            case_returned=not held,
            prosecution_may_reopen=by_offender,
            legal_basis="konfliktrådsloven §21, straffeprosessloven §69 third para",
        )
    if basis is DecisionBasis.TRANSFER:
        return Return(
            case_returned=not held or not agreement,
            prosecution_may_reopen=by_offender or (held and not agreement),
            legal_basis="konfliktrådsloven §21, straffeprosessloven §71a first para",
        )
    if basis in (DecisionBasis.SUSPENDED_SENTENCE, DecisionBasis.COMMUNITY_SENTENCE):
        # The court's sentence stands; the prosecution decides on new conditions or execution.
        return Return(
            case_returned=by_offender,
            prosecution_may_reopen=False,
            legal_basis="konfliktrådsloven §21, straffeloven §53 no. 3 (h)",
        )
    return Return(False, False, "konfliktrådsloven §1 third para")  # civil: no prosecution


def after_a_breach(basis: DecisionBasis) -> str:
    """§21: a breach is notified to the prosecution, which decides what follows."""
    if basis is DecisionBasis.CONDITIONAL_WAIVER:
        return "konfliktrådsloven §21, straffeprosessloven §69 third para"
    if basis is DecisionBasis.TRANSFER:
        return "konfliktrådsloven §21, straffeprosessloven §71a first para"
    return "konfliktrådsloven §21, straffeloven §53 no. 3 (h)"


def police_record_ends_on(approved_on: date) -> date:
    """Two years after the approved agreement (politiregisterloven §41 no. 1 (a))."""
    try:
        return approved_on.replace(year=approved_on.year + POLICE_RECORD_YEARS)
    except ValueError:  # 29 February: the period ends on 1 March
        return date(approved_on.year + POLICE_RECORD_YEARS, 3, 1)


CONVICTED_BASES = {DecisionBasis.SUSPENDED_SENTENCE, DecisionBasis.COMMUNITY_SENTENCE}
