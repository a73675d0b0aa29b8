"""What the desk shows when the law says no, and what it does not show at all: a service's
refusal beside the field with its § and the person's input kept; another mediator's case
and another office's case are "not found", as the APIs answer."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from desk_browser import DeskBrowser
from desk_cases import Setup
from playwright.async_api import expect
from suite_support import RunningSuite

pytestmark = pytest.mark.e2e


async def test_money_in_a_victimless_case_is_refused_beside_the_field(
    suite: RunningSuite,
    browse,  # type: ignore[no-untyped-def]
) -> None:
    setup = Setup.of(suite)
    try:
        (mediator_id,) = await setup.mediators(1)
        _, case_id = await setup.mediation_case(suite, victimless=True)
    finally:
        await setup.close()

    leader: DeskBrowser = await browse()
    await leader.sign_in("office_leader", "leder-oslo")
    await leader.open(f"/mediation/{case_id}")
    await leader.page.locator("#mediators form").get_by_label(re.compile(f"^{mediator_id}")).check()
    await leader.press("Oppnevn")

    meeting = leader.form("Berammer møte")
    starts = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    await meeting.get_by_label("Tidspunkt").fill(starts)
    # A victimless offence is mediated only with an affected private person (§12 third
    # para): without one, mediation refuses, and the refusal names its provision.
    await leader.press("Beram")
    await expect(meeting.locator(".refusal").first).to_contain_text("§12 third para")
    await expect(meeting.get_by_label("Tidspunkt")).to_have_value(starts)
    await meeting.get_by_label(re.compile("^Berørt person")).fill("nabo-1")
    await meeting.get_by_label("Begrunnelse for berørt person").fill(
        "Naboen fikk hagen ødelagt og ønsker å møte"
    )
    await leader.press("Beram")
    await expect(leader.page.locator("#meetings")).to_contain_text("nabo-1")

    mediator: DeskBrowser = await browse()
    await mediator.sign_in("mediator", mediator_id)
    await mediator.open(f"/mediation/{case_id}")
    agreement = mediator.form("Registrer avtale")
    await agreement.get_by_label("Type ytelse").select_option("money")
    await agreement.get_by_label("Omfang").fill("2 000 kroner for hagen")
    await agreement.get_by_label("Frist").fill((date.today() + timedelta(days=30)).isoformat())
    await mediator.press("Registrer avtale")

    kind = agreement.get_by_label("Type ytelse")
    beside = agreement.locator('[data-refusal-for="performance_kind"]')
    await expect(beside).to_contain_text("konfliktrådsloven §12 third para")
    await expect(beside).to_contain_text("no economic compensation")
    await expect(kind).to_have_attribute("aria-invalid", "true")
    await expect(kind).to_have_value("money")
    await expect(agreement.get_by_label("Omfang")).to_have_value("2 000 kroner for hagen")
    await mediator.screenshot("avslag-ved-feltet")


async def test_another_mediators_case_and_another_offices_case_are_not_found(
    suite: RunningSuite,
    browse,  # type: ignore[no-untyped-def]
) -> None:
    setup = Setup.of(suite)
    try:
        assigned, stranger = await setup.mediators(2)
        _, mediation_case = await setup.mediation_case(suite)
        youth_reference, youth_case = await setup.youth_sentence()
    finally:
        await setup.close()

    leader: DeskBrowser = await browse()
    await leader.sign_in("office_leader", "leder-oslo")
    await leader.open(f"/mediation/{mediation_case}")
    await leader.page.locator("#mediators form").get_by_label(re.compile(f"^{assigned}")).check()
    await leader.press("Oppnevn")

    other_mediator: DeskBrowser = await browse()
    await other_mediator.sign_in("mediator", stranger)
    await expect(other_mediator.page.get_by_role("link", name=mediation_case)).to_have_count(0)
    await other_mediator.open(f"/mediation/{mediation_case}")
    await expect(other_mediator.page.get_by_role("heading", level=1)).to_have_text(
        "Fant ikke siden"
    )
    await expect(other_mediator.page.get_by_text(mediation_case)).to_have_count(0)

    bergen: DeskBrowser = await browse()
    await bergen.sign_in("youth_coordinator", "koordinator-bergen", office="konfliktradet-bergen")
    await expect(bergen.page.get_by_role("link", name=youth_reference)).to_have_count(0)
    await bergen.open(f"/youth/{youth_case}")
    await expect(bergen.page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")

    oslo: DeskBrowser = await browse()
    await oslo.sign_in("youth_coordinator", "koordinator-oslo")
    await oslo.open(f"/youth/{youth_case}")
    await expect(oslo.page.get_by_role("heading", level=1)).to_contain_text(youth_case)
