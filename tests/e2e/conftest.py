"""One running suite (five services, two agency adapters, the stand-ins) for the whole e2e
package: started once per session, however many e2e modules run; the desk and a headless
Chromium only for the modules that ask for them."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from desk_browser import CHROMIUM, DeskBrowser
from fixtures.bus import Bus
from playwright.async_api import Browser, BrowserContext, async_playwright
from suite_support import (
    CORRECTIONAL_INBOX,
    METRICS_TOKEN,
    PROSECUTION_INBOX,
    SMTP_PORT,
    RunningSuite,
)

from devtools.bench_suite import fresh_consumer_groups
from devtools.standins import running_standins
from devtools.suite import DESK, SERVICES, Suite, port_offset
from devtools.suite import service as service_named
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
        env[f"{service.env_prefix}METRICS_TOKEN"] = METRICS_TOKEN
    # Consumer groups of this run alone, starting at the topics' current end: the default
    # groups are shared with every other suite on the same broker, whose members would take
    # (and commit) the partitions this run's messages land on.
    groups = await fresh_consumer_groups(bus.bootstrap, secrets.token_hex(4), "e2e")
    env.update(groups)
    # Lets an e2e test move mediation's clock past the §18 withdrawal period (PUT /test-clock);
    # the route does not exist unless this is set.
    env["MEDIATION_TEST_CLOCK_ENABLED"] = "true"
    offset = port_offset()
    env["NOTIFICATION_SMTP_PORT"] = str(SMTP_PORT + offset)
    async with running_standins(
        smtp_port=SMTP_PORT + offset,
        prosecution_port=PROSECUTION_INBOX + offset,
        correctional_port=CORRECTIONAL_INBOX + offset,
    ) as standins:
        env.update(standins.notification_env())  # SMS, digital post, contact register
        processes = Suite(env, log_dir=state / "logs")
        processes.start()
        try:
            await processes.wait_ready(timeout=120)
            database_urls = {
                service.name: env[f"{service.env_prefix}DATABASE_URL"] for service in SERVICES
            }
            by_service = {
                service.name: groups[f"{service.env_prefix}CONSUMER_GROUP"] for service in SERVICES
            }
            yield RunningSuite(bus, standins, keys, database_urls, state / "logs", by_service)
        finally:
            processes.stop()


@pytest.fixture(scope="session")
async def desk(suite: RunningSuite) -> AsyncIterator[str]:
    """The staff desk against the running suite, with the development sign-in that mints
    the suite's development tokens."""
    state = suite.keys.private_key.parent.parent
    env = {
        "KONFLIKTRAD_STATE_DIR": str(state),
        "DESK_DEVELOPMENT_SIGN_IN": "true",
        "DESK_DEVELOPMENT_KEYS_DIR": str(suite.keys.private_key.parent),
        **{
            f"DESK_{name.upper()}_URL": service_named(name).base_url
            for name in ("referral", "mediation", "youth_plan", "vetting")
        },
    }
    process = Suite(env, log_dir=state / "logs")
    process.start_one(DESK)
    try:
        await process.wait_ready(timeout=60)
        yield DESK.base_url
    finally:
        process.stop()


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        # --lang: the browser's own widgets (date fields) in Norwegian, as on a staff laptop.
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--lang=nb"])
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
async def browse(
    desk: str, chromium: Browser
) -> AsyncIterator[Callable[[], Awaitable[DeskBrowser]]]:
    """A new browser tab per person (each with their own cookies), closed after the test."""
    contexts: list[BrowserContext] = []
    axe = Axe()

    async def new_person() -> DeskBrowser:
        context = await chromium.new_context(
            locale="nb-NO", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        return DeskBrowser(await context.new_page(), axe)

    yield new_person
    for context in contexts:
        await context.close()
