"""The parts of the benchmark that run in a child process on one scratch database (the parent
creates it, gives it in DATABASE_URL, and drops it afterwards)."""
from __future__ import annotations

import os

from django.conf import settings

from bench.throughput.apiload import api_over_http
from bench.throughput.pipeline import pipeline_through_worker
from bench.throughput.store import StoreBuilder, hottest, probe_templates, resolve_cost
from bench.throughput.texts import NewsText
from claims.nlp.pipeline import ArticleText, read
from claims.services import extraction_limits


def _extracted(texts: list[NewsText]) -> list[tuple[NewsText, list]]:
    """Each text with its claims, extracted once, outside any timing."""
    readings = read([ArticleText(t.body, t.published) for t in texts],
                    batch_size=settings.CROSSCHECK_NLP_BATCH_SIZE, limits=extraction_limits())
    return [(t, r.claims) for t, r in zip(texts, readings)]


def _database_url() -> str:
    return os.environ["DATABASE_URL"]


def store(texts: list[NewsText], options) -> dict:
    probes = _extracted(texts)
    if options["probes"]:
        probes = probes[: options["probes"]]
    templates = probe_templates(probes)
    builder = StoreBuilder(shape=options["shape"], templates=templates, hot=hottest(probes, templates),
                           seed=options["seed"])
    built = builder.build(options["size"])
    result = {
        "build": {"seconds": built.seconds, "rows": built.rows, "hot_fact": built.hot_fact},
        "resolve": {"claims": built.claims,
                    **resolve_cost(probes, timeout=options["probe_timeout"], warm_up=min(3, len(probes)))},
    }
    if options["with_api"]:
        result["http"] = {"claims_in_store": built.claims, **api_over_http(
            database_url=_database_url(), requests=options["api_requests"], connections=options["connections"],
            server_workers=options["server_workers"],
        )}
    return result


def pipeline(texts: list[NewsText], options) -> dict:
    probes = _extracted(texts)
    templates = probe_templates(probes)
    built = StoreBuilder(shape="uniform", templates=templates, hot=None, seed=options["seed"]).build(
        options["pipeline_store"])
    result = pipeline_through_worker(texts, database_url=_database_url(), concurrency=2, timeout=1800)
    result["store_claims_before"] = built.claims
    return result
