"""Provisions a cluster from the table of bus rights: every topic of the suite, every ACL.

Run by `devtools kafka up` on the local brokers and by `devtools kafka provision` against any
cluster the admin can reach. Idempotent: what exists is left alone, what is missing is made,
and an ACL of one of the table's principals that the table no longer grants is removed, so
the cluster's rights are the table's and nothing more.

aiokafka's admin client has no ACL calls, but aiokafka ships the Kafka protocol's
CreateAcls/DescribeAcls/DeleteAcls requests; sending those on an `AIOKafkaClient` keeps the
tooling in one client library, with one batch and no JVM per ACL (as `kafka-acls.sh` would
take).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaClient
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import for_code
from aiokafka.protocol.admin import CreateAclsRequest, DeleteAclsRequest, DescribeAclsRequest

from konfliktrad_shared import bus_rights
from konfliktrad_shared.bus_rights import Grant
from konfliktrad_shared.kafka_access import KafkaAccess

PARTITIONS = 3

# Kafka's wire codes (org.apache.kafka.common.resource / acl).
_ANY = 1
_RESOURCE_TYPES = {"topic": 2, "group": 3}
_PATTERN_TYPES = {"literal": 3, "prefixed": 4}
_OPERATIONS = {"read": 3, "write": 4, "create": 5, "describe": 8}
_ALLOW = 3


class ProvisioningError(RuntimeError):
    pass


@dataclass(frozen=True)
class Acl:
    """An ALLOW binding as the broker lists it."""

    resource_type: int
    resource_name: str
    pattern_type: int
    principal: str
    operation: int

    @classmethod
    def of(cls, grant: Grant) -> Acl:
        return cls(
            _RESOURCE_TYPES[grant.resource_type],
            grant.resource_name,
            _PATTERN_TYPES[grant.pattern_type],
            f"User:{grant.principal}",
            _OPERATIONS[grant.operation],
        )

    def fields(self) -> tuple[int, str, int, str, str, int, int]:
        return (
            self.resource_type,
            self.resource_name,
            self.pattern_type,
            self.principal,
            "*",
            self.operation,
            _ALLOW,
        )


@dataclass(frozen=True)
class Provisioned:
    topics_created: tuple[str, ...]
    acls_created: int
    acls_removed: int
    acls_total: int

    def describe(self) -> str:
        made = ", ".join(self.topics_created) if self.topics_created else "none new"
        return (
            f"topics: {made}; ACLs: {self.acls_total} from the table of bus rights "
            f"({self.acls_created} added, {self.acls_removed} removed)"
        )


async def provision(admin: KafkaAccess, *, acls: bool = True, within: float = 60.0) -> Provisioned:
    """Topics and (unless `acls` is False, as on a plaintext broker with no authorizer) ACLs,
    waiting until every broker enforces them."""
    created = await ensure_topics(admin, sorted(bus_rights.suite_topics()))
    if not acls:
        return Provisioned(created, 0, 0, 0)
    wanted = {Acl.of(grant) for grant in bus_rights.grants()}
    table = {f"User:{p.name}" for p in bus_rights.principals()}
    client = AIOKafkaClient(**admin.aiokafka_options(), client_id="konfliktrad-provision")
    await client.bootstrap()
    try:
        present = await _acls_on(client, client.get_random_node())
        missing = sorted(wanted - present, key=Acl.fields)
        stale = sorted((a for a in present - wanted if a.principal in table), key=Acl.fields)
        await _create(client, missing)
        await _delete(client, stale)
        await _until_every_broker_enforces(client, wanted, stale, within)
    finally:
        await client.close()
    return Provisioned(created, len(missing), len(stale), len(wanted))


async def ensure_topics(
    admin: KafkaAccess, names: Iterable[str], *, partitions: int = PARTITIONS
) -> tuple[str, ...]:
    """Creates those of `names` that do not exist (RF = min(3, brokers)); the ones it made."""
    client = AIOKafkaAdminClient(**admin.aiokafka_options(), client_id="konfliktrad-provision")
    await client.start()
    try:
        missing = sorted(set(names) - set(await client.list_topics()))
        if not missing:
            return ()
        brokers = len((await client.describe_cluster())["brokers"])
        replicas = min(3, brokers)
        response = await client.create_topics(
            [NewTopic(name, partitions, replicas) for name in missing]
        )
    finally:
        await client.close()
    for name, code, *_ in response.topic_errors:
        # 36: TOPIC_ALREADY_EXISTS, made meanwhile by another run.
        if code not in (0, 36):
            raise ProvisioningError(f"creating topic {name}: {for_code(code).__name__}")
    return tuple(missing)


async def _acls_on(client: AIOKafkaClient, node_id: int) -> set[Acl]:
    request = DescribeAclsRequest(_ANY, None, _ANY, None, None, _ANY, _ANY)
    response: Any = await client.send(node_id, request)
    if response.error_code:
        raise ProvisioningError(f"describing ACLs: {response.error_message}")
    return {
        Acl(resource_type, name, pattern_type, principal, operation)
        for resource_type, name, pattern_type, bindings in response.resources
        for principal, _host, operation, permission in bindings
        if permission == _ALLOW
    }


async def _create(client: AIOKafkaClient, acls: list[Acl]) -> None:
    for acl in acls:
        response: Any = await client.send(
            client.get_random_node(), CreateAclsRequest(*acl.fields())
        )
        for code, message in response.creation_responses:
            if code:
                raise ProvisioningError(f"creating ACL {acl}: {message or for_code(code)}")


async def _delete(client: AIOKafkaClient, acls: list[Acl]) -> None:
    for acl in acls:
        response: Any = await client.send(
            client.get_random_node(), DeleteAclsRequest(*acl.fields())
        )
        for code, message, *_ in response.filter_responses:
            if code:
                raise ProvisioningError(f"removing ACL {acl}: {message or for_code(code)}")


async def _until_every_broker_enforces(
    client: AIOKafkaClient, wanted: set[Acl], stale: list[Acl], within: float
) -> None:
    """ACLs travel to each broker through the metadata log: a client of one broker that has
    not caught up would be refused what the table grants it."""
    deadline = time.monotonic() + within
    for broker in client.cluster.brokers():
        while True:
            present = await _acls_on(client, broker.nodeId)
            if wanted <= present and not present.intersection(stale):
                break
            if time.monotonic() > deadline:
                raise ProvisioningError(
                    f"broker {broker.nodeId} does not enforce the table's ACLs after {within:.0f}s"
                )
            await asyncio.sleep(0.2)
