"""A service is a declaration; this module builds it.

Each service's `bootstrap.declare()` states its wiring as tables — command → handler, consumed
topic and message type → translator to a command, deadline kind → command, the topics it
publishes — and `assemble()` builds the one runtime every service runs on from it: the bus,
the consumers, the outbox relay, the deadline ticker, housekeeping and the HTTP app. Explicit
tables, as cosmic-python's handler dicts, extended to every inbound edge; nothing is scanned
or registered by import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker

from konfliktrad_shared.auth import Authenticator, authenticator_from_settings
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.db import PlumbingTables
from konfliktrad_shared.deadlines import DeadlineKinds, DeadlineTicker, firing
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import Handler, MessageBus
from konfliktrad_shared.messaging import Route, SenderOfTopic, TopicConsumer, subscribe
from konfliktrad_shared.outbox_relay import Publisher
from konfliktrad_shared.refusal import NotFound
from konfliktrad_shared.runtime import ExceptionHandler, Runtime, create_runtime, create_service_app
from konfliktrad_shared.settings import ServiceSettings
from konfliktrad_shared.uow import Outbound, SqlAlchemyUnitOfWork

Translator = Callable[[Any, Delivery], object | None]
"""A consumed message → the command it becomes, or None when it is not for this service.
`Delivery` says who proved to send it (`sender`), for the topics that prove one."""
Refused = Callable[[Any, Exception], None]
"""What a refusal of a translated command means for its message: raise `PoisonMessage` to
dead-letter it, return to acknowledge it (logged), re-raise to have it delivered again."""


@dataclass(frozen=True)
class Translation:
    """A translator whose command's refusals the consumer answers in its own way."""

    translate: Translator
    refused: Mapping[type[Exception], Refused]


@dataclass(frozen=True)
class Consumed:
    """One consumed topic (or pattern of per-sender topics): message type → translator."""

    topic: str
    translators: Mapping[type[Any], Translator | Translation]
    ignored_types: frozenset[str] = frozenset()
    pattern: str | None = None
    senders: SenderOfTopic | None = None
    known_topics: tuple[str, ...] = ()
    """With a pattern: the topics it is known to match, required to exist at start."""


@dataclass(frozen=True)
class Assembled:
    """What a service's routers are built from."""

    runtime: Runtime
    bus: MessageBus
    authenticate: Authenticator


@dataclass(frozen=True)
class Service:
    settings: ServiceSettings
    clock: Clock
    title: str
    description: str
    migrations: Path
    tables: PlumbingTables
    unit_of_work: Callable[..., SqlAlchemyUnitOfWork]
    source: str
    outbound: Outbound
    command_handlers: Mapping[type, Handler]
    event_handlers: Mapping[type, Sequence[Handler]] = field(default_factory=dict)
    consumed: Sequence[Consumed] = ()
    produces: Sequence[str] = ()
    deadline_kinds: DeadlineKinds = field(default_factory=dict)
    dependencies: Mapping[str, Any] = field(default_factory=dict)
    """For the unit of work: field cipher, blind indexer, contact register, letters …"""
    routers: Callable[[Assembled], Sequence[APIRouter]] = lambda _assembled: ()
    route_outbox: Callable[[Publisher], Publisher] = lambda kafka: kafka
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = ()
    start_mappers: Callable[[], None] = lambda: None
    consumer_name: str = ""
    """Names the service in the inbox and in consumers' titles; the service's name if empty."""
    deadline_consumer: str = ""
    """The inbox's name for the deadlines fired; `<consumer name>.deadlines` if empty."""


@dataclass
class Assembly:
    runtime: Runtime
    bus: MessageBus
    consumers: dict[str, TopicConsumer]
    ticker: DeadlineTicker


def build(service: Service) -> Assembly:
    """Runtime, bus, consumers (subscribed, not started) and the deadline ticker."""
    settings = service.settings
    service.start_mappers()
    runtime = create_runtime(
        settings, tables=service.tables, clock=service.clock, route_outbox=service.route_outbox
    )
    bus = MessageBus(
        uow_factory=lambda delivery: service.unit_of_work(
            runtime.sessions,
            tables=runtime.tables,
            source=service.source,
            outbound=service.outbound,
            clock=runtime.clock,
            delivery=delivery,
            on_outbox_commit=runtime.relay.wake,
            **service.dependencies,
        ),
        command_handlers=service.command_handlers,
        event_handlers=service.event_handlers,
    )
    name = service.consumer_name or settings.service_name
    consumers = {}
    for consumed in service.consumed:
        consumer = topic_consumer(runtime.broker, bus, name, consumed)
        subscribe(runtime.broker, consumer, group_id=settings.consumer_group)
        consumers[consumed.topic] = consumer
    runtime.topics.update(topic for consumed in service.consumed for topic in _named(consumed))
    runtime.topics.update(service.produces)
    ticker = DeadlineTicker(
        engine=runtime.engine,
        deadlines=runtime.tables.deadlines,
        clock=runtime.clock,
        fire=firing(
            bus.handle, service.deadline_kinds, service.deadline_consumer or f"{name}.deadlines"
        ),
        poll_seconds=getattr(settings, "deadline_poll_seconds", 1.0),
    )
    return Assembly(runtime=runtime, bus=bus, consumers=consumers, ticker=ticker)


def assemble(service: Service) -> FastAPI:
    """The service's HTTP app, which runs everything `build` made while it is up."""
    assembly = build(service)
    authenticate = authenticator_from_settings(service.settings)
    handlers: dict[type[Exception], ExceptionHandler] = {NotFound: _not_found}
    app = create_service_app(
        assembly.runtime,
        title=service.title,
        description=service.description,
        migrations=service.migrations,
        routers=service.routers(Assembled(assembly.runtime, assembly.bus, authenticate)),
        background=[assembly.ticker.run] if service.deadline_kinds else [],
        exception_handlers=handlers,
        on_shutdown=service.on_shutdown,
    )
    app.state.bus = assembly.bus
    app.state.ticker = assembly.ticker
    app.state.consumers = assembly.consumers
    return app


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    uvicorn.run(app, host=settings.http_host, port=settings.http_port)


async def _not_found(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    return JSONResponse(status_code=404, content={"detail": exc.detail})


def _named(consumed: Consumed) -> tuple[str, ...]:
    return consumed.known_topics if consumed.pattern is not None else (consumed.topic,)


def topic_consumer(
    broker: KafkaBroker, bus: MessageBus, name: str, consumed: Consumed
) -> TopicConsumer:
    """The consumer of one declared topic (`build` subscribes it on the runtime's broker)."""
    routes = {
        contract.event_type: Route(contract, _handler(bus, translation))
        for contract, translation in consumed.translators.items()
    }
    return TopicConsumer(
        broker=broker,
        topic=consumed.topic,
        consumer_name=name,
        routes=routes,
        ignored_types=consumed.ignored_types,
        pattern=consumed.pattern,
        senders=consumed.senders,
    )


def _handler(
    bus: MessageBus, translation: Translator | Translation
) -> Callable[[Any, Delivery], Awaitable[None]]:
    if isinstance(translation, Translation):
        translate, refused = translation.translate, translation.refused
    else:
        translate, refused = translation, {}

    async def handle(event: Any, delivery: Delivery) -> None:
        command = translate(event, delivery)
        if command is None:
            return
        try:
            await bus.handle(command, delivery)
        except tuple(refused) as refusal:
            for kind, answer in refused.items():
                if isinstance(refusal, kind):
                    answer(event, refusal)
                    return

    return handle
