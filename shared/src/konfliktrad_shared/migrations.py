"""Alembic, shared by every service: each `env.py` calls `run_migrations(metadata)`.

Alembic (and Mako, and every SQLAlchemy dialect it loads) is imported only when a migration
runs: a service whose database is already at head never loads it (`migrate_if_behind`).
"""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(script_location: Path, database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(script_location: Path, database_url: str) -> None:
    """Synchronous (Alembic drives its own event loop): call it through `asyncio.to_thread`."""
    from alembic import command

    if database_url.startswith("sqlite"):
        sqlite_path = Path(database_url.split("///", 1)[1])
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(script_location, database_url), "head")


async def migrate_if_behind(engine: AsyncEngine, script_location: Path, database_url: str) -> bool:
    """Upgrades to head unless the database already stands there; True when it migrated.

    One query (the database's revisions) against the revisions the scripts end in. Whatever
    cannot be told that way — no version table yet, a script whose revision is not a plain
    literal — is left to Alembic, which then decides as it always did.
    """
    heads = script_heads(script_location)
    if heads is not None and heads == await database_revisions(engine):
        return False
    await asyncio.to_thread(upgrade_to_head, script_location, database_url)
    return True


async def database_revisions(engine: AsyncEngine) -> frozenset[str] | None:
    """The revisions Alembic recorded in the database; None when it recorded none (a new
    database) or the database cannot be read yet."""
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("select version_num from alembic_version"))
            return frozenset(row[0] for row in rows)
    except Exception:  # no table, no file, no server yet: Alembic will say what is wrong
        return None


def script_heads(script_location: Path) -> frozenset[str] | None:
    """The revisions no other script revises, read from the scripts' literal `revision` and
    `down_revision` without running them; None when a script does not state them plainly."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in sorted((script_location / "versions").glob("*.py")):
        assigned = _literal_assignments(script)
        revision = None if assigned is None else assigned.get("revision")
        if assigned is None or not isinstance(revision, str):
            return None
        revisions.add(revision)
        down = assigned.get("down_revision")
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(r, str) for r in down):
            revised.update(down)
        elif down is not None:
            return None
    return frozenset(revisions - revised) or None


def _literal_assignments(script: Path) -> dict[str, object] | None:
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    assigned: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            try:
                assigned[target.id] = ast.literal_eval(value)
            except ValueError:
                return None
    return assigned


def run_migrations(target_metadata: MetaData) -> None:
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("sqlalchemy.url is not configured")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, target_metadata))


async def _run_online(url: str, target_metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_migrate, target_metadata)
    await engine.dispose()


def _migrate(connection: Connection, target_metadata: MetaData) -> None:
    from alembic import context

    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
