"""The API's views for claims, checks, reviews, facts, outlets and ClaimReview. Thin: filters are
declared FilterSets (api/filters.py), writes go through claims.services, reads through querysets with their
joins done, so a list page costs the same number of queries whatever its size."""
from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import CheckFilter, ClaimFilter, DecisionFilter, FactFilter
from api.serializers import FACT_CLAIMS_LISTED, ClaimWithFactSerializer, FactDetailSerializer, FactSerializer, OutletSerializer
from claims.models import Claim
from claims.serializers import CorrectionSerializer
from facts.models import Check, Fact
from facts.selectors import first_claim_ids
from review import claimreview
from review.models import ClaimReview, Decision
from review.selectors import decisions, fact_corrections
from review.serializers import (
    CheckSerializer,
    ClaimReviewCreateSerializer,
    ClaimReviewStateSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    NoteSerializer,
    PublishSerializer,
    ReviewUpdateSerializer,
)
from review.services import (
    DecisionError,
    ReviewError,
    claimreview_draft,
    claimreview_publish,
    claimreview_withdraw,
    decision_make,
    decision_withdraw,
    review_resolve,
)
from sources.models import Outlet
from workbench.platform.csv import CSVListMixin
from workbench.platform.filters import StrictFilterBackend
from workbench.platform.pagination import IdsFirstPagination
from workbench.platform.rest import AnonRateThrottle, FirstRenderer, IsEditor, JSONLDRenderer

log = logging.getLogger(__name__)


