"""A youth sentence played through the desk's pages alone to its escalation: the coordinator
holds the youth conference, the plan is approved, a breach is recorded, the conversation is
held, and the repeated breach is transferred with the consents of the police and the
correctional service (§31 third para) — which reaches the correctional service's inbox."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from desk_browser import DeskBrowser
from desk_cases import Setup
from playwright.async_api import expect
from suite_support import RunningSuite

pytestmark = pytest.mark.e2e


async def test_a_youth_sentence_escalated_through_the_desk(suite: RunningSuite, browse) -> None:  # type: ignore[no-untyped-def]
    setup = Setup.of(suite)
    try:
        reference, case_id = await setup.youth_sentence()
    finally:
        await setup.close()
    today = date.today().isoformat()

    coordinator: DeskBrowser = await browse()
    await coordinator.sign_in("youth_coordinator", "koordinator-oslo")
    await expect(coordinator.page.get_by_role("heading", name="Ungdomssaker")).to_be_visible()
    async with coordinator.page.expect_navigation():
        await coordinator.page.get_by_role("link", name=reference).click()
    await coordinator.check()

    conference = coordinator.form("Beram ungdomsstormøte")
    starts = (datetime.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    await conference.get_by_label("Tidspunkt").fill(starts)
    await coordinator.press("Beram")

    held = coordinator.form("Registrer ungdomsstormøte holdt")
    await held.get_by_label("Dato").fill(today)
    for who in ("Domfelte / siktede", "Verger", "Kriminalomsorgen", "Politiet"):
        await held.get_by_label(who, exact=True).check()
    await coordinator.press("Lagre")
    await expect(coordinator.page.locator("#conference")).to_contain_text("Stormøter holdt: 1")

    plan = coordinator.form("Godkjenn ungdomsplanen")
    for who in ("Ungdomskoordinator", "Domfelte / siktede", "Verger"):
        await plan.get_by_label(f"Godkjent av: {who}").check()
    await plan.get_by_label("c) Oppgaver for samfunnet").check()
    await coordinator.screenshot("ungdomsstraff-plan")
    await coordinator.press("Godkjenn ungdomsplanen", within=plan)
    await expect(coordinator.page.locator("#plan")).to_contain_text("Planen godkjent")
    allowed = coordinator.page.locator(".allowed-steps")
    await expect(allowed).to_contain_text("Registrere brudd")
    await expect(allowed).not_to_contain_text("Innkalle til bruddsamtale")

    # the office's list: the next deadline is the execution period's end, with its provision
    await coordinator.open("/")
    row = coordinator.page.get_by_role("row").filter(has_text=reference)
    await expect(row).to_contain_text("Gjennomføringstiden slutter")
    await expect(row).to_contain_text("konfliktrådsloven §23 first para")
    await coordinator.screenshot("saksliste-koordinator")
    await coordinator.open(f"/youth/{case_id}")

    breach = coordinator.form("Registrer brudd")
    await breach.get_by_label("Dato for bruddet").fill(today)
    await coordinator.press("Registrer brudd", within=breach)
    last_step = coordinator.page.locator(".last-step")
    await expect(last_step).to_contain_text("Bruddsamtale")
    await expect(last_step.locator(".basis")).to_contain_text("§")
    # youth_plan's answer to "what may I do now": each step with its consents and provision
    summon_step = allowed.get_by_role("row").filter(has_text="Innkalle til bruddsamtale")
    await expect(summon_step).to_contain_text("konfliktrådsloven §31 first para")
    conditions_step = allowed.get_by_role("row").filter(has_text="Fastsette vilkår")
    await expect(conditions_step).to_contain_text("Kriminalomsorgen")
    await expect(conditions_step).to_contain_text("Politiet")
    await expect(conditions_step).to_contain_text("konfliktrådsloven §31 second para")
    await coordinator.screenshot("ungdomsstraff-neste-steg")

    summons = coordinator.form("Innkall til bruddsamtale")
    await summons.get_by_label("Tidspunkt").fill(starts)
    await coordinator.press("Innkall til bruddsamtale", within=summons)
    talk = coordinator.form("Registrer bruddsamtalen holdt")
    await talk.get_by_label("Dato").fill(today)
    await coordinator.press("Registrer bruddsamtalen holdt", within=talk)
    await expect(coordinator.page.locator("#ladder")).to_contain_text(
        date.today().strftime("%d.%m.%Y")
    )

    breach = coordinator.form("Registrer brudd")
    await breach.get_by_label("Dato for bruddet").fill(today)
    await breach.get_by_label("Koordinatorens beslutning ved gjentatt brudd").select_option(
        "transfer"
    )
    await breach.get_by_label("Politiet").check()
    await breach.get_by_label("Kriminalomsorgen").check()
    await coordinator.press("Registrer brudd", within=breach)
    await expect(coordinator.page.locator(".last-step")).to_contain_text("Oversendelse")
    await expect(allowed).to_contain_text("begjæring sendt retten")
    await expect(allowed).not_to_contain_text("Registrere brudd")
    await coordinator.screenshot("ungdomsstraff-oversendt")

    escalation = await suite.standins.correctional.wait_for_delivery(case_id)
    assert escalation.subject == case_id
    await coordinator.open(f"/youth/{case_id}")
    await expect(coordinator.page.locator(".escalated")).to_be_visible()
