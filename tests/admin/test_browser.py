"""The review desk end to end in Debian's Chromium, driven by Playwright: an editor logs in, opens the
queue, opens the Syria toll mismatch, resolves it with a note and sees it in the history; a viewer
cannot resolve. Screenshots of the queue, the compare page and the timeline go to test-artifacts/."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from facts.models import Check
from review.models import Review, ReviewEvent
from tests.admin import factories

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"),
]


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are
    # ordinary synchronous ones, made between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        context.close()
        browser.close()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#review-desk")


def resolve_in_browser(page, live_server, check: Check, *, shots: str) -> None:
    editor = factories.editor("edith")
    log_in(page, live_server, "edith")

    # The queue: the mismatch is listed, open.
    page.click("nav.cc-nav >> text=Mismatch queue")
    page.wait_for_selector("#result_list")
    row = page.locator(f"#result_list tr:has(a[href$='/admin/facts/check/{check.id}/change/'])")
    assert "Open" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"{shots}-queue.png"), full_page=True)

    # The compare page: both sentences marked, both outlets.
    row.locator(f"a[href$='/admin/facts/check/{check.id}/change/']").first.click()
    page.wait_for_selector("#review-form")
    claims = page.locator("#claims").inner_text()
    assert "France 24" in claims and "Middle East Eye" in claims
    assert page.locator("#claims mark.cc-quote").count() == 2
    page.screenshot(path=str(ARTIFACTS / f"{shots}-compare.png"), full_page=True)
    page.locator("#timeline svg").screenshot(path=str(ARTIFACTS / f"{shots}-compare-timeline.png"))

    # One click to resolve, with a note; the history shows who and what.
    note = "Fabius cites the Observatory's 300,000; MEE the UN's 250,000. Both attributed in our copy."
    page.fill("#id_note", note)
    page.click("#review-form button[value=resolved]")
    page.wait_for_selector(".messagelist")
    assert f"Check {check.id} marked resolved" in page.locator(".messagelist").inner_text()
    assert "Resolved" in page.locator("#review-status").inner_text()
    history = page.locator("#history").inner_text()
    assert "edith" in history and note in history and "open → resolved" in history

    review = Review.objects.get(check_obj_id=check.id)
    assert (review.status, review.note, review.reviewer_id) == ("resolved", note, editor.id)
    event = ReviewEvent.objects.get(review=review, to_status="resolved")
    assert (event.actor_id, event.note, event.from_status) == (editor.id, note, "open")

    # The fact's timeline page.
    page.click("#fact h2 a")
    page.wait_for_selector("svg.cc-timeline")
    assert page.locator("svg.cc-timeline circle.cc-point").count() >= 2
    page.screenshot(path=str(ARTIFACTS / f"{shots}-timeline.png"), full_page=True)

    # The article, its claims marked by state; and the desk's home with the decision in its activity.
    page.goto(f"{live_server.url}/admin/sources/article/{check.claim.article_id}/change/")
    page.wait_for_selector("#article-body mark.cc-mark")
    page.screenshot(path=str(ARTIFACTS / f"{shots}-article.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/")
    assert note[:40] in page.locator("#recent-activity").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"{shots}-home.png"), full_page=True)

    # Back in the queue, it is no longer open.
    page.goto(f"{live_server.url}/admin/facts/check/?status=open")
    assert page.locator(f"#result_list a[href$='/admin/facts/check/{check.id}/change/']").count() == 0


@pytest.mark.model
def test_editor_resolves_the_seeded_syria_toll_mismatch(page, live_server):
    call_command("load_seeds", stdout=open(os.devnull, "w"))
    toll = factories.seeded_syria_toll()
    resolve_in_browser(page, live_server, toll, shots="seeded")


def test_editor_resolves_a_mismatch_in_the_browser(page, live_server):
    """The same flow on rows made directly, so the desk is proven without the spaCy model."""
    toll = factories.syria_toll()["toll"]
    resolve_in_browser(page, live_server, toll, shots="desk")


def test_viewer_cannot_resolve(page, live_server):
    toll = factories.syria_toll()["toll"]
    factories.viewer("victor")
    log_in(page, live_server, "victor")
    page.goto(f"{live_server.url}/admin/facts/check/{toll.id}/change/")
    page.wait_for_selector("#claims")
    assert page.locator("#review-form").count() == 0
    assert page.locator("button[value=resolved]").count() == 0
    assert "needs the Editors role" in page.locator("#review").inner_text()

    # Even a hand-made POST is refused.
    answer = page.evaluate(
        """async (url) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const body = new URLSearchParams({status: 'resolved', note: 'x', expected: 'open', csrfmiddlewaretoken: token});
            const response = await fetch(url, {method: 'POST', body, credentials: 'same-origin'});
            return [response.status, await response.text()];
        }""",
        f"{live_server.url}/admin/facts/check/{toll.id}/review/",
    )
    assert answer[0] == 403 and "CSRF" not in answer[1]  # refused for the role, not for the token
    assert Review.objects.get(check_obj=toll).status == "open"
    assert not ReviewEvent.objects.exists()
