"""The API's reads beyond the contracts: an article's claim page, facts, outlets (list filters are
in api/filters.py)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from claims.models import Claim
from claims.serializers import CLAIMS_PAGE_DEFAULT, CLAIMS_PAGE_MAX, MAX_ID, ClaimSerializer, CorrectionSerializer
from facts.models import Fact
from review.selectors import fact_assignee, fact_corrections, fact_decisions, fact_title
from review.serializers import DecisionSerializer
from sources.models import Outlet


class ArticleClaimsPageSerializer(serializers.Serializer):
    """Which of an article's claims its detail shows."""

    claims_offset = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_ID)
    claims_limit = serializers.IntegerField(
        required=False, default=CLAIMS_PAGE_DEFAULT, min_value=1, max_value=CLAIMS_PAGE_MAX,
        help_text=f"At most {CLAIMS_PAGE_MAX}.",
    )


# How many claim ids a fact lists in the facts list (its page holds the largest facts).
FACT_CLAIMS_LISTED = 100


class FactSerializer(serializers.ModelSerializer):
    """The Fact contract: what is counted where, its consensus across sources and its outliers."""

    key = serializers.CharField(source="fact_key")
    label = serializers.CharField(source="about")
    places = serializers.SerializerMethodField()
    consensus = serializers.SerializerMethodField()
    claims = serializers.SerializerMethodField()
    claims_total = serializers.IntegerField(read_only=True, help_text="How many claims state the fact.")

    class Meta:
        model = Fact
        fields = ["id", "key", "kind", "about", "label", "place", "places", "event", "event_date", "unit", "claims_total",
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
        """The ids of its claims, the first FACT_CLAIMS_LISTED by id: a fact of a large story
        lists a bounded number (`claims_total` says how many; `claims/?fact_id=` pages them)."""
        listed = self.context.get("claim_ids")
        if listed is not None:
            return listed.get(fact.id, [])
        return list(fact.members.order_by("claim_id").values_list("claim_id", flat=True)[:FACT_CLAIMS_LISTED])



class ClaimWithFactSerializer(ClaimSerializer):
    """A claim as the API shows it: the Claim contract and the fact it states (null if none)."""

    fact = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "fact"]

    def get_fact(self, claim: Claim) -> int | None:
        membership = getattr(claim, "fact_membership", None)
        return membership.fact_id if membership else None

    def to_representation(self, claim: Claim) -> dict:
        """The same dict DRF's fields make, written out: a page of 50 claims spent more time in
        the fields' machinery than in the database. Falls back to the fields if they change
        (tests/api/test_serializers.py holds both to the same output)."""
        if tuple(self.Meta.fields) != FAST_CLAIM_FIELDS:
            return super().to_representation(claim)
        article = claim.article
        date = claim.kind == "date"
        return {
            "id": claim.id,
            "article": {"id": article.id, "url": article.url, "outlet": article.outlet.name,
                        "published": article.published.isoformat() if article.published else None},
            "kind": claim.kind, "quote": claim.quote, "sentence": claim.sentence, "start": claim.start,
            "end": claim.end,
            "value": (claim.date_value or None) if date else claim.value,
            "low": (claim.date_low.isoformat() if claim.date_low else None) if date else claim.low,
            "high": (claim.date_high.isoformat() if claim.date_high else None) if date else claim.high,
            "qualifier": claim.qualifier, "unit": claim.unit or None, "subject": claim.subject,
            "predicate": claim.predicate, "attributed_to": claim.attributed_to,
            "refers_to": {"start": claim.refers_start.isoformat() if claim.refers_start else None,
                          "end": claim.refers_end.isoformat() if claim.refers_end else None},
            "places": claim.places, "places_from": claim.places_from, "running_total": claim.running_total,
            "fact_key": claim.fact_key, "event": claim.event, "scope": claim.scope, "fact": self.get_fact(claim),
        }


FAST_CLAIM_FIELDS = (
    "id", "article", "kind", "quote", "sentence", "start", "end", "value", "low", "high", "qualifier", "unit",
    "subject", "predicate", "attributed_to", "refers_to", "places", "places_from", "running_total", "fact_key", "event",
    "scope", "fact",
)


