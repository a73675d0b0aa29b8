"""The suite's business metrics, scraped at each service's `/metrics` with the technical ones.

Counters are counted where the thing happens, by the process it happens in:
- `konfliktrad_referrals_total{outcome}`: referrals registered or rejected, counted when the
  outcome's event is written into the case's transaction (a transaction rolled back after
  that, a rare write conflict that is retried, counts it twice);
- `konfliktrad_escalations_delivered_total{agency}` / `..._parked_total{agency,reason}`:
  what an agency adapter handed to the agency, or gave up on and dead-lettered (every
  delivery to an agency counts: escalations, transfers, reports);
- `konfliktrad_dead_letters_total{topic,reason}`: dead-letterings by this process since it
  started. It is the rate at which a dead-letter topic fills, not the topic's depth (records
  present now): `konfliktrad-operator dlq list` counts that, and a replay does not lower it.

Gauges are read from the service's own outbox table at each scrape (`OutboxGauges`), so they
are as fresh as the scrape and cost one query per scrape:
`konfliktrad_outbox_backlog`, `konfliktrad_outbox_oldest_unsent_age_seconds`,
`konfliktrad_outbox_parked_rows`, and in an agency adapter, whose outbox holds the deliveries
still owed to its agency, `konfliktrad_escalation_oldest_undelivered_age_seconds{agency}`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.db import define_plumbing_tables, new_metadata
from konfliktrad_shared.outbox_status import outbox_status

log = logging.getLogger(__name__)

ADAPTER_SUFFIX = "_adapter"


@dataclass(frozen=True)
class BusinessMetrics:
    registry: CollectorRegistry
    referrals: Counter
    escalations_delivered: Counter
    escalations_parked: Counter
    dead_letters: Counter


@cache
def business_metrics() -> BusinessMetrics:
    """One set per process (a process runs one service), made on first use."""
    registry = CollectorRegistry(auto_describe=True)
    return BusinessMetrics(
        registry=registry,
        referrals=Counter(
            "konfliktrad_referrals",
            "Referrals decided, by outcome (registered, rejected)",
            ["outcome"],
            registry=registry,
        ),
        escalations_delivered=Counter(
            "konfliktrad_escalations_delivered",
            "Deliveries an agency accepted, by agency",
            ["agency"],
            registry=registry,
        ),
        escalations_parked=Counter(
            "konfliktrad_escalations_parked",
            "Deliveries given up on and dead-lettered, by agency and reason",
            ["agency", "reason"],
            registry=registry,
        ),
        dead_letters=Counter(
            "konfliktrad_dead_letters",
            "Messages this process put on a dead-letter topic, by topic and reason",
            ["topic", "reason"],
            registry=registry,
        ),
    )


def agency_of(topic: str) -> str:
    """`konfliktrad.prosecution.v1` -> `prosecution`."""
    parts = topic.split(".")
    return parts[1] if len(parts) > 2 else topic


class _Shared(Collector):
    """Exposes the process's business counters in an app's own registry."""

    def collect(self) -> Iterator[Metric]:
        yield from business_metrics().registry.collect()


@dataclass
class _Snapshot:
    backlog: int = 0
    oldest_age: float = 0.0
    parked: int = 0


class OutboxGauges(Collector):
    """The service's outbox as gauges; `refresh()` reads it, `collect()` reports the reading."""

    def __init__(self, service: str, engine: AsyncEngine) -> None:
        self._service = service
        self._engine = engine
        # Every service's plumbing tables have these names and columns: a copy to query by.
        self._tables = define_plumbing_tables(new_metadata())
        self._snapshot = _Snapshot()

    async def refresh(self, now: datetime | None = None) -> None:
        try:
            status = await outbox_status(self._engine, self._tables, now)
        except DBAPIError:
            log.warning("outbox gauges: the outbox could not be read", exc_info=True)
            return
        self._snapshot = _Snapshot(
            status.backlog, status.oldest_unsent_age_seconds or 0.0, len(status.parked)
        )

    def collect(self) -> Iterator[Metric]:
        labels = ["service"]
        reading = self._snapshot
        yield _gauge(
            "konfliktrad_outbox_backlog",
            "Outbox rows not yet sent",
            reading.backlog,
            labels,
            self._service,
        )
        yield _gauge(
            "konfliktrad_outbox_oldest_unsent_age_seconds",
            "Age of the oldest outbox row not yet sent (0 when none)",
            reading.oldest_age,
            labels,
            self._service,
        )
        yield _gauge(
            "konfliktrad_outbox_parked_rows",
            "Outbox rows parked after repeated failures, waiting for an operator",
            reading.parked,
            labels,
            self._service,
        )
        if self._service.endswith(ADAPTER_SUFFIX):
            yield _gauge(
                "konfliktrad_escalation_oldest_undelivered_age_seconds",
                "Age of the oldest delivery the agency has not yet accepted (0 when none)",
                reading.oldest_age,
                ["agency"],
                self._service.removesuffix(ADAPTER_SUFFIX),
            )

    def describe(self) -> Iterator[Metric]:
        return iter(())


def _gauge(
    name: str,
    documentation: str,
    value: float,
    labels: list[str] | None = None,
    label_value: str | None = None,
) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=labels or [])
    family.add_metric([label_value] if label_value is not None else [], value)
    return family


def register(registry: CollectorRegistry, service: str, engine: AsyncEngine) -> OutboxGauges:
    """Adds the business metrics to an app's registry; the caller refreshes the gauges."""
    registry.register(_Shared())
    gauges = OutboxGauges(service, engine)
    registry.register(gauges)
    return gauges
