"""Domain events → integration events on `vetting.events.v1`.

Only appointments that may mediate are published: mediators, and the office leader, who has
mediator competence by employment (§4 third para). A youth coordinator's stays inside.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts import vetting as contract
from konfliktrad_shared.outbox import OutgoingEvent
from vetting.domain import events
from vetting.domain.vocabulary import Role

MEDIATING_ROLES = frozenset({Role.MEDIATOR, Role.OFFICE_LEADER})


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


def _published(role: Role, integration_event: Any) -> Sequence[OutgoingEvent]:
    if role not in MEDIATING_ROLES:
        return ()
    return (OutgoingEvent(topics.VETTING_EVENTS, integration_event),)


@translate.register
def _(event: events.MediatorAppointed) -> Sequence[OutgoingEvent]:
    return _published(
        event.role,
        contract.MediatorAppointed.from_domain(
            event,
            term_ends=event.term_ends or contract.NOT_TIME_LIMITED,
            time_limited=event.term_ends is not None,
        ),
    )


@translate.register
def _(event: events.TermRenewed) -> Sequence[OutgoingEvent]:
    return _published(
        event.role,
        contract.MediatorTermRenewed.from_domain(event),
    )


@translate.register
def _(event: events.TermExpired) -> Sequence[OutgoingEvent]:
    return _published(
        event.role,
        contract.MediatorTermExpired.from_domain(event),
    )


@translate.register
def _(event: events.Revoked) -> Sequence[OutgoingEvent]:
    return _published(
        event.role,
        contract.MediatorRevoked.from_domain(event),
    )
