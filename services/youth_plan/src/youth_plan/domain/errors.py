from __future__ import annotations

from konfliktrad_shared.refusal import NotFound, RuleViolation

__all__ = ["CaseNotFound", "RuleViolation"]


class CaseNotFound(NotFound):
    """Missing, or another office's: answered alike (404, "no such case")."""

    def __init__(self, case_id: str) -> None:
        super().__init__("no such case")
        self.case_id = case_id
