from __future__ import annotations

from konfliktrad_shared.refusal import NotFound, RuleViolation

__all__ = ["CaseNotFound", "NoCaseWithReference", "NotCaseSender", "RuleViolation"]


class CaseNotFound(NotFound):
    """Missing, or another office's: answered alike (404, "no such case")."""

    def __init__(self, case_id: str) -> None:
        super().__init__("no such case")
        self.case_id = case_id


class NoCaseWithReference(Exception):
    """A withdrawal of a reference no case was received under."""


class NotCaseSender(Exception):
    """A sender's referral, correction or withdrawal of another sender's case: refused.

    Carries principals and the case id only: what an operator needs to find the attempt,
    nothing personal. The refused sender is told neither the case nor its sender."""

    def __init__(self, case_id: str, case_sender: str | None, attempted_by: str) -> None:
        super().__init__(f"{attempted_by} is not the sender of case {case_id}")
        self.case_id = case_id
        self.case_sender = case_sender
        self.attempted_by = attempted_by
