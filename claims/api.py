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
