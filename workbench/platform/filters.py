"""Declared list filters for the API (django-filter): a misspelt or unknown query parameter is a
400 that names it, not a silently unfiltered list, and a value that does not parse is a 400 naming
its parameter (django-filter's own). Shared by every filtered list; the FilterSets are in api/."""
from __future__ import annotations

import datetime as dt

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

MAX_ID = 2**63 - 1
# Parameters every list takes besides its filters: the page, and the renderer (?format=csv).
COMMON = {"format"}


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A database id: a whole number in the id range (NumberFilter alone takes 1.5)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.DOUBLE)
class FloatFilter(filters.NumberFilter):
    """A number compared with a float column, parsed as a float (inf and nan are refused)."""

    field_class = forms.FloatField


class _UtcIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        moment = super().to_python(value)
        # Any offset ISO 8601 allows (+18:36) is fine here; PostgreSQL takes at most ±15:59.
        return moment.astimezone(dt.timezone.utc) if moment is not None else None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 moment, compared in UTC."""

    field_class = _UtcIsoDateTimeField


class StrictFilterBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend that refuses query parameters the view does not know."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(COMMON)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            known |= {getattr(paginator, name) for name in ("limit_query_param", "offset_query_param", "page_query_param")
                      if getattr(paginator, name, None)}
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({
                name: [f"Unknown filter parameter. Known: {', '.join(sorted(known))}."] for name in unknown
            })
        return super().filter_queryset(request, queryset, view)
