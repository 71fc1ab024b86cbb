"""Cross-checking one claim costs the same however many claims its fact already has: it reads a
bounded number of recent candidates and judges the claim against the latest figure of a bounded
number of other sources (an outlet counts once)."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from facts.matching import article_candidates, recent_candidates
from facts.models import Fact
from facts.services import claim_crosscheck
from sources.models import Article
from tests.admin import factories

pytestmark = pytest.mark.django_db


def _store(n: int, *, outlets: int, value=None) -> None:
    for i in range(n):
        figure = value or 100 + i
        article = factories.article(f"The storm has killed {figure} people in Lyon.", outlet=f"Outlet {i % outlets}",
                                    published=date(2021, 3, 1 + i % 20))
        factories.claim(article, str(figure), value=figure, places=["Lyon"], running_total=True)


def _new_claim():
    article = factories.article("The Lyon storm killed 150 people.", outlet="Late Edition", published=date(2021, 3, 25))
    return factories.claim(article, "150", value=150, places=["Lyon"], running_total=True)


def _queries(n: int) -> tuple[int, int]:
    _store(n, outlets=40, value=150)  # one verdict for all, so only the store's size differs
    claim = _new_claim()
    with CaptureQueriesContext(connection) as queries:
        checks = claim_crosscheck(claim_id=claim.id)
    return len(queries), len(checks)


@override_settings(CROSSCHECK_FACT_EVIDENCE_SOURCES=5, CROSSCHECK_FACT_RECENT_MEMBERS=60)
def test_a_claim_is_judged_against_the_latest_report_of_at_most_n_other_sources():
    _store(30, outlets=3)  # three outlets, ten reports each
    claim = _new_claim()
    checks = claim_crosscheck(claim_id=claim.id)
    others = [c.others.get() for c in checks]
    assert len(checks) == 3
    # One per outlet, and for each its latest report.
    assert len({o.article.outlet_id for o in others}) == 3
    for other in others:
        later = type(other).objects.filter(article__outlet_id=other.article.outlet_id,
                                           article__published__gt=other.article.published)
        assert not later.exists()


@override_settings(CROSSCHECK_FACT_EVIDENCE_SOURCES=5, CROSSCHECK_FACT_RECENT_MEMBERS=60)
def test_the_cost_of_cross_checking_a_claim_does_not_grow_with_its_fact():
    small_queries, small_checks = _queries(20)
    Article.objects.all().delete()  # and with them their claims, checks and facts
    Fact.objects.all().delete()
    large_queries, large_checks = _queries(200)
    assert small_checks == large_checks == 5
    assert large_queries == small_queries


@override_settings(CROSSCHECK_FACT_RECENT_MEMBERS=7)
def test_an_articles_candidates_read_together_are_each_claims_own_newest():
    _store(12, outlets=4)
    for i in range(5):  # another thing counted at another place, and its reports' own claims
        article = factories.article(f"The flood has destroyed {30 + i} homes in Nice.", outlet=f"Outlet {i}",
                                    published=date(2021, 3, 2 + i))
        factories.claim(article, str(30 + i), value=30 + i, subject="home", predicate="destroy", places=["Nice"])
    article = factories.article("The Lyon storm killed 150 people. The flood destroyed 40 homes in Nice. "
                                "It killed 9 people in Nice.", outlet="Late Edition", published=date(2021, 3, 25))
    claims = [
        factories.claim(article, "150", value=150, places=["Lyon"], running_total=True),
        factories.claim(article, "40", value=40, subject="home", predicate="destroy", places=["Nice"]),
        factories.claim(article, "9", value=9, places=["Nice"]),
    ]
    with CaptureQueriesContext(connection) as queries:
        together = article_candidates(claims, 7)
    one_by_one = {claim.id: recent_candidates(claim, 7) for claim in claims}
    assert {k: [c.id for c in v] for k, v in together.items()} == {k: [c.id for c in v] for k, v in one_by_one.items()}
    # Each claim has candidates of its own (the homes are not the deaths), at most the limit.
    assert all(0 < len(found) <= 7 for found in together.values())
    assert {c.fact_key for c in together[claims[1].id]} == {claims[1].fact_key} != {c.fact_key for c in together[claims[0].id]}
    if connection.vendor == "postgresql":
        assert len(queries) == 2  # the index ranges of all three claims, then the candidates once
