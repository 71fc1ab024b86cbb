"""The API lists' filters, declared once as FilterSets: the views, the browsable API's filter form
and the OpenAPI schema all read them. Parameter names are the contract (docs/contracts.md)."""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters

from claims.models import Claim
from facts.models import Check, Fact
from review.models import Decision, Review
from review.selectors import fact_decisions
from sources.models import Article
from workbench.platform.filters import FloatFilter, IdFilter, UtcDateTimeFilter

TEXT = {"max_length": 200}


def published_range(field: str) -> tuple[filters.DateFilter, filters.DateFilter]:
    """`published_after` and `published_before`, on articles and (through their article) claims."""
    return (filters.DateFilter(field_name=field, lookup_expr="gte", label="Articles published on or after."),
            filters.DateFilter(field_name=field, lookup_expr="lte", label="Articles published on or before."))


class ReviewStatusFilter(filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=Review.Status.choices, **kwargs)


class ClaimFilter(filters.FilterSet):
    article = IdFilter(field_name="article_id")
    published_after, published_before = published_range("article__published")
    kind = filters.ChoiceFilter(choices=Claim.Kind.choices)
    subject = filters.CharFilter(lookup_expr="icontains", label="Contains, case-insensitive.", **TEXT)
    fact = filters.CharFilter(field_name="fact_key", label="A fact key, exactly.", **TEXT)
    fact_id = IdFilter(field_name="fact_membership__fact_id", label="Claims of this fact (facts/<id>/).")
    value_min = FloatFilter(field_name="value", lookup_expr="gte", label="Claims whose value is at least this.")
    value_max = FloatFilter(field_name="value", lookup_expr="lte", label="Claims whose value is at most this.")
    refers_after = filters.DateFilter(field_name="refers_end", lookup_expr="gte", label="Claims about a time ending on or after.")
    refers_before = filters.DateFilter(field_name="refers_start", lookup_expr="lte", label="Claims about a time starting on or before.")
    review_status = ReviewStatusFilter(method="filter_review_status", label="Claims taking part in a check whose review has this status.")
    q = filters.CharFilter(method="filter_q", label="Search quote, sentence and subject.", **TEXT)

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_review_status(self, claims, name, status):
        reviewed = Review.objects.filter(status=status)
        return claims.filter(
            Exists(reviewed.filter(check_obj__claim=OuterRef("pk"))) | Exists(reviewed.filter(check_obj__others=OuterRef("pk")))
        )

    def filter_q(self, claims, name, q):
        return claims.filter(Q(quote__icontains=q) | Q(sentence__icontains=q) | Q(subject__icontains=q))


def _checks_of(**claim) -> Q:
    """Checks whose own claim, or one of whose other claims, matches the lookup on Claim."""
    lookup = {f"claim__{field}": value for field, value in claim.items()}
    others = Check.others.through.objects.filter(**lookup)
    return Q(**lookup) | Q(id__in=others.values("check_id"))


class CheckFilter(filters.FilterSet):
    verdict = filters.ChoiceFilter(choices=Check.Verdict.choices)
    status = ReviewStatusFilter(field_name="review__status", label="Review status.")
    fact = filters.CharFilter(field_name="claim__fact_key", label="The fact key of the check's claim.", **TEXT)
    claim = IdFilter(method="filter_claim", label="Checks this claim takes part in.")
    article = IdFilter(method="filter_article", label="Checks a claim of this article takes part in.")
    updated_after = UtcDateTimeFilter(method="filter_updated_after", label="Checks changed after this time, oldest first.")

    class Meta:
        model = Check
        fields: list[str] = []

    def filter_claim(self, checks, name, claim_id):
        return checks.filter(_checks_of(id=claim_id))

    def filter_article(self, checks, name, article_id):
        return checks.filter(_checks_of(article_id=article_id))

    def filter_updated_after(self, checks, name, when):
        # Polling: the oldest change first, so a client resumes from the last `updated_at` it saw.
        return checks.filter(updated_at__gt=when).order_by("updated_at", "id")


class FactFilter(filters.FilterSet):
    key = filters.CharFilter(field_name="fact_key", label="A fact key, exactly.", **TEXT)
    kind = filters.ChoiceFilter(choices=Claim.Kind.choices)
    place = filters.CharFilter(method="filter_place", label="A place, case-insensitive.", **TEXT)

    class Meta:
        model = Fact
        fields: list[str] = []

    def filter_place(self, facts, name, place):
        return facts.filter(place_key=place.casefold())


class ArticleFilter(filters.FilterSet):
    published_after, published_before = published_range("published")
    url = filters.CharFilter(label="The article's URL, exactly.", max_length=1000)
    outlet = filters.CharFilter(field_name="outlet__name", lookup_expr="iexact", label="The outlet's name.", **TEXT)
    status = filters.ChoiceFilter(choices=Article.Status.choices)
    language = filters.CharFilter(label="Language code (en, fr, ...).", max_length=16)

    class Meta:
        model = Article
        fields: list[str] = []


class DecisionFilter(filters.FilterSet):
    fact = IdFilter(method="filter_fact", label="Decisions about this fact.")
    claim = IdFilter(field_name="claim_id", label="Decisions about this claim.")
    kind = filters.ChoiceFilter(choices=Decision.Kind.choices)
    status = filters.ChoiceFilter(choices=Decision.Status.choices)
    updated_after = UtcDateTimeFilter(method="filter_updated_after", label="Decisions changed after this time, oldest first.")

    class Meta:
        model = Decision
        fields: list[str] = []

    def filter_fact(self, found, name, fact_id):
        return found.filter(id__in=fact_decisions(fact_id).values("id"))

    def filter_updated_after(self, found, name, when):
        return found.filter(updated_at__gt=when).order_by("updated_at", "id")
