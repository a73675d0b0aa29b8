"""The suite's processes as the AsyncAPI documents see them: how each app is built, and what
it consumes and produces, derived from the code (see `devtools.asyncapi`)."""

from __future__ import annotations

import functools
import importlib
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.contracts.base import IntegrationEvent

Contract = type[IntegrationEvent]


@dataclass(frozen=True)
class Target:
    """One process of the suite and the document written for it."""

    name: str
    env_prefix: str
    build: Callable[[], FastAPI]
    package: str | None = None
    """The service package whose outbox publishes (None for the agency adapters)."""


def _service_app(package: str) -> Callable[[], FastAPI]:
    def build() -> FastAPI:
        return _checked_app(module(f"{package}.main").create_app())

    return build


def _agency_adapter_app(settings_class: str) -> Callable[[], FastAPI]:
    def build() -> FastAPI:
        settings = getattr(module("notification.config"), settings_class)()
        return _checked_app(module("notification.main").create_agency_adapter(settings))

    return build


TARGETS: tuple[Target, ...] = (
    Target("referral", "REFERRAL_", _service_app("referral"), package="referral"),
    Target("mediation", "MEDIATION_", _service_app("mediation"), package="mediation"),
    Target("youth_plan", "YOUTH_PLAN_", _service_app("youth_plan"), package="youth_plan"),
    Target("vetting", "VETTING_", _service_app("vetting"), package="vetting"),
    Target("notification", "NOTIFICATION_", _service_app("notification"), package="notification"),
    Target(
        "prosecution_adapter",
        "PROSECUTION_ADAPTER_",
        _agency_adapter_app("ProsecutionAdapterSettings"),
    ),
    Target(
        "correctional_adapter",
        "CORRECTIONAL_ADAPTER_",
        _agency_adapter_app("CorrectionalAdapterSettings"),
    ),
)


# --- what a service produces ------------------------------------------------------------


def produced_contracts(package: str) -> dict[str, tuple[Contract, ...]]:
    """Each topic in the service's `PRODUCES`, with the contracts the service sends there."""
    produces: Sequence[str] = module(f"{package}.entrypoints.consumers").PRODUCES
    published: tuple[Contract, ...] = tuple(
        module(f"konfliktrad_shared.contracts.{package}").PUBLISHED
    )
    own_topic = getattr(topics, f"{package.upper()}_EVENTS")
    agency_topics: dict[str, dict[str, Contract]] = module(
        "notification.entrypoints.agency_consumers"
    ).CONTRACTS_ON_TOPIC
    produced: dict[str, tuple[Contract, ...]] = {}
    for topic in produces:
        if topic == own_topic:
            contracts = published
        elif topic in agency_topics:
            accepted = set(agency_topics[topic].values())
            contracts = tuple(contract for contract in published if contract in accepted)
        else:
            raise LookupError(
                f"{package} produces {topic}, which is neither its own events "
                "topic nor an agency topic: say here what goes there"
            )
        if not contracts:
            raise LookupError(f"{package} produces {topic} but publishes no contract for it")
        produced[topic] = contracts
    return produced


def register_dead_letter_publishers(name: str, broker: KafkaBroker) -> dict[str, str]:
    """One documentation publisher per consumed topic's `.dlq`; returns title -> topic."""
    dead_letters: dict[str, str] = {}
    for topic in sorted({topic for _title, topic, _types in subscriptions(broker)}):
        dead_letter = topics.dead_letter_topic(topic)
        title = f"{name}:{dead_letter}:publish"
        broker.publisher(
            dead_letter,
            title=title,
            description=(
                f"Poison from {topic}: the original key, value bytes and headers, plus "
                "dlq_* headers saying why. Published directly (not through the outbox); "
                "the consumer then moves past the message."
            ),
        )
        dead_letters[title] = topic
    return dead_letters


# --- what a service consumes ------------------------------------------------------------


def subscriptions(broker: KafkaBroker) -> list[tuple[str, str, tuple[str, ...]]]:
    """(channel title, topic, routed ce_types) for each subscriber `subscribe()` registered."""
    found = []
    for subscriber in broker.subscribers:
        title = subscriber.specification.name
        description = subscriber.specification.description or ""
        topic = title.split(":", 1)[1] if ":" in title else ""
        event_types = tuple(part.strip() for part in description.split(",") if part.strip())
        if not topic or not event_types:
            raise ValueError(
                f"subscriber {title!r} was not registered by konfliktrad_shared.messaging."
                "subscribe (expected title 'consumer:topic' and the routed ce_types)"
            )
        found.append((title, topic, event_types))
    return sorted(found)


def received_contracts(broker: KafkaBroker) -> dict[str, tuple[Contract, ...]]:
    known = _all_contracts()
    received: dict[str, tuple[Contract, ...]] = {}
    for title, _topic, event_types in subscriptions(broker):
        unknown = [event_type for event_type in event_types if event_type not in known]
        if unknown:
            raise LookupError(f"{title} routes ce_types with no contract: {unknown}")
        received[title] = tuple(known[event_type] for event_type in event_types)
    return received


def _all_contracts() -> dict[str, Contract]:
    contracts: dict[str, Contract] = {
        contract.event_type: contract for contract in agencies.INBOUND
    }
    for producer in ("referral", "mediation", "youth_plan", "vetting", "notification"):
        for contract in module(f"konfliktrad_shared.contracts.{producer}").PUBLISHED:
            contracts[contract.event_type] = contract
    return contracts


def union(contracts: Sequence[Contract]) -> Any:
    return functools.reduce(operator.or_, contracts)


def module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _checked_app(app: object) -> FastAPI:
    if not isinstance(app, FastAPI):
        raise TypeError(f"expected a FastAPI app, got {type(app).__name__}")
    return app
