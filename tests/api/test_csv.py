"""`?format=csv` on the claims, checks and facts lists: the download parses and carries the rows
of the JSON page with the same parameters; errors stay JSON; formula-like text is defused."""
import csv
import io
from datetime import date

import pytest

from tests.admin import factories
from tests.api import factories as api_factories

pytestmark = pytest.mark.django_db


def download(api, url, **params):
    response = api.get(url, {**params, "format": "csv"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response, list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def shown(api, url, **params):
    response = api.get(url, params)
    assert response.status_code == 200
    return response.json()["results"]


def test_the_claims_csv_carries_the_rows_of_the_json_page(viewer_api):
    api_factories.many(5)
    params = {"kind": "count", "value_min": "102", "limit": "4", "offset": "1"}
    rows = shown(viewer_api, "/api/v1/claims/", **params)
    response, table = download(viewer_api, "/api/v1/claims/", **params)
    assert len(rows) == 4 and len(table) == 4
    assert int(response["X-Total-Count"]) == viewer_api.get("/api/v1/claims/", params).json()["count"]
    assert 'rel="next"' in response["Link"] and "offset=5" in response["Link"]
    for row, line in zip(rows, table):
        assert int(line["id"]) == row["id"]
        assert int(line["article.id"]) == row["article"]["id"]
        assert line["article.url"] == row["article"]["url"]
        assert line["article.outlet"] == row["article"]["outlet"]
        assert line["article.published"] == row["article"]["published"]
        assert line["quote"] == row["quote"] and line["sentence"] == row["sentence"]
        assert float(line["value"]) == row["value"] and float(line["low"]) == row["low"]
        assert line["places"] == "; ".join(row["places"])
        assert line["fact"] == ("" if row["fact"] is None else str(row["fact"]))


def test_the_checks_csv_carries_the_mismatch_queue_rows(viewer_api, paris):
    rows = shown(viewer_api, "/api/v1/checks/", verdict="updated")
    _, table = download(viewer_api, "/api/v1/checks/", verdict="updated")
    assert [int(line["id"]) for line in table] == [row["id"] for row in rows] == [paris["check"].id]
    line, row = table[0], rows[0]
    assert int(line["claim"]) == row["claim"]
    assert line["other"] == "; ".join(str(o) for o in row["other"])
    assert line["verdict"] == "updated" and float(line["score"]) == row["score"]
    assert line["explanation"] == row["explanation"]
    assert line["review.status"] == row["review"]["status"] == "open"
    assert line["updated_at"] == row["updated_at"]


def test_the_facts_csv_carries_each_facts_consensus(viewer_api, paris):
    rows = shown(viewer_api, "/api/v1/facts/")
    _, table = download(viewer_api, "/api/v1/facts/")
    assert len(table) == len(rows) >= 1
    for row, line in zip(rows, table):
        assert int(line["id"]) == row["id"] and line["key"] == row["key"] and line["about"] == row["about"]
        assert float(line["consensus.best"]) == row["consensus"]["best"]
        assert line["claims"] == "; ".join(str(c) for c in row["claims"])


def test_an_empty_page_still_has_its_header(viewer_api):
    _, table = download(viewer_api, "/api/v1/claims/")
    assert table == []
    response = viewer_api.get("/api/v1/claims/", {"format": "csv"})
    assert response.content.decode().splitlines()[0].startswith("id,article")


def test_accept_text_csv_gives_csv_too(viewer_api, paris):
    response = viewer_api.get("/api/v1/claims/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 2


def test_a_bad_filter_with_format_csv_is_a_json_400(viewer_api):
    response = viewer_api.get("/api/v1/claims/", {"format": "csv", "kind": "weight"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "kind" in response.json()


def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted(viewer_api):
    art = factories.article('Officials said =HYPERLINK("http://evil.example") 40 people died.', published=date(2020, 1, 2))
    factories.claim(art, '=HYPERLINK("http://evil.example") 40', value=40)
    _, table = download(viewer_api, "/api/v1/claims/")
    assert table[0]["quote"] == "'" + '=HYPERLINK("http://evil.example") 40'
    assert float(table[0]["value"]) == 40
