"""Reads of facts that the API pages on: a bounded list of each fact's claims, in one query."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from facts.matching import latest_per_source
from facts.models import Fact, FactClaim
from facts.selectors import first_claim_ids, members_recent
from tests.admin import factories

pytestmark = pytest.mark.django_db


def _fact(place: str, members: int) -> tuple[Fact, list[int]]:
    fact = Fact.objects.create(kind="count", fact_key="count|people|kill", place_key=place.casefold(), place=place)
    ids = []
    for n in range(members):
        article = factories.article(f"The storm killed {n + 10} people in {place}.", outlet=f"Outlet {place} {n}",
                                    published=date(2022, 5, 1))
        claim = factories.claim(article, f"{n + 10}", value=n + 10, places=[place])
        FactClaim.objects.create(fact=fact, claim=claim)
        ids.append(claim.id)
    return fact, ids


def test_the_first_claims_of_each_fact_are_read_in_one_query_in_claim_order():
    large, large_ids = _fact("Lyon", 5)
    small, small_ids = _fact("Nice", 2)
    empty = Fact.objects.create(kind="count", fact_key="count|people|kill", place_key="metz", place="Metz")
    with CaptureQueriesContext(connection) as queries:
        found = first_claim_ids([large.id, small.id, empty.id], 3)
    assert len(queries) == 1
    assert found[large.id] == sorted(large_ids)[:3]
    assert found[small.id] == sorted(small_ids)
    assert found.get(empty.id, []) == []


def test_a_facts_window_returns_each_sources_latest_member_and_counts_the_whole_window():
    fact = Fact.objects.create(kind="count", fact_key="count|people|kill", place_key="lyon", place="Lyon")
    latest = {}
    for day in range(1, 5):  # three outlets reporting four times each, the toll growing
        for outlet in range(3):
            article = factories.article(f"The storm killed {100 + day} people in Lyon.", outlet=f"Outlet {outlet}",
                                        published=date(2022, 5, day))
            claim = factories.claim(article, f"{100 + day}", value=100 + day, places=["Lyon"])
            claim.refers_start, claim.refers_end = date(2022, 4, 20 + day), date(2022, 5, day)
            claim.save(update_fields=["refers_start", "refers_end"])
            FactClaim.objects.create(fact=fact, claim=claim)
            latest[outlet] = claim.id
    window = members_recent([fact.id], 9)[fact.id]  # the first day's three reports are out of it
    assert (window.size, window.articles, window.outlets) == (9, 9, 3)
    assert window.kind == "count" and window.first_day == date(2022, 4, 22)  # the earliest in the window
    if connection.vendor == "postgresql":
        # Only what the consensus can choose comes back: each outlet's latest report.
        assert sorted(m.id for m in window.members) == sorted(latest.values())
    else:
        assert len(window.members) == 9


def test_a_facts_window_keeps_what_the_latest_per_source_can_choose_among_wire_copies():
    fact = Fact.objects.create(kind="count", fact_key="count|people|kill", place_key="lyon", place="Lyon")

    def report(outlet: str, day: int, copy_of=None):
        article = factories.article(f"The storm killed {100 + day} people in Lyon.", outlet=outlet,
                                    published=date(2022, 5, day))
        if copy_of is not None:
            article.copy_of = copy_of
            article.save(update_fields=["copy_of"])
        claim = factories.claim(article, f"{100 + day}", value=100 + day, places=["Lyon"])
        FactClaim.objects.create(fact=fact, claim=claim)
        return article

    wire = report("Wire", 1)
    report("Daily", 2)
    report("Daily", 3, copy_of=wire)  # the Daily's latest is the wire's story, which the Herald
    report("Wire", 4)                 # printed later: passed over, the Daily's own report counts
    report("Herald", 5, copy_of=wire)
    members = Claim.objects.filter(fact_membership__fact=fact).select_related("article__outlet").order_by(
        "-fact_membership__id")
    expected = {c.id for c in latest_per_source(list(members))}
    window = members_recent([fact.id], 10)[fact.id]
    assert {m.id for m in latest_per_source(window.members)} == expected
    assert len(expected) == 3 and window.size == 5
