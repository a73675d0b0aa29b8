"""Three replicas each of referral, mediation, youth_plan and the correctional-service adapter,
as OS processes against one broker and one PostgreSQL server (one database per service, all
its replicas on it), share the work without doubling an effect or losing one while a replica
of every stage is SIGKILLed mid-run.

Referrals go onto the senders' topics as the senders; mediation and youth_plan open the cases
from referral's registrations. Youth-sentence cases are then taken over youth_plan's HTTP API
(its live replicas in turn) up the breach ladder to the escalation the correctional-service
adapter delivers to the agency's stand-in inbox, or to a conference held so long ago that the
end of the execution period (§23) is due at once, fired by whichever replica's deadline ticker
gets there first. Every replica shares its consumer group's partitions, its outbox relay and
its deadline ticker with the others. One replica of referral, mediation and youth_plan is
killed while intake is under way, one of the adapter while escalations are being delivered.

Afterwards: every referral registered once and opened once downstream, every escalation
delivered as its one event (the stand-in counts each delivery, a repeat too; only what the
killed adapter had sent but not yet recorded may come again, to the agency's idempotent
endpoint), every case's events on the topics in the order its outbox holds them, every
deadline fired once with at most one completion, no dead letter, nothing parked, nothing left
unsent.

Sizes: KONFLIKTRAD_REPLICAS_REFERRALS (mediation referrals), KONFLIKTRAD_REPLICAS_ESCALATIONS
and KONFLIKTRAD_REPLICAS_DEADLINES (youth-sentence cases of each kind). The defaults (2,600,
300, 100: 3,000 referrals, 600 breaches) take about two minutes on two cores beside the
broker and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import eventually_true, free_port
from replica_cases import MEDIATION_SENDERS, YOUTH_SENDER, YouthDriver, send_referrals
from replica_cases import youth_sentence as youth_referral
from replica_checks import (
    count,
    dead_letter_topics,
    of_type,
    out_of_order,
    outbox_rows,
    records_after,
    repeated,
    rows,
    topic_positions,
    unsent,
)
from sqlalchemy import func, select

import mediation.bootstrap
import notification.bootstrap
import referral.bootstrap
import youth_plan.bootstrap
from devtools.bench_suite import fresh_consumer_groups
from devtools.replicas import Replicas
from devtools.standins import running_standins
from devtools.suite import service as suite_process
from devtools.suite_client import TracedClient, case_transferred
from devtools.up_cli import local_env
from konfliktrad_shared.bus_rights import principal, principal_name
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.db import create_engine
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.migrations import upgrade_to_head
from mediation.adapters import orm as mediation_orm
from notification.adapters import orm as adapter_orm
from referral.adapters import orm as referral_orm
from youth_plan.adapters import orm as youth_orm

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(600)]

MEDIATION_REFERRALS = int(os.environ.get("KONFLIKTRAD_REPLICAS_REFERRALS", "2600"))
ESCALATIONS = int(os.environ.get("KONFLIKTRAD_REPLICAS_ESCALATIONS", "300"))
DEADLINES = int(os.environ.get("KONFLIKTRAD_REPLICAS_DEADLINES", "100"))
REPLICAS = 3
STAGES = tuple(
    suite_process(name) for name in ("referral", "mediation", "youth_plan", "correctional_adapter")
)
MIGRATIONS = {
    "referral": referral.bootstrap.MIGRATIONS,
    "mediation": mediation.bootstrap.MIGRATIONS,
    "youth_plan": youth_plan.bootstrap.MIGRATIONS,
    "correctional_adapter": notification.bootstrap.MIGRATIONS,
}
OUTBOXES = {
    "referral": referral_orm.plumbing.outbox,
    "mediation": mediation_orm.plumbing.outbox,
    "youth_plan": youth_orm.plumbing.outbox,
    "correctional_adapter": adapter_orm.plumbing.outbox,
}
OPENED = "no.konfliktraadet.youth_plan.youth_case_opened.v1"
ESCALATED = "no.konfliktraadet.youth_plan.breach_escalated.v1"
COMPLETED = "no.konfliktraadet.youth_plan.execution_completed.v1"
KILLED_POSTS_LANDED_SECONDS = 1.0
QUIET_SECONDS = 3.0  # long enough for a late duplicate to show up, if there were one


def settings_env(bus: Bus, database_urls: dict[str, str], state: Path) -> dict[str, str]:
    env = local_env(state, bus.bootstrap)
    env["KONFLIKTRAD_CONTACT_KEYS"] = f"replicas:{generate_key()}"
    for stage in STAGES:
        prefix = stage.env_prefix
        env |= bus.env(prefix, principal_name(stage.name))
        env[f"{prefix}DATABASE_URL"] = database_urls[stage.name]
        env[f"{prefix}FIELD_KEYS"] = f"replicas:{generate_key()}"
        env[f"{prefix}BLIND_INDEX_KEY"] = generate_key()
        env[f"{prefix}METRICS_TOKEN"] = "replicas-scrape-" + secrets.token_hex(16)
        # Migrated once beforehand, as production's migration job does, not by each replica.
        env[f"{prefix}APPLY_MIGRATIONS_ON_START"] = "false"
        env[f"{prefix}OUTBOX_POLL_SECONDS"] = "0.5"
    # Every youth_plan replica's ticker polls; the deadlines are due as soon as they exist.
    env["YOUTH_PLAN_DEADLINE_POLL_SECONDS"] = "3"
    # A killed adapter's leased rows come back after the lease, not production's 2 minutes.
    env["CORRECTIONAL_ADAPTER_OUTBOX_LEASE_SECONDS"] = "20"
    env["CORRECTIONAL_ADAPTER_AGENCY_TIMEOUT_SECONDS"] = "4"
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    return env


async def test_three_replicas_per_stage_lose_nothing_and_double_nothing_when_one_is_killed(
    bus: Bus, database_factory: DatabaseFactory, tmp_path: Path
) -> None:
    run = secrets.token_hex(3).upper()
    urls = {stage.name: database_factory(f"replicas_{stage.name}") for stage in STAGES}
    for stage in STAGES:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS[stage.name], urls[stage.name])
    engines = {name: create_engine(url) for name, url in urls.items()}
    keys = ensure_dev_keypair(tmp_path / "keys")
    env = settings_env(bus, urls, tmp_path)
    env |= await fresh_consumer_groups(bus.bootstrap, run.lower(), "replicas")
    read = {t for stage in STAGES for t in principal(principal_name(stage.name)).reads}
    watched = [topics.REFERRAL_EVENTS, topics.YOUTH_PLAN_EVENTS, *dead_letter_topics(read)]
    since = await topic_positions(bus.operator, watched)

    mediation_refs = [f"R{run}-M{n}" for n in range(MEDIATION_REFERRALS)]
    escalation_refs = [f"R{run}-E{n}" for n in range(ESCALATIONS)]
    deadline_refs = [f"R{run}-D{n}" for n in range(DEADLINES)]
    senders = [MEDIATION_SENDERS[n % len(MEDIATION_SENDERS)] for n in range(len(mediation_refs))]
    referrals = [
        (sender, case_transferred(agencies.Reaction.MEDIATION, ref, sender))
        for sender, ref in zip(senders, mediation_refs, strict=True)
    ] + [(YOUTH_SENDER, youth_referral(ref)) for ref in escalation_refs + deadline_refs]
    everyone = mediation_refs + escalation_refs + deadline_refs
    access_of = {sender: bus.access(sender) for sender in {*MEDIATION_SENDERS, YOUTH_SENDER}}
    cases = referral_orm.cases

    def say(text: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {text}", flush=True)

    async with running_standins(
        smtp_port=free_port(), prosecution_port=0, correctional_port=0
    ) as standins:
        env |= standins.notification_env()
        inbox = standins.correctional
        replicas = Replicas(env, tmp_path / "logs")
        started = time.monotonic()
        try:
            for stage in STAGES:
                replicas.start(stage, REPLICAS)
            await replicas.wait_ready(timeout=180)
            say(f"{len(replicas.all())} replicas ready")

            sending = asyncio.create_task(send_referrals(access_of, referrals))

            async def registered() -> int:
                return await count(
                    engines["referral"],
                    select(func.count())
                    .select_from(cases)
                    .where(cases.c.sender_reference.like(f"R{run}-%")),
                )

            # Mid-intake: a replica of each consuming stage dies with its work in hand.
            await eventually_true(
                lambda: _at_least(registered, len(everyone) // 4), "a quarter registered", 120
            )
            for service in ("referral", "mediation", "youth_plan"):
                replicas.sigkill(service)
            say(f"SIGKILLed {', '.join(replicas.killed)} at {await registered()} registered")
            await sending

            await eventually_true(
                lambda: _at_least(registered, len(everyone)), "every referral registered", 240
            )
            referral_rows = await rows(
                engines["referral"],
                select(cases.c.case_id, cases.c.sender_reference).where(
                    cases.c.sender_reference.like(f"R{run}-%")
                ),
            )
            case_of = {row.sender_reference: row.case_id for row in referral_rows}
            mediation_ids = {case_of[ref] for ref in mediation_refs}
            youth_ids = {case_of[ref] for ref in escalation_refs + deadline_refs}
            mediation_cases = mediation_orm.mediation_cases
            youth_cases = youth_orm.youth_cases

            async def opened_downstream() -> bool:
                in_mediation = await count(
                    engines["mediation"],
                    select(func.count())
                    .select_from(mediation_cases)
                    .where(mediation_cases.c.case_id.in_(mediation_ids)),
                )
                in_youth_plan = await count(
                    engines["youth_plan"],
                    select(func.count())
                    .select_from(youth_cases)
                    .where(youth_cases.c.case_id.in_(youth_ids)),
                )
                return in_mediation == len(mediation_ids) and in_youth_plan == len(youth_ids)

            await eventually_true(opened_downstream, "every case opened downstream", 240)
            say(f"intake done: {len(everyone)} referrals registered and opened")

            driver = YouthDriver(
                TracedClient(keys, secrets.token_hex(16)), replicas.round_robin("youth_plan")
            )
            gate = asyncio.Semaphore(6)
            escalation_ids = [case_of[ref] for ref in escalation_refs]
            deadline_ids = [case_of[ref] for ref in deadline_refs]

            async def drive(case_id: str, escalate: bool) -> None:
                async with gate:
                    if escalate:
                        await driver.up_the_ladder(case_id)
                    else:
                        await driver.period_run_out(case_id)

            def delivered_of_ours() -> int:
                return len({d.subject for d in inbox.deliveries if d.subject in youth_ids})

            async def kill_an_adapter_midway() -> None:
                await eventually_true(
                    _sync(lambda: delivered_of_ours() >= max(1, ESCALATIONS // 3)),
                    "a third of the escalations delivered",
                    300,
                )
                replicas.sigkill("correctional_adapter")
                # A POST the dead adapter had already written may still be read just after.
                await asyncio.sleep(KILLED_POSTS_LANDED_SECONDS)
                in_hand_at_kill.update(d.event_id for d in inbox.deliveries)
                say(f"SIGKILLed correctional_adapter-1 at {delivered_of_ours()} delivered")

            in_hand_at_kill: set[str] = set()
            killer = asyncio.create_task(kill_an_adapter_midway())
            await asyncio.gather(
                *(drive(case_id, True) for case_id in escalation_ids),
                *(drive(case_id, False) for case_id in deadline_ids),
            )
            say(f"{ESCALATIONS} cases escalated and {DEADLINES} conferences held over HTTP")
            await killer
            await eventually_true(
                _sync(lambda: delivered_of_ours() >= ESCALATIONS), "every escalation delivered", 120
            )
            deadlines = youth_orm.plumbing.deadlines

            async def all_fired() -> bool:
                return not await count(
                    engines["youth_plan"],
                    select(func.count())
                    .select_from(deadlines)
                    .where(
                        deadlines.c.aggregate_id.in_(deadline_ids), deadlines.c.fired_at.is_(None)
                    ),
                )

            await eventually_true(all_fired, "every due deadline fired", 120)

            async def drained() -> bool:
                return not any([await unsent(engines[n], t) for n, t in OUTBOXES.items()])

            await eventually_true(drained, "every outbox drained", 120)
            await asyncio.sleep(QUIET_SECONDS)
            say("settled; checking")
        finally:
            replicas.stop()

        # Intake: each referral registered once, each case opened once where it belongs.
        per_reference = Counter(row.sender_reference for row in referral_rows)
        assert sorted(per_reference) == sorted(everyone)
        assert {r: n for r, n in per_reference.items() if n != 1} == {}
        youth_outbox = await outbox_rows(
            engines["youth_plan"], youth_orm.plumbing.outbox, youth_ids
        )
        assert set(of_type(youth_outbox, OPENED, topics.YOUTH_PLAN_EVENTS)) == youth_ids
        for event_type in (OPENED, ESCALATED, COMPLETED):
            assert repeated(youth_outbox, event_type) == {}, event_type
        mediation_outbox = await outbox_rows(
            engines["mediation"], mediation_orm.plumbing.outbox, mediation_ids
        )
        doubled = Counter((r.message_key, r.event_type, r.topic) for r in mediation_outbox)
        assert {key: n for key, n in doubled.items() if n > 1} == {}

        # Escalations: each reached the agency as its one event, and nothing else of ours. The
        # agency's endpoint is idempotent on the event id, so a repeat is no second effect;
        # a repeat is allowed only of what the killed adapter had sent and not yet recorded as
        # sent (its leased batch comes back after the lease), never of a live adapter's.
        escalated = of_type(youth_outbox, ESCALATED, topics.CORRECTIONAL)
        assert sorted(escalated) == sorted(escalation_ids)
        ours = [d for d in inbox.deliveries if d.subject in youth_ids]
        assert {d.event_id for d in ours} == {ids[0] for ids in escalated.values()}
        times = {case: inbox.times_received(ids[0]) for case, ids in escalated.items()}
        repeated_after_kill = {
            case: n
            for case, n in times.items()
            if n > 1 and escalated[case][0] not in in_hand_at_kill
        }
        assert repeated_after_kill == {}, "a live adapter delivered an escalation twice"

        # Per-case order on the topics the relays of three replicas share.
        referral_outbox = await outbox_rows(
            engines["referral"], referral_orm.plumbing.outbox, set(case_of.values())
        )
        for topic, outbox in (
            (topics.REFERRAL_EVENTS, referral_outbox),
            (topics.YOUTH_PLAN_EVENTS, youth_outbox),
        ):
            keyed = {row.message_key for row in outbox if row.topic == topic}
            assert keyed >= youth_ids, f"cases with no event on {topic}"
            records = await records_after(bus.operator, since, topic)
            assert out_of_order(outbox, topic, records) == {}, topic

        # Deadlines: one per case, each fired, its completion reported at most once — exactly
        # once where the plan was approved before the ticker got to it (§23).
        deadline_rows = await rows(
            engines["youth_plan"],
            select(deadlines.c.aggregate_id, deadlines.c.fired_at).where(
                deadlines.c.aggregate_id.in_(deadline_ids)
            ),
        )
        assert sorted(row.aggregate_id for row in deadline_rows) == sorted(deadline_ids)
        assert all(row.fired_at is not None for row in deadline_rows)
        completed_cases = {
            row.case_id
            for row in await rows(
                engines["youth_plan"],
                select(youth_cases.c.case_id).where(
                    youth_cases.c.case_id.in_(deadline_ids), youth_cases.c.completed_on.is_not(None)
                ),
            )
        }
        completions = of_type(youth_outbox, COMPLETED, topics.PROSECUTION)
        assert set(completions) == completed_cases
        assert completed_cases, "no deadline found its plan approved: nothing was shown"
        say(f"{len(completed_cases)}/{DEADLINES} deadlines completed a case")

        # Nothing dead-lettered, nothing parked.
        for topic in dead_letter_topics(read):
            assert await records_after(bus.operator, since, topic) == [], topic
        for name, engine in engines.items():
            outbox = OUTBOXES[name]
            parked = await count(
                engine,
                select(func.count()).select_from(outbox).where(outbox.c.parked_at.is_not(None)),
            )
            assert parked == 0, name
            await engine.dispose()
        print(
            f"\nreplicas: {len(everyone)} referrals ({MEDIATION_REFERRALS} mediation, "
            f"{ESCALATIONS + DEADLINES} youth), {ESCALATIONS} escalations delivered "
            f"({inbox.redeliveries} repeats from the killed adapter's batch), "
            f"{DEADLINES} deadlines fired once; killed {', '.join(replicas.killed)}"
        )


async def _at_least(probe: Callable[[], Awaitable[int]], wanted: int) -> bool:
    return await probe() >= wanted


def _sync(check: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return check()

    return probe
