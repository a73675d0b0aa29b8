"""The audit trail: who decided what, when, under which provision.

Entries name fields and provisions, never their personal contents: the trail is read by
people who may see the case, not necessarily the parties' identities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    legal_basis: str | None = None
    detail: str = ""
