"""Editors' placements of claims in facts (facts/editing.py): "not this fact" moves a claim out of
its fact, a merge moves every member of one fact into another, and both are remembered when the
claims are resolved again: re-checked, re-extracted, or deleted and read again."""
from __future__ import annotations

from datetime import date

import pytest

from claims.models import Claim
from claims.services import claims_delete, claims_extract
from facts.editing import FactEditError, fact_merge, fact_move_claim
from facts.models import Fact, FactClaim
from facts.services import article_crosscheck, claim_crosscheck, fact_resolve
from review import selectors
from review.models import Review
from review.services import decision_make, decision_withdraw
from sources.services import article_ingest
from tests.admin import factories

PARIS = [
    ("The Paris attacks killed 130 people, officials said.", "France 24", date(2015, 11, 20), "https://f24.example/paris"),
    ("In Paris, the attacks killed 130 people.", "Le Monde", date(2015, 11, 21), "https://lemonde.example/paris"),
    ("The Paris attacks killed 137 people.", "Wire Service", date(2015, 11, 24), "https://wire.example/paris-137"),
]


def fact_of(claim: Claim) -> int | None:
    return FactClaim.objects.filter(claim_id=claim.id).values_list("fact_id", flat=True).first()


def members(fact_id: int) -> set[int]:
    return set(FactClaim.objects.filter(fact_id=fact_id).values_list("claim_id", flat=True))


@pytest.fixture
def edna(db):
    return factories.editor("edna")


@pytest.fixture
def toll(db):
    """Three reports of the Paris toll, checked by the product's own cross-check: one fact."""
    made = []
    for text, outlet, published, url in PARIS:
        article = factories.article(text, outlet=outlet, published=published, url=url)
        quote = "137" if "137" in text else "130"
        made.append(factories.claim(article, quote, value=float(quote), places=["Paris"], running_total=True))
    factories.crosscheck(*(c.article for c in made))
    return made


@pytest.mark.django_db
def test_not_this_fact_moves_the_claim_into_a_fact_of_its_own_and_a_recheck_keeps_it_there(toll, edna):
    a, b, wire = toll
    fact = fact_of(a)
    assert fact_of(b) == fact_of(wire) == fact
    moved_to = fact_move_claim(claim_id=wire.id, actor=edna, note="137 counts the attackers.")
    assert moved_to.id != fact and fact_of(wire) == moved_to.id
    assert members(fact) == {a.id, b.id} and members(moved_to.id) == {wire.id}
    membership = FactClaim.objects.get(claim=wire)
    assert (membership.placed_by, membership.placed_note) == (edna, "137 counts the attackers.")
    assert Fact.objects.get(id=fact).consensus_best == 130  # the 137 no longer weighs on it

    # Resolved again by every path that resolves it: it stays out.
    assert fact_resolve(claim=wire).id == moved_to.id
    claim_crosscheck(claim_id=wire.id)
    article_crosscheck(article_id=wire.article_id)
    for claim in (a, b):
        claim_crosscheck(claim_id=claim.id)
    assert fact_of(wire) == moved_to.id and members(fact) == {a.id, b.id}


@pytest.mark.django_db
def test_a_claim_moved_out_no_longer_makes_its_old_fact_wait_for_a_decision(toll, edna):
    a, _, wire = toll
    fact = fact_of(a)
    assert [f.id for f in selectors.facts_to_decide()] == [fact]
    fact_move_claim(claim_id=wire.id, actor=edna, note="Not the same toll.")
    claim_crosscheck(claim_id=wire.id)  # its old pair checks come back: they compare across facts now
    assert list(selectors.facts_to_decide()) == []


@pytest.mark.django_db
def test_a_claim_can_be_moved_into_a_chosen_fact_of_its_kind_only(toll, edna):
    a, _, wire = toll
    other = factories.article("Officials said 12 people were killed in Lyon.", outlet="Le Progrès")
    lyon = factories.claim(other, "12 people", value=12, places=["Lyon"])
    lyon_fact = fact_resolve(claim=lyon)
    assert fact_move_claim(claim_id=wire.id, to_fact_id=lyon_fact.id, actor=edna, note="n").id == lyon_fact.id
    assert members(lyon_fact.id) == {lyon.id, wire.id}
    date_fact = Fact.objects.create(kind="date", fact_key="date|attack|", place_key="paris", place="Paris")
    with pytest.raises(FactEditError, match="is a count"):
        fact_move_claim(claim_id=a.id, to_fact_id=date_fact.id, actor=edna, note="n")
    with pytest.raises(FactEditError, match="no fact"):
        fact_move_claim(claim_id=a.id, to_fact_id=10**9, actor=edna, note="n")


