"""The Check contract of DESIGN.md with its review, and an editor's review change."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from claims.serializers import MAX_ID
from facts.models import Check
from review.models import ClaimReview, Decision, Review
from review.ratings import scale


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


# --- decisions and ClaimReviews (their JSON for newsroom tools; the JSON-LD is review.claimreview) --


class DecisionEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    kind = serializers.CharField()
    note = serializers.CharField()
    actor = serializers.CharField(source="actor.get_username", default=None, allow_null=True)
    at = serializers.DateTimeField()


class ClaimReviewStateSerializer(serializers.ModelSerializer):
    """A ClaimReview's place in its life (draft, published, withdrawn) and its rating."""

    class Meta:
        model = ClaimReview
        fields = ["id", "decision", "rating", "url", "headline", "state", "created_at", "published_at", "withdrawn_at"]


class DecisionSerializer(serializers.ModelSerializer):
    """The Decision contract of docs/contracts.md."""

    article = serializers.SerializerMethodField()
    made_by = serializers.CharField(source="made_by.get_username", default=None, allow_null=True)
    events = DecisionEventSerializer(many=True, read_only=True)
    claim_reviews = ClaimReviewStateSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "kind", "status", "note", "fact", "claim", "article", "quote", "start", "end",
                  "other_claim", "merge_with", "made_by", "made_at", "updated_at", "events", "claim_reviews"]

    @extend_schema_field(inline_serializer("DecisionArticle", {
        "id": serializers.IntegerField(allow_null=True), "url": serializers.CharField(),
    }))
    def get_article(self, decision: Decision) -> dict:
        return {"id": decision.article_id, "url": decision.article_url}


class DecisionCreateSerializer(serializers.Serializer):
    """What an editor sends to decide about a claim. Who and when are the caller and now."""

    claim = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    note = serializers.CharField(max_length=5000, allow_blank=True, help_text="Required: why.")
    fact = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                    help_text="The claim's fact (checked); its current fact if left out.")
    other_claim = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                           help_text="The earlier figure a revision supersedes (required for a revision).")
    merge_with = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                          help_text="The fact to merge with (required for a merge).")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, allow_blank=True, help_text="Required: why.")


class ClaimReviewCreateSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=[(key, r.alternate_name) for key, r in scale().ratings.items()])
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000, default="",
                               help_text="The newsroom's public fact-check page (required to publish).")
    headline = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    publish = serializers.BooleanField(required=False, default=False, help_text="Publish at once.")


class PublishSerializer(serializers.Serializer):
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000, default="")
