"""The Claim and Check contracts of DESIGN.md, used by the API and by `manage.py export`."""
from __future__ import annotations

from rest_framework import serializers

from claims.models import Check, Claim


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    outlet = serializers.CharField(source="outlet.name")
    published = serializers.DateField()


class ClaimSerializer(serializers.ModelSerializer):
    article = ArticleRefSerializer(read_only=True)
    value = serializers.SerializerMethodField()
    low = serializers.SerializerMethodField()
    high = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    refers_to = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "article", "kind", "quote", "sentence", "start", "end", "value", "low", "high",
            "qualifier", "unit", "subject", "predicate", "attributed_to", "refers_to",
            "places", "running_total", "fact_key",
        ]

    # Dates are ISO strings at the precision known; numbers are JSON numbers.
    def get_value(self, claim: Claim):
        return claim.date_value or None if claim.kind == "date" else claim.value

    def get_low(self, claim: Claim):
        if claim.kind == "date":
            return claim.date_low.isoformat() if claim.date_low else None
        return claim.low

    def get_high(self, claim: Claim):
        if claim.kind == "date":
            return claim.date_high.isoformat() if claim.date_high else None
        return claim.high

    def get_unit(self, claim: Claim):
        return claim.unit or None

    def get_refers_to(self, claim: Claim):
        return {
            "start": claim.refers_start.isoformat() if claim.refers_start else None,
            "end": claim.refers_end.isoformat() if claim.refers_end else None,
        }


class ReviewSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField()
    reviewer = serializers.CharField(source="reviewer.get_username", default=None)
    reviewed_at = serializers.DateTimeField()
    assigned_to = serializers.CharField(source="assigned_to.get_username", default=None)


class CheckSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id")
    other = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()
    type = serializers.CharField(source="check_type")

    class Meta:
        model = Check
        fields = ["id", "claim", "other", "verdict", "score", "explanation", "review", "type", "updated_at"]

    def get_other(self, check: Check) -> list[int]:
        return sorted(c.id for c in check.others.all())

    def get_review(self, check: Check):
        review = getattr(check, "review", None)
        if review is None:
            return None
        return ReviewSerializer(review).data
