"""Cross-checking one claim costs the same however many claims its fact already has: it reads a
bounded number of recent candidates and judges the claim against the latest figure of a bounded
number of other sources (an outlet counts once)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from claims.models import ClaimPlace
from facts.matching import (
    Candidates, Seen, article_candidates, latest_per_fact_and_source, placement, recent_candidates,
)
from facts.models import Fact
from facts.services import article_crosscheck, claim_crosscheck
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
    one_by_one = {claim.id: Candidates.of(claim, recent_candidates(claim, 7)) for claim in claims}
    assert _read(together) == _read(one_by_one)
    # Each claim has candidates of its own (the homes are not the deaths), at most the limit.
    assert all(0 < len(found.claims) <= 7 for found in together.values())
    assert {c.fact_key for c in together[claims[1].id].claims} == {claims[1].fact_key} \
        != {c.fact_key for c in together[claims[0].id].claims}
    if connection.vendor == "postgresql":
        # The index ranges of all three claims, the articles and memberships of the candidates of
        # their keys, then the candidates kept once.
        assert len(queries) == 3


def _read(found: dict[int, Candidates]) -> dict[int, tuple[list[int], set[int]]]:
    return {claim_id: ([c.id for c in cs.claims], cs.facts_seen) for claim_id, cs in found.items()}


def _report(text: str, quote: str, value: float, *, outlet: str, published: date, event: str = "storm Ciara",
            scope: str = ""):
    article = factories.article(text, outlet=outlet, published=published)
    claim = factories.claim(article, quote, value=value, places=["Lyon"], running_total=True)
    claim.event, claim.scope = event, scope
    claim.save(update_fields=["event", "scope"])
    return claim


def _mixed_store() -> None:
    """Reports of storm Ciara's toll in Lyon in March 2021 (three outlets, reporting two or three
    times), and beside them in the place index what is never the same thing: the 1999 storm's
    toll, a forecast, and the toll of another named event."""
    for i in range(8):
        _report(f"The storm has killed {100 + i} people in Lyon.", str(100 + i), 100 + i, outlet=f"Outlet {i % 3}",
                published=date(2021, 3, 1 + i))
    for i in range(4):
        _report(f"The 1999 storm killed {80 + i} people in Lyon.", str(80 + i), 80 + i, outlet=f"Outlet {i}",
                published=date(1999, 12, 26 + i), event="")
    _report("Forecasters say the storm could kill 300 people in Lyon.", "300", 300, outlet="Outlet 5",
            published=date(2021, 3, 3), scope="forecast")
    _report("Hurricane Xavier killed 120 people in Lyon.", "120", 120, outlet="Outlet 6",
            published=date(2021, 3, 4), event="hurricane Xavier")
    for article in Article.objects.order_by("id"):
        article_crosscheck(article_id=article.id)


def test_candidates_a_glance_rules_out_are_not_built_but_their_facts_are_in_view():
    _mixed_store()
    claim = _report("The Lyon storm killed 150 people.", "150", 150, outlet="Late Edition", published=date(2021, 3, 25))
    everything = recent_candidates(claim, 200)
    found = article_candidates([claim], 200)[claim.id]
    assert len(everything) == 14
    # Of the 14 reports, the 1999 storm's, the forecast and the hurricane's are not built; nor
    # are the earlier reports of each outlet (the latest of each is built).
    same = [c for c in everything if c.article.published.year == 2021 and not c.scope and c.event == "storm Ciara"]
    latest = {max((c for c in same if c.article.outlet_id == outlet), key=lambda c: c.article.published).id
              for outlet in {c.article.outlet_id for c in same}}
    assert len(same) == 8 and len(latest) == 3
    assert [c.id for c in found.claims] == [c.id for c in same if c.id in latest]
    apart = {c.fact_membership.fact_id for c in everything if c not in same}
    assert found.facts_seen == apart and len(apart) == 3
    assert _read({claim.id: found}) == _read({claim.id: Candidates.of(claim, everything)})


def test_of_each_fact_the_latest_article_of_each_source_is_kept_with_all_its_figures():
    fact, story = ("outlet", 1), ("story", 7)
    seen = [
        Seen(9, 90, date(2021, 3, 5), fact, 1), Seen(8, 90, date(2021, 3, 5), fact, 1),  # one article, two figures
        Seen(7, 80, date(2021, 3, 9), story, 1),  # a copy of a wire story: its own source
        Seen(6, 60, date(2021, 3, 2), fact, 1),  # an earlier report of the outlet
        Seen(5, 50, date(2021, 3, 1), fact, 2),  # the outlet's latest of another fact
        Seen(4, 40, None, fact, None), Seen(3, 30, None, fact, None),  # of no fact: all kept
    ]
    assert [one.id for one in latest_per_fact_and_source(seen)] == [9, 8, 7, 5, 4, 3]


@override_settings(CROSSCHECK_FACT_EVIDENCE_SOURCES=2)
def test_a_claim_placed_from_the_candidates_a_glance_keeps_is_placed_as_from_all_of_them():
    _mixed_store()
    storm = _report("The Lyon storm killed 150 people.", "150", 150, outlet="Late Edition", published=date(2021, 3, 25))
    # Of a time none of the store's reports are of: it founds a fact beside those it saw.
    later = _report("The Lyon storm killed 150 people.", "150", 150, outlet="Late Edition", published=date(2024, 3, 25))
    for claim in (storm, later):
        everything = recent_candidates(claim, 200)
        bounded = placement(claim, recent=article_candidates([claim], 200)[claim.id])
        # Every candidate built, none left to the glance: what the read chose before.
        full = placement(claim, recent=Candidates(claims=everything))
        assert (bounded.fact_id, [c.id for c in bounded.evidence], bounded.facts_in_view) \
            == (full.fact_id, [c.id for c in full.evidence], full.facts_in_view)
    assert placement(storm, recent=article_candidates([storm], 200)[storm.id]).fact_id is not None
    assert len(placement(storm, recent=article_candidates([storm], 200)[storm.id]).evidence) == 2
    assert placement(later, recent=article_candidates([later], 200)[later.id]).fact_id is None


def test_candidates_of_another_key_under_a_generalised_key_are_passed_over_before_their_articles_are_read():
    if connection.vendor != "postgresql":
        pytest.skip("the article's candidates are read in three statements on PostgreSQL")
    # "count|people|" holds the people injured beside the people killed: a claim of the dead
    # reads both in its ranges, and the injured could never state its fact.
    injured = []
    for i in range(3):
        article = factories.article(f"The storm has injured {40 + i} people in Lyon.", outlet=f"Outlet {i}",
                                    published=date(2021, 3, 2 + i))
        injured.append(factories.claim(article, str(40 + i), value=40 + i, predicate="injure", places=["Lyon"]))
    _store(3, outlets=3)
    claim = _new_claim()
    with CaptureQueriesContext(connection) as queries:
        found = article_candidates([claim], 200)[claim.id]
    assert len(found.claims) == 3 and all(c.predicate == "kill" for c in found.claims)
    _ranges, sources, _built = (q["sql"] for q in queries.captured_queries)
    assert ClaimPlace.objects.filter(claim__in=injured, fact_key="count|people|", place="lyon").count() == 3
    read = re.search(r"unnest\('\{([0-9,]*)\}'", sources).group(1).split(",")
    assert sorted(read) == sorted(str(c.id) for c in found.claims)  # not looked up further