@pytest.mark.django_db
def test_a_merged_fact_sends_its_claims_and_new_ones_to_the_fact_it_went_into(edna):
    paris = factories.article("The attacks in Paris killed 130 people.", outlet="France 24", published=date(2015, 11, 20))
    denis = factories.article("The attacks in Saint-Denis killed 130 people.", outlet="Le Monde", published=date(2015, 11, 21))
    a = factories.claim(paris, "130", value=130, places=["Paris"], running_total=True)
    b = factories.claim(denis, "130", value=130, places=["Saint-Denis"], running_total=True)
    source, target = fact_resolve(claim=a), fact_resolve(claim=b)
    assert source.id != target.id

    merged = fact_merge(source_fact_id=source.id, target_fact_id=target.id, actor=edna, note="One night of attacks.")
    assert merged.id == target.id and members(target.id) == {a.id, b.id}
    source.refresh_from_db()
    assert source.merged_into_id == target.id and source.articles == 0 and not members(source.id)
    assert merged.articles == 2

    # The moved claim, re-resolved, stays; a new claim that would join the merged-away fact goes to its target.
    assert fact_resolve(claim=a).id == target.id
    later = factories.article("Paris: the attacks killed 130 people.", outlet="Wire Service", published=date(2015, 11, 24))
    c = factories.claim(later, "130", value=130, places=["Paris"], running_total=True)
    assert fact_resolve(claim=c).id == target.id
    assert FactClaim.objects.get(claim=c).placed_at is None  # redirected, not placed
    assert Fact.objects.filter(id=source.id).exists()  # remembered, though empty

    # Merging into a fact that was itself merged goes to where it went; never into itself.
    with pytest.raises(FactEditError, match="into itself"):
        fact_merge(source_fact_id=target.id, target_fact_id=source.id, actor=edna, note="n")


@pytest.mark.django_db
def test_the_decisions_move_the_claims_and_withdrawing_not_this_fact_puts_it_back(toll, edna):
    a, b, wire = toll
    fact = fact_of(a)
    decision = decision_make(claim_id=wire.id, kind="not_this_fact", note="It counts another attack.", actor=edna)
    assert decision.fact_id == fact and fact_of(wire) != fact
    assert [e.action for e in decision.events.all()] == ["made", "moved"]
    # Its mismatches with the fact it left are dismissed in the mismatch queue, with the note.
    across = Review.objects.filter(check_obj__claim=wire) | Review.objects.filter(check_obj__others=wire)
    assert across.exists() and {(r.status, r.note) for r in across} == {("dismissed", "not this fact: It counts another attack.")}
    decision_withdraw(decision_id=decision.id, note="It was the same attack after all.", actor=edna)
    assert fact_of(wire) == fact and FactClaim.objects.get(claim=wire).placed_at is None

    other = factories.article("The attacks in Saint-Denis killed 130 people.", outlet="Le Parisien")
    denis = factories.claim(other, "130", value=130, places=["Saint-Denis"], running_total=True)
    denis_fact = fact_resolve(claim=denis)
    merge = decision_make(claim_id=denis.id, kind="merge", merge_with_id=fact, note="The same night.", actor=edna)
    assert fact_of(denis) == fact and Fact.objects.get(id=denis_fact.id).merged_into_id == fact
    assert [e.action for e in merge.events.all()] == ["made", "merged"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.model
def test_not_this_fact_is_remembered_when_the_article_is_extracted_again(db):
    edna = factories.editor("edna")
    articles = [article_ingest(raw=t, outlet=o, url=u, published=d).article for t, o, d, u in PARIS]
    wire = Claim.objects.get(article=articles[2], quote="137")
    fact = fact_of(Claim.objects.get(article=articles[0], quote="130"))
    assert fact_of(wire) == fact
    decision_make(claim_id=wire.id, kind="not_this_fact", note="137 counts the attackers.", actor=edna)
    own = fact_of(wire)

    # The same text read again: the claim keeps its row, its placement and its fact.
    claims_extract(article_ids=[articles[2].id])
    article_crosscheck(article_id=articles[2].id)
    assert fact_of(wire) == own and wire.id not in members(fact)

    # Dropped and read again: a new row, moved out again when its decision is re-attached.
    claims_delete(claim_ids=[wire.id])
    claims_extract(article_ids=[articles[2].id])
    article_crosscheck(article_id=articles[2].id)
    again = Claim.objects.get(article=articles[2], quote="137")
    assert again.id != wire.id
    assert fact_of(again) not in (None, fact) and again.id not in members(fact)
    assert FactClaim.objects.get(claim=again).placed_by == edna
    assert members(fact) == set(Claim.objects.filter(quote="130").values_list("id", flat=True))
