"""The mismatch queue: open first, filters, search, counts, bulk decisions with a note, no N+1."""
from datetime import date

import pytest
from django.urls import reverse

from facts.models import Check
from review.models import Review, ReviewEvent
from review.services import review_resolve
from tests.admin import factories

pytestmark = pytest.mark.django_db
QUEUE = "/admin/facts/check/"


def listed_ids(response) -> list[int]:
    return [check.id for check in response.context["cl"].result_list]


def test_queue_shows_only_mismatches_by_default_with_open_ones_first(editor_client, syria, paris, editor):
    review_resolve(check_id=paris["check"].id, status="resolved", note="revised toll", actor=editor)
    response = editor_client.get(QUEUE)
    assert response.status_code == 200
    ids = listed_ids(response)
    assert ids == [syria["toll"].id, paris["check"].id]  # open before resolved
    consistent = Check.objects.filter(verdict="consistent").values_list("id", flat=True)
    assert consistent and not set(consistent) & set(ids)
    page = response.content.decode()
    assert "Mismatch queue" in page
    assert "“300,000 deaths”" in page and "“250,000 lives”" in page


def test_queue_counts_mismatches_per_status(editor_client, syria, paris, editor):
    review_resolve(check_id=paris["check"].id, status="dismissed", note="", actor=editor)
    response = editor_client.get(QUEUE)
    counts = {status: n for status, _, n, _ in response.context["status_counts"]}
    assert counts == {"open": 1, "confirmed": 0, "dismissed": 1, "resolved": 0}
    assert "Open: <strong>1</strong>" in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("verdict=conflict", ["toll"]),
        ("verdict=updated", ["paris"]),
        ("verdict=all", ["toll", "paris", "consistent", "consistent"]),
        ("status=open", ["toll"]),
        ("status=resolved", ["paris"]),
        ("claim__kind=count", ["toll", "paris"]),
        ("claim__kind=date", []),
        ("claim__article__published__year=2015&claim__article__published__month=11", ["toll", "paris"]),
        ("claim__article__published__year=2014", []),
    ],
)
def test_queue_filters(editor_client, syria, paris, editor, query, expected):
    review_resolve(check_id=paris["check"].id, status="resolved", note="", actor=editor)
    response = editor_client.get(f"{QUEUE}?{query}")
    assert response.status_code == 200
    names = {syria["toll"].id: "toll", paris["check"].id: "paris"}
    assert sorted(names.get(i, "consistent") for i in listed_ids(response)) == sorted(expected)


def test_queue_filters_by_outlet_on_either_side_and_by_fact(editor_client, syria, paris):
    mee = syria["mee"].outlet
    response = editor_client.get(f"{QUEUE}?outlet={mee.id}")
    assert listed_ids(response) == [syria["toll"].id]  # MEE is the toll check's "other" side
    response = editor_client.get(f"{QUEUE}?fact={syria['toll'].claim.fact_key}")
    assert set(listed_ids(response)) == {syria["toll"].id, paris["check"].id}  # both are people|kill
    assert "deaths" in response.content.decode()


def test_queue_searches_quotes_and_headlines(editor_client, syria, paris):
    assert listed_ids(editor_client.get(f"{QUEUE}?q=250,000 lives")) == [syria["toll"].id]
    assert listed_ids(editor_client.get(f"{QUEUE}?q=sincere")) == [syria["toll"].id]  # MEE headline
    assert listed_ids(editor_client.get(f"{QUEUE}?q=Paris attacks")) == [paris["check"].id]
    assert listed_ids(editor_client.get(f"{QUEUE}?q=nothing-like-this")) == []


def test_queue_makes_the_same_number_of_queries_for_many_rows(editor_client, syria, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as few:
        editor_client.get(QUEUE)
    for n in range(8):
        a = factories.article(f"The war killed {100 + n} people.", outlet=f"Outlet {n}", published=date(2015, 11, 1 + n))
        factories.claim(a, str(100 + n), value=100 + n, places=["Gaza"])
        factories.crosscheck(a)
    assert Check.objects.filter(verdict="conflict").count() > 10
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = editor_client.get(QUEUE)
    assert len(listed_ids(response)) > 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_bulk_resolve_with_a_note_records_who_and_what(editor_client, syria, paris, editor):
    checks = [syria["toll"].id, paris["check"].id]
    response = editor_client.post(QUEUE, {
        "action": "mark_resolved", "_selected_action": checks, "note": "Both figures explained in our story",
        "index": 0,
    }, follow=True)
    assert response.status_code == 200
    assert "2 checks marked resolved" in response.content.decode()
    for check_id in checks:
        review = Review.objects.get(check_obj_id=check_id)
        assert (review.status, review.note, review.reviewer) == ("resolved", "Both figures explained in our story", editor)
        event = ReviewEvent.objects.get(review=review)
        assert (event.actor, event.from_status, event.to_status, event.note) == (
            editor, "open", "resolved", "Both figures explained in our story")


def test_bulk_review_leaves_consistent_checks_alone(editor_client, syria):
    consistent = Check.objects.filter(verdict="consistent").first()
    response = editor_client.post(QUEUE + "?verdict=all", {
        "action": "mark_dismissed", "_selected_action": [consistent.id, syria["toll"].id], "note": "", "index": 0,
    }, follow=True)
    assert "1 consistent checks left alone" in response.content.decode()
    assert not Review.objects.filter(check_obj=consistent).exists()
    assert Review.objects.get(check_obj=syria["toll"]).status == "dismissed"


def test_bulk_assign_to_an_editor(editor_client, syria, paris, editor):
    other = factories.editor("olga")
    response = editor_client.post(QUEUE, {
        "action": "assign", "_selected_action": [syria["toll"].id, paris["check"].id], "assignee": other.id, "index": 0,
    }, follow=True)
    assert "2 checks assigned to olga" in response.content.decode()
    assert set(Review.objects.values_list("assigned_to__username", flat=True)) == {"olga"}
    assert ReviewEvent.objects.filter(action="assign", actor=editor, note="assigned to olga").count() == 2
    mine = editor_client.get(QUEUE + "?assigned=me")
    assert listed_ids(mine) == []


def test_viewer_reads_the_queue_but_has_no_review_actions(viewer_client, syria):
    response = viewer_client.get(QUEUE)
    assert response.status_code == 200
    assert listed_ids(response) == [syria["toll"].id]
    assert "mark_resolved" not in response.content.decode()
    response = viewer_client.post(QUEUE, {
        "action": "mark_resolved", "_selected_action": [syria["toll"].id], "note": "sneaky", "index": 0,
    })
    assert Review.objects.get(check_obj=syria["toll"]).status == "open"
    assert not ReviewEvent.objects.exists()


def test_nobody_adds_checks_by_hand(editor_client, syria):
    assert editor_client.get(reverse("admin:facts_check_add")).status_code == 403
