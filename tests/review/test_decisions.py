"""Editors' decisions about one claim of a fact: a note is required, the history is kept, and
decisions last through re-extraction (the claim at the same span, or found again)."""
from __future__ import annotations

from datetime import date

import pytest

from claims.models import Claim
from claims.services import claims_delete, claims_extract
from facts.models import Check, FactClaim
from review.models import Decision, DecisionEvent
from review.services import DecisionError, decision_make, decision_withdraw, decisions_reattach
from sources.services import article_ingest
from tests.admin import factories
from tests.api import factories as api_factories


@pytest.fixture
def paris(db):
    return api_factories.paris_toll()


@pytest.fixture
def edna(db):
    return factories.editor("edna")


@pytest.mark.django_db
def test_a_decision_is_keyed_to_the_claim_its_fact_and_its_place(paris, edna):
    decision = decision_make(claim_id=paris["a"].id, kind="wrong", note="The ministry never said 129.", actor=edna)
    assert decision.claim_id == paris["a"].id
    assert decision.fact_id == FactClaim.objects.get(claim=paris["a"]).fact_id
    assert (decision.article_id, decision.article_url, decision.quote) == (paris["first"].id, paris["first"].url, "129")
    assert (decision.start, decision.end) == (paris["a"].start, paris["a"].end)
    assert decision.made_by == edna and decision.status == "active"
    [event] = decision.events.all()
    assert (event.action, event.kind, event.note, event.actor) == ("made", "wrong", "The ministry never said 129.", edna)


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["", "   \n "])
def test_a_decision_without_a_note_is_refused_and_nothing_is_stored(paris, edna, note):
    with pytest.raises(DecisionError, match="a note is required"):
        decision_make(claim_id=paris["a"].id, kind="wrong", note=note, actor=edna)
    assert not Decision.objects.exists() and not DecisionEvent.objects.exists()


@pytest.mark.django_db
def test_bad_decisions_say_what_is_wrong(paris, edna):
    with pytest.raises(DecisionError, match="unknown decision 'bogus'"):
        decision_make(claim_id=paris["a"].id, kind="bogus", note="n")
    with pytest.raises(DecisionError, match="there is no claim"):
        decision_make(claim_id=10**12, kind="wrong", note="n")
    with pytest.raises(DecisionError, match="supersedes an earlier figure"):
        decision_make(claim_id=paris["b"].id, kind="revision", note="n")
    with pytest.raises(DecisionError, match="merge needs merge_with"):
        decision_make(claim_id=paris["b"].id, kind="merge", note="n")
    with pytest.raises(DecisionError, match="at most 5000"):
        decision_make(claim_id=paris["b"].id, kind="wrong", note="x" * 5001)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_new_decision_replaces_the_standing_one_and_both_stay_in_the_history(paris, edna):
    first = decision_make(claim_id=paris["b"].id, kind="wrong", note="Looked wrong at first.", actor=edna)
    second = decision_make(claim_id=paris["b"].id, kind="revision", other_claim_id=paris["a"].id,
                           note="The prefecture raised the toll to 130.", actor=edna)
    first.refresh_from_db()
    assert first.status == "withdrawn" and second.status == "active" and second.other_claim_id == paris["a"].id
    assert list(first.events.values_list("action", flat=True)) == ["made", "replaced"]
    withdrawn = decision_withdraw(decision_id=second.id, note="Filed on the wrong fact.", actor=edna)
    assert withdrawn.status == "withdrawn"
    assert list(second.events.values_list("action", flat=True)) == ["made", "withdrawn"]
    with pytest.raises(DecisionError, match="a note is required"):
        decision_withdraw(decision_id=first.id, note="")
    with pytest.raises(DecisionError, match="already withdrawn"):
        decision_withdraw(decision_id=second.id, note="again")


@pytest.mark.django_db
def test_a_decision_moves_the_checks_of_its_claim_for_pollers(paris, edna):
    check = paris["check"]
    before = Check.objects.get(id=check.id).updated_at
    decision_make(claim_id=paris["a"].id, kind="wrong", note="The count was 130 all along.", actor=edna)
    assert Check.objects.get(id=check.id).updated_at > before


