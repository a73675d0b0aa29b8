"""Which provision a revocation rests on (§4 fifth para: the committee must revoke an
appointment that no longer meets §§5–7), including a new record entry judged under §6."""

from __future__ import annotations

from datetime import date

from vetting.domain import record
from vetting.domain.commands import Revoke
from vetting.domain.errors import RuleViolation
from vetting.domain.model import Application
from vetting.domain.vocabulary import Requirement

PROVISIONS = {
    Requirement.CITIZENSHIP_OR_RESIDENCE: "konfliktrådsloven §5 first para no. 2",
    Requirement.SUITABILITY: "konfliktrådsloven §5 first para no. 3",
    Requirement.LIVES_IN_MUNICIPALITY: "konfliktrådsloven §5 second para",
    Requirement.RECORD: "konfliktrådsloven §6 first para",
    Requirement.POSITION: "konfliktrådsloven §7 first para",
}


def basis_for(cmd: Revoke, application: Application, *, on: date) -> str:
    """The provision no longer met; a record entry is kept on the application and must exclude."""
    if cmd.record_entry is None:
        return PROVISIONS[cmd.requirement]
    if cmd.requirement is not Requirement.RECORD:
        raise RuleViolation(
            legal_basis=PROVISIONS[cmd.requirement],
            reason="a record entry is given only with the requirement 'record'",
        )
    application.add_record_entry(cmd.record_entry)
    excluding = record.exclusions((cmd.record_entry,), on=on)
    if not excluding:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §6 first para",
            reason="the new record entry excludes under none of the eleven rules today",
        )
    return "; ".join(dict.fromkeys(exclusion.legal_basis for exclusion in excluding))