class OutletSerializer(serializers.ModelSerializer):
    articles = serializers.IntegerField(source="n_articles", read_only=True)

    class Meta:
        model = Outlet
        fields = ["id", "name", "articles", "created_at"]


# How much of a fact its detail shows: the first claims by date, the newest decisions (all of
# them are in `claims/?fact=` and `decisions/?fact=`, paged).
FACT_MEMBERS_SHOWN = 500
FACT_DECISIONS_SHOWN = 200


class FactMemberSerializer(serializers.Serializer):
    """A claim of a fact as the desk compares it: in its sentence, with its outlet, date and source."""

    id = serializers.IntegerField()
    quote = serializers.CharField()
    sentence = serializers.CharField()
    article = serializers.SerializerMethodField()
    attributed_to = serializers.CharField()
    qualifier = serializers.CharField()
    value = serializers.SerializerMethodField()
    low = serializers.SerializerMethodField()
    high = serializers.SerializerMethodField()
    outlier = serializers.SerializerMethodField()

    @extend_schema_field(inline_serializer("FactMemberArticle", {
        "id": serializers.IntegerField(), "url": serializers.CharField(), "outlet": serializers.CharField(),
        "published": serializers.DateField(allow_null=True),
    }))
    def get_article(self, claim: Claim) -> dict:
        a = claim.article
        return {"id": a.id, "url": a.url, "outlet": a.outlet.name, "published": a.published}

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_value(self, claim: Claim):
        return claim.date_value or None if claim.kind == "date" else claim.value

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_low(self, claim: Claim):
        return (claim.date_low.isoformat() if claim.date_low else None) if claim.kind == "date" else claim.low

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_high(self, claim: Claim):
        return (claim.date_high.isoformat() if claim.date_high else None) if claim.kind == "date" else claim.high

    def get_outlier(self, claim: Claim) -> bool:
        return claim.id in self.context.get("outliers", ())


FACT_CORRECTIONS_SHOWN = 200


class FactDetailSerializer(FactSerializer):
    """A fact with every claim that states it, its consensus, outliers, the editors' decisions and
    the corrections of its claims (before and after, reason, who and when), whom it is assigned to,
    and the fact it was merged into (if an editor merged it away)."""

    name = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    members_total = serializers.IntegerField(source="claims_total", read_only=True)
    decisions = serializers.SerializerMethodField()
    corrections = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()

    class Meta(FactSerializer.Meta):
        fields = [*FactSerializer.Meta.fields, "name", "members", "members_total", "decisions", "corrections",
                  "assigned_to", "merged_into"]

    def get_name(self, fact: Fact) -> str:
        """Readable: "deaths · Paris · 13 Nov 2015"."""
        return fact_title(fact)

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, fact: Fact) -> list[dict]:
        return CorrectionSerializer(fact_corrections(fact.id)[:FACT_CORRECTIONS_SHOWN], many=True).data

    @extend_schema_field(inline_serializer("FactAssignee", {
        "username": serializers.CharField(allow_null=True), "by": serializers.CharField(allow_null=True),
        "at": serializers.DateTimeField(),
    }, allow_null=True))
    def get_assigned_to(self, fact: Fact):
        latest = fact_assignee(fact.id)
        if latest is None or latest.assigned_to is None:
            return None
        return {"username": latest.assigned_to.get_username(),
                "by": latest.actor.get_username() if latest.actor else None, "at": latest.at}

    @extend_schema_field(FactMemberSerializer(many=True))
    def get_members(self, fact: Fact) -> list[dict]:
        claims = (
            Claim.objects.filter(fact_membership__fact_id=fact.id).select_related("article__outlet")
            .defer("article__body", "article__raw").order_by("article__published", "id")[:FACT_MEMBERS_SHOWN]
        )
        return FactMemberSerializer(claims, many=True, context={"outliers": set(fact.outliers or ())}).data

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, fact: Fact) -> list[dict]:
        return DecisionSerializer(fact_decisions(fact.id)[:FACT_DECISIONS_SHOWN], many=True).data
