"""Cases for the desk's browser tests, put where they come from in real life: mediators
appointed by the committee in vetting, referrals sent by the prosecution or the court on
their own topics. The staff's own work then happens in the browser."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from suite_support import RunningSuite

from devtools.mediation_thread import SENDER, adult_parties
from devtools.suite_client import TracedClient, eventually, send_referral
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import agencies


@dataclass
class Setup:
    steps: ThreadSteps

    @classmethod
    def of(cls, suite: RunningSuite) -> Setup:
        client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
        return cls(ThreadSteps(client, suite.bootstrap))

    async def close(self) -> None:
        await self.steps.client.close()

    async def mediators(self, count: int) -> list[str]:
        appointed = [(await self.steps.appoint_mediator())["mediator_id"] for _ in range(count)]
        for mediator_id in appointed:
            await self.steps.wait_on_roster(mediator_id)
        return appointed

    async def mediation_case(
        self, suite: RunningSuite, *, victimless: bool = False
    ) -> tuple[str, str]:
        """An adult offender and (unless victimless) an adult victim; (reference, case id)."""
        reference = f"POL-{secrets.token_hex(4).upper()}"
        transfer = adult_parties(reference, suite.standins)
        if victimless:
            transfer = transfer.model_copy(update={"victims": []})
        await send_referral(
            suite.bootstrap, transfer, self.steps.client.traceparent(), sender=SENDER
        )
        case_id = await self.steps.wait_registered(reference)

        async def opened() -> bool | None:
            got = await self.steps.client.call(
                "GET", f"{self.steps.mediation}/cases/{case_id}", roles=("office_leader",)
            )
            return True if got.status_code == 200 else None

        await eventually(opened, "mediation to open the case")
        return reference, case_id

    async def youth_sentence(self) -> tuple[str, str]:
        reference = await self.steps.transfer_case(agencies.Reaction.YOUTH_SENTENCE)
        case_id = await self.steps.wait_registered(reference)
        await self.steps.wait_opened(case_id)
        return reference, case_id
