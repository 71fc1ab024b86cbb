"""Limit/offset pagination that stays fast deep into a large list: the page's ids are read from
the narrow id index first, then only those rows are loaded with their joins. A `limit` or `offset`
that is not a whole number is a 400 naming it (DRF would quietly use its default); a limit above
the maximum is capped.

The count of a whole, unfiltered table of more than ESTIMATE_ABOVE rows is PostgreSQL's estimate
(`pg_class.reltuples`, kept by ANALYZE and autovacuum) instead of a COUNT(*) that reads every row
on every request; the response then says `count_estimated: true`, and whether there is a next
page is told by the page itself (one id more is read), never by the estimate. Filtered lists and
small tables are counted exactly."""
import re

from django.db import connections
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils.urls import replace_query_param

MAX_OFFSET = 2**63 - 1
ESTIMATE_ABOVE = 10_000


def estimated_count(queryset) -> int | None:
    """PostgreSQL's estimate of the rows of an unfiltered queryset's table; None when the
    queryset is filtered, grouped or combined, the database is not PostgreSQL, or the table was
    never analysed."""
    query = queryset.query
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or query.where or query.combinator or query.distinct or query.group_by:
        return None
    if query.low_mark or query.high_mark is not None:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None and row[0] >= 0 else None


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

    estimated = False
    more = False

    def get_count(self, queryset):
        if not isinstance(queryset, list):
            estimate = estimated_count(queryset)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                self.estimated = True
                return estimate
        return super().get_count(queryset)

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, list):
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        self.count = self.get_count(queryset)
        if not self.estimated and (self.count == 0 or self.offset > self.count):
            return []
        ids = list(queryset.values_list("pk", flat=True)[self.offset : self.offset + self.limit + 1])
        self.more = len(ids) > self.limit
        ids = ids[: self.limit]
        rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def get_next_link(self):
        if not self.estimated:
            return super().get_next_link()
        # The estimate may be below the real count: the one id more the page read says there is a next.
        if not self.more:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.estimated:
            response.data["count_estimated"] = True
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": f"Present (true) when `count` is PostgreSQL's estimate for an unfiltered list of more "
                           f"than {ESTIMATE_ABOVE:,} rows; `next` is exact all the same.",
        }
        return schema
