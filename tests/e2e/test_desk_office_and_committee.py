"""The office's and the committee's pages in the browser: a case officer files a civil case,
the leader finds it suitable (§10) and the audit trail names both; the committee sees an
applicant who is not yet eligible and from which date they would be (§§5–7), and appoints an
eligible one (§4)."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from desk_browser import DeskBrowser
from playwright.async_api import expect
from suite_support import RunningSuite

from devtools.suite import DESK

pytestmark = pytest.mark.e2e


async def test_a_civil_case_filed_and_found_suitable(suite: RunningSuite, browse) -> None:  # type: ignore[no-untyped-def]
    officer: DeskBrowser = await browse()
    await officer.sign_in("case_officer", "saksbehandler-oslo")
    async with officer.page.expect_navigation():
        await officer.page.get_by_role("link", name="Registrer sivil sak").click()
    await officer.check()
    reference = f"SIVIL-{secrets.token_hex(4).upper()}"
    page = officer.page
    await page.get_by_label("Referanse").fill(reference)
    await page.get_by_label("Innsenders navn").fill("Kari Nordmann")
    claimant = page.get_by_role("group", name="Part som tar saken inn")
    await claimant.get_by_label("Navn").fill("Kari Nordmann")
    await claimant.get_by_label("Fødselsdato").fill("1980-04-01")
    await claimant.get_by_label("Kommunenummer").fill("0301")
    await claimant.get_by_label("Samtykker").check()
    respondent = page.get_by_role("group", name="Motpart")
    await respondent.get_by_label("Navn").fill("Ola Nordmann")
    await respondent.get_by_label("Fødselsdato").fill("1979-02-03")
    await respondent.get_by_label("Kommunenummer").fill("0301")
    await respondent.get_by_label("Samtykker").check()
    await officer.press("Registrer sivil sak")
    await expect(page.locator("dl.facts")).to_contain_text("Venter på egnethetsvurdering")
    case_path = page.url.removeprefix(DESK.base_url)

    leader: DeskBrowser = await browse()
    await leader.sign_in("office_leader", "leder-oslo")
    await leader.open(case_path)
    suitability = leader.form("Egnethet (§ 10)")
    await suitability.get_by_label("Begrunnelse").fill("Partene ønsker å møtes")
    await leader.press("Avgjør", within=suitability)
    await expect(leader.page.locator("dl.facts")).to_contain_text("Registrert")
    audit = leader.page.locator("table")
    await expect(audit).to_contain_text("saksbehandler-oslo")
    await expect(audit).to_contain_text("leder-oslo")

    await leader.press("English")
    await expect(leader.page.get_by_role("heading", name="Case details")).to_be_visible()
    await expect(leader.page.locator("html")).to_have_attribute("lang", "en")
    await leader.press("Norsk (bokmål)")
    await expect(leader.page.locator("html")).to_have_attribute("lang", "nb")


async def test_the_committee_sees_when_an_applicant_becomes_eligible_and_appoints(
    suite: RunningSuite,
    browse,  # type: ignore[no-untyped-def]
) -> None:
    committee: DeskBrowser = await browse()
    await committee.sign_in("appointment_committee", "nemnd-oslo")
    await committee.open("/committee/applications/new")
    page = committee.page
    resident_since = date(date.today().year - 1, 3, 1)
    await page.get_by_label("Navn").fill("Synthetic Applicant")
    await page.get_by_label("Fødselsdato").fill("1985-06-01")
    await page.get_by_label("Statsborgerskap (landkode)").fill("DE")
    await page.get_by_label("Bosatt i Norge siden").fill(resident_since.isoformat())
    await committee.press("Send inn")
    await expect(page.locator(".status")).to_have_text("Kan ikke oppnevnes nå")
    eligible_from = page.locator(".eligible-from")
    await expect(eligible_from).to_contain_text(f"1. mars {resident_since.year + 3}")
    await committee.screenshot("nemnd-soknad")

    await committee.open("/committee/applications/new")
    await page.get_by_label("Navn").fill("Synthetic Neighbour")
    await page.get_by_label("Fødselsdato").fill("1975-09-01")
    # §6 third para: no appointment before the extended police certificate is received.
    await page.get_by_label("Utvidet politiattest mottatt").fill(date.today().isoformat())
    await committee.press("Send inn")
    await expect(page.locator(".status")).to_have_text("Kan oppnevnes")
    await page.get_by_label("Kommunens representant").fill("Oslo bystyre")
    await page.get_by_label("Politiets representant").fill("Oslo politidistrikt")
    await page.get_by_label("Konfliktrådets leder").fill("Konfliktrådet i Oslo")
    await committee.press("Oppnevn megleren (§ 4)")
    await expect(page.get_by_role("heading", name="Oppnevnte meglere")).to_be_visible()
    await expect(page.get_by_role("heading", name="Dekning per kommune")).to_be_visible()
    await committee.screenshot("nemnd-oversikt")
