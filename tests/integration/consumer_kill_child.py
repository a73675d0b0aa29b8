"""The prosecution adapter as its own OS process, for test_consumer_kill.py:

    python consumer_kill_child.py [<handler commits before dying>]

With no argument it is the adapter exactly as `notification.main:run_prosecution_adapter`
starts it in production (settings from PROSECUTION_ADAPTER_* and KAFKA_BOOTSTRAP_SERVERS); the
test kills it from outside. With a number it SIGKILLs itself right after that many handler
transactions (the inbox row, the delivery and its outbox row) committed to the database, before
the handler returns and the Kafka offset is committed: the worst moment, which a kill from
outside only hits by chance; SIGUSR1 makes it do the same after its next handler commit. It
prints the `ce_id` whose commit was the last.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from konfliktrad_shared.uow import SqlAlchemyUnitOfWork
from notification.main import run_prosecution_adapter


def die_after_handler_commits(count: int | None) -> None:
    """SIGKILL itself after `count` handler commits; SIGUSR1 arms it for the very next one
    (a test's way to aim a kill at the worst moment while the group rebalances)."""
    # Called once the unit of work's writes are in the database: after its own commit, or
    # after the commit of the batch of consumed messages it joined.
    committed_with = SqlAlchemyUnitOfWork._committed_with
    committed = 0
    limit = count

    def arm(*_: object) -> None:
        nonlocal limit
        limit = committed + 1

    signal.signal(signal.SIGUSR1, arm)

    def commit_then_maybe_die(self: SqlAlchemyUnitOfWork, *args: Any) -> None:
        nonlocal committed
        committed_with(self, *args)
        delivery = self._delivery  # set for a consumer's handler, not for an HTTP command
        if delivery is None:
            return
        committed += 1
        if limit is not None and committed >= limit:
            print(f"killed after the database commit of {delivery.event_id}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    SqlAlchemyUnitOfWork._committed_with = commit_then_maybe_die  # type: ignore[method-assign]


if __name__ == "__main__":
    die_after_handler_commits(int(sys.argv[1]) if len(sys.argv) > 1 else None)
    run_prosecution_adapter()
