"""The Claim contract of DESIGN.md and the article as the API shows it (with its claims and edited
figures), used by the API, webhooks and `manage.py export`."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from claims.models import Claim, EditedFigure
from sources.models import Article

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
            "places", "places_from", "running_total", "fact_key", "event", "scope",
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


class EditedFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = EditedFigure
        fields = ["previous_article", "claim", "previous_claim", "kind", "subject", "quote_before",
                  "quote_after", "sentence_before", "sentence_after", "start", "end"]


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name")
    claims = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "outlet", "url", "headline", "author", "site_name", "published", "language", "wire",
            "previous_version", "status", "error", "attempts", "created_at", "updated_at", "claims",
            "edited_figures", "unread_paragraphs", "unread_note",
        ]

    edited_figures = serializers.SerializerMethodField()
    # How many paragraphs extraction could not read, and the same said for a person:
    # "2 paragraphs could not be read" ('' when all were read).
    unread_paragraphs = serializers.IntegerField(read_only=True)
    unread_note = serializers.CharField(read_only=True)

    def get_edited_figures(self, article) -> list[dict]:
        # Prefetched by the views' queryset.
        return EditedFigureSerializer(article.edited_figures.all(), many=True).data

    def get_claims(self, article) -> int:
        # Annotated by the views' queryset, so a list costs one query whatever its length.
        return article.n_claims if hasattr(article, "n_claims") else article.claims.count()


class ArticleClaimSerializer(ClaimSerializer):
    """A claim inside its article's detail: the article itself is around it."""

    class Meta(ClaimSerializer.Meta):
        fields = [f for f in ClaimSerializer.Meta.fields if f != "article"]


# The claims shown in an article's detail, one page at a time (an article may hold thousands).
CLAIMS_PAGE_DEFAULT = 100
CLAIMS_PAGE_MAX = 500


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its processing status and one page of its claims, in text order (`claims`
    is their number; `claim_list_next` the URL of the next page, or null). The view passes the
    page as `claims_offset` / `claims_limit` in the context, and the URL of the next as
    `claims_next`."""

    claim_list = serializers.SerializerMethodField()
    claim_list_next = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "claim_list", "claim_list_next"]

    def _page(self, article) -> tuple[int, int]:
        offset = self.context.get("claims_offset", 0)
        return offset, offset + self.context.get("claims_limit", CLAIMS_PAGE_DEFAULT)

    @extend_schema_field(ArticleClaimSerializer(many=True))
    def get_claim_list(self, article) -> list[dict]:
        start, stop = self._page(article)
        return ArticleClaimSerializer(article.claims.order_by("start", "id")[start:stop], many=True).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_claim_list_next(self, article) -> str | None:
        _, stop = self._page(article)
        make = self.context.get("claims_next")
        return make(stop) if make and stop < self.get_claims(article) else None


class CorrectionSerializer(serializers.Serializer):
    """An editor's correction of a claim: each field changed with its value before and after, the
    reason, who and when."""

    id = serializers.IntegerField()
    claim = serializers.IntegerField(source="claim_id", allow_null=True)
    article = serializers.IntegerField(source="article_id", allow_null=True)
    quote = serializers.CharField()
    changes = serializers.DictField(
        child=inline_serializer("CorrectionChange", {"before": serializers.JSONField(allow_null=True),
                                                     "after": serializers.JSONField(allow_null=True)}),
        help_text='{"field": {"before": ..., "after": ...}}; dates as ISO strings.',
    )
    reason = serializers.CharField()
    actor = serializers.CharField(source="actor.get_username", default=None, allow_null=True)
    at = serializers.DateTimeField()
