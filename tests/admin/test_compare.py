"""The compare page of a check: both claims in context, the fact, one-click decisions, history."""
import pytest
from django.urls import reverse

from claims.models import Claim
from facts.models import Check
from review.models import Review, ReviewEvent
from review.services import review_resolve
from tests.admin import factories

pytestmark = pytest.mark.django_db


def compare_url(check) -> str:
    return reverse("admin:facts_check_change", args=[check.id])


def review_url(check) -> str:
    return reverse("admin:facts_check_review", args=[check.id])


def test_compare_page_shows_both_claims_in_their_articles(editor_client, syria):
    response = editor_client.get(compare_url(syria["toll"]))
    assert response.status_code == 200
    page = response.content.decode()
    # Both sides: outlet, URL, publication date, who is quoted, the quote marked in its sentence.
    for side in (syria["france24"], syria["mee"]):
        assert side.outlet.name in page and side.url in page and side.headline.replace("'", "&#x27;") in page
    assert "2015-11-27" in page and "2015-11-19" in page
    assert "Laurent Fabius" in page
    assert '<mark class="cc-mark cc-quote">300,000 deaths</mark>' in page
    assert '<mark class="cc-mark cc-quote">250,000 lives</mark>' in page
    assert 'class="cc-mark cc-sentence"' in page
    # The earlier report on the left.
    assert page.index("Middle East Eye") < page.index("France 24")
    # The verdict's explanation.
    assert "the figures do not overlap" in page


def test_compare_page_shows_the_fact_consensus_and_every_other_claim_of_it(editor_client, syria):
    response = editor_client.get(compare_url(syria["toll"]))
    fact = response.context["fact"]
    assert fact.label == "deaths"
    quotes = {row.claim.quote for row in fact.rows}
    assert quotes == {"300,000 deaths", "250,000 lives", "more than 250,000 people"}
    assert "At least 300,000 people" not in quotes  # Raqqa's population is another fact
    consensus = response.context["consensus"]
    assert consensus["sources"] == 3 and consensus["best"] == "250,000"
    page = response.content.decode()
    assert 'id="consensus"' in page and "more than 250,000 people" in page
    assert "<svg" in page and 'class="cc-timeline"' in page


def test_editor_resolves_with_a_note_in_one_click_and_sees_it_in_the_history(editor_client, syria, editor):
    check = syria["toll"]
    page = editor_client.get(compare_url(check)).content.decode()
    assert 'name="status" value="resolved"' in page
    response = editor_client.post(review_url(check), {
        "status": "resolved", "note": "Fabius's figure is the SOHR's; MEE used the UN's.", "expected": "open",
    })
    assert response.status_code == 302 and response["Location"] == compare_url(check)
    review = Review.objects.get(check_obj=check)
    assert (review.status, review.reviewer) == ("resolved", editor)
    assert review.note == "Fabius's figure is the SOHR's; MEE used the UN's."
    event = ReviewEvent.objects.get(review=review)
    assert (event.actor, event.action, event.from_status, event.to_status) == (editor, "review", "open", "resolved")
    page = editor_client.get(compare_url(check)).content.decode()
    history = page[page.index('id="history"'):]
    assert "edith" in history and "Fabius&#x27;s figure is the SOHR&#x27;s" in history and "open → resolved" in history


def test_the_compare_page_leads_to_the_next_open_mismatch(editor_client, syria, paris, editor):
    page = editor_client.get(compare_url(syria["toll"])).content.decode()
    assert f'href="{compare_url(paris["check"])}" id="next-open"' in page
    review_resolve(check_id=paris["check"].id, status="resolved", note="", actor=editor)
    page = editor_client.get(compare_url(syria["toll"])).content.decode()
    assert 'id="next-open"' not in page and "Back to the queue" in page


@pytest.mark.parametrize("status", ["confirmed", "dismissed", "resolved"])
def test_each_decision_is_one_post(editor_client, syria, status):
    editor_client.post(review_url(syria["toll"]), {"status": status, "note": f"{status}!", "expected": "open"})
    assert Review.objects.get(check_obj=syria["toll"]).status == status


def test_an_unknown_status_is_refused_and_nothing_changes(editor_client, syria):
    response = editor_client.post(review_url(syria["toll"]), {"status": "burned", "note": "x", "expected": "open"})
    assert response.status_code == 400
    assert "unknown review status" in response.content.decode().lower()
    assert Review.objects.get(check_obj=syria["toll"]).status == "open"


