"""A service without a database or a bus — the staff desk, pages over the other services'
APIs — is a declaration too, and this builds it. Only FastAPI and Starlette here: nothing of
`assembly` (the runtime, its engine and its broker) is reachable from this module, so such a
service cannot come to hold case data or join the bus by being assembled."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware import Middleware

ExceptionHandler = Callable[[Request, Exception], Coroutine[Any, Any, Response]]


@dataclass(frozen=True)
class WebService:
    title: str
    routers: Sequence[APIRouter]
    middleware: Sequence[Middleware] = ()
    static: Mapping[str, Path] = field(default_factory=dict)
    """Mount path → directory; the mount is named after its path ("/static" → "static")."""
    exception_handlers: Mapping[type[Exception], ExceptionHandler] = field(default_factory=dict)
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = ()


def assemble_web(service: WebService) -> FastAPI:
    """The service's app: its pages, no API documentation (it answers people, not programs)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        for close in service.on_shutdown:
            await close()

    handlers: dict[int | type[Exception], ExceptionHandler] = {
        kind: handler for kind, handler in service.exception_handlers.items()
    }
    app = FastAPI(
        title=service.title,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        middleware=list(service.middleware),
        exception_handlers=handlers,
    )
    for path, directory in service.static.items():
        app.mount(path, StaticFiles(directory=directory), name=path.strip("/"))
    for router in service.routers:
        app.include_router(router)
    return app


class Listens(Protocol):
    @property
    def http_host(self) -> str: ...

    @property
    def http_port(self) -> int: ...


_Settings = TypeVar("_Settings", bound=Listens)


def web_runner(
    create_app: Callable[[_Settings], FastAPI], settings: Callable[[], _Settings]
) -> Callable[[], None]:
    """A console script: reads the settings from the environment when run, then serves."""

    def run() -> None:
        read = settings()
        uvicorn.run(create_app(read), host=read.http_host, port=read.http_port)

    return run
