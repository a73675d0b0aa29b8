"""The inbox: a consumer records each event id it handled, in the handler's own transaction.

Kafka delivers at least once; the `(consumer, event_id)` primary key turns that into
effectively once for everything the handler writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.envelope import Envelope


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message as a consumer received it: who consumes, the event's `ce_id`, and the
    rest of its envelope for the few consumers that pass an event on as it came."""

    consumer: str
    event_id: str
    envelope: Envelope | None = field(default=None, compare=False)
    # The principal the broker let write the message's topic (a sender's own referral topic);
    # None on a topic whose writer is not a party the suite tells apart (an internal topic).
    sender: str | None = field(default=None, compare=False)


class DuplicateDelivery(Exception):
    """This consumer already handled this event; acknowledge it and do nothing."""


async def claim(session: AsyncSession, inbox: Table, delivery: Delivery, now: datetime) -> None:
    """Insert the inbox row or raise `DuplicateDelivery`.

    On PostgreSQL a concurrent duplicate blocks on the uncommitted key until the first
    transaction ends, then sees the conflict: two instances never both handle one event.
    """
    if not await claim_all(session, inbox, [delivery], now):
        raise DuplicateDelivery(f"{delivery.consumer} already handled {delivery.event_id}")


async def claim_all(
    session: AsyncSession, inbox: Table, deliveries: Sequence[Delivery], now: datetime
) -> set[tuple[str, str]]:
    """Inserts the inbox rows of a batch of deliveries in one statement; returns the
    `(consumer, event_id)` of those claimed now, leaving out every one handled before (and
    the repeats of one within the batch)."""
    if not deliveries:
        return set()
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # ON CONFLICT makes the statement one SQLAlchemy does not cache: compiled once per
    # batch here, its rows sent as one multi-row INSERT ("insertmanyvalues").
    statement = (
        insert(inbox)
        .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
        .returning(inbox.c.consumer, inbox.c.event_id)
    )
    rows = [
        {"consumer": d.consumer, "event_id": d.event_id, "received_at": now} for d in deliveries
    ]
    claimed = await session.execute(statement, rows)
    return {(consumer, event_id) for consumer, event_id in claimed.tuples()}
