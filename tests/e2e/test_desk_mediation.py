"""A mediation played through the desk's pages alone, in headless Chromium, each page
checked with axe: the leader assigns two mediators, a mediator books the meeting (and is
refused a second one at the same time, beside the field), records the signed agreement, both
approve it, the §18 withdrawal period shows and is the case's next deadline in the office's
list, the outcome is recorded and the leader reports the agreement fulfilled."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from desk_browser import DeskBrowser
from desk_cases import Setup
from playwright.async_api import expect
from suite_support import RunningSuite

pytestmark = pytest.mark.e2e


async def test_a_mediation_played_through_the_desk(suite: RunningSuite, browse) -> None:  # type: ignore[no-untyped-def]
    setup = Setup.of(suite)
    try:
        first, second = await setup.mediators(2)
        reference, case_id = await setup.mediation_case(suite)
    finally:
        await setup.close()

    leader: DeskBrowser = await browse()
    await leader.sign_in("office_leader", "leder-oslo")
    await expect(leader.page.get_by_role("heading", name="Kontorets saker")).to_be_visible()
    await leader.screenshot("saksliste-leder")
    async with leader.page.expect_navigation():
        await leader.page.get_by_role("link", name=reference).click()
    await leader.check()
    await expect(leader.page.locator("dl.facts")).to_contain_text("Registrert")
    await leader.screenshot("sak-referral")
    async with leader.page.expect_navigation():
        await leader.page.get_by_role("link", name="Åpne saksarbeidet").click()
    await leader.check()
    await expect(leader.page.get_by_role("heading", level=1)).to_contain_text(case_id)

    assign = leader.page.locator("#mediators form")
    await assign.get_by_label(re.compile(f"^{first}")).check()
    await assign.get_by_label(re.compile(f"^{second}")).check()
    await assign.get_by_label("Ledende megler").select_option(first)
    await leader.press("Oppnevn")
    await expect(leader.page.locator("dl.facts")).to_contain_text(second)

    mediator: DeskBrowser = await browse()
    await mediator.sign_in("mediator", first)
    await expect(mediator.page.get_by_role("link", name=case_id)).to_be_visible()
    async with mediator.page.expect_navigation():
        await mediator.page.get_by_role("link", name=case_id).click()
    await mediator.check()

    # the mediator books the case's meeting, and cannot be booked twice at that time (§14)
    meeting = mediator.form("Berammer møte")
    starts = (datetime.now() + timedelta(days=2)).replace(hour=10, minute=0)
    await meeting.get_by_label("Tidspunkt").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    await mediator.press("Beram")
    await expect(mediator.page.locator("#meetings")).to_contain_text(
        starts.strftime("%d.%m.%Y kl. 10.00")
    )
    clash = (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    meeting = mediator.form("Berammer møte")
    await meeting.get_by_label("Tidspunkt").fill(clash)
    await mediator.press("Beram")
    beside = meeting.locator('[data-refusal-for="starts_at"]')
    await expect(beside).to_contain_text("konfliktrådsloven §14")
    await expect(beside).to_contain_text("already booked")
    await expect(meeting.get_by_label("Tidspunkt")).to_have_value(clash)
    await mediator.screenshot("megling-dobbeltbooking")
    notes = mediator.page.get_by_role("form", name="Kontakt- og forberedelsesnotater")
    await notes.get_by_label("Nytt notat").fill("Ringte begge parter; de ønsker å møtes.")
    await mediator.press("Lagre notatet", within=notes)
    await expect(mediator.page.locator("#meetings")).to_contain_text("ønsker å møtes")
    agreement = mediator.form("Registrer avtale")
    await agreement.get_by_label("Type ytelse").select_option("apology")
    await agreement.get_by_label("Omfang").fill("En skriftlig unnskyldning")
    await agreement.get_by_label("Frist").fill((date.today() + timedelta(days=30)).isoformat())
    await agreement.get_by_label("Ytes av").select_option("offender")
    await agreement.get_by_label("Ytes til").select_option("victim-1")
    await mediator.press("Registrer avtale")
    await expect(mediator.page.locator(".agreement")).to_contain_text("En skriftlig unnskyldning")
    await mediator.press("Godkjenn avtalen")
    await expect(mediator.page.locator(".agreement")).to_contain_text("Venter på meglernes")

    other: DeskBrowser = await browse()
    await other.sign_in("mediator", second)
    await other.open(f"/mediation/{case_id}")
    await other.press("Godkjenn avtalen")
    window = other.page.locator(".withdrawal")
    await expect(window).to_contain_text("Angrefrist (§ 18)")
    await expect(window.locator(".countdown")).to_contain_text("dager igjen")
    await other.screenshot("megling-angrefrist")

    # the office's list: the case's next deadline is the §18 period's last day
    await leader.open("/")
    row = leader.page.get_by_role("row").filter(has_text=reference)
    await expect(row).to_contain_text("Angrefristen løper ut")
    await expect(row).to_contain_text("konfliktrådsloven §18 first para")

    await other.press("Registrer utfall")
    await expect(other.page.locator("#meetings")).to_contain_text("Avtale inngått")
    outcome = await suite.standins.prosecution.wait_for_delivery(case_id)
    assert outcome.subject == case_id

    await leader.open(f"/mediation/{case_id}")
    await leader.press("Meld avtalen oppfylt")
    await expect(leader.page.locator(".agreement")).to_contain_text("Oppfylt")
    await leader.screenshot("megling-oppfylt")

    await leader.open("/figures")
    this_month = datetime.now().strftime("%Y-%m")
    await expect(leader.page.get_by_role("row", name=re.compile(this_month)).first).to_be_visible()
    await leader.screenshot("kontorets-tall")
    download = await leader.page.request.get(f"{leader.page.url}.csv")
    assert download.ok
    header, *months = (await download.text()).splitlines()
    columns = header.split(";")
    assert columns[:3] == ["month", "source", "received_criminal"]
    found = [dict(zip(columns, line.split(";"), strict=True)) for line in months]
    # this month: the intake received the case, mediation saw it fulfilled
    intake = [r for r in found if r["month"] == this_month and r["source"] == "referral"]
    handled = [r for r in found if r["month"] == this_month and r["source"] == "mediation"]
    assert intake and int(intake[0]["received_criminal"]) >= 1
    assert handled and int(handled[0]["closed_fulfilled"]) >= 1
