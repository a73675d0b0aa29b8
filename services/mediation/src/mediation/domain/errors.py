from __future__ import annotations

from konfliktrad_shared.refusal import NotFound, RuleViolation

__all__ = ["CaseNotFound", "RuleViolation"]


class CaseNotFound(NotFound):
    """Missing, or not the caller's to see (another office's, another mediator's): answered
    alike (404, "no such case")."""

    def __init__(self) -> None:
        super().__init__("no such case")
