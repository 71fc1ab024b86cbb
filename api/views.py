"""The API's views for claims, checks, reviews, facts, outlets and ClaimReview. Thin: filters are
validated by a serializer, writes go through claims.services, reads through querysets with their
joins done, so a list page costs the same number of queries whatever its size."""
from __future__ import annotations

import logging

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
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

from api.serializers import (
    CheckFilterSerializer,
    ClaimFilterSerializer,
    ClaimWithFactSerializer,
    FactFilterSerializer,
    FactSerializer,
    OutletSerializer,
)
from claims.models import Claim
from facts.models import Check, Fact, FactClaim
from review import claimreview
from review.models import Review
from review.serializers import CheckSerializer, ReviewUpdateSerializer
from review.services import ReviewError, review_resolve
from sources.models import Outlet
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
    responses=inline_serializer("ApiRoot", {"lists": serializers.DictField(child=serializers.URLField())}),
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


def _filters(serializer_class, request) -> dict:
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


# The claim's article is joined for its reference (id, URL, outlet, date) only: never its texts.
CLAIMS = Claim.objects.select_related("article__outlet", "fact_membership").defer("article__body", "article__raw")
CHECKS = Check.objects.select_related("review__reviewer", "review__assigned_to").prefetch_related("others")


@extend_schema(parameters=[ClaimFilterSerializer])
class ClaimList(generics.ListAPIView):
    """Claims, filtered by article, kind, subject, fact, value range, dates and review status."""

    serializer_class = ClaimWithFactSerializer
    queryset = CLAIMS.order_by("id")

    def get_queryset(self):
        f = _filters(ClaimFilterSerializer, self.request)
        claims = self.queryset
        if "article" in f:
            claims = claims.filter(article_id=f["article"])
        if "kind" in f:
            claims = claims.filter(kind=f["kind"])
        if f.get("subject"):
            claims = claims.filter(subject__icontains=f["subject"])
        if f.get("fact"):
            claims = claims.filter(fact_key=f["fact"])
        if "value_min" in f:
            claims = claims.filter(value__gte=f["value_min"])
        if "value_max" in f:
            claims = claims.filter(value__lte=f["value_max"])
        if "published_after" in f:
            claims = claims.filter(article__published__gte=f["published_after"])
        if "published_before" in f:
            claims = claims.filter(article__published__lte=f["published_before"])
        if "refers_after" in f:
            claims = claims.filter(refers_end__gte=f["refers_after"])
        if "refers_before" in f:
            claims = claims.filter(refers_start__lte=f["refers_before"])
        if "review_status" in f:
            reviewed = Review.objects.filter(status=f["review_status"])
            claims = claims.filter(
                Exists(reviewed.filter(check_obj__claim=OuterRef("pk")))
                | Exists(reviewed.filter(check_obj__others=OuterRef("pk")))
            )
        if f.get("q"):
            q = f["q"]
            claims = claims.filter(Q(quote__icontains=q) | Q(sentence__icontains=q) | Q(subject__icontains=q))
        return claims


class ClaimDetail(generics.RetrieveAPIView):
    serializer_class = ClaimWithFactSerializer
    queryset = CLAIMS


@extend_schema(parameters=[CheckFilterSerializer])
class CheckList(generics.ListAPIView):
    """Checks, filtered by verdict, review status, fact, claim or article. To poll for changes,
    pass `updated_after` with the last `updated_at` seen: the oldest changes come first."""

    serializer_class = CheckSerializer
    queryset = CHECKS.order_by("id")

    def get_queryset(self):
        f = _filters(CheckFilterSerializer, self.request)
        checks = self.queryset
        if "verdict" in f:
            checks = checks.filter(verdict=f["verdict"])
        if "status" in f:
            checks = checks.filter(review__status=f["status"])
        if f.get("fact"):
            checks = checks.filter(claim__fact_key=f["fact"])
        if "claim" in f:
            checks = checks.filter(
                Q(claim_id=f["claim"]) | Q(id__in=Check.others.through.objects.filter(claim_id=f["claim"]).values("check_id"))
            )
        if "article" in f:
            checks = checks.filter(
                Q(claim__article_id=f["article"])
                | Q(id__in=Check.others.through.objects.filter(claim__article_id=f["article"]).values("check_id"))
            )
        if "updated_after" in f:
            checks = checks.filter(updated_at__gt=f["updated_after"]).order_by("updated_at", "id")
        return checks


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


@extend_schema(parameters=[FactFilterSerializer], responses=FactSerializer(many=True))
class FactList(generics.ListAPIView):
    """Facts reported by more than one article, with each one's consensus range across sources,
    read from the facts table (maintained as claims are checked) and paginated in SQL.
    `?key=&kind=&place=` narrows to one fact."""

    serializer_class = FactSerializer

    def get_queryset(self):
        f = _filters(FactFilterSerializer, self.request)
        facts = Fact.objects.filter(articles__gte=2).prefetch_related(
            Prefetch("members", queryset=FactClaim.objects.only("id", "fact_id", "claim_id").order_by("claim_id"))
        )
        if f.get("key"):
            facts = facts.filter(fact_key=f["key"])
        if f.get("kind"):
            facts = facts.filter(kind=f["kind"])
        if f.get("place"):
            facts = facts.filter(place_key=f["place"].casefold())
        return facts.order_by("-articles", "-updated_at", "id")


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
