"""/metrics answers only the scraper holding the deployment's token; none set: nobody."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import CollectorRegistry, make_asgi_app

from konfliktrad_shared.metrics_access import ScrapeTokenRequired
from konfliktrad_shared.settings import ServiceSettings

TOKEN = "s" * 40


async def scrape(token: str, headers: dict[str, str] | None = None) -> httpx.Response:
    app = FastAPI()
    app.mount("/metrics", ScrapeTokenRequired(make_asgi_app(CollectorRegistry()), token))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        return await http.get("/metrics/", headers=headers or {})


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}],
)
async def test_a_scrape_without_the_token_is_refused(headers: dict[str, str]) -> None:
    response = await scrape(TOKEN, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="metrics"'


async def test_the_scraper_with_the_token_gets_the_metrics() -> None:
    response = await scrape(TOKEN, {"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


async def test_without_a_configured_token_nobody_scrapes() -> None:
    assert (await scrape("", {"Authorization": "Bearer "})).status_code == 401


def test_a_short_token_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="32"):
        ScrapeTokenRequired(make_asgi_app(CollectorRegistry()), "short")


def test_the_token_comes_from_a_file_as_a_secret_is_mounted(tmp_path: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n")
    settings = ServiceSettings(service_name="t", http_port=0, metrics_token_file=tmp_path / "token")
    assert settings.metrics_scrape_token() == TOKEN
