"""Topic names: the public integration contract. Never rename; add a `.v2` instead."""

from __future__ import annotations

REFERRALS = "konfliktrad.referrals.v1"
PROSECUTION = "konfliktrad.prosecution.v1"
CORRECTIONAL = "konfliktrad.correctional.v1"

REFERRAL_EVENTS = "referral.events.v1"
MEDIATION_EVENTS = "mediation.events.v1"
YOUTH_PLAN_EVENTS = "youth_plan.events.v1"
VETTING_EVENTS = "vetting.events.v1"
NOTIFICATION_EVENTS = "notification.events.v1"

DEAD_LETTER_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    return f"{topic}{DEAD_LETTER_SUFFIX}"