@pytest.mark.django_db
def test_a_deleted_claim_found_again_at_its_place_gets_its_decision_back(paris, edna):
    claim = paris["a"]
    decision = decision_make(claim_id=claim.id, kind="wrong", note="129 was a typo.", actor=edna)
    claims_delete(claim_ids=[claim.id])
    decision.refresh_from_db()
    assert decision.claim_id is None and decision.status == "active"
    again = factories.claim(paris["first"], "129", value=129, places=["Paris"], running_total=True)
    assert decisions_reattach(article_id=paris["first"].id) == 1
    decision.refresh_from_db()
    assert decision.claim_id == again.id
    assert decision.events.last().action == "reattached"


@pytest.mark.django_db
def test_a_new_version_at_the_same_url_takes_the_decision_by_its_quote(edna):
    url = "https://example.org/lyon-flood"
    old = factories.article("The flood in Lyon killed 41 people.", outlet="Radio Rhône", url=url)
    claim = factories.claim(old, "41 people", value=41, places=["Lyon"])
    decision = decision_make(claim_id=claim.id, kind="wrong", note="The prefecture says 40.", actor=edna)
    claims_delete(claim_ids=[claim.id])
    new = factories.article("Update: the flood in Lyon on Tuesday killed 41 people.", outlet="Radio Rhône", url=url)
    moved = factories.claim(new, "41 people", value=41, places=["Lyon"])
    other = factories.article("In Lyon 41 people died.", outlet="Le Courrier", url="https://example.org/other")
    factories.claim(other, "41 people", value=41, places=["Lyon"])
    assert decisions_reattach(article_id=other.id) == 0  # another URL is another article
    assert decisions_reattach(article_id=new.id) == 1
    decision.refresh_from_db()
    assert (decision.claim_id, decision.article_id, decision.start) == (moved.id, new.id, moved.start)


@pytest.mark.django_db
def test_an_ambiguous_quote_in_a_new_version_is_left_for_an_editor(edna):
    url = "https://example.org/two-tolls"
    old = factories.article("In Lyon 41 people died.", outlet="Radio Rhône", url=url)
    claim = factories.claim(old, "41 people", value=41, places=["Lyon"])
    decision = decision_make(claim_id=claim.id, kind="wrong", note="It was 40.", actor=edna)
    claims_delete(claim_ids=[claim.id])
    new = factories.article("In Lyon 41 people died; in Vienne 41 people died.", outlet="Radio Rhône", url=url)
    factories.claim(new, "41 people", value=41, places=["Lyon"])
    factories.claim(new, "41 people", value=41, places=["Vienne"], occurrence=1)
    assert decisions_reattach(article_id=new.id) == 0
    decision.refresh_from_db()
    assert decision.claim_id is None


TEXT = (
    "A storm killed 12 people in Brest on Monday, the prefecture said.\n\n"
    "Officials said 340 homes were damaged and 45 people were hurt in Brest."
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.model
def test_re_extracting_an_article_keeps_every_decision_on_its_claims(edna):
    article = article_ingest(raw=TEXT, outlet="Ouest Wire", url="https://example.org/brest-storm",
                             published=date(2024, 2, 5)).article
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    assert len(claims) >= 3
    decisions = {
        c.id: decision_make(claim_id=c.id, kind="wrong" if i % 2 else "disagree", note=f"Checked {c.quote}.", actor=edna)
        for i, c in enumerate(claims)
    }
    spans = {c.id: (c.start, c.end, c.quote) for c in claims}

    claims_extract(article_ids=[article.id])  # the same text: claims kept at their spans
    for claim_id, decision in decisions.items():
        decision.refresh_from_db()
        assert decision.claim_id == claim_id and decision.status == "active"

    # Claims dropped and read again are new rows: each decision goes back to the claim at its span.
    claims_delete(claim_ids=list(decisions))
    claims_extract(article_ids=[article.id])
    for old_id, decision in decisions.items():
        decision.refresh_from_db()
        assert decision.claim_id is not None and decision.claim_id != old_id
        assert (decision.claim.start, decision.claim.end, decision.claim.quote) == spans[old_id]
        assert decision.status == "active"
    assert Decision.objects.filter(status="active", claim__isnull=True).count() == 0
