"""Read endpoints of the API (issue on the API goes further: keys, writes, webhooks, schema)."""
from django.db import connection
from django.http import JsonResponse
from rest_framework import generics

from claims.models import Check, Claim
from claims.serializers import CheckSerializer, ClaimSerializer


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class ClaimList(generics.ListAPIView):
    serializer_class = ClaimSerializer
    queryset = Claim.objects.select_related("article__outlet").order_by("id")


class CheckList(generics.ListAPIView):
    serializer_class = CheckSerializer
    queryset = (
        Check.objects.select_related("review__reviewer", "review__assigned_to")
        .prefetch_related("others")
        .order_by("id")
    )


class FactList(generics.GenericAPIView):
    """Facts reported by more than one article, with each one's consensus range across sources.
    `?key=&kind=&place=` narrows to one fact."""

    def get(self, request):
        from rest_framework.response import Response

        from claims import selectors

        key, kind, place = (request.query_params.get(p, "") for p in ("key", "kind", "place"))
        groups = selectors.fact_groups()
        if key:
            groups = [g for g in groups if g["key"] == key and (not kind or g["kind"] == kind)
                      and (not place or g["place"].casefold() == place.casefold())]
        page = self.paginate_queryset(groups)
        results = []
        for group in page:
            claims = selectors.claims_of_fact(group["key"], group["kind"], group["place"])
            summary = selectors.fact_summary(group["key"], group["kind"], claims, place=group["place"])
            consensus = summary.consensus
            results.append({
                "key": group["key"], "kind": group["kind"], "place": group["place"], "label": group["label"],
                "outlets": group["outlets"], "articles": group["articles"],
                "consensus": {
                    "low": consensus.low, "best": consensus.best, "high": consensus.high,
                    "unit": summary.unit, "outliers": list(consensus.outliers),
                } if consensus else None,
                "claims": [c.id for c in claims],
            })
        return self.get_paginated_response(results)
