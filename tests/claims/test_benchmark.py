"""Smoke test of `manage.py benchmark --quick`: tiny sizes, the JSON shape and sane values. Not a
timed test: the targets are printed by the benchmark, never asserted here."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from bench.throughput.corpus import generate
from bench.throughput.measures import percentile

pytestmark = pytest.mark.model


def test_the_corpus_is_the_same_for_a_seed_and_its_claims_point_at_their_text():
    first, again, other = generate(12, seed=7), generate(12, seed=7), generate(12, seed=8)
    assert first == again
    assert first != other
    assert len({a.outlet for a in first}) > 1
    for article in first:
        assert article.claims
        assert "\n\n" in article.text
        for claim in article.claims:
            assert article.text[claim.start : claim.end] == claim.quote


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_quick_benchmark_prints_one_json_object_with_sane_figures():
    out = io.StringIO()
    call_command("benchmark", "--quick", "--json", "--databases", "sqlite", stdout=out, stderr=io.StringIO())
    result = json.loads(out.getvalue())

    for key in ("spacy_words_per_s", "extract_words_per_s", "extract_ratio", "worker_rss_mb"):
        assert result[key] > 0
    assert result["claims_expected"] > 0
    assert 0 <= result["claims_found"] <= result["claims_expected"]
    assert result["recall"] == pytest.approx(result["claims_found"] / result["claims_expected"], abs=1e-3)
    assert result["extract_ratio"] == pytest.approx(
        result["extract_words_per_s"] / result["spacy_words_per_s"], rel=0.01
    )

    assert result["pipeline_articles_per_s"]["sqlite"] > 0
    sizes = [str(s) for s in result["settings"]["store_sizes"]]
    for size in sizes:
        assert 0 < result["check_ms_p50"]["sqlite"][size] <= result["check_ms_p95"]["sqlite"][size]
    assert result["check_growth"]["sqlite"] > 0
    store = result["details"]["databases"]["sqlite"]["stores"][sizes[-1]]
    assert store["claims"] == int(sizes[-1]) and store["checks"] > 0
    for endpoint in ("claims", "checks"):
        assert result["api_ms_p95"]["sqlite"][endpoint] > 0
        assert result["api_queries_per_request"]["sqlite"][endpoint] >= 1
        assert isinstance(result["api_queries_constant"]["sqlite"][endpoint], bool)

    assert "postgresql" in result["skipped"]
    names = {t["name"] for t in result["targets"]}
    assert {"extract_ratio", "worker_rss_mb", "check_growth [sqlite]"} <= names
    assert all(t["status"] in ("pass", "miss") or t["status"].startswith("not measured") for t in result["targets"])


def test_the_database_part_refuses_a_database_that_is_not_empty(db):
    from django.core.management.base import CommandError

    from sources.models import Article, Outlet

    Article.objects.create(outlet=Outlet.objects.create(name="Wire"), raw="x", body="x", content_hash="x")
    with pytest.raises(CommandError, match="empty scratch database"):
        call_command("benchmark", "--quick", "--only", "database", stdout=io.StringIO())
