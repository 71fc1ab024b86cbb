"""The Claim and Check contracts of DESIGN.md, used by the API and by `manage.py export`."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from claims.models import Check, Claim, Review
from sources.models import Outlet
from sources.serializers import ArticleSerializer

MAX_ID = 2**63 - 1
# A claim's value, low and high: a JSON number, or for dates an ISO string at the precision known.
NUMBER_OR_DATE = {"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True}


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    outlet = serializers.CharField(source="outlet.name")
    published = serializers.DateField(allow_null=True)


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
    @extend_schema_field(NUMBER_OR_DATE)
    def get_value(self, claim: Claim):
        return claim.date_value or None if claim.kind == "date" else claim.value

    @extend_schema_field(NUMBER_OR_DATE)
    def get_low(self, claim: Claim):
        if claim.kind == "date":
            return claim.date_low.isoformat() if claim.date_low else None
        return claim.low

    @extend_schema_field(NUMBER_OR_DATE)
    def get_high(self, claim: Claim):
        if claim.kind == "date":
            return claim.date_high.isoformat() if claim.date_high else None
        return claim.high

    def get_unit(self, claim: Claim) -> str | None:
        return claim.unit or None

    @extend_schema_field(inline_serializer("RefersTo", {
        "start": serializers.DateField(allow_null=True), "end": serializers.DateField(allow_null=True),
    }))
    def get_refers_to(self, claim: Claim):
        return {
            "start": claim.refers_start.isoformat() if claim.refers_start else None,
            "end": claim.refers_end.isoformat() if claim.refers_end else None,
        }


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


# --- the API's reads and writes beyond the contracts ---------------------------------------------


class ClaimFilterSerializer(serializers.Serializer):
    """Query parameters of the claim list."""

    article = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    subject = serializers.CharField(required=False, max_length=200, help_text="Contains, case-insensitive.")
    fact = serializers.CharField(required=False, max_length=200, help_text="A fact key, exactly.")
    value_min = serializers.FloatField(required=False, help_text="Claims whose value is at least this.")
    value_max = serializers.FloatField(required=False, help_text="Claims whose value is at most this.")
    published_after = serializers.DateField(required=False, help_text="Articles published on or after.")
    published_before = serializers.DateField(required=False, help_text="Articles published on or before.")
    refers_after = serializers.DateField(required=False, help_text="Claims about a time ending on or after.")
    refers_before = serializers.DateField(required=False, help_text="Claims about a time starting on or before.")
    review_status = serializers.ChoiceField(
        choices=Review.Status.choices, required=False,
        help_text="Claims taking part in a check whose review has this status.",
    )
    q = serializers.CharField(required=False, max_length=200, help_text="Search quote, sentence and subject.")


class CheckFilterSerializer(serializers.Serializer):
    """Query parameters of the check list. Poll with `updated_after` (oldest change first)."""

    verdict = serializers.ChoiceField(choices=Check.Verdict.choices, required=False)
    status = serializers.ChoiceField(choices=Review.Status.choices, required=False, help_text="Review status.")
    fact = serializers.CharField(required=False, max_length=200, help_text="The fact key of the check's claim.")
    claim = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    article = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    updated_after = serializers.DateTimeField(required=False, help_text="Checks changed after this time, oldest first.")


class ReviewUpdateSerializer(serializers.Serializer):
    """What an editor sets on a review. The reviewer and time are the caller and now, never sent."""

    status = serializers.ChoiceField(choices=Review.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class FactFilterSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, max_length=200)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    place = serializers.CharField(required=False, max_length=200)


class ConsensusSerializer(serializers.Serializer):
    low = serializers.FloatField(allow_null=True)
    best = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    outliers = serializers.ListField(child=serializers.IntegerField())


class FactSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    place = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    outlets = serializers.IntegerField()
    articles = serializers.IntegerField()
    consensus = ConsensusSerializer(allow_null=True)
    claims = serializers.ListField(child=serializers.IntegerField())


class OutletSerializer(serializers.ModelSerializer):
    articles = serializers.IntegerField(source="n_articles", read_only=True)

    class Meta:
        model = Outlet
        fields = ["id", "name", "articles", "created_at"]


class ArticleClaimSerializer(ClaimSerializer):
    """A claim inside its article's detail: the article itself is around it."""

    class Meta(ClaimSerializer.Meta):
        fields = [f for f in ClaimSerializer.Meta.fields if f != "article"]



class ArticleDetailSerializer(ArticleSerializer):
    """An article with its processing status and its claims (the list's `claims` is their number)."""

    claim_list = ArticleClaimSerializer(source="claims", many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "claim_list"]
