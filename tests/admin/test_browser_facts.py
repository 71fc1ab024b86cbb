"""The editor's day by fact, in Debian's Chromium: the queue of facts to decide shows one row for the
disagreeing fact; its page shows every source; the editor marks the wire's 137 as wrong with a
note and publishes a ClaimReview; the JSON-LD feed then rates the 137 claim, not the 130. A
decision without a note is refused and nothing is recorded. Screenshots of the queue, the fact
page and the publishing form go to test-artifacts/."""
from __future__ import annotations

from datetime import date

from review.models import ClaimReview, Decision
from tests.admin import factories
from tests.admin.test_browser import ARTIFACTS, log_in, page, pytestmark  # noqa: F401  (the fixture and marks)
from tests.api.conftest import keyed, make_key
from tests.api.factories import check


def _paris_toll():
    """Two outlets say 130 died in the Paris attacks; a wire copy days later says 137."""
    first = factories.article("The Paris attacks killed 130 people, officials said.", outlet="France 24",
                              published=date(2015, 11, 20))
    second = factories.article("In Paris, the attacks killed 130 people.", outlet="Le Monde", published=date(2015, 11, 21))
    wire = factories.article("The Paris attacks killed 137 people.", outlet="Wire Service", published=date(2015, 11, 24),
                             url="https://wire.example/paris-137")
    a = factories.claim(first, "130", value=130, places=["Paris"], running_total=True)
    b = factories.claim(second, "130", value=130, places=["Paris"], running_total=True)
    w = factories.claim(wire, "137", value=137, places=["Paris"], running_total=True)
    check(b, [a], verdict="consistent", explanation="both say 130")
    check(w, [a], verdict="conflict", explanation="137 against 130")
    check(w, [b], verdict="conflict", explanation="137 against 130")
    return a, b, w


def test_an_editor_decides_a_fact_and_publishes_a_claim_review_of_the_wrong_figure(page, live_server):  # noqa: F811
    a, b, wrong = _paris_toll()
    factories.editor("edith")
    log_in(page, live_server, "edith")

    # The queue: one row for the fact, whatever the number of mismatches in it.
    page.click("nav.cc-nav >> text=Facts to decide")
    page.wait_for_selector("#facts-to-decide")
    rows = page.locator("#facts-to-decide tr.cc-fact-row")
    assert rows.count() == 1
    assert "2 open mismatches" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "desk-facts-to-decide.png"), full_page=True)

    # The fact page: every source side by side.
    rows.first.locator("a").click()
    page.wait_for_selector("#fact-claims")
    text = page.locator("#fact-claims").inner_text()
    assert "France 24" in text and "Le Monde" in text and "Wire Service" in text
    page.screenshot(path=str(ARTIFACTS / "desk-fact-page.png"), full_page=True)

    # A decision needs a note: without one nothing is recorded.
    row = page.locator(f"#fact-claim-{wrong.id}")
    row.locator("select[name=kind]").select_option("wrong")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .error")
    assert "note" in page.locator(".messagelist").inner_text().lower()
    assert not Decision.objects.exists()

    row = page.locator(f"#fact-claim-{wrong.id}")
    row.locator("select[name=kind]").select_option("wrong")
    row.locator("textarea[name=note]").fill("137 counts the seven attackers; the prosecutor's toll is 130.")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    decision = Decision.objects.get()
    assert decision.claim_id == wrong.id and decision.kind == "wrong" and decision.made_by.username == "edith"

    # Publishing: the rating from the fixed scale and the newsroom's fact-check page.
    form = page.locator(f"#decision-{decision.id} form.cc-publish-form")
    form.locator("select[name=rating]").select_option("false")
    form.locator("input[name=url]").fill("https://newsroom.example/fact-check/paris-toll")
    page.screenshot(path=str(ARTIFACTS / "desk-publish-form.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    published = ClaimReview.objects.get()
    assert published.state == "published" and published.url == "https://newsroom.example/fact-check/paris-toll"

    # The feed rates the 137, not the 130.
    _, key = make_key(factories.viewer("vera"), "feed reader")
    feed = keyed(key).get("/api/v1/claimreview/").json()
    items = [entry.get("item", entry) for entry in feed["itemListElement"]]
    assert len(items) == 1
    assert "137" in items[0]["claimReviewed"] and "130" not in items[0]["claimReviewed"]
    assert items[0]["reviewRating"]["alternateName"] == "False"
