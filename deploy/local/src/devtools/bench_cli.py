"""`devtools bench`: breach → escalation latency beside the raw Kafka round trip, and the
suite's footprint, in one run against the project's broker; with `--compare-plaintext`, the
same on an open broker beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from devtools import kafka
from devtools.bench import compare_files, main_sync
from devtools.bench_options import ALL_INTAKE_CONFIGURATIONS, IntakeConfiguration, Options
from devtools.cli import Command


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _configuration(text: str) -> IntakeConfiguration:
    try:
        return IntakeConfiguration.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _configure(parser: argparse.ArgumentParser) -> None:
    defaults = Options()
    parser.add_argument(
        "--samples",
        type=_positive,
        default=defaults.samples,
        help=f"timed breach → escalation samples (default {defaults.samples})",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=defaults.warmup,
        help=f"untimed escalations first (default {defaults.warmup})",
    )
    parser.add_argument(
        "--baseline-samples",
        type=_positive,
        default=defaults.baseline_samples,
        help=f"timed Kafka round trips (default {defaults.baseline_samples})",
    )
    parser.add_argument(
        "--baseline-warmup",
        type=int,
        default=defaults.baseline_warmup,
        help=f"untimed round trips first (default {defaults.baseline_warmup})",
    )
    parser.add_argument(
        "--broker-warmup",
        type=int,
        default=defaults.broker_warmup,
        help="untimed round trips (and ten bursts of as many messages) on each broker before "
        f"anything is timed, 0 to skip (default {defaults.broker_warmup})",
    )
    parser.add_argument(
        "--intake",
        type=int,
        default=defaults.intake,
        help="referrals for the intake throughput figure, 0 to skip "
        f"(default {defaults.intake}, a national year)",
    )
    parser.add_argument(
        "--intake-on",
        nargs="+",
        type=_configuration,
        default=list(ALL_INTAKE_CONFIGURATIONS),
        metavar="DATABASE/REPLICAS",
        help="the intake's configurations, each DATABASE (sqlite or postgres) / replicas of "
        "each stage (referral, mediation), in this order (default: "
        f"{' '.join(c.label for c in ALL_INTAKE_CONFIGURATIONS)}; a quick run: sqlite/1)",
    )
    parser.add_argument(
        "--port-patience",
        type=float,
        default=defaults.port_patience,
        help="seconds to wait for the suite's ports if another run holds them "
        f"(default {defaults.port_patience:.0f})",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument(
        "--compare-plaintext",
        action="store_true",
        help="measure everything again on an open broker of its own (PLAINTEXT, 127.0.0.1:9192) "
        "and print both side by side: what TLS and SCRAM cost",
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("SECURED_JSON", "PLAINTEXT_JSON"),
        help="measure nothing: print two runs' --json figures side by side",
    )
    parser.add_argument(
        "--keep-state",
        action="store_true",
        help="keep the temporary state directory (SQLite files, service logs)",
    )


def _run(args: argparse.Namespace) -> int:
    if args.compare:
        return compare_files(*args.compare)
    options = Options(
        samples=args.samples,
        warmup=args.warmup,
        baseline_samples=args.baseline_samples,
        baseline_warmup=args.baseline_warmup,
        broker_warmup=args.broker_warmup,
        intake=args.intake,
        intake_configurations=tuple(dict.fromkeys(args.intake_on)),
        port_patience=args.port_patience,
        keep_state=args.keep_state,
    )
    try:
        return main_sync(options, args.json, compare_plaintext=args.compare_plaintext)
    except KeyboardInterrupt:
        return 130
    except kafka.LocalKafkaError as exc:
        print(f"no Kafka to measure against: {exc}", file=sys.stderr)
        return 1


COMMAND = Command(
    help="benchmark: breach → escalation latency and intake throughput, each beside its raw "
    "Kafka baseline, and footprint",
    configure=_configure,
    run=_run,
)
