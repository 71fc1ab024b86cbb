"""The queue of facts to decide: filters (story, outlet, kind, place, assignee, status), a fact
assigned to an editor (who and when, in its history), "new since I last looked" with its count,
readable names, and the search box of the facts list."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.services import claim_correct
from facts.models import Check, FactClaim
from review import selectors
from review.models import FactAssignment, QueueVisit
from review.selectors import QueueFilters
from review.services import decision_make, fact_assign, queue_seen
from tests.admin import factories

QUEUE = "/admin/claims/claim/fact/decide/"


@pytest.fixture
def stories(db):
    syria = factories.syria_toll()  # a conflict: 300,000 deaths vs 250,000 lives
    paris = factories.paris_toll()  # an update: 129 then 130
    fact_of = lambda claim: FactClaim.objects.get(claim=claim).fact  # noqa: E731
    return dict(syria=syria, paris=paris, syria_fact=fact_of(syria["deaths_300k"]), paris_fact=fact_of(paris["a"]))


def ids(**filters) -> set[int]:
    user = filters.pop("user", None)
    return {f.id for f in selectors.facts_to_decide(filters=QueueFilters(**filters), user=user)}


@pytest.mark.django_db
def test_the_queue_filters_by_story_outlet_kind_place_and_status(stories):
    syria, paris = stories["syria_fact"].id, stories["paris_fact"].id
    assert ids() == {syria, paris}
    assert ids(story="assad's forces") == {syria}  # a headline of the Syria story
    assert ids(story="france24.com") == {syria}  # or its URL
    assert ids(outlet=stories["syria"]["mee"].outlet_id) == {syria}
    assert ids(outlet=stories["paris"]["first"].outlet_id) == {syria, paris}  # Newshub reported both
    assert ids(kind="count") == {syria, paris} and ids(kind="date") == set()
    assert ids(place="pari") == {paris}
    assert ids(status="decided") == set()

    decision_make(claim_id=stories["paris"]["a"].id, kind="wrong", note="129 was the early count.")
    assert ids() == {syria}
    assert ids(status="decided") == {paris}
    assert ids(status="all") == {syria, paris}


@pytest.mark.django_db
def test_a_fact_is_assigned_with_who_and_when_and_the_queue_filters_by_assignee(stories):
    edith, ed = factories.editor("edith"), factories.editor("ed")
    syria, paris = stories["syria_fact"].id, stories["paris_fact"].id
    fact_assign(fact_id=syria, assignee=ed, actor=edith, note="you know the Observatory")
    fact_assign(fact_id=paris, assignee=edith, actor=edith)
    fact_assign(fact_id=syria, assignee=edith, actor=ed, note="back to you")
    assert ids(assignee="me", user=edith) == {syria, paris}
    assert ids(assignee="me", user=ed) == set()
    assert ids(assignee=str(edith.id)) == {syria, paris}
    fact_assign(fact_id=paris, assignee=None, actor=edith)
    assert ids(assignee="none") == {paris}
    history = [(e.kind, e.what, e.note, e.actor) for e in selectors.fact_history(syria)]
    assert ("assignment", "assigned to edith", "back to you", ed) in history
    assert ("assignment", "assigned to ed", "you know the Observatory", edith) in history
    assert FactAssignment.objects.filter(fact_id=syria).count() == 2  # each kept


@pytest.mark.django_db
def test_new_since_i_last_looked_counts_the_facts_whose_disagreement_changed(stories):
    edith = factories.editor("edith")
    assert selectors.new_since_count(edith) == 2  # never looked: everything is new
    queue_seen(user=edith, at=timezone.now() + timedelta(seconds=1))
    assert selectors.new_since_count(edith) == 0
    later = timezone.now() + timedelta(minutes=5)
    Check.objects.filter(id=stories["paris"]["check"].id).update(updated_at=later)  # the toll was revised again
    assert selectors.new_since_count(edith) == 1
    assert ids(since=QueueVisit.objects.get(user=edith).seen_at) == {stories["paris_fact"].id}


@pytest.mark.django_db
def test_the_queue_page_filters_assigns_and_shows_what_is_new(stories, client):
    edith = factories.editor("edith")
    client.force_login(edith)
    page = client.get(QUEUE)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="new-count"' in text and ">2</span>" in text
    assert "deaths · Syria" in text and "deaths · Paris" in text and "count · people" not in text
    assert QueueVisit.objects.filter(user=edith).exists()  # this visit is the new "last looked"

    assert [r["fact"].id for r in client.get(QUEUE, {"place": "paris"}).context["rows"]] == [stories["paris_fact"].id]
    assert client.get(QUEUE, {"assignee": "me"}).context["rows"] == []
    response = client.post(reverse("admin:claims_claim_fact_assign"),
                           {"fact": stories["paris_fact"].id, "assignee": "me", "next": f"{QUEUE}?assignee=me"})
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?assignee=me"
    rows = client.get(QUEUE, {"assignee": "me"}).context["rows"]
    assert [(r["fact"].id, r["assignee"]) for r in rows] == [(stories["paris_fact"].id, "edith")]

    # Nothing changed since the last visit: the new view is empty, and the count is 0.
    assert client.get(QUEUE, {"new": "1"}).context["rows"] == []
    assert client.get(QUEUE, {"new": "1", "since": "2026-13-40T99:00:00"}).status_code == 200
    since_ever = client.get(QUEUE, {"new": "1", "since": "2000-01-01T00:00:00+00:00"}).context["rows"]
    assert {r["fact"].id for r in since_ever} == {stories["paris_fact"].id, stories["syria_fact"].id}
    assert client.get(QUEUE).context["new_count"] == 0


@pytest.mark.django_db
def test_only_editors_assign_and_only_to_editors(stories, client):
    viewer = factories.viewer("vic")
    client.force_login(viewer)
    response = client.post(reverse("admin:claims_claim_fact_assign"), {"fact": stories["paris_fact"].id, "assignee": "me"})
    assert response.status_code == 403
    client.force_login(factories.editor("edith"))
    client.post(reverse("admin:claims_claim_fact_assign"), {"fact": stories["paris_fact"].id, "assignee": str(viewer.id)})
    assert not FactAssignment.objects.exists()


@pytest.mark.django_db
def test_the_fact_page_shows_its_name_assignee_and_history_with_corrections(stories, client):
    edith = factories.editor("edith")
    client.force_login(edith)
    fact = stories["paris_fact"]
    fact_assign(fact_id=fact.id, assignee=edith, actor=edith)
    claim_correct(claim_id=stories["paris"]["b"].id, reason="The prefecture said 131.", actor=edith,
                  value=131, low=131, high=131)
    page = client.get(reverse("admin:claims_claim_fact"), {"id": fact.id})
    text = page.content.decode()
    assert page.context["title"].startswith("Fact: deaths · Paris")
    assert 'id="fact-assignee">edith<' in text
    history = page.context["history"]
    assert [e.kind for e in history][:2] == ["correction", "assignment"]
    assert "value 130 → 131" in history[0].what and history[0].note == "The prefecture said 131."
    assert "The prefecture said 131." in text


@pytest.mark.django_db
def test_the_facts_list_has_a_search_box(stories, client):
    client.force_login(factories.editor("edith"))
    url = reverse("admin:claims_claim_fact")
    assert 'id="facts-search"' in client.get(url).content.decode()
    found = {(f["label"], f["place"]) for f in client.get(url, {"q": "paris"}).context["facts"]}
    assert found == {("deaths", "Paris")}
    assert client.get(url, {"q": "jobs cut"}).context["facts"] == []
    assert {f["place"] for f in client.get(url, {"q": "deaths"}).context["facts"]} == {"Paris", "Syria"}


@pytest.mark.django_db
def test_the_desk_home_counts_new_facts_and_mine(stories, client):
    edith = factories.editor("edith")
    client.force_login(edith)
    fact_assign(fact_id=stories["paris_fact"].id, assignee=edith, actor=edith)
    desk = client.get("/admin/").content.decode()
    assert 'id="desk-facts-new"' in desk
    assert "new since you last looked: <strong>2</strong>" in desk and "assigned to me: <strong>1</strong>" in desk
    client.get(QUEUE)  # looked
    assert "new since you last looked: <strong>0</strong>" in client.get("/admin/").content.decode()


def _disagreeing_fact(place: str, n: int) -> None:
    first = factories.article(f"In {place}, the storm killed {n} people.", outlet=f"Outlet {n}")
    second = factories.article(f"The storm in {place} killed {n * 3} people.", outlet=f"Other {n}")
    factories.claim(first, str(n), value=n, places=[place])
    factories.claim(second, str(n * 3), value=n * 3, places=[place])
    factories.crosscheck(first, second)


@pytest.mark.django_db
def test_the_queue_page_makes_as_many_queries_for_many_facts_as_for_few(client, django_assert_max_num_queries):
    edith = factories.editor("edith")
    client.force_login(edith)
    _disagreeing_fact("Brest", 10)
    with django_assert_max_num_queries(30) as few:
        assert len(client.get(QUEUE).context["rows"]) == 1
    for i, place in enumerate(["Lyon", "Nantes", "Lille", "Nice", "Metz"]):
        _disagreeing_fact(place, 20 + i)
    fact_assign(fact_id=selectors.facts_to_decide().first().id, assignee=edith, actor=edith)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(QUEUE).context["rows"]) == 6
