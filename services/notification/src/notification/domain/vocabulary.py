"""The notification service's nouns: whom it forwards to, what kinds of notice the Act calls
for, and how far a notice got. Commands, events, notices and the entry points import them from
here, so none of them needs another's module for a word."""

from __future__ import annotations

from enum import StrEnum


class Agency(StrEnum):
    PROSECUTION = "prosecution"
    CORRECTIONAL_SERVICE = "correctional_service"


class NoticeKind(StrEnum):
    MEETING_INVITATION = "meeting_invitation"
    GUARDIAN_MEETING_NOTICE = "guardian_meeting_notice"
    CONFERENCE_INVITATION = "conference_invitation"
    WITHDRAWAL_NOTICE = "withdrawal_notice"
    AGREEMENT_COPY = "agreement_copy"
    PERFORMANCE_REMINDER = "performance_reminder"
    BREACH_CONVERSATION_SUMMONS = "breach_conversation_summons"
    TRANSFER_NOTICE = "transfer_notice"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    BOUNCED = "bounced"
