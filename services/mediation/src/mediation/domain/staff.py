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
        return self.sees(case.office) and (self.leads or self.mediator_id in case.mediators)
