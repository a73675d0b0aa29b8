"""What every service runs on: database, broker, relay, ticker and the FastAPI shell around them.

Built by each service's `create_app()`, never at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from konfliktrad_shared.body_limit import LimitRequestBody
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.db import PlumbingTables, create_engine, ping, session_factory
from konfliktrad_shared.housekeeping import Housekeeper, Retention
from konfliktrad_shared.kafka_access import KafkaAccess
from konfliktrad_shared.messaging import KafkaOutboxPublisher, create_broker
from konfliktrad_shared.migrations import migrate_if_behind
from konfliktrad_shared.nul_guard import RejectNulCharacters
from konfliktrad_shared.outbox_relay import OutboxRelay, Publisher
from konfliktrad_shared.provisions import validation_refused
from konfliktrad_shared.refusal import RuleViolation
from konfliktrad_shared.settings import ServiceSettings
from konfliktrad_shared.telemetry import Telemetry, instrument_app, setup_telemetry
from konfliktrad_shared.topics_admin import require_topics

BackgroundTask = Callable[[], Coroutine[Any, Any, None]]
ExceptionHandler = Callable[[Request, Any], Coroutine[Any, Any, Response]]


@dataclass
class Runtime:
    settings: ServiceSettings
    clock: Clock
    tables: PlumbingTables
    telemetry: Telemetry
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: KafkaBroker
    relay: OutboxRelay
    kafka: KafkaAccess
    housekeeper: Housekeeper
    topics: set[str] = field(default_factory=set)


def create_runtime(
    settings: ServiceSettings,
    *,
    tables: PlumbingTables,
    clock: Clock,
    route_outbox: Callable[[Publisher, AsyncEngine], Publisher] = lambda kafka, _engine: kafka,
) -> Runtime:
    """`route_outbox` lets a service send some outbox rows elsewhere than Kafka (mail, HTTP)
    while keeping the outbox's guarantees for them; it is given the runtime's database."""
    telemetry = setup_telemetry(settings.service_name, settings.otlp_endpoint)
    engine = create_engine(settings.database_url)
    kafka = settings.kafka_access()
    broker = create_broker(kafka, client_id=settings.service_name, telemetry=telemetry)
    relay = OutboxRelay(
        engine=engine,
        outbox=tables.outbox,
        publisher=route_outbox(KafkaOutboxPublisher(broker), engine),
        clock=clock,
        poll_seconds=settings.outbox_poll_seconds,
        max_attempts=settings.outbox_max_attempts,
        lease_seconds=settings.outbox_lease_seconds,
    )
    return Runtime(
        settings=settings,
        clock=clock,
        tables=tables,
        telemetry=telemetry,
        engine=engine,
        sessions=session_factory(engine),
        broker=broker,
        relay=relay,
        kafka=kafka,
        housekeeper=Housekeeper(engine=engine, tables=tables, clock=clock, retention=Retention()),
    )


def create_service_app(
    runtime: Runtime,
    *,
    title: str,
    description: str,
    migrations: Path,
    routers: Sequence[APIRouter],
    background: Sequence[BackgroundTask] = (),
    exception_handlers: Mapping[type[Exception], ExceptionHandler] | None = None,
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = (),
    run_relay: bool = True,
) -> FastAPI:
    settings = runtime.settings

    async def _schema_at_head() -> bool:
        """True when it migrated."""
        if settings.apply_migrations_on_start:
            return await migrate_if_behind(runtime.engine, migrations, settings.database_url)
        return False

    async def _topics_there() -> None:
        # The broker's producer and admin client connect here, beside the schema check, and
        # the admin client lists the topics: no connection of its own for the check, and the
        # one /readyz asks is made already.
        await runtime.broker.connect()
        if runtime.topics:
            await require_topics(runtime.broker, runtime.kafka.username, runtime.topics)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The schema and the topics are independent of each other: checked side by side.
        # Both are done before the broker starts its consumers, and so before /readyz can
        # answer at all: ready still means "at head, on existing topics, consuming".
        migrated, _ = await asyncio.gather(_schema_at_head(), _topics_there())
        await runtime.broker.start()
        tasks = [asyncio.create_task(task()) for task in background]
        tasks.append(asyncio.create_task(runtime.housekeeper.run()))
        if run_relay:
            tasks.append(asyncio.create_task(runtime.relay.run()))
        # Started, every module imported: ~150k long-lived objects (FastAPI, pydantic,
        # SQLAlchemy, OpenTelemetry, FastStream) that each full collection would walk again,
        # an 80-100 ms pause measured in the middle of requests (the breach → escalation
        # p99 of `devtools bench`). Freezing them takes them out of the cyclic collector's
        # scans; later garbage is collected as before. The young generations are collected
        # first; a full collection only after a migration (Alembic's garbage): after imports
        # alone it took ~110 ms of a start to find 20-30 objects, which stay frozen instead.
        gc.collect(2 if migrated else 1)
        gc.freeze()
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await runtime.broker.stop()
            for close in on_shutdown:
                await close()
            await runtime.engine.dispose()
            runtime.telemetry.shutdown()

    handlers: dict[int | type[Exception], ExceptionHandler] = {
        RuleViolation: _refused,
        RequestValidationError: validation_refused,  # names the provision too (§8)
    }
    for exception_type, handler in (exception_handlers or {}).items():
        handlers[exception_type] = handler
    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        exception_handlers=handlers,
    )
    app.state.runtime = runtime
    app.add_middleware(RejectNulCharacters)
    app.add_middleware(LimitRequestBody, max_bytes=settings.max_request_body_bytes)  # outermost
    app.include_router(_health_router(runtime))
    for router in routers:
        app.include_router(router)
    instrument_app(app, runtime.engine, runtime.telemetry, settings.metrics_scrape_token())
    return app


async def _refused(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RuleViolation)
    return JSONResponse(
        status_code=422, content={"legal_basis": exc.legal_basis, "reason": exc.reason}
    )


def _health_router(runtime: Runtime) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/readyz")
    async def readyz(_request: Request, response: Response) -> dict[str, str]:
        checks = {"database": "ok", "broker": "ok"}
        try:
            await ping(runtime.engine)
        except Exception:
            checks["database"] = "unavailable"
        if not await runtime.broker.ping(timeout=2.0):
            checks["broker"] = "unavailable"
        if any(value != "ok" for value in checks.values()):
            response.status_code = 503
        return checks

    return router