def test_a_decision_made_meanwhile_is_not_overwritten_and_the_note_is_kept(editor_client, syria):
    other = __import__("tests.admin.factories", fromlist=["editor"]).editor("olga")
    review_resolve(check_id=syria["toll"].id, status="dismissed", note="same figure, different source", actor=other)
    response = editor_client.post(review_url(syria["toll"]), {
        "status": "resolved", "note": "my careful note", "expected": "open",
    })
    assert response.status_code == 409
    page = response.content.decode()
    assert "my careful note" in page and "nothing was saved" in page
    review = Review.objects.get(check_obj=syria["toll"])
    assert (review.status, review.reviewer) == ("dismissed", other)


def test_viewer_sees_no_review_buttons_and_cannot_resolve(viewer_client, syria):
    check = syria["toll"]
    response = viewer_client.get(compare_url(check))
    assert response.status_code == 200
    page = response.content.decode()
    assert "300,000 deaths" in page
    assert 'id="review-form"' not in page and 'value="resolved"' not in page
    assert "needs the Editors role" in page
    response = viewer_client.post(review_url(check), {"status": "resolved", "note": "nope", "expected": "open"})
    assert response.status_code == 403
    response = viewer_client.post(reverse("admin:facts_check_assign", args=[check.id]), {"assignee": "me"})
    assert response.status_code == 403
    assert Review.objects.get(check_obj=check).status == "open"
    assert not ReviewEvent.objects.exists()


def test_assign_to_me_and_unassign(editor_client, syria, editor):
    url = reverse("admin:facts_check_assign", args=[syria["toll"].id])
    editor_client.post(url, {"assignee": "me"})
    assert Review.objects.get(check_obj=syria["toll"]).assigned_to == editor
    editor_client.post(url, {"assignee": ""})
    assert Review.objects.get(check_obj=syria["toll"]).assigned_to is None
    assert list(ReviewEvent.objects.order_by("id").values_list("note", flat=True)) == ["assigned to edith", "unassigned"]


def test_reviews_are_only_assigned_to_editors(editor_client, syria, viewer):
    editor_client.post(reverse("admin:facts_check_assign", args=[syria["toll"].id]), {"assignee": viewer.id})
    assert Review.objects.get(check_obj=syria["toll"]).assigned_to is None


def test_a_missing_check_is_404(editor_client, db):
    assert editor_client.get(reverse("admin:facts_check_change", args=[999999])).status_code == 404


def test_correcting_a_claim_runs_its_checks_again_and_the_page_shows_it(
    editor_client, syria, editor, django_capture_on_commit_callbacks
):
    claim = syria["deaths_300k"]
    url = reverse("admin:claims_claim_change", args=[claim.id])
    page = editor_client.get(url)
    assert page.status_code == 200
    form = factories.correction_form(claim, value=250000, low=250000, high=250000,
                                     reason="Fabius cited the UN's 250,000 in the speech.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(url, form)
    assert response.status_code == 302 and response["Location"] == url
    assert len(callbacks) == 1  # the re-check, queued after commit
    claim.refresh_from_db()
    assert (claim.value, claim.corrected_by) == (250000, editor)
    toll = Check.objects.get(id=syria["toll"].id)
    assert toll.verdict == "consistent"  # 250,000 and 250,000 now agree
    page = editor_client.get(url).content.decode()
    assert "Claim corrected (high, low, value)" in page
    assert "Corrected by edith" in page and "its checks have been run again" in page


def test_the_claim_page_says_when_checks_are_still_running(editor_client, syria, django_capture_on_commit_callbacks):
    claim = syria["deaths_300k"]
    url = reverse("admin:claims_claim_change", args=[claim.id])
    form = factories.correction_form(claim, value=310000, low=310000, high=310000)
    with django_capture_on_commit_callbacks(execute=False):
        editor_client.post(url, form)  # the worker has not run yet
    page = editor_client.get(url).content.decode()
    assert "are being run again" in page
    compare = editor_client.get(compare_url(syria["toll"])).content.decode()
    assert "the checks are being run again" in compare


def test_a_viewer_cannot_correct_a_claim(viewer_client, syria):
    claim = syria["deaths_300k"]
    url = reverse("admin:claims_claim_change", args=[claim.id])
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(url, {"value": "1", "_save": "Save"})
    assert response.status_code == 403
    assert Claim.objects.get(id=claim.id).value == 300000
