"""The editor's day by fact, in Debian's Chromium, on articles read by the real pipeline: the queue
of facts to decide shows one row for the disagreeing fact, named in words; the editor narrows it
with the filters (story, outlet, place) and assigns the fact to herself ("assigned to me"); its
page shows every source; a hotel fire's toll that was read as the attacks' is moved out with "not
this fact" and stays out when its article is extracted again; the editor marks the wire's 137 as
wrong with a note and publishes a ClaimReview; the JSON-LD feed then rates the 137 claim, not the
130. A decision without a note is refused and nothing is recorded. Screenshots of the queue, the
fact page and the publishing form go to test-artifacts/."""
from __future__ import annotations

from datetime import date

import pytest

from claims.models import Claim
from facts.models import FactClaim
from review.models import ClaimReview, Decision, FactAssignment
from sources.services import article_ingest
from tests.admin import factories
from tests.admin.test_browser import ARTIFACTS, log_in, page, pytestmark  # noqa: F401  (the fixture and marks)
from tests.api.conftest import keyed, make_key

pytestmark = [*pytestmark, pytest.mark.model]  # noqa: F811

ARTICLES = [
    ("The Paris attacks killed 130 people, officials said.", "France 24", date(2015, 11, 20), "https://f24.example/paris"),
    ("In Paris, the attacks killed 130 people.", "Le Monde", date(2015, 11, 21), "https://lemonde.example/paris"),
    ("A fire in a Paris hotel killed 41 people, the fire brigade said.", "Le Parisien", date(2015, 11, 23),
     "https://leparisien.example/hotel-fire"),
    ("The Paris attacks killed 137 people.", "Wire Service", date(2015, 11, 24), "https://wire.example/paris-137"),
]


def _paris_toll():
    """Two outlets say 130 died in the Paris attacks; a wire days later says 137; a hotel fire's 41
    dead in Paris is read as the same fact (close enough to be a report of it). Ingested, extracted and cross-checked by the product."""
    articles = [
        article_ingest(raw=text, outlet=outlet, url=url, published=day, headline=f"Paris toll: {outlet}").article
        for text, outlet, day, url in ARTICLES
    ]
    claims = [Claim.objects.get(article=a, kind="count") for a in articles]
    fact = FactClaim.objects.get(claim=claims[0]).fact_id
    assert all(FactClaim.objects.get(claim=c).fact_id == fact for c in claims)  # one fact, as read
    return articles, claims, fact


def _filter(page, **fields):
    form = page.locator("#queue-filters")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value) if value else field.select_option(value="")
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#facts-to-decide")
    return page.locator("#facts-to-decide tr.cc-fact-row")


