"""`manage.py benchmark`: how fast and how lean the workbench is, on a generated news corpus.

NLP throughput and recall are measured in this process (the baseline, bare `nlp.pipe`, runs
alternately with ours, so a noisy machine affects both). The database figures need a database
that can be filled with 100k claims and thrown away: for SQLite and for PostgreSQL this command
creates a scratch database, migrates it, and runs `benchmark --only database` on it in a
subprocess (the same code, another DATABASE_URL), then drops it. Worker memory is measured in a
fresh process of its own."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from django.core.management.base import BaseCommand, CommandError

from bench.throughput import measures
from bench.throughput.corpus import generate

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/crosscheck_bench"
QUICK = dict(articles=10, store_sizes="150,400", pipeline_articles=4, probes=3, api_requests=3, repeats=1)


class Command(BaseCommand):
    help = (
        "Measure NLP throughput against bare spaCy, extraction recall, the in-process pipeline on "
        "SQLite and PostgreSQL, cross-check latency as the store grows, API latency and worker memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=200, help="corpus articles (default 200)")
        parser.add_argument("--store-sizes", default="1000,10000,100000",
                            help="claims in the store for the cross-check figures, comma-separated")
        parser.add_argument("--pipeline-articles", type=int, default=40,
                            help="corpus articles ingested for the pipeline figure (default 40)")
        parser.add_argument("--probes", type=int, default=20,
                            help="new articles cross-checked at each store size (default 20)")
        parser.add_argument("--api-requests", type=int, default=40, help="requests per list endpoint")
        parser.add_argument("--repeats", type=int, default=2, help="alternated NLP runs; the best counts")
        parser.add_argument("--seed", type=int, default=2015, help="corpus and store seed")
        parser.add_argument("--databases", default="sqlite,postgresql",
                            help="databases for the pipeline, cross-check and API figures")
        parser.add_argument(
            "--postgres-url", default=os.environ.get("BENCHMARK_DATABASE_URL") or DEFAULT_POSTGRES,
            help="a scratch PostgreSQL database, dropped and created again (its name must contain "
                 "'bench'); default $BENCHMARK_DATABASE_URL or " + DEFAULT_POSTGRES,
        )
        parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--only", choices=["nlp", "worker", "database"],
                            help="one part only; 'database' runs on the configured database, which must be empty")

    def handle(self, *args, **options):
        if options["quick"]:
            options.update(QUICK)
        sizes = sorted({int(s) for s in str(options["store_sizes"]).split(",") if s.strip()})
        if not sizes or min(sizes) <= 0:
            raise CommandError("--store-sizes needs positive numbers, e.g. 1000,10000,100000")
        options["sizes"] = sizes
        corpus = generate(options["articles"], seed=options["seed"])

        if options["only"] == "database":
            result = self._database_here(corpus, options)
        elif options["only"] == "nlp":
            result = measures.nlp_throughput(corpus, repeats=options["repeats"])
        elif options["only"] == "worker":
            result = measures.worker_rss(articles=options["articles"], seed=options["seed"])
        else:
            result = self._everything(corpus, options)
        if options["json"] or options["only"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(render_table(result))

    # --- parts ---------------------------------------------------------------------------------

    def _log(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()

    def _database_here(self, corpus, options) -> dict:
        if not measures.database_is_empty():
            raise CommandError(
                "the database measurements add up to "
                f"{max(options['sizes']):,} claims: run them on an empty scratch database "
                "(plain `manage.py benchmark` makes one)"
            )
        return measures.database_measures(
            corpus=corpus, pipeline_articles=options["pipeline_articles"], probes=options["probes"],
            store_sizes=options["sizes"], api_requests=options["api_requests"], seed=options["seed"],
            log=self._log,
        )

    def _everything(self, corpus, options) -> dict:
        self._log(f"NLP: bare spaCy against extract() on {len(corpus)} articles, {options['repeats']} alternated runs")
        nlp = measures.nlp_throughput(corpus, repeats=options["repeats"])
        self._log("worker memory: a fresh process loads the model and extracts the corpus")
        worker = measures.worker_rss(articles=options["articles"], seed=options["seed"])
        wanted = [d.strip() for d in options["databases"].split(",") if d.strip()]
        databases, skipped = {}, {}
        for name in ("sqlite", "postgresql"):
            if name not in wanted:
                skipped[name] = "not asked for (--databases)"
                continue
            try:
                databases[name] = self._in_scratch_database(name, options)
            except ScratchUnavailable as reason:
                skipped[name] = str(reason)
                self._log(f"{name}: skipped: {reason}")
        return combine(nlp, worker, databases, skipped, options)

    def _in_scratch_database(self, name: str, options) -> dict:
        if name == "sqlite":
            folder = tempfile.mkdtemp(prefix="crosscheck-bench-")
            try:
                return self._child(f"sqlite:///{folder}/bench.sqlite3", options)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        url = options["postgres_url"]
        scratch = PostgresScratch(url)
        scratch.create()
        try:
            return self._child(url, options)
        finally:
            scratch.drop()

    def _child(self, url: str, options) -> dict:
        # As deployed: DEBUG off (no query log kept per request), tasks in-process (no broker).
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "CELERY_BROKER_URL": "", "PYTHONUNBUFFERED": "1"}
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throwaway key for the scratch process
        manage = [sys.executable, str(ROOT / "manage.py")]
        migrated = subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                                  capture_output=True, text=True)
        if migrated.returncode:
            raise CommandError(f"migrating the scratch database failed: {migrated.stderr[-2000:]}")
        args = [
            *manage, "benchmark", "--only", "database", "--articles", str(options["articles"]),
            "--store-sizes", ",".join(str(s) for s in options["sizes"]),
            "--pipeline-articles", str(options["pipeline_articles"]), "--probes", str(options["probes"]),
            "--api-requests", str(options["api_requests"]), "--seed", str(options["seed"]),
        ]
        # Progress goes to our stderr as it happens; the figures come back as JSON on stdout.
        done = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        if done.returncode:
            raise CommandError(f"the database measurements failed on {url} (exit {done.returncode})")
        return json.loads(done.stdout.strip().splitlines()[-1])


# --- scratch PostgreSQL ---------------------------------------------------------------------------


class ScratchUnavailable(Exception):
    """The database cannot be used: the figures are skipped with this reason."""


class PostgresScratch:
    """Drops and creates the benchmark's own database through the server's `postgres` database.
    Only a database whose name says it is a benchmark's is ever dropped."""

    def __init__(self, url: str):
        self.url = url
        parsed = urlparse(url)
        if parsed.scheme not in ("postgres", "postgresql"):
            raise ScratchUnavailable(f"{url!r} is not a postgres:// URL")
        self.name = parsed.path.lstrip("/")
        if "bench" not in self.name:
            raise CommandError(f"refusing to drop and re-create database {self.name!r}: its name must contain 'bench'")
        self.admin_url = urlunparse(parsed._replace(path="/postgres"))

    def _run(self, *statements: str) -> None:
        try:
            import psycopg
        except ImportError as error:
            raise ScratchUnavailable(f"psycopg is not installed: {error}") from None
        try:
            with psycopg.connect(self.admin_url.replace("postgres://", "postgresql://", 1), autocommit=True,
                                 connect_timeout=5) as connection:
                for statement in statements:
                    connection.execute(statement)
        except psycopg.OperationalError as error:
            raise ScratchUnavailable(f"PostgreSQL at {self.admin_url} is unreachable: {str(error).strip()}") from None

    def create(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        try:
            self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except ScratchUnavailable:
            pass


# --- combining and printing -------------------------------------------------------------------------

TARGETS = {"extract_ratio": 1.5, "check_growth": 2.0, "api_ms_p95": 100.0, "worker_rss_mb": 600.0}


def combine(nlp: dict, worker: dict, databases: dict, skipped: dict, options) -> dict:
    sizes = [str(s) for s in options["sizes"]]
    result = {
        "spacy_words_per_s": nlp["spacy_words_per_s"],
        "extract_words_per_s": nlp["extract_words_per_s"],
        "extract_ratio": nlp["extract_ratio"],
        "claims_expected": nlp["claims_expected"],
        "claims_found": nlp["claims_found"],
        "recall": nlp["recall"],
        "qualifier_agreement": nlp["qualifier_agreement"],
        "claims_extracted": nlp["claims_extracted"],
        "pipeline_articles_per_s": {db: r["pipeline_articles_per_s"] for db, r in databases.items()},
        "check_ms_p50": {db: {s: r["stores"][s]["check_ms_p50"] for s in sizes} for db, r in databases.items()},
        "check_ms_p95": {db: {s: r["stores"][s]["check_ms_p95"] for s in sizes} for db, r in databases.items()},
        "check_growth": {db: r["check_growth"] for db, r in databases.items()},
        "api_ms_p95": {db: {e: r["api"][e]["api_ms_p95"] for e in ("claims", "checks")} for db, r in databases.items()},
        "api_queries_per_request": {
            db: {e: r["api"][e]["queries_per_request"] for e in ("claims", "checks")} for db, r in databases.items()
        },
        "api_queries_constant": {
            db: {e: r["api"][e]["queries_constant"] for e in ("claims", "checks")} for db, r in databases.items()
        },
        "worker_rss_mb": worker["worker_rss_mb"],
        "skipped": skipped,
        "settings": {k: options[k] for k in ("articles", "pipeline_articles", "probes", "api_requests", "repeats", "seed")}
        | {"store_sizes": options["sizes"], "quick": options["quick"]},
        "details": {"nlp": nlp, "worker": worker, "databases": databases},
    }
    result["targets"] = targets(result)
    return result


def targets(result: dict) -> list[dict]:
    rows = [_target("extract_ratio", result["extract_ratio"], ">=", TARGETS["extract_ratio"])]
    for db, growth in result["check_growth"].items():
        rows.append(_target(f"check_growth [{db}]", growth, "<=", TARGETS["check_growth"]))
    if "postgresql" in result["api_ms_p95"]:
        for endpoint, ms in result["api_ms_p95"]["postgresql"].items():
            rows.append(_target(f"api_ms_p95 {endpoint} [postgresql]", ms, "<=", TARGETS["api_ms_p95"]))
            constant = result["api_queries_constant"]["postgresql"][endpoint]
            rows.append({"name": f"api queries constant {endpoint} [postgresql]", "value": constant,
                         "target": "same at 10 and 100 rows", "status": "pass" if constant else "miss"})
    else:
        rows.append({"name": "api_ms_p95 [postgresql]", "value": None, "target": "<= 100",
                     "status": "not measured: " + result["skipped"].get("postgresql", "")})
    rows.append(_target("worker_rss_mb", result["worker_rss_mb"], "<=", TARGETS["worker_rss_mb"]))
    return rows


def _target(name: str, value, op: str, limit: float) -> dict:
    if value is None:
        return {"name": name, "value": None, "target": f"{op} {limit:g}", "status": "not measured"}
    ok = value >= limit if op == ">=" else value <= limit
    return {"name": name, "value": value, "target": f"{op} {limit:g}", "status": "pass" if ok else "miss"}


def _fmt(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_table(result: dict) -> str:
    nlp = result["details"]["nlp"]
    worker = result["details"]["worker"]
    status = {t["name"]: t for t in result["targets"]}
    rows: list[tuple[str, str, str, str]] = []

    def row(name, value, key=None):
        t = status.get(key or name)
        rows.append((name, _fmt(value), t["target"] if t else "", t["status"] if t else ""))

    lines = [
        f"Crosscheck benchmark: {nlp['articles']} generated articles (seed {result['settings']['seed']}), "
        f"{nlp['words']:,} words, {nlp['numeric_paragraph_word_share']:.0%} of them in paragraphs with a number; "
        f"model {nlp['model']}",
        "",
    ]
    row("spacy_words_per_s (bare nlp.pipe, baseline)", result["spacy_words_per_s"])
    row("extract_words_per_s", result["extract_words_per_s"])
    row("extract_ratio (ours / baseline)", result["extract_ratio"], "extract_ratio")
    row("claims_expected", result["claims_expected"])
    row("claims_found", result["claims_found"])
    row("recall", result["recall"])
    row("qualifier_agreement (of those found)", result["qualifier_agreement"])
    row("claims_extracted (all, incl. not expected)", result["claims_extracted"])
    for db, figures in result["details"]["databases"].items():
        row(f"pipeline_articles_per_s [{db}]", result["pipeline_articles_per_s"][db])
        for size, store in figures["stores"].items():
            row(f"check_ms_p50 / p95 @ {int(size):,} claims [{db}]",
                f"{_fmt(store['check_ms_p50'])} / {_fmt(store['check_ms_p95'])}")
            row(f"  candidates per claim @ {int(size):,} [{db}]", store["candidates_per_claim"])
        row(f"check_growth (p50 largest / smallest) [{db}]", figures["check_growth"], f"check_growth [{db}]")
        api = figures["api"]
        for endpoint in ("claims", "checks"):
            e = api[endpoint]
            row(f"api_ms_p95 {endpoint} @ {api['claims_in_store']:,} claims [{db}]", e["api_ms_p95"],
                f"api_ms_p95 {endpoint} [{db}]")
            row(f"  first page / p50 ms {endpoint} [{db}]", f"{_fmt(e['first_page_ms'])} / {_fmt(e['api_ms_p50'])}")
            row(f"  queries per request {endpoint} (10 / 100 rows) [{db}]",
                f"{e['queries_per_request']} / {e['queries_at_page_100']}",
                f"api queries constant {endpoint} [{db}]")
    row("worker_rss_mb (peak)", result["worker_rss_mb"], "worker_rss_mb")
    row("  rss after model load (MB)", worker["rss_after_load_mb"])

    width = max(len(r[0]) for r in rows) + 2
    lines.append(f"{'figure':<{width}}{'value':>16}  {'target':<26}result")
    lines.append("-" * (width + 16 + 2 + 26 + 6))
    for name, value, target, verdict in rows:
        lines.append(f"{name:<{width}}{value:>16}  {target:<26}{verdict}".rstrip())
    lines.append("")
    for name, reason in result["skipped"].items():
        lines.append(f"{name}: skipped ({reason})")
    if any(t["status"].startswith("not measured") for t in result["targets"]):
        for t in result["targets"]:
            if t["status"].startswith("not measured"):
                lines.append(f"{t['name']}: {t['status']}")
    lines.append(f"worker_rss_mb: {worker['measured']} ({worker['articles']} articles, {worker['claims']} claims).")
    lines.append(
        "check_ms: article_crosscheck() of one new article whose claims are stored, rolled back after each; "
        "api_ms: GET through the Django test client (session login, DRF), pages of 50 spread over the list."
    )
    return "\n".join(lines)
