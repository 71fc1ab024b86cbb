"""Every page an editor uses, on the database the five seed articles make (through spaCy)."""
import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim
from facts.models import Check
from sources.models import Article
from tests.admin import factories

pytestmark = [pytest.mark.django_db, pytest.mark.model]

FRANCE24, MEE = factories.SEED_FRANCE24, factories.SEED_MEE


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    # Inside a test's transaction nothing commits: run the queued steps (and the steps they queue).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open(os.devnull, "w"))
    assert Article.objects.filter(status=Article.Status.PROCESSED).count() == 5, list(
        Article.objects.values_list("status", "error")
    )
    return Article.objects.all()


@pytest.fixture
def syria_toll(seeded) -> Check:
    return factories.seeded_syria_toll()


def ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_syria_toll_mismatch_is_in_the_queue_and_on_its_compare_page(editor_client, syria_toll):
    queue = ok(editor_client, reverse("admin:facts_check_changelist"))
    assert reverse("admin:facts_check_change", args=[syria_toll.id]) in queue
    page = ok(editor_client, reverse("admin:facts_check_change", args=[syria_toll.id]))
    assert FRANCE24 in page and MEE in page and "2015-11-19" in page
    assert page.count('class="cc-mark cc-quote"') == 2
    assert "<svg" in page and 'id="consensus"' in page
    assert syria_toll.explanation.replace('"', "&quot;") in page


def test_every_desk_page_renders_for_the_seeded_database(editor_client, seeded):
    home = ok(editor_client, reverse("admin:index"))
    assert 'id="review-desk"' in home and 'id="open-mismatches"' in home
    for url in [
        reverse("admin:facts_check_changelist"),
        reverse("admin:facts_check_changelist") + "?verdict=all",
        reverse("admin:facts_check_changelist") + "?q=300,000",
        reverse("admin:claims_claim_changelist"),
        reverse("admin:review_reviewevent_changelist"),
        reverse("admin:sources_article_changelist"),
        reverse("admin:sources_outlet_changelist"),
    ]:
        ok(editor_client, url)
    for check in Check.objects.all():
        page = ok(editor_client, reverse("admin:facts_check_change", args=[check.id]))
        assert check.claim.quote.replace("'", "&#x27;").replace('"', "&quot;") in page
    for article in seeded:
        page = ok(editor_client, reverse("admin:sources_article_change", args=[article.id]))
        assert page.count('<mark class="cc-mark cc-state-') >= article.claims.count() - 2  # crossing spans are skipped
        assert "<script" not in page.split('id="article-body"')[1].split("</div>")[0]
    for claim in Claim.objects.all():
        ok(editor_client, reverse("admin:claims_claim_change", args=[claim.id]))
    facts = editor_client.get(reverse("admin:claims_claim_fact")).context["facts"]
    assert facts
    for fact in facts:
        assert 'class="cc-timeline"' in ok(editor_client, fact["url"])


def test_a_viewer_reads_every_page_of_the_seeded_desk(viewer_client, syria_toll):
    page = ok(viewer_client, reverse("admin:facts_check_change", args=[syria_toll.id]))
    assert 'id="review-form"' not in page
    ok(viewer_client, reverse("admin:facts_check_changelist"))
    ok(viewer_client, reverse("admin:sources_article_change", args=[syria_toll.claim.article_id]))


def test_correcting_a_seeded_claim_reruns_its_checks(editor_client, syria_toll, editor, django_capture_on_commit_callbacks):
    claim = syria_toll.claim if "300,000" in syria_toll.claim.quote else syria_toll.others.get()
    url = reverse("admin:claims_claim_change", args=[claim.id])
    data = factories.correction_form(claim, value=250000, low=250000, high=250000)
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    assert Check.objects.get(id=syria_toll.id).verdict == "consistent"
    assert "its checks have been run again" in ok(editor_client, url)
    assert factories.PASSWORD  # the factories' users log in with it in the browser tests
