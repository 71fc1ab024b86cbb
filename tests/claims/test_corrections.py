"""Editors' corrections of claims: each records the fields before and after, a reason (required),
who and when; every field that decides which fact a claim states is correctable, and a correction
runs the claim's checks and its fact again."""
from __future__ import annotations

from datetime import date

import pytest

from claims.models import Claim, Correction
from claims.services import CorrectionError, claim_correct
from facts.models import FactClaim
from tests.admin import factories


@pytest.fixture
def edna(db):
    return factories.editor("edna")


@pytest.fixture
def paris(db):
    return factories.paris_toll()


@pytest.mark.django_db
def test_a_correction_records_before_after_reason_who_and_when(paris, edna):
    claim = paris["b"]
    claim_correct(claim_id=claim.id, reason="The prefecture's count was 131.", actor=edna, value=131, low=131, high=131)
    [correction] = Correction.objects.all()
    assert correction.claim_id == claim.id and correction.actor == edna and correction.at is not None
    assert correction.reason == "The prefecture's count was 131."
    assert correction.changes == {
        "value": {"before": 130.0, "after": 131}, "low": {"before": 130.0, "after": 131},
        "high": {"before": 130.0, "after": 131},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_without_a_reason_is_refused_and_nothing_changes(paris, edna, reason):
    with pytest.raises(CorrectionError, match="a reason is required"):
        claim_correct(claim_id=paris["b"].id, reason=reason, actor=edna, value=1)
    assert Claim.objects.get(id=paris["b"].id).value == 130 and not Correction.objects.exists()


@pytest.mark.django_db
def test_every_field_that_decides_matching_is_correctable(paris, edna, django_capture_on_commit_callbacks):
    claim = paris["b"]
    fact_before = FactClaim.objects.get(claim=claim).fact_id
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim_correct(
            claim_id=claim.id, reason="The sentence is about Saint-Denis, the night of the 13th, a forecast.",
            actor=edna, places="Saint-Denis, France", event="attacks", refers_start=date(2015, 11, 13),
            refers_end=date(2015, 11, 13), running_total=False, scope="forecast", kind="count",
        )
    assert len(callbacks) == 1  # its checks and fact run again
    claim.refresh_from_db()
    assert claim.places == ["Saint-Denis", "France"] and claim.event == "attacks" and claim.scope == "forecast"
    assert (claim.refers_start, claim.refers_end, claim.running_total) == (date(2015, 11, 13), date(2015, 11, 13), False)
    changes = Correction.objects.get().changes
    assert changes["places"] == {"before": ["Paris"], "after": ["Saint-Denis", "France"]}
    assert changes["refers_start"] == {"before": None, "after": "2015-11-13"}
    assert changes["running_total"] == {"before": True, "after": False}
    assert "kind" not in changes  # unchanged fields are not recorded
    # Its fact follows: Saint-Denis is another fact than Paris's toll.
    assert FactClaim.objects.get(claim=claim).fact_id != fact_before
    assert FactClaim.objects.get(claim=claim).fact.place == "Saint-Denis"


@pytest.mark.django_db
def test_bad_corrections_say_why(paris, edna):
    claim = paris["b"]
    with pytest.raises(CorrectionError, match="cannot correct"):
        claim_correct(claim_id=claim.id, reason="r", quote="131")
    with pytest.raises(CorrectionError, match="unknown scope"):
        claim_correct(claim_id=claim.id, reason="r", scope="someday")
    with pytest.raises(CorrectionError, match="cannot become a number"):
        claim_correct(claim_id=claim.id, reason="r", kind="date")
    with pytest.raises(CorrectionError, match="starts .* after it ends"):
        claim_correct(claim_id=claim.id, reason="r", refers_start=date(2015, 11, 14), refers_end=date(2015, 11, 13))
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_a_correction_that_changes_nothing_records_nothing(paris, edna):
    claim_correct(claim_id=paris["b"].id, reason="checked", actor=edna, value=130)
    assert not Correction.objects.exists() and Claim.objects.get(id=paris["b"].id).corrected_at is None
