"""Who may see a mediation case: the office leader the office's cases, a mediator only the
cases they are assigned to (§14: the office appoints the mediator for the case). Another's
case is as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass

from mediation.domain.model import MediationCase


@dataclass(frozen=True, slots=True)
class Staff:
    """An office's staff member a command is run for (`messagebus.OnBehalfOf`)."""

    offices: frozenset[str]
    mediator_id: str
    leads: bool

    def sees(self, office: str) -> bool:
        return office in self.offices

    def sees_case(self, case: MediationCase) -> bool:
        """The office's case, and the caller leads or mediates it; a screened case (§14) only
        for the leader and those it is granted to, never for a colleague who is a party."""
        return (
            self.sees(case.office)
            and (self.leads or self.mediator_id in case.mediators)
            and case.screening.may_see(self.mediator_id, leader=self.leads)
        )
