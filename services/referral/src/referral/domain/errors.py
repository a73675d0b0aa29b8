from __future__ import annotations

from konfliktrad_shared.refusal import Conflict, NotFound, RuleViolation

__all__ = [
    "CaseNotFound",
    "NoCaseWithReference",
    "NotCaseSender",
    "ReferenceTaken",
    "RuleViolation",
]


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


class ReferenceTaken(Conflict):
    """A civil filing under a reference that a case the filer may not see already has.

    Answered 409 with nothing of that case (not its id, office or kind): that it exists is
    all the filer learns, and only because the reference cannot be used twice."""

    def __init__(self, sender_reference: str) -> None:
        super().__init__("sender reference already in use")
        self.sender_reference = sender_reference
