"""A throwaway PostgreSQL cluster from the distribution's binaries, for local
runs and tests when no Docker engine is available."""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from devtools import _paths
from devtools._proc import file_lock, pid_alive, port_open
from devtools._sync import run_sync
from devtools.postgres_databases import (
    DatabaseExistsError,
    acreate_database,
    adrop_database,
    answers,
    checked_name,
    create_database,
    drop_database,
)

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_PORT",
    "DatabaseExistsError",
    "LocalPostgresError",
    "PostgresCluster",
    "PostgresStatus",
    "acreate_database",
    "adrop_database",
    "create_database",
    "down",
    "drop_database",
    "find_bin_dir",
    "status",
    "up",
]

DEFAULT_PORT = 55432
DEFAULT_DATABASE = "konfliktrad"
SUPERUSER = "postgres"

# Durability is pointless for a cluster that is deleted after the run; turning
# it off makes schema-per-test setups several times faster.
_SETTINGS = """\
# Written by devtools.postgres on every `up`.
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
"""


class LocalPostgresError(RuntimeError):
    """The local PostgreSQL could not be started, stopped or reached."""


def find_bin_dir() -> Path:
    """The newest `/usr/lib/postgresql/<major>/bin`, else wherever `pg_ctl` is."""
    candidates = [
        path
        for path in Path("/usr/lib/postgresql").glob("*/bin")
        if path.parent.name.isdigit() and (path / "pg_ctl").is_file()
    ]
    if candidates:
        return max(candidates, key=lambda path: int(path.parent.name))
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is None:
        raise LocalPostgresError("no PostgreSQL server binaries (apt-get install postgresql)")
    return Path(pg_ctl).parent


@dataclass(frozen=True)
class PostgresStatus:
    directory: Path
    pid: int | None
    url: str
    answering: bool

    def describe(self) -> str:
        state = f"running, pid {self.pid}" if self.pid else "stopped"
        answer = "answers" if self.answering else "no answer"
        return f"postgres ({self.directory}): {state}\n  {self.url}: {answer}"


