"""Who may do what on the bus: every Kafka principal of the suite and its rights, in one table.

Everything else is made from this table: the ACLs `devtools kafka up` applies to the local
broker, the production manifests under `deploy/`, the access matrix the integration tests try,
and the table in `docs/architecture.md`. Anything the table does not grant is denied
(`allow.everyone.if.no.acl.found=false`).

Rights are literal topic names wherever the table can enumerate them (least privilege);
consumer groups are granted by prefix, so a service's replicas and a test's private group
(`referral-<run>`) share the service's rights without widening them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.topics import dead_letter_topic, referrals_from


class PrincipalKind(StrEnum):
    SERVICE = "service"
    AGENCY_ADAPTER = "agency_adapter"
    OPERATOR = "operator"
    SENDER = "sender"
    TOOLING = "tooling"


@dataclass(frozen=True)
class Principal:
    name: str
    kind: PrincipalKind
    description: str
    writes: frozenset[str] = frozenset()
    reads: frozenset[str] = frozenset()
    # Prefixes for tooling that makes topics of its own (the benchmark's baseline topics).
    topic_prefixes: frozenset[str] = frozenset()
    group_prefixes: frozenset[str] = frozenset()
    # The operator reads every group's offsets (lag); nobody else sees other groups.
    describes_all_groups: bool = False
    # A sender's CloudEvents source: a record on its topic that claims another is refused.
    source: str | None = None

    @property
    def referral_topic(self) -> str:
        assert self.kind is PrincipalKind.SENDER, self.name
        return referrals_from(self.name)


@dataclass(frozen=True)
class _Sender:
    name: str
    source: str
    description: str


# The external systems that hand cases over. A new police district, prosecution office or
# court is one row here: its topic, its rights and referral's rights over it follow.
SENDERS = (
    _Sender("police-oslo", "urn:no:politiet:oslo", "Oslo police district"),
    _Sender("police-bergen", "urn:no:politiet:vest", "West police district (Bergen)"),
    _Sender("prosecution-oslo", "urn:no:statsadvokatene:oslo", "Oslo public prosecutor's office"),
    _Sender("court-oslo", "urn:no:domstol:oslo-tingrett", "Oslo District Court"),
)


def _sender_topics() -> frozenset[str]:
    return frozenset(referrals_from(sender.name) for sender in SENDERS)


def principal_name(service_name: str) -> str:
    """A service's principal: its name as Kafka users and Kubernetes resources spell names."""
    return service_name.replace("_", "-")


def _service(
    service_name: str, description: str, *, consumes: Iterable[str], produces: Iterable[str]
) -> Principal:
    consumed = frozenset(consumes)
    # A consumer parks what it cannot read on the dead-letter topic of the topic it read.
    dead_letters = frozenset(dead_letter_topic(topic) for topic in consumed)
    return Principal(
        name=principal_name(service_name),
        kind=PrincipalKind.AGENCY_ADAPTER
        if service_name.endswith("_adapter")
        else PrincipalKind.SERVICE,
        description=description,
        writes=frozenset(produces) | dead_letters,
        reads=consumed,
        # The service's consumer group is its service name (settings.consumer_group); a
        # service that consumes nothing has no group to join.
        group_prefixes=frozenset({service_name}) if consumed else frozenset(),
    )


def _all_suite_topics() -> frozenset[str]:
    public = _sender_topics() | {
        topics.PROSECUTION,
        topics.CORRECTIONAL,
        topics.REFERRAL_EVENTS,
        topics.MEDIATION_EVENTS,
        topics.YOUTH_PLAN_EVENTS,
        topics.VETTING_EVENTS,
        topics.NOTIFICATION_EVENTS,
    }
    return frozenset(public | {dead_letter_topic(topic) for topic in public})


def _replay_targets(services: Iterable[Principal]) -> frozenset[str]:
    """Where the operator may put a dead letter back: the original topic of every dead-letter
    topic a service writes, except a sender's own topic. Writing there would let the operator
    pass for the sender (the topic is the proof of who sent a referral); a sender resends
    from its own dead letters instead."""
    return frozenset(
        topic.removesuffix(topics.DEAD_LETTER_SUFFIX)
        for service in services
        for topic in service.writes
        if topic.endswith(topics.DEAD_LETTER_SUFFIX)
        and topics.sender_of(topic.removesuffix(topics.DEAD_LETTER_SUFFIX)) is None
    )


