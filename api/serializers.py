"""The API's reads beyond the contracts: an article's claim page, facts, outlets (list filters are
in api/filters.py)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from claims.models import Claim
from claims.serializers import CLAIMS_PAGE_DEFAULT, CLAIMS_PAGE_MAX, MAX_ID, ClaimSerializer
from facts.models import Fact
from sources.models import Outlet


class ArticleClaimsPageSerializer(serializers.Serializer):
    """Which of an article's claims its detail shows."""

    claims_offset = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_ID)
    claims_limit = serializers.IntegerField(
        required=False, default=CLAIMS_PAGE_DEFAULT, min_value=1, max_value=CLAIMS_PAGE_MAX,
        help_text=f"At most {CLAIMS_PAGE_MAX}.",
    )


class FactSerializer(serializers.ModelSerializer):
    """The Fact contract: what is counted where, its consensus across sources and its outliers."""

    key = serializers.CharField(source="fact_key")
    label = serializers.CharField(source="about")
    places = serializers.SerializerMethodField()
    consensus = serializers.SerializerMethodField()
    claims = serializers.SerializerMethodField()

    class Meta:
        model = Fact
        fields = ["id", "key", "kind", "about", "label", "place", "places", "event_date", "unit",
                  "consensus", "claims", "outliers", "outlets", "articles", "updated_at"]

    def get_places(self, fact: Fact) -> list[str]:
        return [fact.place] if fact.place else []

    @extend_schema_field(inline_serializer("Consensus", {
        "low": serializers.FloatField(allow_null=True), "best": serializers.FloatField(allow_null=True),
        "high": serializers.FloatField(allow_null=True), "sources": serializers.IntegerField(),
        "unit": serializers.CharField(), "outliers": serializers.ListField(child=serializers.IntegerField()),
    }, allow_null=True))
    def get_consensus(self, fact: Fact):
        if fact.consensus_best is None:
            return None
        return {"low": fact.consensus_low, "best": fact.consensus_best, "high": fact.consensus_high,
                "sources": fact.outlets, "unit": fact.unit, "outliers": fact.outliers}

    def get_claims(self, fact: Fact) -> list[int]:
        return [m.claim_id for m in fact.members.all()]


class ClaimWithFactSerializer(ClaimSerializer):
    """A claim as the API shows it: the Claim contract and the fact it states (null if none)."""

    fact = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "fact"]

    def get_fact(self, claim: Claim) -> int | None:
        membership = getattr(claim, "fact_membership", None)
        return membership.fact_id if membership else None


class OutletSerializer(serializers.ModelSerializer):
    articles = serializers.IntegerField(source="n_articles", read_only=True)

    class Meta:
        model = Outlet
        fields = ["id", "name", "articles", "created_at"]