class PostgresCluster:
    """One cluster in `<state>/postgres/data`, superuser `postgres`, trust
    authentication, listening on 127.0.0.1 only."""

    def __init__(
        self,
        *,
        state_dir: Path | None = None,
        port: int = DEFAULT_PORT,
        database: str = DEFAULT_DATABASE,
        bin_dir: Path | None = None,
    ) -> None:
        self.directory = (state_dir or _paths.state_dir()) / "postgres"
        self.data_dir = self.directory / "data"
        self.log_file = self.directory / "postgres.log"
        self.port = port
        self.database = checked_name(database)
        self._bin_dir = bin_dir

    @property
    def url(self) -> str:
        port = self._running_port() or self.port
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{port}/{self.database}"

    def pid(self) -> int | None:
        """Pid of the postmaster if it runs on our data directory."""
        lines = self._postmaster_pid_lines()
        if not lines or not lines[0].strip().isdigit():
            return None
        pid = int(lines[0])
        return pid if pid_alive(pid, (str(self.data_dir),)) else None

    def up(self, ready_within: float = 60.0) -> str:
        """Initialise, start and create the database as needed. Idempotent."""
        with self._lock():
            if self.pid() is None:
                self._start(ready_within)
            run_sync(_wait_and_create(self.url, self.database, ready_within))
        return self.url

    def down(self, grace: float = 30.0) -> None:
        """Stop the postmaster of our data directory and delete the cluster."""
        with self._lock():
            self._stop(grace)
            shutil.rmtree(self.directory, ignore_errors=True)

    def stop(self, grace: float = 30.0) -> None:
        """Stop the postmaster and keep the data: `up()` starts it again (a restart)."""
        with self._lock():
            self._stop(grace)

    def _stop(self, grace: float) -> None:
        if self.pid() is None:
            return
        stop = [str(self._bin("pg_ctl")), "-D", str(self.data_dir), "-w"]
        stop += ["-t", str(int(grace)), "-m", "fast", "stop"]
        if self._run_as_owner(stop).returncode != 0:
            self._run_as_owner([*stop[:-3], "-m", "immediate", "stop"])

    def status(self) -> PostgresStatus:
        pid = self.pid()
        answering = pid is not None and run_sync(answers(self.url, 3.0))
        return PostgresStatus(self.directory, pid, self.url, answering)

    # -- internals -----------------------------------------------------------

    def _lock(self) -> AbstractContextManager[None]:
        return file_lock(self.directory.parent / ".postgres.lock")

    def _bin(self, name: str) -> Path:
        return (self._bin_dir or find_bin_dir()) / name

    def _postmaster_pid_lines(self) -> list[str]:
        try:
            return (self.data_dir / "postmaster.pid").read_text(encoding="utf-8").splitlines()
        except OSError:
            return []

    def _running_port(self) -> int | None:
        lines = self._postmaster_pid_lines()
        # postmaster.pid: pid, data dir, start time, port, ...
        if self.pid() is not None and len(lines) > 3 and lines[3].strip().isdigit():
            return int(lines[3])
        return None

    def _start(self, ready_within: float) -> None:
        if port_open(self.port):
            raise LocalPostgresError(
                f"port {self.port} is taken by a process this checkout did not start;"
                " stop it or choose another port"
            )
        self._prepare_directory()
        if not (self.data_dir / "PG_VERSION").is_file():
            initdb = [str(self._bin("initdb")), "-D", str(self.data_dir), "-U", SUPERUSER]
            initdb += ["--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]
            self._check(initdb, "initdb")
            with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.write("\ninclude 'konfliktrad.conf'\n")
        settings = self.data_dir / "konfliktrad.conf"
        settings.write_text(_SETTINGS.format(port=self.port), encoding="utf-8")
        self._give_to_owner(settings)
        start = [str(self._bin("pg_ctl")), "-D", str(self.data_dir), "-l", str(self.log_file)]
        self._check([*start, "-w", "-t", str(int(ready_within)), "start"], "pg_ctl start")

    def _prepare_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._give_to_owner(self.directory)
        # As root, the server runs as `postgres`, which must reach this path.
        probe = self._run_as_owner(["test", "-w", str(self.directory)])
        if probe.returncode != 0:
            raise LocalPostgresError(
                f"user {SUPERUSER!r} cannot write {self.directory}; point"
                f" {_paths.STATE_DIR_ENV} at a directory it can reach (e.g. under /tmp)"
            )

    def _give_to_owner(self, path: Path) -> None:
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SUPERUSER)
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def _run_as_owner(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        # PostgreSQL refuses to run as root; as root we switch to `postgres`.
        if os.geteuid() == 0:
            argv = ["runuser", "-u", SUPERUSER, "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=self.directory)

    def _check(self, argv: list[str], what: str) -> None:
        result = self._run_as_owner(argv)
        if result.returncode != 0:
            raise LocalPostgresError(
                f"{what} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
                f"\n(server log: {self.log_file})"
            )


async def _wait_and_create(url: str, database: str, within: float) -> None:
    maintenance = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    deadline = time.monotonic() + within
    while not await answers(maintenance, 5.0):
        if time.monotonic() >= deadline:
            raise LocalPostgresError(
                f"PostgreSQL at {maintenance} not answering after {within:.0f}s"
            )
        await asyncio.sleep(0.3)
    await acreate_database(maintenance, database, exist_ok=True)


def up(port: int = DEFAULT_PORT, database: str = DEFAULT_DATABASE) -> str:
    """Start the local cluster if needed; return its asyncpg SQLAlchemy URL."""
    return PostgresCluster(port=port, database=database).up()


def down() -> None:
    PostgresCluster().down()


def status() -> PostgresStatus:
    return PostgresCluster().status()
