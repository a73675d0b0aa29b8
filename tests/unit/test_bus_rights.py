"""The table of bus rights: least privilege, consistent with what each process really does,
and rendered into the committed production manifests and the architecture document.

When the rendering test fails, the table changed: run `uv run python -m devtools bus` and
commit deploy/kafka/ and docs/architecture.md with the change.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from devtools import bus_manifests
from konfliktrad_shared.bus_rights import (
    PrincipalKind,
    grants,
    principal,
    principal_name,
    principals,
    senders,
    suite_topics,
)
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.topics import dead_letter_topic, referrals_from

ROOT = Path(__file__).resolve().parents[2]

# Each process's own declaration of what it consumes and produces.
SERVICES = {
    "referral": "referral.entrypoints.consumers",
    "mediation": "mediation.entrypoints.consumers",
    "youth_plan": "youth_plan.entrypoints.consumers",
    "vetting": "vetting.entrypoints.consumers",
    "notification": "notification.entrypoints.consumers",
}
ADAPTER_TOPICS = {
    "prosecution_adapter": topics.PROSECUTION,
    "correctional_adapter": topics.CORRECTIONAL,
}
INTERNAL_TOPIC_OWNERS = {
    topics.REFERRAL_EVENTS: "referral",
    topics.MEDIATION_EVENTS: "mediation",
    topics.YOUTH_PLAN_EVENTS: "youth-plan",
    topics.VETTING_EVENTS: "vetting",
    topics.NOTIFICATION_EVENTS: "notification",
}


def _declared(service: str) -> tuple[set[str], set[str]]:
    module = importlib.import_module(SERVICES[service])
    consumes = set(module.CONSUMES)
    produces = set(module.PRODUCES)
    return consumes, produces


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_service_is_granted_exactly_what_it_declares(service: str) -> None:
    consumes, produces = _declared(service)
    granted = principal(principal_name(service))

    assert granted.reads == consumes
    assert granted.writes == produces | {dead_letter_topic(topic) for topic in consumes}
    assert granted.group_prefixes == ({service} if consumes else set())
    assert not granted.topic_prefixes


@pytest.mark.parametrize("adapter", sorted(ADAPTER_TOPICS))
def test_an_agency_adapter_reads_only_its_agency_topic(adapter: str) -> None:
    granted = principal(principal_name(adapter))

    assert granted.kind is PrincipalKind.AGENCY_ADAPTER
    assert granted.reads == {ADAPTER_TOPICS[adapter]}
    assert granted.writes == {dead_letter_topic(ADAPTER_TOPICS[adapter])}


def test_each_sender_writes_only_its_own_referral_topic_and_reads_only_its_dead_letters() -> None:
    for sender in senders():
        own = referrals_from(sender.name)
        assert sender.writes == {own}
        assert sender.reads == {dead_letter_topic(own)}
        assert not sender.group_prefixes and not sender.topic_prefixes
    assert len({sender.source for sender in senders()}) == len(senders())


def test_only_referral_reads_a_senders_referrals() -> None:
    for sender in senders():
        readers = {p.name for p in principals() if sender.referral_topic in p.reads} - {"operator"}
        assert readers == {"referral"}


def test_internal_topics_are_written_only_by_their_owner_and_the_operators_replay() -> None:
    replayable = principal("operator").writes
    for topic, owner in INTERNAL_TOPIC_OWNERS.items():
        writers = {p.name for p in principals() if topic in p.writes} - {"operator"}
        assert writers == {owner}, topic
        # A dead letter goes back where it came from; a topic nobody consumes has none.
        assert (topic in replayable) == (dead_letter_topic(topic) in _dead_lettered()), topic


def _dead_lettered() -> set[str]:
    return {t for p in principals() if p.name != "operator" for t in p.writes if t.endswith(".dlq")}


def test_agency_topics_are_read_only_by_their_adapter_and_the_operator() -> None:
    for adapter, topic in ADAPTER_TOPICS.items():
        readers = {p.name for p in principals() if topic in p.reads}
        assert readers == {principal_name(adapter), "operator"}


def test_the_operator_reads_everything_and_writes_only_to_replay_dead_letters() -> None:
    operator = principal("operator")
    assert operator.reads == suite_topics()
    assert not operator.topic_prefixes
    assert operator.writes == {t.removesuffix(".dlq") for t in _dead_lettered()} - {
        sender.referral_topic for sender in senders()
    }


def test_the_operator_can_never_pass_for_a_sender() -> None:
    for sender in senders():
        assert sender.referral_topic not in principal("operator").writes


def test_no_grant_names_a_topic_outside_the_suite_except_by_a_tooling_prefix() -> None:
    for grant in grants():
        if grant.resource_type != "topic":
            continue
        if grant.pattern_type == "prefixed":
            assert principal(grant.principal).kind is PrincipalKind.TOOLING
            assert not any(topic.startswith(grant.resource_name) for topic in suite_topics())
        else:
            assert grant.resource_name in suite_topics(), grant


def test_committed_manifests_match_the_table() -> None:
    directory = bus_manifests.manifests_dir(ROOT)
    assert (directory / "users.yaml").read_text(encoding="utf-8") == (
        bus_manifests.users_manifest()
    ), "deploy/kafka/users.yaml is stale: run `python -m devtools bus`"
    assert (directory / "topics.yaml").read_text(encoding="utf-8") == (
        bus_manifests.topics_manifest()
    ), "deploy/kafka/topics.yaml is stale: run `python -m devtools bus`"


def test_architecture_document_shows_the_current_table() -> None:
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert bus_manifests.docs_with_rights_table(document) == document, (
        "the rights table in docs/architecture.md is stale: run `python -m devtools bus`"
    )
