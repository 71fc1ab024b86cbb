"""The API follows the desk's edits of facts: facts/<id>/ and facts/<id>/corrections/ show each
correction of its claims with before, after, reason, who and when; its readable name and assignee;
"not this fact" and merges through decisions/ move the claims, and facts/<id>/ says where."""
from __future__ import annotations

import pytest

from claims.services import claim_correct
from facts.models import FactClaim
from review.services import fact_assign

pytestmark = pytest.mark.django_db


def test_a_fact_shows_the_corrections_of_its_claims_with_before_after_and_reason(viewer_api, editor_key, paris):
    editor = editor_key[0].user
    claim_correct(claim_id=paris["b"].id, reason="The prefecture said 131.", actor=editor, value=131, low=131, high=131,
                  places=["Paris", "France"])
    fact_id = FactClaim.objects.get(claim=paris["b"]).fact_id
    body = viewer_api.get(f"/api/v1/facts/{fact_id}/").json()
    [correction] = body["corrections"]
    assert correction["claim"] == paris["b"].id and correction["reason"] == "The prefecture said 131."
    assert correction["actor"] == editor.get_username() and correction["at"]
    assert correction["changes"]["value"] == {"before": 130.0, "after": 131}
    assert correction["changes"]["places"] == {"before": ["Paris"], "after": ["Paris", "France"]}
    listed = viewer_api.get(f"/api/v1/facts/{fact_id}/corrections/").json()
    assert [c["id"] for c in listed["results"]] == [correction["id"]]
    assert viewer_api.get("/api/v1/facts/999999/corrections/").status_code == 404


def test_a_fact_has_a_readable_name_and_its_assignee(viewer_api, editor_key, paris):
    editor = editor_key[0].user
    fact_id = FactClaim.objects.get(claim=paris["b"]).fact_id
    body = viewer_api.get(f"/api/v1/facts/{fact_id}/").json()
    assert body["name"].startswith("deaths · Paris") and body["assigned_to"] is None
    fact_assign(fact_id=fact_id, assignee=editor, actor=editor)
    assert viewer_api.get(f"/api/v1/facts/{fact_id}/").json()["assigned_to"]["username"] == editor.get_username()


def test_not_this_fact_and_merge_through_the_api_move_the_claims(editor_api, viewer_api, paris):
    fact_id = FactClaim.objects.get(claim=paris["b"]).fact_id
    made = editor_api.post("/api/v1/decisions/", {"claim": paris["b"].id, "kind": "not_this_fact",
                                                  "note": "130 is Saint-Denis's count."}, format="json")
    assert made.status_code == 201, made.json()
    assert [e["action"] for e in made.json()["events"]] == ["made", "moved"]
    own = FactClaim.objects.get(claim=paris["b"]).fact_id
    assert own != fact_id
    assert [m["id"] for m in viewer_api.get(f"/api/v1/facts/{fact_id}/").json()["members"]] == [paris["a"].id]

    merged = editor_api.post("/api/v1/decisions/", {"claim": paris["b"].id, "kind": "merge", "merge_with": fact_id,
                                                    "note": "It is the same toll after all."}, format="json")
    assert merged.status_code == 201, merged.json()
    assert viewer_api.get(f"/api/v1/facts/{own}/").json()["merged_into"] == fact_id
    assert {m["id"] for m in viewer_api.get(f"/api/v1/facts/{fact_id}/").json()["members"]} == {paris["a"].id, paris["b"].id}
