"""Intake measured on each asked configuration: the intake path's stages (referral, then
mediation) each as 1 or 3 replicas, on SQLite or on PostgreSQL.

Each configuration runs on its own: a state directory and databases of its own, migrated
beforehand as production's migration job does (so no replica migrates at start), consumer
groups of its own committed at the topics' current end (nothing of an earlier configuration
is replayed), only the two stages' processes running. All replicas of a stage share its one
database: on SQLite that is one file with one writer at a time, which three replicas contend
for — allowed, and its figure says what that costs. PostgreSQL is a throwaway local cluster
from the distribution's binaries (`devtools.postgres`, durability off as for every local
cluster), one database per service.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from devtools.bench_intake import IntakeFigures, IntakeRun, measure_intake
from devtools.bench_options import IntakeConfiguration, Options
from devtools.bench_suite import fresh_consumer_groups
from devtools.bus_access import client_access
from devtools.postgres import PostgresCluster, acreate_database, adrop_database
from devtools.replicas import Replicas, free_port
from devtools.suite import service
from devtools.up_cli import local_env
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.migrations import upgrade_to_head

STAGES = ("referral", "mediation")


def _migrations(name: str) -> Path:
    """The service's Alembic scripts, found beside its package (as `bootstrap.MIGRATIONS`)."""
    module = __import__(f"{name}.bootstrap", fromlist=["MIGRATIONS"])
    return Path(module.MIGRATIONS)


def seconds_allowed(cases: int) -> float:
    """A configuration that opens fewer than about ten cases a second is stopped and said to
    have stalled, rather than hold the run for ever."""
    return 60.0 + cases / 10


async def measure_configurations(
    bootstrap: str, state_dir: Path, options: Options
) -> list[IntakeRun]:
    say = options.say
    runs: list[IntakeRun] = []
    wants_postgres = any(c.database == "postgres" for c in options.intake_configurations)
    async with _postgres(wanted=wants_postgres) as server:
        for configuration in options.intake_configurations:
            say(
                f"Intake on {configuration.describe()} of {', '.join(STAGES)}: "
                f"{options.intake} referrals to cases opened in mediation …"
            )
            try:
                figures = await _measure_one(bootstrap, state_dir, server, configuration, options)
            except TimeoutError as exc:
                note = str(exc) or (
                    f"not every case opened within {seconds_allowed(options.intake):.0f} s"
                )
                say(f"  no figure: {note}")
                runs.append(IntakeRun(configuration, note=note))
                continue
            except RuntimeError as exc:  # a replica that exited at start: its log says why
                say(f"  no figure: {exc}")
                runs.append(IntakeRun(configuration, note=str(exc)))
                continue
            say(f"  {figures.per_second:.0f}/s ({figures.ratio:.0f}× raw aiokafka)")
            runs.append(IntakeRun(configuration, figures))
    return runs


@contextlib.asynccontextmanager
async def _postgres(*, wanted: bool) -> AsyncIterator[str | None]:
    """A cluster of the run's own, deleted afterwards. In a directory of its own beside the
    run's state, not in it: as root the server runs as `postgres`, which must reach it, and
    the run's state (its keys) stays closed to that user."""
    if not wanted:
        yield None
        return
    directory = await asyncio.to_thread(_reachable_directory)
    cluster = PostgresCluster(state_dir=directory, port=free_port(), database="bench")
    try:
        yield await asyncio.to_thread(cluster.up)
    finally:
        await asyncio.to_thread(cluster.down)
        shutil.rmtree(directory, ignore_errors=True)


def _reachable_directory() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="konfliktrad-bench-pg-"))
    directory.chmod(0o755)
    return directory


async def _databases(server: str | None, directory: Path, run_id: str) -> dict[str, str]:
    """Each stage's database URL, created empty."""
    if server is None:
        (directory / "db").mkdir(parents=True, exist_ok=True)
        return {name: f"sqlite+aiosqlite:///{directory / 'db' / name}.sqlite3" for name in STAGES}
    return {name: await acreate_database(server, f"bench_{run_id}_{name}") for name in STAGES}


async def _measure_one(
    bootstrap: str,
    state_dir: Path,
    server: str | None,
    configuration: IntakeConfiguration,
    options: Options,
) -> IntakeFigures:
    run_id = secrets.token_hex(4)
    directory = state_dir / f"intake-{configuration.database}-{configuration.replicas}"
    ensure_dev_keypair(directory / "keys")
    postgres = server if configuration.database == "postgres" else None
    urls = await _databases(postgres, directory, run_id)
    try:
        for name, url in urls.items():
            await asyncio.to_thread(upgrade_to_head, _migrations(name), url)
        groups = await fresh_consumer_groups(bootstrap, run_id, label="intake")
        env = {**local_env(directory, bootstrap), **groups}
        if postgres is not None:  # shared databases: every replica is given the same keys
            env["KONFLIKTRAD_CONTACT_KEYS"] = f"bench:{generate_key()}"
        for name, url in urls.items():
            prefix = service(name).env_prefix
            env |= {f"{prefix}DATABASE_URL": url, f"{prefix}APPLY_MIGRATIONS_ON_START": "false"}
            if postgres is not None:
                env |= {
                    f"{prefix}FIELD_KEYS": f"bench:{generate_key()}",
                    f"{prefix}BLIND_INDEX_KEY": generate_key(),
                }
        replicas = Replicas(env, log_dir=directory / "logs")
        for name in STAGES:
            replicas.start(service(name), configuration.replicas)
        try:
            await replicas.wait_ready(timeout=180)
            return await measure_intake(
                functools.partial(client_access, bootstrap=bootstrap),
                groups["MEDIATION_CONSUMER_GROUP"],
                options.intake,
                within=seconds_allowed(options.intake),
            )
        finally:
            replicas.stop()
    finally:
        if postgres is not None:
            for name in urls:
                await adrop_database(postgres, f"bench_{run_id}_{name}")
