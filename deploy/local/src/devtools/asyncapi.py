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

    uv run python -m devtools asyncapi [--out docs/asyncapi]
    uv run python -m devtools.asyncapi [--out docs/asyncapi]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import logging
import operator
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote, unquote

import yaml  # type: ignore[import-untyped]  # pyyaml ships no type information
from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pydantic import TypeAdapter

from devtools.cli import Command
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.envelope import CONTENT_TYPE, REQUIRED_HEADERS, SPEC_VERSION
from konfliktrad_shared.runtime import Runtime

SCHEMA_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.4.0"  # the version FastStream writes for its channel bindings
DEFAULT_OUT_DIR = Path("docs/asyncapi")
# The `PoisonMessage` reasons `konfliktrad_shared.messaging` (and referral's consumer) raise.
DEAD_LETTER_REASONS = frozenset(
    {
        "empty_value",
        "oversized",
        "malformed_envelope",
        "unknown_type",
        "invalid_json",
        "schema_violation",
        "rule_violation",
    }
)

# Settings are read from the environment: these are cleared while the apps are built, so the
# documents show the code's defaults whatever the caller's shell exports.
_ENVIRONMENT_OVERRIDES = ("KAFKA_BOOTSTRAP_SERVERS", "OTEL_EXPORTER_OTLP_ENDPOINT")

Contract = type[IntegrationEvent]


@dataclass(frozen=True)
class Target:
    """One process of the suite and the document written for it."""

    name: str
    env_prefix: str
    build: Callable[[], FastAPI]
    package: str | None = None
    """The service package whose outbox publishes (None for the agency adapters)."""


def _service_app(package: str) -> Callable[[], FastAPI]:
    def build() -> FastAPI:
        return _checked_app(_module(f"{package}.main").create_app())

    return build


def _agency_adapter_app(settings_class: str) -> Callable[[], FastAPI]:
    def build() -> FastAPI:
        settings = getattr(_module("notification.config"), settings_class)()
        return _checked_app(_module("notification.main").create_agency_adapter(settings))

    return build


TARGETS: tuple[Target, ...] = (
    Target("referral", "REFERRAL_", _service_app("referral"), package="referral"),
    Target("mediation", "MEDIATION_", _service_app("mediation"), package="mediation"),
    Target("youth_plan", "YOUTH_PLAN_", _service_app("youth_plan"), package="youth_plan"),
    Target("vetting", "VETTING_", _service_app("vetting"), package="vetting"),
    Target("notification", "NOTIFICATION_", _service_app("notification"), package="notification"),
    Target(
        "prosecution_adapter",
        "PROSECUTION_ADAPTER_",
        _agency_adapter_app("ProsecutionAdapterSettings"),
    ),
    Target(
        "correctional_adapter",
        "CORRECTIONAL_ADAPTER_",
        _agency_adapter_app("CorrectionalAdapterSettings"),
    ),
)


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


def render(target: Target) -> dict[str, Any]:
    """The target's AsyncAPI document as JSON-compatible data.

    Call inside `_clean_environment()`, which `generate` does.
    """
    app = target.build()
    runtime = app.state.runtime
    if not isinstance(runtime, Runtime):
        raise TypeError(f"{target.name}: app.state.runtime is not a konfliktrad Runtime")
    broker = runtime.broker

    channel_contracts: dict[str, tuple[Contract, ...]] = {}
    channel_sources: dict[str, str] = {}
    received = _received_contracts(broker)
    channel_contracts.update(received)
    if target.package is not None:
        source = str(_module(f"{target.package}.bootstrap").SOURCE)
        for topic, contracts in _produced(target.package).items():
            title = f"{target.name}:{topic}:publish"
            broker.publisher(
                topic,
                title=title,
                description=(
                    "Written to the outbox in the transaction that decided it; published "
                    "by the outbox relay once committed. ce_type: "
                    + ", ".join(contract.event_type for contract in contracts)
                ),
                schema=_union(contracts),
            )
            channel_contracts[title] = contracts
            channel_sources[title] = source
    dead_letters = _register_dead_letter_publishers(target.name, broker)

    with warnings.catch_warnings():
        # FastStream warns, and would silently keep one, when two channels share a name.
        warnings.filterwarnings("error", message="Overwrit", category=RuntimeWarning)
        specification = AsyncAPI(
            broker,
            title=app.title,
            version=app.version,
            description=app.description,
            schema_version=SCHEMA_VERSION,
        ).to_specification()
    document: dict[str, Any] = specification.to_jsonable()

    _type_received_payloads(document, received)
    _describe_receivers(document, broker, client_id=runtime.settings.service_name)
    _add_envelopes(document, channel_contracts, channel_sources, dead_letters)
    _drop_unreferenced_schemas(document)
    return document


# --- what a service produces ------------------------------------------------------------


