"""One process's AsyncAPI document: what FastStream renders from the app's broker, completed
with what it cannot see (see `devtools.asyncapi`)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pydantic import TypeAdapter

from devtools.asyncapi_headers import (
    KAFKA_BINDING_VERSION,
    cloud_event_headers,
    dead_letter_headers,
    key_binding,
    message_examples,
)
from devtools.asyncapi_processes import (
    Contract,
    Target,
    module,
    produced_contracts,
    received_contracts,
    register_dead_letter_publishers,
    union,
)
from konfliktrad_shared.assembly import wire_consumers
from konfliktrad_shared.messaging import create_broker
from konfliktrad_shared.runtime import Runtime

SCHEMA_VERSION = "3.0.0"


def render(target: Target) -> dict[str, Any]:
    """The target's AsyncAPI document as JSON-compatible data.

    Call inside `devtools.asyncapi._clean_environment()`, which `generate` does.
    """
    app = target.build()
    runtime = app.state.runtime
    if not isinstance(runtime, Runtime):
        raise TypeError(f"{target.name}: app.state.runtime is not a konfliktrad Runtime")
    broker = _documented_broker(app, runtime)

    channel_contracts: dict[str, tuple[Contract, ...]] = {}
    channel_sources: dict[str, str] = {}
    received = received_contracts(broker)
    channel_contracts.update(received)
    if target.package is not None:
        source = str(module(f"{target.package}.bootstrap").SOURCE)
        for topic, contracts in produced_contracts(target.package).items():
            title = f"{target.name}:{topic}:publish"
            broker.publisher(
                topic,
                title=title,
                description=(
                    "Written to the outbox in the transaction that decided it; published "
                    "by the outbox relay once committed. ce_type: "
                    + ", ".join(contract.event_type for contract in contracts)
                ),
                schema=union(contracts),
            )
            channel_contracts[title] = contracts
            channel_sources[title] = source
    dead_letters = register_dead_letter_publishers(target.name, broker)

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


def _documented_broker(app: FastAPI, runtime: Runtime) -> KafkaBroker:
    """The app's consumers wired as they are documented: one subscriber per topic, each its
    own channel and receive operation. The service runs them jointly (`joint_consumer`: one
    Kafka consumer, one member of the same group), which the documents' channels, contracts
    and group bindings describe just as well."""
    broker = create_broker(
        runtime.kafka, client_id=runtime.settings.service_name, telemetry=runtime.telemetry
    )
    wire_consumers(broker, list(app.state.consumers.values()), runtime.settings, app.state.bus)
    return broker


def _type_received_payloads(
    document: dict[str, Any], received: dict[str, tuple[Contract, ...]]
) -> None:
    """Replace FastStream's empty payload on each receive operation by the routed contracts."""
    schemas = document["components"]["schemas"]
    for title, contracts in received.items():
        for message in _channel_messages(document, title):
            schema = TypeAdapter(union(contracts)).json_schema(
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
            "the handler's transaction (which records the ce_id in the inbox) committed; an "
            "outage is retried until it ends, any other handler error up to a bound and then "
            "dead-lettered (handler_error), poison is dead-lettered. A ce_type not listed here is "
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
            message["headers"] = cloud_event_headers(
                [contract.event_type for contract in contracts], channel_sources.get(title)
            )
            message["bindings"] = key_binding(
                "ce_subject: the id of the aggregate the event is about (the contract's "
                "subject()), so one aggregate's events keep their order in one partition."
            )
            examples = message_examples(contracts, channel_sources.get(title))
            if examples:
                message["examples"] = examples
    for title, original_topic in dead_letters.items():
        for message in _channel_messages(document, title):
            message["headers"] = dead_letter_headers(original_topic)
            message["bindings"] = key_binding("The original message's key, unchanged.")
            message["payload"] = {
                "description": f"The original value from {original_topic}, byte for byte "
                "(empty if it had none); it may not be JSON at all."
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
