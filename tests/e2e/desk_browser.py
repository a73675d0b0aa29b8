"""The desk in a real browser: Debian's Chromium driven by Playwright, every page checked
with axe-core for WCAG 2.1 A and AA, screenshots for docs/desk.md when asked for."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

from devtools.suite import DESK

CHROMIUM = os.environ.get("DESK_CHROMIUM", "/usr/bin/chromium")
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# `DESK_SCREENSHOTS=docs/desk` makes the tests write the images docs/desk.md shows.
SCREENSHOTS = os.environ.get("DESK_SCREENSHOTS")


@dataclass
class DeskBrowser:
    """One person's browser tab on the desk. Every page it lands on is checked with axe."""

    page: Page
    axe: Axe
    checked: list[str] = field(default_factory=list)

    async def open(self, path: str) -> None:
        await self.page.goto(f"{DESK.base_url}{path}")
        await self.check()

    async def sign_in(self, persona: str, subject: str, office: str = "konfliktradet-oslo") -> None:
        await self.open("/sign-in")
        await self.page.get_by_label("Rolle").select_option(persona)
        await self.page.get_by_label("Kontor").select_option(office)
        await self.page.get_by_label(re.compile("Bruker-ID")).fill(subject)
        await self.press("Logg inn")

    async def press(self, button: str, within: Any = None) -> None:
        """Submit by keyboard: focus the button and press Enter, as someone without a mouse."""
        scope = within if within is not None else self.page
        target = scope.get_by_role("button", name=button, exact=True)
        await target.focus()
        async with self.page.expect_navigation():
            await self.page.keyboard.press("Enter")
        await self.check()

    async def check(self) -> None:
        results = await self.axe.run(self.page, options=WCAG_21_AA)
        self.checked.append(self.page.url)
        assert results.violations_count == 0, (
            f"axe on {self.page.url}:\n{results.generate_report()}"
        )

    async def screenshot(self, name: str) -> None:
        if SCREENSHOTS:
            # Playwright makes the directory itself.
            await self.page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)

    def form(self, heading: str) -> Any:
        """The form labelled by `heading` (each form names itself with its heading)."""
        return self.page.get_by_role("form", name=heading)
