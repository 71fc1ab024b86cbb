"""The API's views for claims, checks, reviews, facts, outlets and ClaimReview. Thin: filters are
declared FilterSets (api/filters.py), writes go through claims.services, reads through querysets with their
joins done, so a list page costs the same number of queries whatever its size."""
from __future__ import annotations

import logging

from django.db import connection
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import CheckFilter, ClaimFilter, FactFilter
from api.serializers import ClaimWithFactSerializer, FactSerializer, OutletSerializer
from claims.models import Claim
from facts.models import Check, Fact, FactClaim
from review import claimreview
from review.serializers import CheckSerializer, ReviewUpdateSerializer
from review.services import ReviewError, review_resolve
from sources.models import Outlet
from workbench.platform.csv import CSVListMixin
from workbench.platform.filters import StrictFilterBackend
from workbench.platform.rest import AnonRateThrottle, IsEditor

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
ROOT = ["article-list", "claim-list", "check-list", "fact-list", "outlet-list", "claimreview-feed",
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


# The claim's article is joined for its reference (id, URL, outlet, date) only: never its texts.
CLAIMS = Claim.objects.select_related("article__outlet", "fact_membership").defer("article__body", "article__raw")
CHECKS = Check.objects.select_related("review__reviewer", "review__assigned_to").prefetch_related("others")


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
    queryset = Fact.objects.filter(articles__gte=2).prefetch_related(
        Prefetch("members", queryset=FactClaim.objects.only("id", "fact_id", "claim_id").order_by("claim_id"))
    ).order_by("-articles", "-updated_at", "id")
    filter_backends = [StrictFilterBackend]
    filterset_class = FactFilter
    csv_name = "facts"


class OutletList(generics.ListAPIView):
    serializer_class = OutletSerializer
    queryset = Outlet.objects.annotate(n_articles=Count("articles")).order_by("name", "id")


# --- ClaimReview ------------------------------------------------------------------------------


@extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Not reviewed.")})
class CheckClaimReview(APIView):
    """One reviewed check as schema.org ClaimReview JSON-LD."""

    def get(self, request, pk: int):
        check = get_object_or_404(claimreview.reviewed_checks(), pk=pk)
        return Response(claimreview.claim_review(check, request=request))


class ClaimReviewFeed(generics.GenericAPIView):
    """Every reviewed check as ClaimReview JSON-LD, newest review first, paginated."""

    queryset = Check.objects.none()

    @extend_schema(responses=inline_serializer("ClaimReviewFeed", {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializers.ListField(child=serializers.DictField()),
    }))
    def get(self, request):
        page = self.paginate_queryset(claimreview.reviewed_checks().order_by("-review__reviewed_at", "-id"))
        return self.get_paginated_response([claimreview.claim_review(c, request=request) for c in page])
