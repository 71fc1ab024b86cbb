"""The Check contract of DESIGN.md with its review, and an editor's review change."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from facts.models import Check
from review.models import Review


class ReviewSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Review.Status.choices)
    note = serializers.CharField(allow_blank=True)
    reviewer = serializers.CharField(source="reviewer.get_username", default=None, allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    assigned_to = serializers.CharField(source="assigned_to.get_username", default=None, allow_null=True)


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

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, check: Check):
        review = getattr(check, "review", None)
        if review is None:
            return None
        return ReviewSerializer(review).data


class ReviewUpdateSerializer(serializers.Serializer):
    """What an editor sets on a review. The reviewer and time are the caller and now, never sent."""

    status = serializers.ChoiceField(choices=Review.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