def test_an_editor_decides_a_fact_and_publishes_a_claim_review_of_the_wrong_figure(page, live_server):  # noqa: F811
    articles, (a, b, fire, wrong), fact = _paris_toll()
    edith = factories.editor("edith")
    log_in(page, live_server, "edith")

    # The queue: one row for the fact, whatever the number of mismatches in it, named in words.
    page.click("nav.cc-nav >> text=Facts to decide")
    page.wait_for_selector("#facts-to-decide")
    rows = page.locator("#facts-to-decide tr.cc-fact-row")
    assert rows.count() == 1
    # 137 against each 130, and the fire's 41, read into the fact (a figure close enough to be a
    # report of the toll, with its key and place; the editor corrects it below), against both
    # 130s and the 137.
    assert "5 open mismatches" in rows.first.inner_text()
    assert "deaths · Paris" in rows.first.inner_text() and "count · people" not in rows.first.inner_text()
    assert page.locator("#new-count").inner_text() == "1"  # first visit: everything is new

    # The filters narrow it: the story's headline and an outlet keep it, another place drops it.
    rows = _filter(page, story="Paris toll", outlet="Le Parisien")
    assert rows.count() == 1
    rows = _filter(page, story="", outlet="", place="Lyon")
    assert rows.count() == 0 and "No fact waits" in page.locator("#facts-to-decide").inner_text()
    rows = _filter(page, place="paris")
    assert rows.count() == 1

    # Assigned to me: from the row, then the "assigned to me" view lists it with my name.
    rows.first.locator(".cc-assign-form select[name=assignee]").select_option("me")
    rows.first.locator(".cc-assign-form button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    page.click("#assigned-to-me")
    page.wait_for_selector("#facts-to-decide")
    rows = page.locator("#facts-to-decide tr.cc-fact-row")
    assert rows.count() == 1 and "edith" in rows.first.locator(".cc-assignee").inner_text()
    assert FactAssignment.objects.get(fact_id=fact).assigned_to == edith
    page.screenshot(path=str(ARTIFACTS / "desk-facts-to-decide.png"), full_page=True)

    # The fact page: every source side by side, the assignee, and the assignment in the history.
    rows.first.locator("a").first.click()
    page.wait_for_selector("#fact-claims")
    text = page.locator("#fact-claims").inner_text()
    assert all(o in text for o in ("France 24", "Le Monde", "Le Parisien", "Wire Service"))
    assert page.locator("#fact-assignee").inner_text() == "edith"
    assert "assigned to edith" in page.locator("#fact-history").inner_text()
    page.screenshot(path=str(ARTIFACTS / "desk-fact-page.png"), full_page=True)

    # Not this fact: the hotel fire's 41 leaves the attacks' fact.
    row = page.locator(f"#fact-claim-{fire.id}")
    row.locator("select[name=kind]").select_option("not_this_fact")
    row.locator("textarea[name=note]").fill("A hotel fire, not the attacks: its 41 dead are another fact.")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator(f"#fact-claim-{fire.id}").count() == 0
    assert "Le Parisien" not in page.locator("#fact-claims").inner_text()
    own = FactClaim.objects.get(claim=fire)
    assert own.fact_id != fact and own.placed_by == edith

    # A decision needs a note: without one nothing is recorded.
    row = page.locator(f"#fact-claim-{wrong.id}")
    row.locator("select[name=kind]").select_option("wrong")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .error")
    assert "note" in page.locator(".messagelist").inner_text().lower()
    assert not Decision.objects.filter(claim=wrong).exists()

    row = page.locator(f"#fact-claim-{wrong.id}")
    row.locator("select[name=kind]").select_option("wrong")
    row.locator("textarea[name=note]").fill("137 counts the seven attackers; the prosecutor's toll is 130.")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    decision = Decision.objects.get(claim=wrong)
    assert decision.kind == "wrong" and decision.made_by.username == "edith"

    # Publishing: the rating from the fixed scale and the newsroom's fact-check page.
    form = page.locator(f"#decision-{decision.id} form.cc-publish-form")
    form.locator("select[name=rating]").select_option("false")
    form.locator("input[name=url]").fill("https://newsroom.example/fact-check/paris-toll")
    page.screenshot(path=str(ARTIFACTS / "desk-publish-form.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    published = ClaimReview.objects.get()
    assert published.state == "published" and published.url == "https://newsroom.example/fact-check/paris-toll"

    # The fire's article extracted again, from its page: the 41 is read again and stays out.
    page.goto(f"{live_server.url}/admin/sources/article/{articles[2].id}/change/")
    page.locator("#extract-form button[type=submit], #extract-form input[type=submit]").first.click()
    page.wait_for_selector(".messagelist .success")
    page.goto(f"{live_server.url}/admin/claims/claim/fact/?id={fact}")
    page.wait_for_selector("#fact-claims")
    assert "Le Parisien" not in page.locator("#fact-claims").inner_text()
    read_again = Claim.objects.get(article=articles[2], kind="count")
    assert read_again.id == fire.id  # found at the same span
    assert FactClaim.objects.get(claim=read_again).fact_id == own.fact_id
    assert not FactClaim.objects.filter(fact_id=fact, claim__article=articles[2]).exists()
    assert "not this fact" in page.locator("#fact-history").inner_text()

    # The feed rates the 137, not the 130.
    _, key = make_key(factories.viewer("vera"), "feed reader")
    feed = keyed(key).get("/api/v1/claimreview/").json()
    items = [entry.get("item", entry) for entry in feed["itemListElement"]]
    assert len(items) == 1
    assert "137" in items[0]["claimReviewed"] and "130" not in items[0]["claimReviewed"]
    assert items[0]["reviewRating"]["alternateName"] == "False"
