"""The prosecution adapter as its own OS process, for test_consumer_kill.py:

    python consumer_kill_child.py [<handler commits before dying>]

With no argument it is the adapter exactly as `notification.main:run_prosecution_adapter`
starts it in production (settings from PROSECUTION_ADAPTER_* and KAFKA_BOOTSTRAP_SERVERS); the
test kills it from outside. With a number it SIGKILLs itself right after that many handler
transactions (the inbox row, the delivery and its outbox row) committed to the database, before
the handler returns and the Kafka offset is committed: the worst moment, which a kill from
outside only hits by chance. It prints the `ce_id` whose commit was the last.
"""

from __future__ import annotations

import os
import signal
import sys

from konfliktrad_shared.uow import SqlAlchemyUnitOfWork
from notification.main import run_prosecution_adapter


def die_after_handler_commits(count: int) -> None:
    commit = SqlAlchemyUnitOfWork.commit
    committed = 0

    async def commit_then_maybe_die(self: SqlAlchemyUnitOfWork) -> None:
        nonlocal committed
        await commit(self)
        delivery = self._delivery  # set for a consumer's handler, not for an HTTP command
        if delivery is None:
            return
        committed += 1
        if committed >= count:
            print(f"killed after the database commit of {delivery.event_id}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    SqlAlchemyUnitOfWork.commit = commit_then_maybe_die  # type: ignore[method-assign]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        die_after_handler_commits(int(sys.argv[1]))
    run_prosecution_adapter()
