"""A batch of consumed referrals opens its cases as one message at a time would, with one read
of the cases its messages name instead of one read each."""

from __future__ import annotations

from pathlib import Path

from mediation_http import NOW, PARTIES, make_settings, office
from sqlalchemy import event, func, select

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.inbox import Delivery
from mediation.adapters.orm import mediation_cases
from mediation.domain.commands import MediationReaction, OpenMediationCase


def opening(case_id: str) -> OpenMediationCase:
    return OpenMediationCase(
        case_id, "oslo", MediationReaction.MEDIATION, DecisionBasis.TRANSFER, PARTIES
    )


async def test_a_batch_opens_each_case_once_reading_the_cases_it_names_at_once(
    tmp_path: Path,
) -> None:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as running:
        bus, engine = running.app.state.bus, running.app.state.runtime.engine
        await bus.handle(opening("c-0"))
        reads: list[str] = []

        def executed(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
            reads.extend([statement] if "\nFROM mediation_cases" in statement else [])

        event.listen(engine.sync_engine, "before_cursor_execute", executed)
        await bus.handle_batch(
            [
                (opening("c-0"), Delivery("mediation", "e0")),  # open already
                (opening("c-1"), Delivery("mediation", "e1")),
                (opening("c-1"), Delivery("mediation", "e1-again")),  # told twice
                (opening("c-2"), Delivery("mediation", "e2")),
            ]
        )
        event.remove(engine.sync_engine, "before_cursor_execute", executed)

        async with engine.connect() as connection:
            counted = select(mediation_cases.c.case_id, func.count()).group_by(
                mediation_cases.c.case_id
            )
            opened = dict((await connection.execute(counted)).tuples().all())
        assert opened == {"c-0": 1, "c-1": 1, "c-2": 1}
        assert len(reads) == 1, "the cases the batch names are read at once"
