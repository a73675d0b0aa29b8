"""Creating and dropping databases, so each test or service gets its own."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from devtools._sync import run_sync

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class DatabaseExistsError(RuntimeError):
    """`create_database` was asked for a database that already exists."""


def checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a plain lower-case PostgreSQL identifier")
    return name


async def answers(url: str, within: float) -> bool:
    """Whether `url` (an asyncpg URL) accepts a connection within `within` s."""
    engine = create_async_engine(url, poolclass=NullPool, connect_args={"timeout": within})
    try:
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
        return True
    except Exception:  # whatever the failure, it means "not answering"
        return False
    finally:
        await engine.dispose()


def _admin_engine(url: str, name: str) -> AsyncEngine:
    # A database cannot be created from or dropped while connected to itself.
    parsed = make_url(url)
    if parsed.database == name:
        parsed = parsed.set(database="postgres")
    return create_async_engine(parsed, poolclass=NullPool, isolation_level="AUTOCOMMIT")


async def acreate_database(url: str, name: str, *, exist_ok: bool = False) -> str:
    """Create database `name` on the server of `url` (any SQLAlchemy async
    URL whose user may create databases); return `url` pointing at it."""
    checked_name(name)
    engine = _admin_engine(url, name)
    try:
        async with engine.connect() as connection:
            exists = await connection.scalar(
                text("select 1 from pg_database where datname = :name"), {"name": name}
            )
            if exists and not exist_ok:
                raise DatabaseExistsError(f"database {name!r} already exists")
            if not exists:
                await connection.execute(text(f'create database "{name}"'))
    finally:
        await engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def adrop_database(url: str, name: str) -> None:
    """Drop database `name` on the server of `url`, closing its sessions."""
    checked_name(name)
    engine = _admin_engine(url, name)
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'drop database if exists "{name}" with (force)'))
    finally:
        await engine.dispose()


def create_database(url: str, name: str, *, exist_ok: bool = False) -> str:
    """Synchronous `acreate_database`, usable from sync code and fixtures."""
    return run_sync(acreate_database(url, name, exist_ok=exist_ok))


def drop_database(url: str, name: str) -> None:
    run_sync(adrop_database(url, name))
