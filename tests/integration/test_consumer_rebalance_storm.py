"""A rebalance storm: members of the prosecution adapter's consumer group SIGKILLed while the
group is rebalancing, again and again, with a backlog on the topic — the partitions move
between processes mid-backlog, and still 0 events lost and 0 duplicate side effects.

Each member is the adapter as its own OS process (consumer_kill_child.py), all in one group on
one PostgreSQL database. Round after round a new process joins (the group starts to
rebalance), and while the coordinator reports the group rebalancing, a member picked by the
seed is SIGKILLed, at once or (SIGUSR1 to consumer_kill_child.py) right after its next
handler's database commit, before that event's offset is committed, so its new owner is
given an event already handled and only the inbox keeps it from being queued twice. The
coordinator waits for the dead member until its session times out, and the partitions it held
go to the others with whatever it had handled but not committed. The group
is watched from outside as the operator describes it (group_watch.py): which member (which
process) held which partition when, and where the committed offset stood at each move.

The seed is printed first; KONFLIKTRAD_REBALANCE_SEED replays its choices.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from pathlib import Path

import pytest
from adapter_process import (
    CONSUMER,
    Adapter,
    adapter_database,
    adapter_env,
    adapter_group,
    committed_past,
    handled,
    queued_deliveries,
    rejections_backlog,
)
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import end_offsets, eventually_true, free_port, start_group_at
from group_watch import REBALANCING, GroupWatch, watching

import notification.bootstrap
from devtools.standins import running_standins
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.migrations import upgrade_to_head

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(330)]

SEED_ENV = "KONFLIKTRAD_REBALANCE_SEED"
EVENTS = 600
MORE_EACH_ROUND = 300  # the backlog kept ahead of the consumers, however fast they are
AIMS = 3  # rebalances a round may take to aim a kill at (one may end before the aim)


async def test_members_killed_during_rebalances_move_partitions_mid_backlog_and_lose_nothing(
    bus: Bus, database_factory: DatabaseFactory, tmp_path: Path
) -> None:
    seed = int(os.environ.get(SEED_ENV) or random.randrange(2**32))
    print(f"\nrebalance storm: seed {seed} (replay: {SEED_ENV}={seed})")
    rng = random.Random(seed)
    group = adapter_group("storm")
    await start_group_at(
        bus.service(CONSUMER), group, await end_offsets(bus.operator, [topics.PROSECUTION])
    )
    positions = await rejections_backlog(bus, EVENTS, "STORM")
    ours = set(positions)
    last_of_ours: dict[int, int] = {}
    for partition, offset in positions.values():
        last_of_ours[partition] = max(offset, last_of_ours.get(partition, -1))
    database_url = database_factory("rebalance_storm_prosecution_adapter")
    await asyncio.to_thread(upgrade_to_head, notification.bootstrap.MIGRATIONS, database_url)
    inbox_port = free_port()
    env = adapter_env(bus, database_url, group, inbox_port, tmp_path / "keys")
    # aiokafka's default heartbeat (3 s) instead of the suite's 250 ms: a rebalance then lasts
    # long enough to be aimed at from outside, which is what this test is about.
    env["PROSECUTION_ADAPTER_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "3000"
    processes: dict[str, Adapter] = {}
    process_of: dict[str, str] = {}  # member id -> process name
    kills: list[str] = []
    redone = 0  # events handled in the database, their offset not committed, at each kill
    started = time.monotonic()

    async with (
        running_standins(
            smtp_port=free_port(), prosecution_port=inbox_port, correctional_port=free_port()
        ) as standins,
        adapter_database(database_url) as engine,
        watching(bus.operator, group, topics.PROSECUTION) as watch,
    ):

        async def launch() -> tuple[str, set[str]]:
            """A new process, and the members the group had before it."""
            name = f"adapter-{len(processes) + 1}"
            known = watch.ever_members()
            own_port = {"PROSECUTION_ADAPTER_HTTP_PORT": str(free_port())}
            processes[name] = Adapter(env | own_port, tmp_path / f"{name}.log")
            await processes[name].start()
            return name, known

        async def joined(name: str, known: set[str]) -> str:
            """`name` once its member is in the group: the one member not there before it
            started (were two new, a survivor rejoined under a new id: neither is named)."""
            await watch.until(lambda w: w.ever_members() - known, 90)
            new = watch.ever_members() - known
            if len(new) == 1:
                process_of[new.pop()] = name
            return name

        async def handled_at_least(count: int) -> None:
            async def enough() -> bool:
                return len(await handled(engine, ours)) >= count

            await eventually_true(enough, f"{count} events handled (seed {seed})", 90)

        try:
            alive = [await joined(*await launch())]
            await handled_at_least(20)
            alive.append(await joined(*await launch()))
            plan = ["worst moment", "worst moment", "at once", "at once"]
            rng.shuffle(plan)
            for how in plan:
                more = await rejections_backlog(bus, MORE_EACH_ROUND, f"STORM{len(kills)}")
                positions |= more
                ours |= set(more)
                for partition, offset in more.values():
                    last_of_ours[partition] = max(offset, last_of_ours.get(partition, -1))
                newcomer, known = await launch()  # its join makes the group rebalance
                for _late in range(AIMS):
                    await watch.until(lambda w: w.state in REBALANCING, 60)
                    await asyncio.sleep(rng.uniform(0, 0.3))
                    if watch.state in REBALANCING:
                        break
                    # The rebalance ended within the wait (a loaded machine): the newcomer
                    # stays, and one more joins to make the group rebalance again.
                    alive.append(await joined(newcomer, known))
                    newcomer, known = await launch()
                # One that holds partitions (it joined before): they must move to others.
                victim = rng.choice(alive)
                state = watch.state
                assert processes[victim].process is not None
                assert processes[victim].process.returncode is None, processes[victim].log_tail()
                assert state in REBALANCING, f"{victim} aimed at in a {state} group (seed {seed})"
                if how == "at once":
                    await processes[victim].kill()
                else:  # SIGKILL right after its next handler's commit, before the offset's
                    processes[victim].kill_after_next_commit()
                    try:
                        await processes[victim].exited(timeout=30)
                    except TimeoutError:
                        how = "at once, late"
                        await processes[victim].kill()
                alive.remove(victim)
                in_database = await handled(engine, ours)
                redo = len(in_database - await committed_past(bus, group, positions))
                redone += redo
                kills.append(
                    f"{victim} {how} while {state} ({len(in_database)}/{len(ours)} handled, "
                    f"{redo} to redo)"
                )
                alive.append(await joined(newcomer, known))
            assert redone >= 1, f"no kill left an event to redo ({seed=}): {'; '.join(kills)}"

            async def all_handled_and_committed() -> bool:
                done = await handled(engine, ours) == ours
                return done and await committed_past(bus, group, positions) == ours

            await eventually_true(
                all_handled_and_committed, f"every event handled (seed {seed})", 150
            )
            queued = await queued_deliveries(engine, ours)

            async def all_posted() -> bool:
                received = standins.prosecution.received_counts()
                return all(received[event_id] for event_id in ours)

            # A killed member's leased deliveries come back when the lease (15 s) runs out.
            await eventually_true(all_posted, f"every delivery POSTed (seed {seed})", 90)
            received = standins.prosecution.received_counts()
        finally:
            await asyncio.gather(*(process.stop() for process in processes.values()))

    took = time.monotonic() - started
    history = describe_history(watch, process_of, started)
    print(f"rebalance storm kills: {'; '.join(kills)}\nwho held which partition when:\n{history}")
    mid_backlog = [
        move
        for move in watch.moves
        if move.committed <= last_of_ours.get(move.partition, -1)
        and move.before in process_of
        and move.after in process_of
        and process_of[move.before] != process_of[move.after]
    ]
    assert len(mid_backlog) >= 2, (
        f"partitions did not move between processes mid-backlog\n{history}"
    )
    holders = {process_of[m.after] for m in mid_backlog} | {
        process_of[m.before] for m in mid_backlog
    }
    assert len(holders) >= 3, f"only {sorted(holders)} held partitions (seed {seed})"
    assert set(queued) == ours, f"{len(ours - set(queued))} events never queued: lost (seed {seed})"
    twice = {event_id: n for event_id, n in queued.items() if n != 1}
    assert twice == {}, f"{len(twice)} events queued more than once (seed {seed})"
    repeated = sum(received[event_id] - 1 for event_id in ours if received[event_id] > 1)
    print(
        f"rebalance storm: {len(ours)} events, {len(kills)} SIGKILLs during rebalances, "
        f"{len(mid_backlog)} moves of a partition between processes mid-backlog, in {took:.0f}s: "
        f"0 lost, each queued once; the prosecution received all {len(ours)} "
        f"({repeated} repeated POSTs, from kills between a POST and its mark)"
    )


def describe_history(watch: GroupWatch, process_of: dict[str, str], started: float) -> str:
    """One line per partition: each holder (process name) and from when (seconds in)."""
    lines = []
    held: dict[int, list[tuple[float, str]]] = {}
    for snapshot in watch.snapshots:
        for partition, member in sorted(snapshot.owners.items()):
            name = process_of.get(member, f"member {member[-8:]}")
            spans = held.setdefault(partition, [])
            if not spans or spans[-1][1] != name:
                spans.append((snapshot.at - started, name))
    for partition, spans in sorted(held.items()):
        lines.append(f"  p{partition}: " + " -> ".join(f"{name}@{t:.1f}s" for t, name in spans))
    moves = Counter(move.partition for move in watch.moves)
    lines.append(f"  moves per partition: {dict(sorted(moves.items()))}")
    return "\n".join(lines)
