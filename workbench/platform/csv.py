"""CSV for spreadsheets: the API lists' `?format=csv` (the rows of the JSON page, flattened) and
the admin's "Export as CSV" action (the columns of the changelist). Cells that a spreadsheet would
run as a formula (=, +, -, @ first) are prefixed with a quote."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework_csv.renderers import CSVRenderer

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int | float:
    """A value as a spreadsheet cell: numbers stay numbers, lists of plain values are joined with
    "; ", anything else nested is JSON, text that starts like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
            value = "; ".join(str(v) for v in value)
        else:
            value = json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    return "'" + text if text.startswith(FORMULA) else text


def flat(row: dict, prefix: str = "") -> dict:
    """One level deep: {"article": {"id": 3}} is {"article.id": 3}; lists stay one cell."""
    out = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flat(value, f"{name}."))
        else:
            out[name] = cell(value)
    return out


class PageCSVRenderer(CSVRenderer):
    """The rows of a list page (`results`), columns in the serializer's order (not sorted), with
    the page's total and next page in headers (X-Total-Count, Link) as the CSV has no room for them."""

    format = "csv"

    def render(self, data, media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        rows = data if isinstance(data, list) else [data]  # one object (OPTIONS' description): one row
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
            if response is not None:
                response["X-Total-Count"] = str(data.get("count", len(rows)))
                if data.get("next"):
                    response["Link"] = f'<{data["next"]}>; rel="next"'
        view = context.get("view")
        if response is not None and view is not None:
            name = getattr(view, "csv_name", "export")
            response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.now():%Y%m%d-%H%M}.csv"'
        flattened = [flat(row) for row in rows]
        header = list(dict.fromkeys(key for row in flattened for key in row))
        if not header and view is not None and hasattr(view, "get_serializer"):
            header = list(view.get_serializer().fields)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        # The rows are flat already: tablize only lays them out under the header, "" for a gap.
        for line in self.tablize(flattened, header=header):
            writer.writerow(["" if v is None else v for v in line])
        return buffer.getvalue().encode("utf-8")


class CSVListMixin:
    """A list view that also answers `?format=csv` (or Accept: text/csv). Errors stay JSON."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, PageCSVRenderer]
    csv_name = "export"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(getattr(response, "accepted_renderer", None), PageCSVRenderer):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


# --- the admin ------------------------------------------------------------------------------


def _admin_rows(modeladmin, queryset, columns: list[str]) -> Iterator[list]:
    empty = modeladmin.get_empty_value_display()
    for obj in queryset:
        row = []
        for name in columns:
            field, attr, value = lookup_field(name, obj, modeladmin)
            if isinstance(value, (dt.date, dt.datetime)):
                # ISO, which spreadsheets read as dates; times in the zone the admin shows.
                row.append(timezone.localtime(value).isoformat() if isinstance(value, dt.datetime) else value.isoformat())
                continue
            if field is not None:
                shown = display_for_field(value, field, empty)
            else:
                boolean = getattr(attr, "boolean", False)
                shown = ("true" if value else "false") if boolean else display_for_value(value, empty)
            row.append(cell(strip_tags(str(shown))))
        yield row


def export_csv(modeladmin, request, queryset) -> StreamingHttpResponse:
    """The selected rows with the changelist's columns, streamed (a whole table costs a chunk of
    rows in memory, not the table)."""
    columns = [c for c in modeladmin.get_list_display(request) if c != "action_checkbox"]
    labels = [strip_tags(str(label_for_field(c, queryset.model, modeladmin))) for c in columns]
    lines = _Echo()
    writer = csv.writer(lines)

    def stream() -> Iterable[str]:
        yield writer.writerow(labels)
        for row in _admin_rows(modeladmin, queryset.iterator(chunk_size=500), columns):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    name = queryset.model._meta.verbose_name_plural.replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.now():%Y%m%d-%H%M}.csv"'
    return response


export_csv.short_description = "Export as CSV"
export_csv.allowed_permissions = ("view",)


class _Echo:
    def write(self, line: str) -> str:
        return line
