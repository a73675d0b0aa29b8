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
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.audit_chain import ReadLog
from konfliktrad_shared.auth import Authenticator, authenticator_from_settings
from konfliktrad_shared.batch_consumption import subscribe_batches
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.consumer_retries import handler_retries
from konfliktrad_shared.db import PlumbingTables
from konfliktrad_shared.deadlines import DeadlineKinds, DeadlineTicker, firing
from konfliktrad_shared.housekeeping import Erasure
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.joint_consumer import jointly
from konfliktrad_shared.messagebus import Handler, MessageBus
from konfliktrad_shared.messaging import Route, SenderOfTopic, TopicConsumer, subscribe
from konfliktrad_shared.outbox_relay import Publisher
from konfliktrad_shared.refusal import Conflict, NotFound
from konfliktrad_shared.runtime import ExceptionHandler, Runtime, create_runtime, create_service_app
from konfliktrad_shared.settings import ServiceSettings
from konfliktrad_shared.uow import Outbound, SqlAlchemyUnitOfWork

_Settings = TypeVar("_Settings", bound=ServiceSettings)
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
class Outlets:
    """What a service's outbox routes may need: the bus (to record what a channel did), the
    database, and a list to add what must be closed on shutdown to."""

    bus: MessageBus
    engine: AsyncEngine
    on_shutdown: list[Callable[[], Awaitable[None]]]


def kafka_only(kafka: Publisher, _outlets: Outlets) -> Publisher:
    return kafka


class Assembled:
    """What a service's routers are built from. The key set is read only when a router asks
    for `authenticate` (the receipts of the notification service use tokens of their own)."""

    def __init__(self, runtime: Runtime, bus: MessageBus) -> None:
        self.runtime = runtime
        self.bus = bus

    @cached_property
    def authenticate(self) -> Authenticator:
        return authenticator_from_settings(self.runtime.settings)

    @cached_property
    def read_log(self) -> ReadLog:
        """Records reads of personal data and notes in the service's audit chain."""
        return ReadLog(self.runtime.sessions, self.runtime.tables.audit, self.runtime.clock)


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
    routers: Callable[[Assembled], Sequence[APIRouter]] | None = None
    """The service's API; without one, no key set is read (the agency adapters have none)."""
    route_outbox: Callable[[Publisher, Outlets], Publisher] = kafka_only
    """Sends some outbox rows elsewhere than Kafka (mail, HTTP), with the outbox's guarantees."""
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = ()
    start_mappers: Callable[[], None] = lambda: None
    consumer_name: str = ""
    """Names the service in the inbox and in consumers' titles; the service's name if empty."""
    deadline_consumer: str = ""
    """The inbox's name for the deadlines fired; `<consumer name>.deadlines` if empty."""
    erasures: Sequence[Erasure] = ()
    """Retention by category: what the housekeeper erases once its period has run out."""


@dataclass
class Assembly:
    runtime: Runtime
    bus: MessageBus
    consumers: dict[str, TopicConsumer]
    ticker: DeadlineTicker
    on_shutdown: list[Callable[[], Awaitable[None]]]


def build(service: Service) -> Assembly:
    """Runtime, bus, consumers (subscribed, not started) and the deadline ticker."""
    settings = service.settings
    service.start_mappers()
    on_shutdown = list(service.on_shutdown)

    # The bus's commits wake the relay, and the relay's routes may report to the bus: the
    # bus is built first and reaches the runtime (its sessions, its relay) when it runs.
    def unit_of_work(delivery: Delivery | None) -> SqlAlchemyUnitOfWork:
        return service.unit_of_work(
            runtime.sessions,
            tables=runtime.tables,
            source=service.source,
            outbound=service.outbound,
            clock=runtime.clock,
            delivery=delivery,
            on_outbox_commit=runtime.relay.wake,
            **service.dependencies,
        )

    bus = MessageBus(
        uow_factory=unit_of_work,
        command_handlers=service.command_handlers,
        event_handlers=service.event_handlers,
    )
    runtime = create_runtime(
        settings,
        tables=service.tables,
        clock=service.clock,
        route_outbox=lambda kafka, engine: service.route_outbox(
            kafka, Outlets(bus, engine, on_shutdown)
        ),
    )
    runtime.housekeeper.erase_also(service.erasures)
    name = service.consumer_name or settings.service_name
    consumers = {
        consumed.topic: topic_consumer(runtime.broker, bus, name, consumed)
        for consumed in service.consumed
    }
    wire_consumers(runtime.broker, jointly(runtime.broker, consumers), settings, bus)
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
    return Assembly(
        runtime=runtime, bus=bus, consumers=consumers, ticker=ticker, on_shutdown=on_shutdown
    )


