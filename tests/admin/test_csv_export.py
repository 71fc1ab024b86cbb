"""The admin's "Export as CSV" action on the mismatch queue and the claims: the download parses,
has the changelist's columns and carries the selected rows in the changelist's order."""
import csv
import io
import re

import pytest

from claims.models import Claim
from facts.models import Check

pytestmark = pytest.mark.django_db


def export(client, url: str, ids: list[int]) -> list[list[str]]:
    response = client.post(url, {"action": "export_csv", "_selected_action": ids})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def column_headers(html: str) -> list[str]:
    """The changelist's column titles, lower case (the admin capitalises them in the page)."""
    cells = re.findall(r'<th scope="col" class="[^"]*column-(\w+)[^"]*">.*?<div class="text">(.*?)</div>', html, re.S)
    return [re.sub(r"<[^>]+>", "", text).strip().lower() for name, text in cells if name != "action_checkbox"]


def test_the_queue_exports_the_selected_mismatches_with_the_queue_columns(editor_client, syria, paris):
    page = editor_client.get("/admin/facts/check/").content.decode()
    shown = [int(i) for i in re.findall(r'name="_selected_action" value="(\d+)"', page)]
    assert len(shown) >= 2
    table = export(editor_client, "/admin/facts/check/", shown)
    header, rows = table[0], table[1:]
    assert [h.lower() for h in header] == column_headers(page)
    assert [int(r[0]) for r in rows] == shown  # the queue's order
    checks = {c.id: c for c in Check.objects.filter(id__in=shown).select_related("claim")}
    for row in rows:
        check = checks[int(row[0])]
        assert row[header.index("verdict")] == check.get_verdict_display()
        assert row[header.index("review")] == "Open"
        assert check.claim.quote in row[header.index("claims compared")]
        assert "<" not in "".join(row)  # the badges' HTML is left out


def test_the_claims_export_carries_the_changelist_rows_with_iso_dates(editor_client, paris):
    page = editor_client.get("/admin/claims/claim/").content.decode()
    ids = [int(i) for i in re.findall(r'name="_selected_action" value="(\d+)"', page)]
    table = export(editor_client, "/admin/claims/claim/", ids)
    header, rows = table[0], table[1:]
    assert [h.lower() for h in header] == column_headers(page)
    assert len(rows) == len(ids) == 2
    by_quote = {row[header.index("quote")]: row for row in rows}
    for claim in Claim.objects.filter(id__in=ids).select_related("article__outlet"):
        row = by_quote[claim.quote]
        assert row[header.index("outlet")] == claim.article.outlet.name
        assert row[header.index("published")] == claim.article.published.isoformat()
        assert row[header.index("kind")] == claim.get_kind_display()
        assert row[header.index("corrected")] == "false"


def test_a_viewer_may_export_too(viewer_client, paris):
    table = export(viewer_client, "/admin/claims/claim/", [paris["a"].id])
    assert len(table) == 2


def test_the_facts_page_links_to_the_facts_csv_which_downloads_for_the_logged_in_editor(editor_client, paris):
    page = editor_client.get("/admin/claims/claim/fact/").content.decode()
    link = re.search(r'id="facts-csv" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    response = editor_client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["key"] for r in rows] == ["count|people|kill"]
