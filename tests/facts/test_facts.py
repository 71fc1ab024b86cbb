"""Facts as first-class rows: claims join the fact they state, facts carry their consensus, and
claims that stop stating a fact leave it."""
from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from claims.services import claims_delete
from facts.models import Fact, FactClaim
from facts.services import fact_resolve
from tests.admin import factories

pytestmark = pytest.mark.django_db


def _toll(text: str, quote: str, value: float, *, outlet: str, day: int, place: str = "Lyon"):
    article = factories.article(text, outlet=outlet, published=date(2021, 3, day))
    return factories.claim(article, quote, value=value, places=[place], running_total=True)


def test_claims_of_one_toll_in_one_place_share_a_fact_with_its_consensus():
    a = _toll("A flood killed 40 people in Lyon.", "40", 40, outlet="Le Courrier", day=2)
    b = _toll("The Lyon flood has killed 41 people.", "41", 41, outlet="Radio Rhône", day=3)
    c = _toll("Floods killed 41 in Lyon, officials said.", "41", 41, outlet="Alpes Matin", day=3)
    for claim in (a, b, c):
        fact_resolve(claim=claim)
    [fact] = Fact.objects.all()
    assert set(fact.members.values_list("claim_id", flat=True)) == {a.id, b.id, c.id}
    # Two of three sources say 41: the earlier 40 is the outlier, named, outside the consensus.
    assert (fact.consensus_low, fact.consensus_best, fact.consensus_high) == (41, 41, 41)
    assert fact.outliers == [a.id]
    assert fact.articles == 3 and fact.outlets == 3 and fact.place == "Lyon"


def test_the_same_toll_in_another_place_is_another_fact():
    lyon = _toll("A flood killed 40 people in Lyon.", "40", 40, outlet="Le Courrier", day=2)
    nice = _toll("A flood killed 40 people in Nice.", "40", 40, outlet="Radio Côte", day=2, place="Nice")
    fact_resolve(claim=lyon)
    fact_resolve(claim=nice)
    assert Fact.objects.count() == 2
    assert FactClaim.objects.get(claim=lyon).fact_id != FactClaim.objects.get(claim=nice).fact_id


def test_a_deleted_claim_leaves_its_fact_and_an_empty_fact_goes():
    a = _toll("A flood killed 40 people in Lyon.", "40", 40, outlet="Le Courrier", day=2)
    b = _toll("The Lyon flood has killed 45 people.", "45", 45, outlet="Radio Rhône", day=3)
    fact_resolve(claim=a)
    fact_resolve(claim=b)
    claims_delete(claim_ids=[b.id])
    fact = Fact.objects.get()
    assert fact.articles == 1 and fact.consensus_best == 40
    claims_delete(claim_ids=[a.id])
    assert not Fact.objects.exists()


def test_a_claim_read_again_without_a_place_leaves_its_fact():
    a = _toll("A flood killed 40 people in Lyon.", "40", 40, outlet="Le Courrier", day=2)
    fact_resolve(claim=a)
    a.places = []
    a.save()
    assert fact_resolve(claim=a) is None
    assert not FactClaim.objects.exists() and not Fact.objects.exists()


def test_export_facts_writes_one_fact_a_line_in_the_api_shape():
    a = _toll("A flood killed 40 people in Lyon.", "40", 40, outlet="Le Courrier", day=2)
    b = _toll("The Lyon flood has killed 41 people.", "41", 41, outlet="Radio Rhône", day=3)
    fact_resolve(claim=a)
    fact_resolve(claim=b)
    out = StringIO()
    call_command("export", "facts", stdout=out)
    [line] = out.getvalue().splitlines()
    fact = json.loads(line)
    assert {"id", "kind", "about", "places", "event_date", "unit", "consensus", "claims", "outliers"} <= set(fact)
    assert sorted(fact["claims"]) == sorted([a.id, b.id]) and fact["consensus"]["sources"] == 2
    out = StringIO()
    call_command("export", "claims", stdout=out)
    assert {json.loads(row)["fact"] for row in out.getvalue().splitlines()} == {fact["id"]}
