"""politiregisterloven §41 no. 1 (a): a case solved in the office stays on the police
certificate for two years — and every service that computes that date computes the same one.

Each service is asked through its own domain function, so the test fails when one of them
stops counting with the shared calendar (`konfliktrad_shared.legal_time`) and drifts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from mediation.domain.reporting import police_record_ends_on as mediation_record_date
from youth_plan.domain.execution import police_record_until as youth_plan_record_date

SERVICES: dict[str, Callable[[date], date]] = {
    "mediation (the approved agreement)": mediation_record_date,
    "youth_plan (the completed plan)": youth_plan_record_date,
}


@pytest.mark.parametrize(
    ("decided_on", "noted_until"),
    [
        # No 29 February two years on: the period in years ends on the month's last day
        # (domstolloven §148 first para), not on 1 March.
        (date(2028, 2, 29), date(2030, 2, 28)),
        (date(2026, 8, 31), date(2028, 8, 31)),
    ],
)
def test_politiregisterloven_s41_no_1_a_the_record_date_is_the_same_in_every_service(
    decided_on: date, noted_until: date
) -> None:
    computed = {service: record_date(decided_on) for service, record_date in SERVICES.items()}
    assert computed == dict.fromkeys(SERVICES, noted_until)
