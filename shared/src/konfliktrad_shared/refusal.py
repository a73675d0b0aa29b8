"""The shapes of the answers a rule or a lookup may give: a refusal the law requires (the
provision and the reason, §8), "no such thing" (or not the caller's to see), and "taken"
(a unique name someone else's record already holds).

The rules themselves live in each service's `domain/`; this is only how they speak, so the
HTTP layer (422, 404, 409), the consumers (dead letter with the reason) and the deadline ticker
can answer any of them alike.
"""

from __future__ import annotations


class RuleViolation(Exception):
    def __init__(self, *, legal_basis: str, reason: str) -> None:
        super().__init__(f"{legal_basis}: {reason}")
        self.legal_basis = legal_basis
        self.reason = reason


class NotFound(LookupError):
    """Missing, or another office's: both answer 404 with `detail`, which therefore names no
    person and never tells the two apart."""

    def __init__(self, detail: str = "no such case") -> None:
        super().__init__(detail)
        self.detail = detail


class Conflict(Exception):
    """A name that must be unique is held by a record the caller may not see: 409 with
    `detail`, which names nothing of that record (not its id, office or kind)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
