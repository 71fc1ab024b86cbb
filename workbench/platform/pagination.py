"""Limit/offset pagination that stays fast deep into a large list: the page's ids are read from
the narrow id index first, then only those rows are loaded with their joins. A `limit` or `offset`
that is not a whole number is a 400 naming it (DRF would quietly use its default); a limit above
the maximum is capped."""
import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 2**63 - 1


def _whole(request, name: str, *, minimum: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    # Digits only: int() would also take " 5", "+5" and "1_000".
    value = int(raw) if re.fullmatch(r"[0-9]{1,19}", raw) else None
    if value is None or not minimum <= value <= MAX_OFFSET:
        raise ValidationError({name: [f"A whole number from {minimum} to {MAX_OFFSET} is required, not {raw[:40]!r}."]})
    return value


class IdsFirstPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

    def get_limit(self, request):
        limit = _whole(request, self.limit_query_param, minimum=1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return _whole(request, self.offset_query_param, minimum=0) or 0

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, list):
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        self.count = self.get_count(queryset)
        if self.count == 0 or self.offset > self.count:
            return []
        ids = list(queryset.values_list("pk", flat=True)[self.offset : self.offset + self.limit])
        rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]
