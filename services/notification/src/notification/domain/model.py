"""Who is told what: a case's guardians, and deliveries to the agencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notification.domain import letters
from notification.domain.commands import Agency, ForwardToAgency
from notification.domain.events import AgencyDeliveryQueued, GuardianLetterQueued, GuardiansNotified


@dataclass
class CaseContacts:
    case_id: str
    office: str
    guardian_emails: tuple[str, ...]
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    def notify_transfer(self, agency: Agency, now: datetime) -> None:
        subject, body = letters.transfer_letter(self.case_id, self.office, agency)
        for email in self.guardian_emails:
            self.events.append(GuardianLetterQueued(self.case_id, email, subject, body))
        self.events.append(
            GuardiansNotified(
                case_id=self.case_id,
                about_event=f"transferred_to_{agency.value}",
                recipients=len(self.guardian_emails),
                notified_at=now,
            )
        )


@dataclass
class AgencyDelivery:
    """One event on its way to an agency's inbox, keeping the event's own id for idempotency."""

    event_id: str
    agency: Agency
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def queue(cls, cmd: ForwardToAgency) -> AgencyDelivery:
        delivery = cls(event_id=cmd.event_id, agency=cmd.agency)
        delivery.events.append(
            AgencyDeliveryQueued(
                agency=cmd.agency,
                event_id=cmd.event_id,
                event_type=cmd.event_type,
                source=cmd.source,
                time=cmd.time,
                subject=cmd.subject,
                data=cmd.data,
            )
        )
        return delivery
