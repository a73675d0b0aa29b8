"""`python -m devtools` / `konfliktrad-dev`: local infrastructure for the suite."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from devtools.cli import Command

# Subcommand name -> module exposing `COMMAND: devtools.cli.Command`. Naming
# the module keeps a new subcommand to one line here and nothing else.
COMMANDS: dict[str, str] = {
    "asyncapi": "devtools.asyncapi",
    "bench": "devtools.bench_cli",
    "bus": "devtools.bus_cli",
    "chart": "devtools.chart_values",
    "chart-tools": "devtools.chart_tools",
    "compose": "devtools.compose_secrets",
    "kafka": "devtools.kafka_cli",
    "postgres": "devtools.postgres_cli",
    "provisions": "devtools.provisions",
    "starts": "devtools.start_times",
    "token": "devtools.token_cli",
    "up": "devtools.up_cli",
}


def _load(module_name: str) -> Command:
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        # Subcommands come from different people; one whose module (or one of
        # its dependencies) is missing must not take the others down with it.
        return _unavailable(module_name, exc)
    command = getattr(module, "COMMAND", None)
    if not isinstance(command, Command):
        raise TypeError(f"{module_name}.COMMAND is not a devtools.cli.Command")
    return command


def _unavailable(module_name: str, error: ImportError) -> Command:
    def run(_: argparse.Namespace) -> int:
        print(f"{module_name} cannot be imported: {error}", file=sys.stderr)
        return 1

    return Command(
        help=f"(unavailable: {module_name} cannot be imported)",
        configure=lambda parser: None,
        run=run,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="konfliktrad-dev", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        command = _load(module_name)
        sub = subparsers.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(handler=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # While a broker boots, the Kafka client logs every refused connection;
    # the commands report failures themselves, with the broker's log.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