@cache
def principals() -> tuple[Principal, ...]:
    senders = tuple(
        Principal(
            name=sender.name,
            kind=PrincipalKind.SENDER,
            description=sender.description,
            writes=frozenset({referrals_from(sender.name)}),
            # A sender sees its own dead letters (its own data), never another sender's.
            reads=frozenset({dead_letter_topic(referrals_from(sender.name))}),
            source=sender.source,
        )
        for sender in SENDERS
    )
    services = (
        _service(
            "referral",
            "intake: referrals from every sender, civil cases; youth_plan's end dates",
            consumes=_sender_topics() | {topics.YOUTH_PLAN_EVENTS},
            produces=(topics.REFERRAL_EVENTS, topics.PROSECUTION),
        ),
        _service(
            "mediation",
            "meetings, agreements, reports to the prosecution",
            consumes=(topics.VETTING_EVENTS, topics.REFERRAL_EVENTS),
            produces=(topics.MEDIATION_EVENTS, topics.PROSECUTION, topics.CORRECTIONAL),
        ),
        _service(
            "youth_plan",
            "youth sanctions, the plan and the breach ladder",
            consumes=(topics.REFERRAL_EVENTS,),
            produces=(topics.YOUTH_PLAN_EVENTS, topics.PROSECUTION, topics.CORRECTIONAL),
        ),
        _service(
            "vetting",
            "mediator vetting and appointment",
            consumes=(),
            produces=(topics.VETTING_EVENTS,),
        ),
        _service(
            "notification",
            "letters to parties and guardians",
            consumes=(topics.REFERRAL_EVENTS, topics.MEDIATION_EVENTS, topics.YOUTH_PLAN_EVENTS),
            produces=(topics.NOTIFICATION_EVENTS,),
        ),
        _service(
            "prosecution_adapter",
            "delivers the prosecution's events to its inbox",
            consumes=(topics.PROSECUTION,),
            produces=(),
        ),
        _service(
            "correctional_adapter",
            "delivers the correctional service's events to its inbox",
            consumes=(topics.CORRECTIONAL,),
            produces=(),
        ),
    )
    operator = Principal(
        name="operator",
        kind=PrincipalKind.OPERATOR,
        description=(
            "operations: reads every topic and dead letter, every group's lag; "
            "replays dead letters to the internal and agency topics"
        ),
        reads=_all_suite_topics(),
        writes=_replay_targets(services),
        group_prefixes=frozenset({"operator"}),
        describes_all_groups=True,
    )
    bench = Principal(
        name="bench",
        kind=PrincipalKind.TOOLING,
        description="the benchmark's raw-Kafka baseline, on topics of its own",
        topic_prefixes=frozenset({"bench."}),
        group_prefixes=frozenset({"bench"}),
    )
    return (*senders, *services, operator, bench)


def principal(name: str) -> Principal:
    for candidate in principals():
        if candidate.name == name:
            return candidate
    raise KeyError(f"no principal {name!r} in the table of bus rights")


def senders() -> tuple[Principal, ...]:
    return tuple(p for p in principals() if p.kind is PrincipalKind.SENDER)


def sender_by_topic(topic: str) -> Principal | None:
    """The sender a referral topic belongs to: the only principal allowed to write it."""
    return next((p for p in senders() if p.referral_topic == topic), None)


def suite_topics() -> frozenset[str]:
    """Every topic of the suite, dead-letter topics included: what `kafka up` creates."""
    return _all_suite_topics()


@dataclass(frozen=True)
class Grant:
    """One Kafka ACL: ALLOW `operation` on a resource to a principal."""

    principal: str
    resource_type: str  # "topic" | "group"
    resource_name: str
    pattern_type: str  # "literal" | "prefixed"
    operation: str  # "write" | "read" | "describe" | "create"


def grants(table: Iterable[Principal] | None = None) -> tuple[Grant, ...]:
    """Every ACL the table implies, in a stable order. WRITE and READ imply DESCRIBE in Kafka."""
    found: list[Grant] = []
    for p in table if table is not None else principals():
        found += [Grant(p.name, "topic", t, "literal", "write") for t in sorted(p.writes)]
        found += [Grant(p.name, "topic", t, "literal", "read") for t in sorted(p.reads)]
        for prefix in sorted(p.topic_prefixes):
            found += [
                Grant(p.name, "topic", prefix, "prefixed", operation)
                for operation in ("create", "write", "read")
            ]
        found += [Grant(p.name, "group", g, "prefixed", "read") for g in sorted(p.group_prefixes)]
        if p.describes_all_groups:
            found.append(Grant(p.name, "group", "*", "literal", "describe"))
    return tuple(found)
