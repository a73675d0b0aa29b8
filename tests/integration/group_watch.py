"""Who held which partition when: a consumer group watched from outside, as the operator
describes it, for the reliability tests that kill its members during rebalances.

The group's coordinator answers with each member's id and the partitions it was assigned;
one member is one consumer of one process, so a member id names a process's lifetime in the
group. Polled every few tenths of a second, the answers become a history of ownership per
partition, and each change of owner is kept with where the group's committed offset of that
partition stood at the moment (what the new owner was handed).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment
from aiokafka.errors import KafkaError

from devtools.kafka_groups import committed_offsets
from konfliktrad_shared.kafka_access import KafkaAccess

REBALANCING = frozenset({"PreparingRebalance", "CompletingRebalance"})


@dataclass(frozen=True)
class Snapshot:
    at: float  # time.monotonic()
    state: str
    owners: dict[int, str]  # partition -> member id
    members: frozenset[str]


@dataclass(frozen=True)
class Move:
    """Partition `partition` went from `before` to `after` (member ids) at `at`, with the
    group's committed offset there at `committed`."""

    at: float
    partition: int
    before: str
    after: str
    committed: int


@dataclass
class GroupWatch:
    operator: KafkaAccess
    group: str
    topic: str
    snapshots: list[Snapshot] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    _owners: dict[int, str] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.snapshots[-1].state if self.snapshots else "Unknown"

    def members(self) -> frozenset[str]:
        return self.snapshots[-1].members if self.snapshots else frozenset()

    def ever_members(self) -> set[str]:
        return set().union(*(snapshot.members for snapshot in self.snapshots))

    def owners_seen(self) -> dict[int, list[str]]:
        """Per partition, every member that held it, in the order they held it."""
        seen: dict[int, list[str]] = {}
        for snapshot in self.snapshots:
            for partition, member in snapshot.owners.items():
                held = seen.setdefault(partition, [])
                if not held or held[-1] != member:
                    held.append(member)
        return seen

    async def _look(self, admin: AIOKafkaAdminClient) -> None:
        [response] = await admin.describe_consumer_groups([self.group])
        [described] = response.groups
        state, members = described[2], described[5]
        owners: dict[int, str] = {}
        for member in members:
            member_id, assignment = member[0], member[4]
            if not assignment:
                continue
            for topic, partitions in ConsumerProtocolMemberAssignment.decode(assignment).assignment:
                if topic == self.topic:
                    owners |= dict.fromkeys(partitions, member_id)
        now = time.monotonic()
        self.snapshots.append(Snapshot(now, state, owners, frozenset(m[0] for m in members)))
        changed = {
            partition: (self._owners[partition], member)
            for partition, member in owners.items()
            if self._owners.get(partition) not in (None, member)
        }
        if changed:
            committed = await committed_offsets(self.operator, self.group)
            by_partition = {tp.partition: offset for tp, offset in committed.items()}
            for partition, (before, after) in changed.items():
                self.moves.append(
                    Move(now, partition, before, after, by_partition.get(partition, -1))
                )
        self._owners |= owners

    async def run(self, every: float = 0.2) -> None:
        admin = AIOKafkaAdminClient(**self.operator.aiokafka_options())
        await admin.start()
        try:
            while True:
                with contextlib.suppress(KafkaError):
                    await self._look(admin)
                await asyncio.sleep(every)
        finally:
            await admin.close()

    async def until(self, wanted: object, timeout: float) -> None:
        """Wait until `wanted(self)` is true (re-checked after each look)."""
        deadline = time.monotonic() + timeout
        while not wanted(self):  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise TimeoutError(f"group {self.group}: {wanted} not seen in {timeout:.0f}s")
            await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def watching(operator: KafkaAccess, group: str, topic: str) -> AsyncIterator[GroupWatch]:
    watch = GroupWatch(operator, group, topic)
    task = asyncio.create_task(watch.run(), name=f"watch-{group}")
    try:
        yield watch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