def _produced(package: str) -> dict[str, tuple[Contract, ...]]:
    """Each topic in the service's `PRODUCES`, with the contracts the service sends there."""
    produces: Sequence[str] = _module(f"{package}.entrypoints.consumers").PRODUCES
    published: tuple[Contract, ...] = tuple(
        _module(f"konfliktrad_shared.contracts.{package}").PUBLISHED
    )
    own_topic = getattr(topics, f"{package.upper()}_EVENTS")
    agency_topics: dict[str, dict[str, Contract]] = _module(
        "notification.entrypoints.agency_consumers"
    ).CONTRACTS_ON_TOPIC
    produced: dict[str, tuple[Contract, ...]] = {}
    for topic in produces:
        if topic == own_topic:
            contracts = published
        elif topic in agency_topics:
            accepted = set(agency_topics[topic].values())
            contracts = tuple(contract for contract in published if contract in accepted)
        else:
            raise LookupError(
                f"{package} produces {topic}, which is neither its own events "
                "topic nor an agency topic: say here what goes there"
            )
        if not contracts:
            raise LookupError(f"{package} produces {topic} but publishes no contract for it")
        produced[topic] = contracts
    return produced


def _register_dead_letter_publishers(name: str, broker: KafkaBroker) -> dict[str, str]:
    """One documentation publisher per consumed topic's `.dlq`; returns title -> topic."""
    dead_letters: dict[str, str] = {}
    for topic in sorted({topic for _title, topic, _types in _subscriptions(broker)}):
        dead_letter = topics.dead_letter_topic(topic)
        title = f"{name}:{dead_letter}:publish"
        broker.publisher(
            dead_letter,
            title=title,
            description=(
                f"Poison from {topic}: the original key, value bytes and headers, plus "
                "dlq_* headers saying why. Published directly (not through the outbox); "
                "the consumer then moves past the message."
            ),
        )
        dead_letters[title] = topic
    return dead_letters


# --- what a service consumes ------------------------------------------------------------


def _subscriptions(broker: KafkaBroker) -> list[tuple[str, str, tuple[str, ...]]]:
    """(channel title, topic, routed ce_types) for each subscriber `subscribe()` registered."""
    found = []
    for subscriber in broker.subscribers:
        title = subscriber.specification.name
        description = subscriber.specification.description or ""
        topic = title.split(":", 1)[1] if ":" in title else ""
        event_types = tuple(part.strip() for part in description.split(",") if part.strip())
        if not topic or not event_types:
            raise ValueError(
                f"subscriber {title!r} was not registered by konfliktrad_shared.messaging."
                "subscribe (expected title 'consumer:topic' and the routed ce_types)"
            )
        found.append((title, topic, event_types))
    return sorted(found)


def _received_contracts(broker: KafkaBroker) -> dict[str, tuple[Contract, ...]]:
    known = _all_contracts()
    received: dict[str, tuple[Contract, ...]] = {}
    for title, _topic, event_types in _subscriptions(broker):
        unknown = [event_type for event_type in event_types if event_type not in known]
        if unknown:
            raise LookupError(f"{title} routes ce_types with no contract: {unknown}")
        received[title] = tuple(known[event_type] for event_type in event_types)
    return received


def _all_contracts() -> dict[str, Contract]:
    contracts: dict[str, Contract] = {
        contract.event_type: contract for contract in agencies.INBOUND
    }
    for producer in ("referral", "mediation", "youth_plan", "vetting", "notification"):
        for contract in _module(f"konfliktrad_shared.contracts.{producer}").PUBLISHED:
            contracts[contract.event_type] = contract
    return contracts


def _type_received_payloads(
    document: dict[str, Any], received: dict[str, tuple[Contract, ...]]
) -> None:
    """Replace FastStream's empty payload on each receive operation by the routed contracts."""
    schemas = document["components"]["schemas"]
    for title, contracts in received.items():
        for message in _channel_messages(document, title):
            schema = TypeAdapter(_union(contracts)).json_schema(
                ref_template="#/components/schemas/{model}"
            )
            definitions: dict[str, Any] = schema.pop("$defs", {})
            if len(contracts) == 1:
                name = contracts[0].__name__
            else:
                name = f"{title}:Message:Payload"
                schema["title"] = name
            definitions[name] = schema
            for key, definition in definitions.items():
                if key in schemas and schemas[key] != definition:
                    raise ValueError(f"two different schemas are both named {key!r}")
                schemas[key] = definition
            message["payload"] = _ref("components", "schemas", name)


def _describe_receivers(document: dict[str, Any], broker: KafkaBroker, *, client_id: str) -> None:
    groups = {
        subscriber.specification.name: getattr(subscriber, "group_id", None)
        for subscriber in broker.subscribers
    }
    for operation in document["operations"].values():
        if operation["action"] != "receive":
            continue
        title = _unref(operation["channel"]["$ref"])[-1]
        group = groups[title]
        operation["description"] = (
            f"Consumer group {group}: one message at a time, its offset committed only after "
            "the handler's transaction (which records the ce_id in the inbox) committed; a "
            "failure is retried, poison is dead-lettered. A ce_type not listed here is "
            "skipped if the consumer declares it of no use to it, else dead-lettered "
            "(unknown_type)."
        )
        operation["bindings"] = {
            "kafka": {
                "bindingVersion": KAFKA_BINDING_VERSION,
                "clientId": {"type": "string", "enum": [client_id]},
                "groupId": {"type": "string", "enum": [group]},
            }
        }