@extend_schema(
    responses=inline_serializer("Health", {"status": serializers.CharField()}),
    auth=[], summary="Is the service up (no authentication).",
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Response({"status": "ok"})


# The lists a newsroom tool starts from, by URL name.
ROOT = ["article-list", "claim-list", "check-list", "fact-list", "decision-list", "outlet-list", "claimreview-feed",
        "webhook-list", "delivery-list"]


@extend_schema(
    responses=inline_serializer("ApiRoot", {
        "lists": serializers.DictField(child=serializers.URLField()),
        **{name: serializers.URLField() for name in ("schema", "docs", "redoc", "health")},
    }),
    auth=[], summary="The API's entry point: its lists, schema and docs (no authentication).",
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def api_root(request):
    link = lambda name: request.build_absolute_uri(reverse(name))  # noqa: E731
    return Response({
        "lists": {name.removesuffix("-list").removesuffix("-feed"): link(name) for name in ROOT},
        "schema": link("schema"), "docs": link("docs"), "redoc": link("redoc"), "health": link("health"),
    })


@csrf_exempt  # a JSON 404 for any method; without it, CSRF would answer unsafe methods with HTML
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/v1/ answer JSON, not the HTML 404 page."""
    return JsonResponse({"detail": f"No API endpoint at {request.path}."}, status=404)


# The claim's article is joined for its reference (id, URL, outlet, date) only: never its texts,
# nor the rest of its columns (a page of claims parsed as many article rows as claims).
CLAIMS = Claim.objects.select_related("article__outlet", "fact_membership").only(
    *(f.name for f in Claim._meta.concrete_fields if not f.is_relation),
    "article__id", "article__url", "article__published", "article__outlet__id", "article__outlet__name",
    "fact_membership__id", "fact_membership__fact_id",
)
# A check's other claims are listed by id: their ids are all that is loaded.
CHECKS = Check.objects.select_related("review__reviewer", "review__assigned_to").prefetch_related(
    Prefetch("others", queryset=Claim.objects.only("id"))
)


class ClaimList(CSVListMixin, generics.ListAPIView):
    """Claims, filtered by article, kind, subject, fact, value range, dates and review status."""

    serializer_class = ClaimWithFactSerializer
    queryset = CLAIMS.order_by("id")
    filter_backends = [StrictFilterBackend]
    filterset_class = ClaimFilter
    csv_name = "claims"


class ClaimDetail(generics.RetrieveAPIView):
    serializer_class = ClaimWithFactSerializer
    queryset = CLAIMS


class CheckList(CSVListMixin, generics.ListAPIView):
    """Checks, filtered by verdict, review status, fact, claim or article. To poll for changes,
    pass `updated_after` with the last `updated_at` seen: the oldest changes come first."""

    serializer_class = CheckSerializer
    queryset = CHECKS.order_by("id")
    filter_backends = [StrictFilterBackend]
    filterset_class = CheckFilter
    csv_name = "checks"


class CheckDetail(generics.RetrieveAPIView):
    serializer_class = CheckSerializer
    queryset = CHECKS


class CheckReview(APIView):
    """Set a mismatch's review (editors only). The reviewer is the caller; the change is kept in
    the review history and sent to the `review.changed` webhooks."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(
        request=ReviewUpdateSerializer,
        responses={200: CheckSerializer, 400: OpenApiResponse(description="Not a mismatch, or a bad status.")},
    )
    def put(self, request, pk: int):
        return self._review(request, pk)

    @extend_schema(
        request=ReviewUpdateSerializer,
        responses={200: CheckSerializer, 400: OpenApiResponse(description="Not a mismatch, or a bad status.")},
    )
    def post(self, request, pk: int):
        return self._review(request, pk)

    def _review(self, request, pk: int):
        get_object_or_404(Check, pk=pk)
        data = ReviewUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review_resolve(check_id=pk, status=data.validated_data["status"],
                           note=data.validated_data.get("note", ""), actor=request.user)
        except ReviewError as error:
            raise ValidationError({"detail": str(error)}) from None
        return Response(CheckSerializer(CHECKS.get(pk=pk)).data)


class FactList(CSVListMixin, generics.ListAPIView):
    """Facts reported by more than one article, with each one's consensus range across sources,
    read from the facts table (maintained as claims are checked) and paginated in SQL.
    `?key=&kind=&place=` narrows to one fact."""

    serializer_class = FactSerializer
    # Its counts are columns kept as claims are resolved (no join to the members, no GROUP BY),
    # and its order is the partial index `fact_list`: any page is an index range.
    queryset = Fact.objects.filter(articles__gte=2).order_by("-articles", "-updated_at", "id")
    filter_backends = [StrictFilterBackend]
    filterset_class = FactFilter
    csv_name = "facts"

    def get_serializer(self, *args, **kwargs):
        # The page's facts' first claim ids in one query (numbered per fact in SQL): the first
        # page holds the largest facts, one of which may have 300,000 claims.
        if args and isinstance(args[0], list):
            kwargs.setdefault("context", self.get_serializer_context())["claim_ids"] = first_claim_ids(
                [fact.id for fact in args[0]], FACT_CLAIMS_LISTED
            )
        return super().get_serializer(*args, **kwargs)


class FactDetail(generics.RetrieveAPIView):
    """One fact: every claim that states it (in its sentence, with outlet, date and source, outliers
    marked), its consensus and the editors' decisions about it."""

    serializer_class = FactDetailSerializer
    # A fact of a large story may have thousands of claims: the detail shows the first ones (by
    # date) and says how many there are.
    queryset = Fact.objects.all()


class FactCorrections(generics.ListAPIView):
    """The corrections of a fact's claims, newest first: each field changed with its value before
    and after, the reason, who and when."""

    serializer_class = CorrectionSerializer

    def get_queryset(self):
        get_object_or_404(Fact, pk=self.kwargs["pk"])
        return fact_corrections(self.kwargs["pk"])


# --- decisions ---------------------------------------------------------------------------------


def _editors_write(view) -> list:
    if view.request.method in ("GET", "HEAD", "OPTIONS"):
        return [IsAuthenticated()]
    return [IsAuthenticated(), IsEditor()]


def _decided(call):
    """Run a review service; its refusal is a 400 with the reason."""
    try:
        return call()
    except DecisionError as error:
        raise ValidationError({"detail": str(error)}) from None


class DecisionList(generics.ListCreateAPIView):
    """Editors' decisions about claims of facts (anyone with a key reads; editors decide). Poll
    with `updated_after` (oldest change first)."""

    serializer_class = DecisionSerializer
    filter_backends = [StrictFilterBackend]
    filterset_class = DecisionFilter

    def get_permissions(self):
        return _editors_write(self)

    def get_queryset(self):
        return decisions().order_by("-made_at", "-id")

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def post(self, request):
        data = DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        decision = _decided(lambda: decision_make(
            claim_id=v["claim"], kind=v["kind"], note=v["note"], actor=request.user, fact_id=v.get("fact"),
            other_claim_id=v.get("other_claim"), merge_with_id=v.get("merge_with"),
        ))
        return Response(DecisionSerializer(decisions().get(id=decision.id)).data, status=201)


class DecisionDetail(generics.RetrieveAPIView):
    serializer_class = DecisionSerializer
    queryset = decisions()


class DecisionWithdraw(APIView):
    """Withdraw a decision (editors; a note is required). Its published ClaimReviews go with it."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(request=NoteSerializer, responses={200: DecisionSerializer})
    def post(self, request, pk: int):
        get_object_or_404(Decision, pk=pk)
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _decided(lambda: decision_withdraw(decision_id=pk, note=data.validated_data["note"], actor=request.user))
        return Response(DecisionSerializer(decisions().get(id=pk)).data)


class DecisionClaimReview(APIView):
    """Make a ClaimReview of the claim a decision is about (editors): a draft, or published at once
    with `publish` and the newsroom's fact-check `url`."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(request=ClaimReviewCreateSerializer, responses={201: ClaimReviewStateSerializer})
    def post(self, request, pk: int):
        get_object_or_404(Decision, pk=pk)
        data = ClaimReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data

        def make():
            with transaction.atomic():
                review = claimreview_draft(decision_id=pk, rating=v["rating"], url=v["url"], headline=v["headline"],
                                           actor=request.user)
                if v["publish"]:
                    review = claimreview_publish(claim_review_id=review.id, actor=request.user)
                return review

        return Response(ClaimReviewStateSerializer(_decided(make)).data, status=201)


class ClaimReviewPublish(APIView):
    """Publish a draft ClaimReview (editors); `url` is the newsroom's fact-check, if not set yet."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(request=PublishSerializer, responses={200: ClaimReviewStateSerializer})
    def post(self, request, pk: int):
        get_object_or_404(ClaimReview, pk=pk)
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = _decided(lambda: claimreview_publish(claim_review_id=pk, url=data.validated_data["url"], actor=request.user))
        return Response(ClaimReviewStateSerializer(review).data)


class ClaimReviewWithdraw(APIView):
    """Withdraw a ClaimReview (editors; a note is required): it leaves the feed."""

    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(request=NoteSerializer, responses={200: ClaimReviewStateSerializer})
    def post(self, request, pk: int):
        get_object_or_404(ClaimReview, pk=pk)
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = _decided(lambda: claimreview_withdraw(claim_review_id=pk, note=data.validated_data["note"], actor=request.user))
        return Response(ClaimReviewStateSerializer(review).data)


class OutletList(generics.ListAPIView):
    serializer_class = OutletSerializer
    queryset = Outlet.objects.annotate(n_articles=Count("articles")).order_by("name", "id")


# --- ClaimReview ------------------------------------------------------------------------------


class JSONLDView(APIView):
    renderer_classes = [JSONLDRenderer]
    content_negotiation_class = FirstRenderer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            # An error is the API's usual JSON `{"detail": ...}`, not a JSON-LD document.
            response.accepted_renderer, response.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return response


class ClaimReviewFeed(JSONLDView):
    """Published ClaimReviews as one JSON-LD document (a schema.org ItemList), newest first;
    `limit` and `offset` page through it, and the `Link` header gives the next page."""

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT}, operation_id="claimreview_feed")
    def get(self, request):
        pages = IdsFirstPagination()
        reviews = pages.paginate_queryset(claimreview.published(), request, view=self)
        links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", pages.get_next_link()), ("prev", pages.get_previous_link())) if url]
        return Response(claimreview.item_list(reviews, total=pages.count, offset=pages.offset),
                        headers={"Link": ", ".join(links)} if links else None)


@extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT,
                          404: OpenApiResponse(description="Not published."),
                          410: OpenApiResponse(description="Withdrawn.")})
class ClaimReviewDetail(JSONLDView):
    """One published ClaimReview as JSON-LD. A draft is not found; a withdrawn one is gone (410)."""

    def get(self, request, pk: int):
        review = ClaimReview.objects.select_related("decision").filter(pk=pk).first()
        if review is None or review.state == ClaimReview.State.DRAFT:
            raise NotFound(f"No published ClaimReview {pk}.")
        if review.state == ClaimReview.State.WITHDRAWN:
            return Response({"detail": f"ClaimReview {pk} was withdrawn on {review.withdrawn_at.date().isoformat()}."},
                            status=410)
        return Response(claimreview.claim_review(review))


@extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT,
                          404: OpenApiResponse(description="Nothing published about this check's claims.")})
class CheckClaimReview(JSONLDView):
    """The published ClaimReviews about the claims a check compares, as a JSON-LD ItemList. A
    check itself is never published: ClaimReviews come from editors' decisions about one claim."""

    def get(self, request, pk: int):
        check = get_object_or_404(Check, pk=pk)
        reviews = list(claimreview.published_for_check(check)[:MAX_PER_CHECK])
        if not reviews:
            raise NotFound(
                f"No published ClaimReview about the claims of check {pk}: a ClaimReview is published from an "
                "editor's decision about one claim (see /api/v1/decisions/)."
            )
        return Response(claimreview.item_list(reviews, total=len(reviews)))


MAX_PER_CHECK = 50
