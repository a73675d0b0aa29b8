"""Topic names: the public integration contract. Never rename; add a `.v2` instead."""

from __future__ import annotations

import re

# Each external sender writes its referrals to a topic of its own, which only it may write
# (see `bus_rights`): the topic a referral arrives on proves who sent it, so `ce_source`
# never has to be taken on trust. The referral service reads them all by prefix.
REFERRALS_PREFIX = "konfliktrad.referrals.v1."
PROSECUTION = "konfliktrad.prosecution.v1"
CORRECTIONAL = "konfliktrad.correctional.v1"

REFERRAL_EVENTS = "referral.events.v1"
MEDIATION_EVENTS = "mediation.events.v1"
YOUTH_PLAN_EVENTS = "youth_plan.events.v1"
VETTING_EVENTS = "vetting.events.v1"
NOTIFICATION_EVENTS = "notification.events.v1"

DEAD_LETTER_SUFFIX = ".dlq"

_SENDER_NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# A sender's topic and nothing else: no dead-letter topic, no deeper name.
REFERRALS_PATTERN = re.escape(REFERRALS_PREFIX) + _SENDER_NAME


def dead_letter_topic(topic: str) -> str:
    return f"{topic}{DEAD_LETTER_SUFFIX}"


def referrals_from(sender: str) -> str:
    """The topic only `sender` (a principal such as `police-oslo`) may write referrals to."""
    if not re.fullmatch(_SENDER_NAME, sender):
        raise ValueError(f"not a sender principal name: {sender!r}")
    return f"{REFERRALS_PREFIX}{sender}"


def sender_of(topic: str) -> str | None:
    """The principal whose referral topic this is; None for any other topic."""
    if not re.fullmatch(REFERRALS_PATTERN, topic):
        return None
    return topic.removeprefix(REFERRALS_PREFIX)
