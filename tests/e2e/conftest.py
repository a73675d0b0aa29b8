"""One running suite (five services, two agency adapters, the stand-ins) for the whole e2e
package: started once per session, however many e2e modules run."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from fixtures.bus import Bus
from suite_support import CORRECTIONAL_INBOX, PROSECUTION_INBOX, SMTP_PORT, RunningSuite

from devtools.standins import running_standins
from devtools.suite import SERVICES, Suite
from devtools.up_cli import local_env
from konfliktrad_shared.bus_rights import principal_name
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import ensure_dev_keypair


@pytest.fixture(scope="session")
async def suite(
    bus: Bus,
    database_factory: Callable[[str], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[RunningSuite]:
    state: Path = tmp_path_factory.mktemp("suite")
    keys = ensure_dev_keypair(state / "keys")
    env = local_env(state, bus.bootstrap)
    env["KONFLIKTRAD_CONTACT_KEYS"] = f"e2e:{generate_key()}"  # referral seals, notification opens
    for service in SERVICES:
        # On PostgreSQL a service is told its principal's password file and the CA.
        env |= bus.env(service.env_prefix, principal_name(service.name))
        env[f"{service.env_prefix}DATABASE_URL"] = database_factory(service.name)
        env[f"{service.env_prefix}FIELD_KEYS"] = f"e2e:{generate_key()}"
        env[f"{service.env_prefix}BLIND_INDEX_KEY"] = generate_key()
    # Lets an e2e test move mediation's clock past the §18 withdrawal period (PUT /test-clock);
    # the route does not exist unless this is set.
    env["MEDIATION_TEST_CLOCK_ENABLED"] = "true"
    async with running_standins(
        smtp_port=SMTP_PORT,
        prosecution_port=PROSECUTION_INBOX,
        correctional_port=CORRECTIONAL_INBOX,
    ) as standins:
        env.update(standins.notification_env())  # SMS, digital post, contact register
        processes = Suite(env, log_dir=state / "logs")
        processes.start()
        try:
            await processes.wait_ready(timeout=120)
            database_urls = {
                service.name: env[f"{service.env_prefix}DATABASE_URL"] for service in SERVICES
            }
            yield RunningSuite(bus, standins, keys, database_urls, state / "logs")
        finally:
            processes.stop()
