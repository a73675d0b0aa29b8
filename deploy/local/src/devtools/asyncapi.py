"""AsyncAPI 3.0 documents for every process of the suite, generated from the code.

Each service's app is built exactly as it runs (`create_app()`, or `create_agency_adapter()`
for the two adapters); building it connects to nothing, so no Kafka or database is needed.
FastStream renders the subscribers the app registered. Three things it cannot see are
added here, each derived from the code rather than written down:

- what a service *produces*: services publish through the outbox relay with
  `broker.publish`, so a documentation-only publisher is registered per topic in the
  service's `PRODUCES`, typed with the contracts that go there (the service's `PUBLISHED`
  on its own `<service>.events.v1` topic; on an agency topic, the contracts the agency
  adapter accepts from it, see `notification.entrypoints.agency_consumers`);
- the dead-letter topic each consumer writes poison to (`<topic>.dlq`);
- what a consumer *receives*: its handler takes the raw Kafka message, so FastStream sees
  no payload type; the contracts are those of the `ce_type`s the consumer routes, which
  `konfliktrad_shared.messaging.subscribe` lists as the subscriber's description.

Every message also gets its CloudEvents binary-mode headers and its Kafka key. Output is
deterministic (sorted keys), so `tests/unit/test_asyncapi_current.py` can hold the committed
documents to the code.

The parts: `asyncapi_processes` (the processes, how each app is built, what each consumes
and produces), `asyncapi_document` (one process's document), `asyncapi_headers` (the headers
and key of its messages).

    uv run python -m devtools asyncapi [--out docs/asyncapi]
    uv run python -m devtools.asyncapi [--out docs/asyncapi]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml  # type: ignore[import-untyped]  # pyyaml ships no type information

from devtools import local_ca
from devtools.asyncapi_document import render
from devtools.asyncapi_processes import TARGETS
from devtools.cli import Command
from devtools.standins_credentials import ADAPTER_OF_AGENCY, adapter_credentials
from konfliktrad_shared.devkeys import ensure_dev_keypair

DEFAULT_OUT_DIR = Path("docs/asyncapi")

# Settings are read from the environment: these are cleared while the apps are built, so the
# documents show the code's defaults whatever the caller's shell exports.
_ENVIRONMENT_OVERRIDES = ("KAFKA_BOOTSTRAP_SERVERS", "OTEL_EXPORTER_OTLP_ENDPOINT")


def generate(out_dir: Path) -> list[Path]:
    """Write `<name>.json` and `<name>.yaml` for every target; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with _clean_environment():
        for target in TARGETS:
            document = render(target)
            json_path = out_dir / f"{target.name}.json"
            json_path.write_text(
                json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
            yaml_path = out_dir / f"{target.name}.yaml"
            yaml_path.write_text(
                yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100),
                encoding="utf-8",
            )
            written += [json_path, yaml_path]
    return written


@contextlib.contextmanager
def _clean_environment() -> Iterator[None]:
    """No settings from the caller's environment; local state (dev keys, SQLite paths) in a
    throwaway directory, with the dev JWKS the services' authenticators read at creation."""
    saved = dict(os.environ)
    prefixes = tuple(target.env_prefix for target in TARGETS)
    # Every app instruments SQLAlchemy again; OpenTelemetry warns each time after the first.
    instrumentor_log = logging.getLogger("opentelemetry.instrumentation.instrumentor")
    saved_level = instrumentor_log.level
    instrumentor_log.setLevel(logging.ERROR)
    try:
        for name in list(os.environ):
            if name.startswith(prefixes) or name in _ENVIRONMENT_OVERRIDES:
                del os.environ[name]
        with tempfile.TemporaryDirectory(prefix="konfliktrad-asyncapi-") as state_dir:
            os.environ["KONFLIKTRAD_STATE_DIR"] = state_dir
            ensure_dev_keypair(Path(state_dir) / "keys")
            # Each app is built with its security (the documents show SASL_SSL with
            # SCRAM-SHA-512) but never connects: a CA to build the TLS contexts from, the
            # agency adapters' certificates and signing keys, a password nobody checks.
            local_ca.ensure_ca()
            for adapter in ADAPTER_OF_AGENCY.values():
                adapter_credentials(adapter)
            for prefix in prefixes:
                os.environ[f"{prefix}KAFKA_SASL_PASSWORD"] = "documents-only"
            yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        instrumentor_log.setLevel(saved_level)


# --- command line -----------------------------------------------------------------------


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help=f"directory to write the documents to (default: {DEFAULT_OUT_DIR})",
    )


def run(args: argparse.Namespace) -> int:
    for path in generate(args.out):
        print(path)
    return 0


COMMAND = Command(
    help="write the AsyncAPI documents (docs/asyncapi), generated from the code",
    configure=configure,
    run=run,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.asyncapi",
        description="write the suite's AsyncAPI documents, generated from the code",
    )
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
