"""`devtools postgres up|down|status`."""

from __future__ import annotations

import argparse
import sys

from devtools import postgres
from devtools.cli import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument(
        "--port", type=int, default=postgres.DEFAULT_PORT, help="TCP port on 127.0.0.1 (up)"
    )
    parser.add_argument(
        "--database", default=postgres.DEFAULT_DATABASE, help="database to create (up)"
    )


def _run(args: argparse.Namespace) -> int:
    try:
        if args.action == "up":
            url = postgres.up(port=args.port, database=args.database)
            print(f"postgres ready: {url}")
            return 0
        if args.action == "down":
            postgres.down()
            print("postgres stopped, data removed")
            return 0
        state = postgres.status()
        print(state.describe())
        return 0 if state.answering else 1
    except postgres.LocalPostgresError as exc:
        print(f"postgres: {exc}", file=sys.stderr)
        return 1


COMMAND = Command(
    help="throwaway local PostgreSQL from the distribution's binaries",
    configure=_configure,
    run=_run,
)
