"""The words of the Act the case is made of: meeting kinds, roles, outcomes, performances."""

from __future__ import annotations

from enum import StrEnum


class MeetingKind(StrEnum):
    """§1 fourth para."""

    MEDIATION_MEETING = "mediation_meeting"
    CONFERENCE = "conference"
    YOUTH_CONFERENCE = "youth_conference"
    FACILITATED_MEETING = "facilitated_meeting"
    FOLLOW_UP_MEETING = "follow_up_meeting"
    OTHER = "other"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    # Indirect mediation (§12 second para), only by the office's recorded permission.
    PHONE = "phone"
    VIDEO = "video"
    SHUTTLE = "shuttle"  # the mediator carries messages between the parties


class ParticipantRole(StrEnum):
    PARTY = "party"
    GUARDIAN = "guardian"
    SUPPORT_PERSON = "support_person"
    INTERPRETER = "interpreter"
    AFFECTED_PERSON = "affected_person"
    COMPANY_REPRESENTATIVE = "company_representative"
    MEDIATOR = "mediator"


class NotHeldBecause(StrEnum):
    OFFENDER = "offender"
    VICTIM = "victim"
    OTHER = "other"


class PerformanceKind(StrEnum):
    MONEY = "money"
    WORK = "work"
    APOLOGY = "apology"
    OTHER = "other"


class ContactTerm(StrEnum):
    """Terms the correctional service must weigh (Execution of Sentences Act §§16, 36, 43)."""

    RESIDENCE = "residence"
    NO_CONTACT = "no_contact"


class MediationReaction(StrEnum):
    MEDIATION = "mediation"
    # No longer opened here (follow-up in the office is youth_plan's, §36); kept so cases
    # opened before the routing changed still load.
    FOLLOW_UP = "follow_up"
