"""The desk's edits through the admin pages: a claim's correction needs a reason and records what
changed; "not this fact" and "merge with fact …" on the fact page move the claims and lead to
where they went."""
from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, Correction
from facts.models import Fact, FactClaim
from facts.services import fact_resolve
from tests.admin import factories

pytestmark = pytest.mark.django_db


def test_a_correction_without_a_reason_is_refused_on_the_claim_page(editor_client, paris):
    claim = paris["b"]
    url = reverse("admin:claims_claim_change", args=[claim.id])
    response = editor_client.post(url, factories.correction_form(claim, reason="", value=131, low=131, high=131))
    assert response.status_code == 200  # the form again, with the error
    assert "a correction needs a reason" in response.content.decode()
    assert Claim.objects.get(id=claim.id).value == 130 and not Correction.objects.exists()


def test_the_claim_page_corrects_places_event_time_and_scope_with_a_reason(
    editor_client, editor, paris, django_capture_on_commit_callbacks
):
    claim = paris["b"]
    url = reverse("admin:claims_claim_change", args=[claim.id])
    form = factories.correction_form(claim, places="Saint-Denis, France", event="attacks", refers_start="2015-11-13",
                                     refers_end="2015-11-13", scope="only", reason="The 130 are Saint-Denis's alone.")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, form)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.actor == editor and correction.reason == "The 130 are Saint-Denis's alone."
    assert set(correction.changes) == {"places", "event", "refers_start", "refers_end", "scope"}
    assert correction.changes["places"] == {"before": ["Paris"], "after": ["Saint-Denis", "France"]}
    page = editor_client.get(url).content.decode()
    assert "The 130 are Saint-Denis&#x27;s alone." in page and "places Paris → Saint-Denis, France" in page
    assert FactClaim.objects.get(claim=claim).fact.place == "Saint-Denis"  # its fact ran again


def test_not_this_fact_and_merge_on_the_fact_page_move_the_claims(editor_client, paris):
    a, b = paris["a"], paris["b"]
    fact = FactClaim.objects.get(claim=a).fact_id
    decide = reverse("admin:claims_claim_fact_decide")
    page = reverse("admin:claims_claim_fact")
    response = editor_client.post(decide, {"claim": b.id, "kind": "not_this_fact", "note": "Another toll.",
                                           "next": f"{page}?id={fact}"})
    own = FactClaim.objects.get(claim=b).fact_id
    assert own != fact and response.status_code == 302
    assert [r.claim.id for r in editor_client.get(page, {"id": fact}).context["fact"].rows] == [a.id]

    # The split-off fact offers the old one to merge with; merging leads to it.
    candidates = editor_client.get(page, {"id": own}).context["merge_candidates"]
    assert fact in [fact_id for fact_id, _ in candidates]
    response = editor_client.post(decide, {"claim": b.id, "kind": "merge", "merge_with": fact, "note": "Same toll.",
                                           "next": f"{page}?id={own}"})
    assert response.status_code == 302 and response["Location"] == f"{page}?id={fact}"
    assert FactClaim.objects.get(claim=b).fact_id == fact
    assert Fact.objects.get(id=own).merged_into_id == fact
    # The merged-away fact's page leads to the one it went into.
    assert editor_client.get(page, {"id": own})["Location"] == f"{page}?id={fact}"
    assert fact_resolve(claim=b).id == fact
