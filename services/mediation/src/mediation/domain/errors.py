from __future__ import annotations


class RuleViolation(Exception):
    """A refusal the law requires, carrying the provision so the caller can be told why (§8)."""

    def __init__(self, *, legal_basis: str, reason: str) -> None:
        super().__init__(f"{legal_basis}: {reason}")
        self.legal_basis = legal_basis
        self.reason = reason
