"""The shape of a refusal the law requires: the provision and the reason (§8).

The rules themselves live in each service's `domain/`; this is only how they speak, so the HTTP
layer (422) and the consumers (dead letter with the reason) can answer any of them alike.
"""

from __future__ import annotations


class RuleViolation(Exception):
    def __init__(self, *, legal_basis: str, reason: str) -> None:
        super().__init__(f"{legal_basis}: {reason}")
        self.legal_basis = legal_basis
        self.reason = reason
