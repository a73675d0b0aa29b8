"""Kafka → commands. Vetting consumes nothing; it declares the topic it publishes to."""

from __future__ import annotations

from konfliktrad_shared.assembly import Consumed
from konfliktrad_shared.contracts import topics

CONSUMES: tuple[str, ...] = ()
PRODUCES = (topics.VETTING_EVENTS,)
CONSUMED: tuple[Consumed, ...] = ()
