"""The apps under test in test_dead_letters.py: every consumer of every consumed topic, as the
real app (in-process, through its ASGI lifespan) on its own fresh PostgreSQL database, against
the real broker, each with a new consumer group started at its topics' current end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from asgi_lifespan import LifespanManager
from dead_letter_messages import CONTACT_KEYS
from fastapi import FastAPI
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import end_offsets, field_key_settings, free_port, start_group_at
from sqlalchemy import text

from devtools import local_ca
from devtools.standins import StandIns, running_standins
from devtools.standins_credentials import adapter_settings
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.runtime import Runtime
from mediation.config import MediationSettings
from mediation.main import create_app as mediation_app
from notification.config import (
    CorrectionalAdapterSettings,
    NotificationSettings,
    ProsecutionAdapterSettings,
)
from notification.main import create_agency_adapter
from notification.main import create_app as notification_app
from referral.config import ReferralSettings
from referral.entrypoints.consumers import CONSUMES as REFERRAL_CONSUMES
from referral.main import create_app as referral_app
from youth_plan.config import YouthPlanSettings
from youth_plan.main import create_app as youth_plan_app

CONSUMERS_OF = {
    "referral": REFERRAL_CONSUMES,  # every sender's own topic, and youth_plan's end dates
    "youth_plan": (topics.REFERRAL_EVENTS,),
    "mediation": (topics.VETTING_EVENTS, topics.REFERRAL_EVENTS),
    "notification": (topics.REFERRAL_EVENTS, topics.YOUTH_PLAN_EVENTS, topics.MEDIATION_EVENTS),
    "prosecution_adapter": (topics.PROSECUTION,),
    "correctional_adapter": (topics.CORRECTIONAL,),
}

# dlq_consumer is the TopicConsumer's name; the apps are keyed by service name.
DLQ_CONSUMER = {
    "referral": "referral",
    "youth_plan": "youth_plan",
    "mediation": "mediation",
    "notification": "notification",
    "prosecution_adapter": "prosecution_adapter",
    "correctional_adapter": "correctional_adapter",
}


@dataclass
class Suite:
    bus: Bus
    apps: dict[str, FastAPI]
    groups: dict[str, str]
    standins: StandIns

    def runtime(self, name: str) -> Runtime:
        runtime: Runtime = self.apps[name].state.runtime
        return runtime

    async def rows(self, name: str, sql: str, **params: Any) -> list[Any]:
        async with self.runtime(name).engine.connect() as connection:
            return list((await connection.execute(text(sql), params)).all())


@asynccontextmanager
async def running_consumers(
    bus: Bus, database_factory: DatabaseFactory, keys_dir: Path
) -> AsyncIterator[Suite]:
    jwks = ensure_dev_keypair(keys_dir).jwks
    smtp_port, prosecution_port, correctional_port = free_port(), free_port(), free_port()
    run = uuid4().hex[:8]
    # Within each service's group prefix: the only groups its principal may use.
    groups = {name: f"{name}-dlq-test-{run}" for name in CONSUMERS_OF}

    def common(name: str) -> dict[str, Any]:
        return {
            "database_url": database_factory(f"dlq_{name}"),
            **bus.service_settings(name),
            "consumer_group": groups[name],
            "auth_jwks_file": jwks,
            "outbox_poll_seconds": 0.2,
            **field_key_settings(),
        }

    def agency(name: str, port: int) -> dict[str, Any]:
        """HTTPS to the stand-in inbox, with the adapter's client certificate and signing key."""
        return dict(adapter_settings(name, port))

    builders: dict[str, Callable[[], FastAPI]] = {
        "referral": lambda: referral_app(
            ReferralSettings(
                **common("referral"),
                accept_synthetic_national_ids=True,
                KONFLIKTRAD_CONTACT_KEYS=CONTACT_KEYS,
            )
        ),
        "youth_plan": lambda: youth_plan_app(YouthPlanSettings(**common("youth_plan"))),
        "mediation": lambda: mediation_app(MediationSettings(**common("mediation"))),
        "notification": lambda: notification_app(
            NotificationSettings(
                **common("notification"),
                smtp_port=smtp_port,
                smtp_ca_file=local_ca.ensure_ca(),  # STARTTLS, as outside the embedded profile
                KONFLIKTRAD_CONTACT_KEYS=CONTACT_KEYS,
            )
        ),
        "prosecution_adapter": lambda: create_agency_adapter(
            ProsecutionAdapterSettings(
                **common("prosecution_adapter"),
                **agency("prosecution_adapter", prosecution_port),
            )
        ),
        "correctional_adapter": lambda: create_agency_adapter(
            CorrectionalAdapterSettings(
                **common("correctional_adapter"),
                **agency("correctional_adapter", correctional_port),
            )
        ),
    }
    async with AsyncExitStack() as stack:
        standins = await stack.enter_async_context(
            running_standins(
                smtp_port=smtp_port,
                prosecution_port=prosecution_port,
                correctional_port=correctional_port,
            )
        )
        apps: dict[str, FastAPI] = {}
        for name, build in builders.items():
            await start_group_at(
                bus.service(name), groups[name], await end_offsets(bus.operator, CONSUMERS_OF[name])
            )
            apps[name] = build()
            await stack.enter_async_context(
                LifespanManager(apps[name], startup_timeout=60, shutdown_timeout=30)
            )
        yield Suite(bus, apps, groups, standins)
