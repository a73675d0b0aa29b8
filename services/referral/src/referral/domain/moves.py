"""Moving a case to another office (konfliktrådsloven §13 second and third para).

A transferred criminal case stays where the prosecution put it unless the office agrees with
the prosecution to move it, the parties having been heard first (third para). A civil case may
be moved where the office finds it appropriate, the parties' views carrying weight; the
receiving office answers, and if the offices disagree the secretariat decides (second para).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from konfliktrad_shared.reference.municipalities import known_offices
from referral.domain.commands import ProposeMove
from referral.domain.errors import RuleViolation

CIVIL_MOVE = "konfliktrådsloven §13 second para"
CRIMINAL_MOVE = "konfliktrådsloven §13 third para"


class MoveStage(StrEnum):
    AWAITING_RECEIVING_OFFICE = "awaiting_receiving_office"
    AWAITING_SECRETARIAT = "awaiting_secretariat"


@dataclass(frozen=True)
class PendingMove:
    to_office: str
    stage: MoveStage
    reason: str


def check_proposal(cmd: ProposeMove, *, office: str, civil: bool) -> str:
    """The provision the move rests on; refuses a move the Act does not allow."""
    basis = CIVIL_MOVE if civil else CRIMINAL_MOVE
    if cmd.to_office not in known_offices():
        raise RuleViolation(legal_basis=basis, reason=f"no office {cmd.to_office!r}")
    if cmd.to_office == office:
        raise RuleViolation(legal_basis=basis, reason="the case is already at that office")
    if not cmd.parties_heard:
        raise RuleViolation(
            legal_basis=basis,
            reason="the parties must be heard on which office handles the case before it moves",
        )
    if not civil and not cmd.prosecution_agrees:
        raise RuleViolation(
            legal_basis=CRIMINAL_MOVE,
            reason="the prosecution decides the office of a case it transferred: a move needs "
            "its agreement",
        )
    return basis
