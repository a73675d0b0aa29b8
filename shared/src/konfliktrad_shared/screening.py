"""Screened cases (skjerming): a case in which one of the office's own staff or mediators is
a party.

Such a case is seen only by those the office leader grants it to, never by the person who is
a party, and that person never mediates it: the mediator must be impartial (konfliktrådsloven
§14; forvaltningsloven §6 second para on disqualification for a colleague's own matter).
Referral and mediation each keep a case's screening and ask it the same two questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from konfliktrad_shared.refusal import RuleViolation

IMPARTIALITY = "konfliktrådsloven §14 (the mediator must be impartial)"
SCREENING = "konfliktrådsloven §14, forvaltningsloven §6 second para"


@dataclass(frozen=True)
class Screening:
    """`parties`: the staff or mediators (token subjects, mediator ids) who are a party to
    the case; `granted`: who else may see it besides the office leader."""

    parties: frozenset[str] = frozenset()
    granted: frozenset[str] = frozenset()

    @classmethod
    def of(cls, parties: Iterable[str], granted: Iterable[str]) -> Screening:
        screening = cls(frozenset(parties), frozenset(granted))
        if screening.parties & screening.granted:
            raise RuleViolation(
                legal_basis=SCREENING,
                reason="a party to the case cannot be granted access to its screened case",
            )
        return screening

    @property
    def screened(self) -> bool:
        return bool(self.parties)

    def may_see(self, subject: str, *, leader: bool) -> bool:
        """Anyone, if the case is not screened; otherwise the office leader and those granted
        — never a party to the case, whatever their role."""
        if not self.screened:
            return True
        if subject in self.parties:
            return False
        return leader or subject in self.granted

    def must_not_mediate(self, mediator_ids: Iterable[str]) -> None:
        """§14: a mediator who is a party is refused; so is one the case is not granted to,
        who could not see the case they mediate."""
        for mediator_id in mediator_ids:
            if mediator_id in self.parties:
                raise RuleViolation(
                    legal_basis=IMPARTIALITY,
                    reason=f"{mediator_id} is a party to this screened case and cannot "
                    "mediate it impartially",
                )
            if self.screened and mediator_id not in self.granted:
                raise RuleViolation(
                    legal_basis=SCREENING,
                    reason=f"{mediator_id} is not granted access to this screened case",
                )