# --- envelope ---------------------------------------------------------------------------


def _add_envelopes(
    document: dict[str, Any],
    channel_contracts: dict[str, tuple[Contract, ...]],
    channel_sources: dict[str, str],
    dead_letters: dict[str, str],
) -> None:
    for title, contracts in channel_contracts.items():
        for message in _channel_messages(document, title):
            message["headers"] = _cloud_event_headers(
                [contract.event_type for contract in contracts], channel_sources.get(title)
            )
            message["bindings"] = _key_binding(
                "ce_subject: the id of the aggregate the event is about (the contract's "
                "subject()), so one aggregate's events keep their order in one partition."
            )
    for title, original_topic in dead_letters.items():
        for message in _channel_messages(document, title):
            message["headers"] = _dead_letter_headers(original_topic)
            message["bindings"] = _key_binding("The original message's key, unchanged.")
            message["payload"] = {
                "description": f"The original value from {original_topic}, byte for byte "
                "(empty if it had none); it may not be JSON at all."
            }


def _cloud_event_headers(event_types: list[str], source: str | None) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "ce_id": {"type": "string", "description": "Event id (a UUID); the inbox key."},
        "ce_type": {"type": "string", "enum": event_types},
        "ce_source": (
            {"type": "string", "const": source}
            if source
            else {"type": "string", "description": "urn:konfliktrad:<service>"}
        ),
        "ce_specversion": {"type": "string", "const": SPEC_VERSION},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_subject": {"type": "string", "description": "The aggregate id; equals the key."},
        "content-type": {"type": "string", "const": CONTENT_TYPE},
        "traceparent": {"type": "string", "description": "W3C trace context of the writer."},
        "tracestate": {"type": "string"},
    }
    return {
        "type": "object",
        "description": "CloudEvents 1.0, Kafka protocol binding, binary content mode.",
        "required": list(REQUIRED_HEADERS),
        "properties": properties,
    }


def _dead_letter_headers(original_topic: str) -> dict[str, Any]:
    reasons = sorted(DEAD_LETTER_REASONS)
    return {
        "type": "object",
        "description": "The original message's headers (those that decode as UTF-8), plus:",
        "required": [
            "dlq_reason",
            "dlq_error",
            "dlq_consumer",
            "dlq_original_topic",
            "dlq_original_partition",
            "dlq_original_offset",
        ],
        "properties": {
            "dlq_reason": {"type": "string", "enum": reasons},
            "dlq_error": {
                "type": "string",
                "maxLength": 1000,
                "description": "What was wrong, never the offending values.",
            },
            "dlq_consumer": {"type": "string", "description": "The consumer that gave up."},
            "dlq_original_topic": {"type": "string", "const": original_topic},
            "dlq_original_partition": {"type": "string", "pattern": "^[0-9]+$"},
            "dlq_original_offset": {"type": "string", "pattern": "^[0-9]+$"},
        },
    }


def _key_binding(description: str) -> dict[str, Any]:
    return {
        "kafka": {
            "bindingVersion": KAFKA_BINDING_VERSION,
            "key": {"type": "string", "description": description},
        }
    }


# --- document plumbing ------------------------------------------------------------------


def _channel_messages(document: dict[str, Any], channel: str) -> Iterator[dict[str, Any]]:
    """The component messages a channel's messages point to."""
    channel_object = document["channels"][channel]
    for reference in channel_object["messages"].values():
        path = _unref(reference["$ref"])
        if path[:2] != ["components", "messages"]:
            raise ValueError(f"{channel}: message is not a component reference")
        yield document["components"]["messages"][path[2]]


def _drop_unreferenced_schemas(document: dict[str, Any]) -> None:
    """Schemas FastStream emitted for payloads replaced above (its `EmptyPayload`)."""
    schemas = document["components"]["schemas"]
    while True:
        text = json.dumps({key: value for key, value in document.items() if key != "components"})
        text += json.dumps(document["components"]["messages"])
        text += json.dumps(schemas)
        unused = [
            name
            for name in schemas
            if json.dumps(_ref("components", "schemas", name)["$ref"]) not in text
        ]
        if not unused:
            return
        for name in unused:
            del schemas[name]


def _ref(*parts: str) -> dict[str, str]:
    # Percent-encoded like FastStream's own references, so ours compare equal to its.
    return {"$ref": "#/" + "/".join(quote(part, safe="~:._-") for part in parts)}


def _unref(reference: str) -> list[str]:
    return [unquote(part) for part in reference.removeprefix("#/").split("/")]


def _union(contracts: Sequence[Contract]) -> Any:
    return functools.reduce(operator.or_, contracts)


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _checked_app(app: object) -> FastAPI:
    if not isinstance(app, FastAPI):
        raise TypeError(f"expected a FastAPI app, got {type(app).__name__}")
    return app


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
