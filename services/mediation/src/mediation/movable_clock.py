"""A clock a test suite may move forward over HTTP; off by default (`test_clock_enabled`).

No `from __future__ import annotations` here: FastAPI must evaluate the route annotations.
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from konfliktrad_shared.clock import SystemClock
from mediation.entrypoints.schemas import ClockIn


class MovableClock:
    """Real time plus an offset, so timers keep ticking after the clock is moved."""

    def __init__(self) -> None:
        self._system = SystemClock()
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return self._system.now() + self._offset

    def move_to(self, moment: datetime) -> None:
        self._offset = moment - self._system.now()


def movable_clock_router(clock: MovableClock, authenticate: Any) -> APIRouter:
    api = APIRouter(tags=["test clock (off in production)"])
    Leader = Annotated[Any, Depends(authenticate("office_leader"))]

    @api.put("/test-clock")
    async def move(body: ClockIn, _principal: Leader) -> dict[str, str]:
        clock.move_to(body.now)
        return {"now": clock.now().astimezone(UTC).isoformat()}

    return api
