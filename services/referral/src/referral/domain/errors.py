from __future__ import annotations

from konfliktrad_shared.refusal import RuleViolation

__all__ = ["CaseNotFound", "RuleViolation"]


class CaseNotFound(Exception):
    def __init__(self, case_id: str) -> None:
        super().__init__(f"no case {case_id}")
        self.case_id = case_id
