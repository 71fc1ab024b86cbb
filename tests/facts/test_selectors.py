"""Reads of facts that the API pages on: a bounded list of each fact's claims, in one query."""
from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facts.models import Fact, FactClaim
from facts.selectors import first_claim_ids
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
