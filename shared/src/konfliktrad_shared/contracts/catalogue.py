"""Every event type the suite publishes, whoever publishes it.

A consumer skips a catalogued type it has no route for — another service's new event on a
shared topic is not poison — and dead-letters only types no contract knows (`unknown_type`).
"""

from __future__ import annotations

from functools import cache

from konfliktrad_shared.contracts import (
    agencies,
    mediation,
    notification,
    referral,
    vetting,
    youth_plan,
)


@cache
def published_event_types() -> frozenset[str]:
    modules = (mediation, notification, referral, vetting, youth_plan)
    published = [event for module in modules for event in module.PUBLISHED]
    return frozenset(event.event_type for event in (*published, *agencies.INBOUND))
