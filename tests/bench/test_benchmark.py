"""`manage.py benchmark` at tiny sizes: the shape of its JSON and that `--check` fails on a missed
target. No timing is asserted: the targets are the benchmark's, printed and checked by it."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.throughput.store import percentile

pytestmark = [pytest.mark.model, pytest.mark.services]


def run(*args: str, tmp_path) -> dict:
    out = io.StringIO()
    output = tmp_path / "benchmark.json"
    call_command("benchmark", "--json", "--texts", "", "--output", str(output), *args, stdout=out, stderr=io.StringIO())
    printed = json.loads(out.getvalue())
    assert json.loads(output.read_text()) == printed
    return printed


def test_extraction_and_small_stores_of_both_shapes(tmp_path):
    result = run("--parts", "extraction,stores", "--sizes", "200,500", "--probes", "3", "--repeats", "1",
                 "--probe-timeout", "120", tmp_path=tmp_path)

    extraction = result["extraction"]
    assert extraction["seed_articles"] == 5 and extraction["devset_articles"] == 0
    assert 0 < extraction["numeric_paragraph_word_share"] <= 1
    assert extraction["ratio_to_spacy"] == pytest.approx(
        extraction["extract_words_per_s"] / extraction["spacy_words_per_s"], rel=0.01)
    assert extraction["ratio_to_spacy_same_gemm"] == pytest.approx(
        extraction["extract_words_per_s"] / extraction["spacy_same_gemm_words_per_s"], rel=0.01)
    assert extraction["claims"] > 0
    assert extraction["figure_quality"] is None  # scored only on the development set's texts

    for shape in ("uniform", "skewed"):
        for size in ("200", "500"):
            resolve = result["resolve_ms"][shape][size]
            assert resolve["claims"] == int(size) and resolve["probes"] == 3
            assert 0 < resolve["p50_ms"] <= resolve["p95_ms"]
            assert result["store_builds"][shape][size]["rows"]["claims_claim"] == int(size)
    hot = result["store_builds"]["skewed"]["500"]["hot_fact"]
    assert 0.2 < hot["claims"] / 500 < 0.4  # 30 % of the store in one fact and place
    assert result["store_builds"]["uniform"]["500"]["hot_fact"] is None
    names = {t["name"] for t in result["targets"]}
    assert {"extraction_ratio", "resolve_growth uniform 500 / 200", "resolve_growth skewed 500 / 200"} <= names
    assert result["check"] in ("pass", "miss")


def test_pipeline_worker_memory_and_the_api_over_http(tmp_path):
    result = run("--parts", "memory,pipeline,api", "--shapes", "skewed", "--api-size", "300", "--api-requests", "8",
                 "--pipeline-store", "100", "--memory-articles", "10", "--probes", "2", tmp_path=tmp_path)

    assert result["memory"]["articles"] == 10 and result["memory"]["vmhwm_mb"] >= result["memory"]["vmhwm_after_load_mb"] > 0
    pipeline = result["pipeline"]
    assert pipeline["articles"] == 5 and pipeline["statuses"]["processed"] == 5
    assert pipeline["articles_per_s"] > 0 and len(pipeline["worker_processes_vmhwm_mb"]) == 2
    assert set(pipeline["task_share"]) == {"workers.tasks.extract_article", "workers.tasks.crosscheck_article"}
    http = result["http"]["skewed"]
    assert http["claims_in_store"] == 300 and http["connections"] == 4
    for endpoint in ("claims", "checks", "facts"):
        figures = http[endpoint]
        assert figures["requests"] == 8 and 0 < figures["p50_ms"] <= figures["p95_ms"]
        assert 0 < figures["first_page_ms"]
        assert isinstance(figures["queries_per_request"]["constant"], bool)
    assert "resolve_ms" not in result  # the API's store is built, its resolving is not reported
    names = {t["name"] for t in result["targets"]}
    assert {"pipeline_articles_per_s", "vmhwm_mb celery worker process", "http_p95_ms skewed facts"} <= names


def test_check_exits_non_zero_on_a_missed_target_and_not_otherwise(tmp_path):
    with pytest.raises(CommandError, match="targets missed: extraction_ratio"):
        run("--parts", "extraction", "--repeats", "1", "--check", "--target", "extraction_ratio=1000000",
            tmp_path=tmp_path)
    result = run("--parts", "extraction", "--repeats", "1", "--check", "--target", "extraction_ratio=0.001",
                 tmp_path=tmp_path)
    assert [t["status"] for t in result["targets"]] == ["pass"]


def test_unknown_targets_and_parts_are_refused(tmp_path):
    with pytest.raises(CommandError, match="unknown target 'speed'"):
        run("--target", "speed=3", tmp_path=tmp_path)
    with pytest.raises(CommandError, match="unknown --parts everything"):
        run("--parts", "everything", tmp_path=tmp_path)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0 and percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0 and percentile([], 0.5) is None
