"""Limit/offset pagination that stays fast deep into a large list: the page's ids are read from
the narrow id index first, then only those rows are loaded with their joins."""
from rest_framework.pagination import LimitOffsetPagination


class IdsFirstPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

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
