"""Cross-checking writes in bulk: an article's checks, links and reviews in a few statements, its
new mismatches announced with the subscriptions read once, and the counts of a fact larger than
its consensus window moved by what each article changed instead of counted again."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.services import claims_delete
from facts.models import Check, Fact
from facts.services import article_crosscheck, claim_recheck
from facts.writes import CountChange, FactState, _others_set, fact_insert, facts_write
from review.models import Review
from review.services import reviews_open
from tests.admin import factories
from webhooks.models import Delivery, Webhook
from webhooks.services import emit_each
from workbench.platform.models import ApiClient

pytestmark = pytest.mark.django_db


def _report(value: float, *, outlet: str, day: int, place: str = "Lyon", figures: int = 1):
    text = " ".join(f"A flood killed {value + n:g} people in {place}." for n in range(figures))
    article = factories.article(text, outlet=outlet, published=date(2021, 3, day))
    claims = [factories.claim(article, f"{value + n:g}", value=value + n, places=[place], running_total=True)
              for n in range(figures)]
    return article, claims


def _counts(fact: Fact) -> tuple[int, int, int]:
    members = fact.members.select_related("claim__article")
    return (members.count(), len({m.claim.article_id for m in members}),
            len({m.claim.article.outlet_id for m in members}))


def test_an_articles_checks_are_written_in_a_constant_number_of_statements():
    def inserts(n: int) -> int:
        for day in range(1, n + 1):
            article, _ = _report(40 + day, outlet=f"Outlet {n} {day}", day=day, place=f"Town {n}")
            article_crosscheck(article_id=article.id)
        article, _ = _report(90, outlet=f"Latest {n}", day=28, place=f"Town {n}")
        with CaptureQueriesContext(connection) as captured:
            checks = article_crosscheck(article_id=article.id)
        assert len(checks) == n
        return sum(q["sql"].startswith(("INSERT", "UPDATE")) for q in captured.captured_queries)

    # Two other sources or six: the same statements (one upsert of checks, one of links, one of
    # reviews, the fact's refresh), not one round of them per pair.
    assert inserts(2) == inserts(6)


def test_a_rerun_keeps_one_check_per_pair_and_its_review():
    first, _ = _report(40, outlet="Le Courrier", day=2)
    later, _ = _report(55, outlet="Radio Rhône", day=9)
    article_crosscheck(article_id=first.id)
    [check] = article_crosscheck(article_id=later.id)
    assert check.is_mismatch and Review.objects.filter(check_obj=check).count() == 1
    Review.objects.filter(check_obj=check).update(status="confirmed", note="kept")
    [again] = article_crosscheck(article_id=later.id)
    assert again.id == check.id and Check.objects.count() == 1
    assert list(check.others.values_list("id", flat=True)) == [Check.objects.get().others.get().id]
    assert Review.objects.get().status == "confirmed"


def test_reviews_open_only_for_mismatches_without_one_and_says_which():
    first, _ = _report(40, outlet="Le Courrier", day=2)
    later, _ = _report(55, outlet="Radio Rhône", day=9)
    article_crosscheck(article_id=first.id)
    [check] = article_crosscheck(article_id=later.id)
    assert reviews_open(check_ids=[check.id, check.id]) == []
    Review.objects.all().delete()
    assert reviews_open(check_ids=[check.id]) == [check.id]
    assert Review.objects.get().status == "open"


def test_new_mismatches_of_an_article_read_the_subscriptions_once(django_capture_on_commit_callbacks):
    user = factories.viewer()
    client = ApiClient(name="tool", user=user)
    client.set_new_key()
    client.save()
    Webhook.objects.create(client=client, url="https://hooks.example.org/a", secret="s", events=["check.mismatch"])
    Webhook.objects.create(client=client, url="https://hooks.example.org/b", secret="s", events=["check.mismatch"])
    for day in (2, 3, 4):
        article, _ = _report(40 + day, outlet=f"Outlet {day}", day=day)
        article_crosscheck(article_id=article.id)
    Delivery.objects.all().delete()
    latest, _ = _report(90, outlet="Latest", day=20)
    with CaptureQueriesContext(connection) as captured:
        checks = article_crosscheck(article_id=latest.id)
    mismatches = [c for c in checks if c.is_mismatch]
    assert len(mismatches) == 3
    assert Delivery.objects.count() == 3 * 2
    reads = [q for q in captured.captured_queries if 'FROM "hooks_webhook"' in q["sql"]]
    assert len(reads) == 1


def test_emit_each_builds_nothing_when_nobody_listens():
    def payloads():
        raise AssertionError("built without a subscriber")

    assert emit_each("check.mismatch", payloads) == []


@pytest.fixture
def small_window(settings):
    # A consensus window of 3 members: a fact of 5 claims is "large", its counts kept by changes.
    settings.CROSSCHECK_FACT_RECENT_MEMBERS = 3
    return settings


def test_the_counts_of_a_fact_larger_than_its_window_follow_each_article(small_window):
    articles = []
    for n, outlet in enumerate(["A", "B", "A", "C", "B", "D"]):
        article, _ = _report(40 + n, outlet=outlet, day=n + 1, figures=1 + n % 2)
        article_crosscheck(article_id=article.id)
        articles.append(article)
        fact = Fact.objects.get()
        assert (fact.claims_total, fact.articles, fact.outlets) == _counts(fact)
    assert (fact.claims_total, fact.articles, fact.outlets) == (9, 6, 4)
    # An article read again states the same: nothing moves.
    article_crosscheck(article_id=articles[2].id)
    fact.refresh_from_db()
    assert (fact.claims_total, fact.articles, fact.outlets) == (9, 6, 4)


def test_claims_deleted_or_corrected_out_of_a_large_fact_move_its_counts(small_window):
    made = []
    for n, outlet in enumerate(["A", "B", "A", "C", "B"]):
        article, claims = _report(40 + n, outlet=outlet, day=n + 1, figures=2)
        article_crosscheck(article_id=article.id)
        made.append(claims)
    fact = Fact.objects.get()
    assert (fact.claims_total, fact.articles, fact.outlets) == (10, 5, 3)
    # One of two claims of an article goes: the article stays.
    claims_delete(claim_ids=[made[3][0].id])
    fact.refresh_from_db()
    assert (fact.claims_total, fact.articles, fact.outlets) == (9, 5, 3) == _counts(fact)
    # The last claim of the only article of outlet C goes: the article and the outlet go.
    claims_delete(claim_ids=[made[3][1].id])
    fact.refresh_from_db()
    assert (fact.claims_total, fact.articles, fact.outlets) == (8, 4, 2) == _counts(fact)
    # Both claims of an article of outlet A, which has another article in the fact, go together.
    claims_delete(claim_ids=[c.id for c in made[2]])
    fact.refresh_from_db()
    assert (fact.claims_total, fact.articles, fact.outlets) == (6, 3, 2) == _counts(fact)
    # A corrected claim that no longer states the fact leaves it through its re-check.
    claim = made[4][0]
    claim.places = []
    claim.save()
    claim_recheck(claim_id=claim.id)
    fact.refresh_from_db()
    assert (fact.claims_total, fact.articles, fact.outlets) == (5, 3, 2) == _counts(fact)


def test_a_fact_whose_key_and_number_are_taken_is_not_inserted_again():
    first = fact_insert(Fact(kind="count", fact_key="count|people|kill", place_key="lyon", seq=0, place="Lyon"))
    assert first is not None and first.pk is not None
    # Another worker founded this number first: nothing is written, the caller reads that one.
    assert fact_insert(Fact(kind="count", fact_key="count|people|kill", place_key="lyon", seq=0, about="other")) is None
    assert list(Fact.objects.values_list("id", "about")) == [(first.id, "")]
    assert fact_insert(Fact(kind="count", fact_key="count|people|kill", place_key="lyon", seq=1)).seq == 1


def test_the_facts_an_article_touched_are_written_together_their_counts_set_or_moved():
    large = Fact.objects.create(kind="count", fact_key="count|people|kill", place_key="lyon", claims_total=300,
                                articles=120, outlets=30)
    small = Fact.objects.create(kind="count", fact_key="count|home|destroy", place_key="lyon", claims_total=4,
                                articles=4, outlets=4)
    facts_write([
        FactState(small.id, 1.0, 2.0, 3.0, [7], date(2021, 3, 1), CountChange(claims=5, articles=3, outlets=2)),
        FactState(large.id, None, None, None, [], None, CountChange(claims=2, articles=1, outlets=-1), moved=True),
    ])
    large.refresh_from_db()
    small.refresh_from_db()
    assert (large.claims_total, large.articles, large.outlets, large.consensus_best) == (302, 121, 29, None)
    assert (small.claims_total, small.articles, small.outlets) == (5, 3, 2)
    assert (small.consensus_low, small.consensus_best, small.consensus_high) == (1.0, 2.0, 3.0)
    assert (small.outliers, small.event_date) == ([7], date(2021, 3, 1))


def test_a_checks_links_are_put_in_step_in_one_statement():
    _, [a] = _report(40, outlet="Le Courrier", day=2)
    _, [b] = _report(42, outlet="Radio Rhône", day=3)
    _, [c] = _report(44, outlet="Lyon Matin", day=4)
    _, [claim] = _report(45, outlet="Le Progrès", day=5)
    check = Check.objects.create(claim=claim, key=f"pair:{claim.id}:links", verdict="consistent", score=1.0,
                                 explanation="linked")
    check.others.set([a, b])
    with CaptureQueriesContext(connection) as captured:
        _others_set({check.id: {b.id, c.id}})
    assert sorted(check.others.values_list("id", flat=True)) == sorted([b.id, c.id])  # a gone, c added, b kept
    if connection.vendor == "postgresql":
        assert len(captured) == 1
