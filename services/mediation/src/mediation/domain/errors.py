from __future__ import annotations

from konfliktrad_shared.refusal import RuleViolation

__all__ = ["RuleViolation"]