def wire_consumers(
    broker: KafkaBroker,
    consumers: Sequence[TopicConsumer],
    settings: ServiceSettings,
    bus: MessageBus,
) -> None:
    """Subscribes each consumer on the broker in the service's consumer group. A service
    runs its topics' consumers `jointly` (one Kafka consumer, one group join at start); the
    AsyncAPI documents wire them one per topic, as their channels are documented."""
    for consumer in consumers:
        if settings.consumer_batch_max_records > 1:
            subscribe_batches(
                broker,
                consumer,
                group_id=settings.consumer_group,
                handle_commands=bus.handle_batch,
                max_records=settings.consumer_batch_max_records,
                heartbeat_interval_ms=settings.consumer_heartbeat_interval_ms,
                batch_timeout_ms=settings.consumer_batch_timeout_ms,
                retries=handler_retries(settings),
            )
        else:
            subscribe(
                broker,
                consumer,
                group_id=settings.consumer_group,
                heartbeat_interval_ms=settings.consumer_heartbeat_interval_ms,
                retries=handler_retries(settings),
            )


def assemble(service: Service) -> FastAPI:
    """The service's HTTP app, which runs everything `build` made while it is up."""
    assembly = build(service)
    routers: Sequence[APIRouter] = ()
    if service.routers is not None:
        routers = service.routers(Assembled(assembly.runtime, assembly.bus))
    handlers: dict[type[Exception], ExceptionHandler] = {
        NotFound: _not_found,
        Conflict: _conflict,
    }
    app = create_service_app(
        assembly.runtime,
        title=service.title,
        description=service.description,
        migrations=service.migrations,
        routers=routers,
        background=[assembly.ticker.run] if service.deadline_kinds else [],
        exception_handlers=handlers,
        on_shutdown=assembly.on_shutdown,
    )
    app.state.bus = assembly.bus
    app.state.ticker = assembly.ticker
    app.state.housekeeper = assembly.runtime.housekeeper
    app.state.consumers = assembly.consumers
    return app


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    uvicorn.run(
        app, host=settings.http_host, port=settings.http_port, log_config=settings.log_config()
    )


def runner(
    create_app: Callable[[_Settings], FastAPI], settings: Callable[[], _Settings]
) -> Callable[[], None]:
    """A console script: reads the settings from the environment when run, then serves."""

    def run() -> None:
        read = settings()
        serve(create_app(read), read)

    return run


async def _not_found(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    return JSONResponse(status_code=404, content={"detail": exc.detail})


async def _conflict(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Conflict)
    return JSONResponse(status_code=409, content={"detail": exc.detail})


def _named(consumed: Consumed) -> tuple[str, ...]:
    return consumed.known_topics if consumed.pattern is not None else (consumed.topic,)


def topic_consumer(
    broker: KafkaBroker, bus: MessageBus, name: str, consumed: Consumed
) -> TopicConsumer:
    """The consumer of one declared topic (`build` subscribes it on the runtime's broker)."""
    routes = {
        contract.event_type: Route(contract, _handler(bus, translation), _command_of(translation))
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


def _command_of(translation: Translator | Translation) -> Translator:
    """A batch's refusals are handled one at a time, by `_handler`'s answers."""
    return translation.translate if isinstance(translation, Translation) else translation


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
