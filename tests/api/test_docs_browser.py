"""The API docs render in Debian's Chromium with every request off this machine refused: Swagger UI
and ReDoc come from our own static files (drf-spectacular-sidecar), so they work offline."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.admin.test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM}"),
]
LOCAL = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture
def offline_page(live_server, monkeypatch):
    """A tab whose every request to a host other than this machine is aborted and recorded."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    refused: list[str] = []

    def only_local(route):
        url = route.request.url
        if urlsplit(url).hostname in LOCAL or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", only_local)
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        tab.refused = refused
        yield tab
        context.close()
        browser.close()


def test_swagger_ui_renders_every_operation_with_no_outside_request(offline_page, live_server):
    offline_page.goto(f"{live_server.url}/api/v1/docs/")
    offline_page.wait_for_selector(".swagger-ui .info .title")
    offline_page.wait_for_selector(".opblock")
    assert "Crosscheck API" in offline_page.locator(".swagger-ui .info .title").inner_text()
    paths = offline_page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.rstrip("/").endswith("/claims") for p in paths), paths
    assert any("checks/{id}/review" in p for p in paths), paths
    offline_page.screenshot(path=str(ARTIFACTS / "api-docs-swagger.png"))
    assert offline_page.refused == []


def test_redoc_renders_the_operations_with_no_outside_request(offline_page, live_server):
    offline_page.goto(f"{live_server.url}/api/v1/redoc/")
    offline_page.wait_for_selector("h1")
    assert "Crosscheck API" in offline_page.locator("h1").first.inner_text()
    menu = offline_page.locator(".menu-content").inner_text()
    assert "claims" in menu.lower()
    offline_page.screenshot(path=str(ARTIFACTS / "api-docs-redoc.png"))
    assert offline_page.refused == []
