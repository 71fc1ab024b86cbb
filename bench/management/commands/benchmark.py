"""`manage.py benchmark`: what users get, each figure with its baseline or as a ratio, and the
targets of the scale issue (`--check` exits non-zero when one is missed).

- extraction on real news (the seeds and the development set's texts) against bare `nlp.pipe`;
- memory (VmHWM from /proc) of a fresh process that extracts as a worker does;
- the pipeline through a real `celery worker` (two processes) on Redis and PostgreSQL;
- the cost of resolving one new article against stores of 1k, 100k and 1M claims, uniform and
  skewed (30 % in one fact and place);
- the API over HTTP on gunicorn, with an API key and four connections, at 100k claims.

The database parts run on scratch PostgreSQL databases (copies of one migrated template, each
filled, measured in a child process and dropped); nothing touches the configured database."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.throughput import children
from bench.throughput import targets as target_rules
from bench.throughput.extraction import extraction_vs_spacy, figure_quality, fresh_process_memory
from bench.throughput.scratch import Scratch, ScratchUnavailable, child_env, scratch_base
from bench.throughput.texts import ROOT, news_texts

PARTS = ("extraction", "memory", "pipeline", "stores", "api")
DEFAULT_OUTPUT = ROOT / "test-artifacts" / "benchmark.json"


class Command(BaseCommand):
    help = "Measure extraction, memory, the pipeline, store scaling and the API as users get them."

    def add_arguments(self, parser):
        parser.add_argument("--texts", default=os.environ.get("CROSSCHECK_DEVSET_TEXTS", ""),
                            help="folder of the development set's <id>.txt texts (or CROSSCHECK_DEVSET_TEXTS); "
                                 "without it, the seeds only")
        parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
        parser.add_argument("--sizes", default="1000,100000,1000000", help="store sizes in claims")
        parser.add_argument("--shapes", default="uniform,skewed", help="store shapes: uniform, skewed")
        parser.add_argument("--api-size", type=int, default=100_000,
                            help="store size the API is measured at (one of --sizes; default 100000)")
        parser.add_argument("--repeats", type=int, default=3, help="alternated extraction runs; the best counts")
        parser.add_argument("--memory-articles", type=int, default=1000,
                            help="articles the memory probe extracts (the texts over and over)")
        parser.add_argument("--probes", type=int, default=0, help="new articles resolved per store (0: every text)")
        parser.add_argument("--probe-timeout", type=float, default=60.0,
                            help="seconds one article may take to resolve before the store's figure stops there")
        parser.add_argument("--pipeline-store", type=int, default=10_000,
                            help="claims already stored (uniform) when the pipeline runs")
        parser.add_argument("--api-requests", type=int, default=200, help="requests per list endpoint")
        parser.add_argument("--connections", type=int, default=4, help="API clients at once")
        parser.add_argument("--server-workers", type=int, default=0,
                            help="gunicorn workers (0: as workbench/gunicorn_conf.py sets them)")
        parser.add_argument("--seed", type=int, default=2015, help="store seed")
        parser.add_argument("--postgres-url", default=os.environ.get("BENCHMARK_DATABASE_URL", ""),
                            help="base of the scratch databases (its name must contain 'bench'); default: the "
                                 "configured server, database <name>_benchscratch")
        parser.add_argument("--target", action="append", default=[], metavar="NAME=VALUE",
                            help=f"override a target ({', '.join(target_rules.TARGETS)})")
        parser.add_argument("--check", action="store_true", help="exit non-zero when a target is missed")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where the JSON is saved ('' : nowhere)")
        parser.add_argument("--child", choices=["store", "pipeline"], help=argparse.SUPPRESS)
        parser.add_argument("--shape", help=argparse.SUPPRESS)
        parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--with-api", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        parts = [p.strip() for p in options["parts"].split(",") if p.strip()]
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise CommandError(f"unknown --parts {', '.join(sorted(unknown))}: use {', '.join(PARTS)}")
        sizes = sorted({_positive(s, "--sizes") for s in options["sizes"].split(",") if s.strip()})
        shapes = [s.strip() for s in options["shapes"].split(",") if s.strip()]
        if set(shapes) - {"uniform", "skewed"}:
            raise CommandError("--shapes takes uniform and/or skewed")
        try:
            overrides = target_rules.parse_overrides(options["target"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        devset = Path(options["texts"]) if options["texts"] else None
        if devset is not None and not devset.is_dir():
            raise CommandError(f"--texts {devset}: no such folder")
        texts = news_texts(devset)
        if options["child"]:
            run = children.store if options["child"] == "store" else children.pipeline
            self.stdout.write(json.dumps(run(texts, options)))
            return

        result: dict = {
            "texts": {"seeds": sum(t.name.startswith("seed:") for t in texts),
                      "devset": sum(t.name.startswith("devset:") for t in texts),
                      "devset_folder": str(devset) if devset else None, "words": sum(t.words for t in texts)},
            "settings": {k: options[k] for k in ("repeats", "memory_articles", "probes", "probe_timeout",
                                                 "pipeline_store", "api_requests", "connections",
                                                 "server_workers", "seed", "api_size")}
            | {"parts": parts, "sizes": sizes, "shapes": shapes, "model": settings.CROSSCHECK_SPACY_MODEL},
            "skipped": {},
        }
        if "extraction" in parts:
            self._log(f"extraction: bare nlp.pipe against extraction on {len(texts)} real articles")
            result["extraction"] = extraction_vs_spacy(texts, repeats=options["repeats"])
            result["extraction"]["figure_quality"] = figure_quality(devset)
        if "memory" in parts:
            self._log(f"memory: a fresh process extracts {options['memory_articles']} articles")
            result["memory"] = fresh_process_memory(devset=devset, articles=options["memory_articles"])
        if {"pipeline", "stores", "api"} & set(parts):
            self._databases(result, parts, sizes, shapes, len(texts), options)
        result["targets"] = target_rules.evaluate(result, overrides)
        result["check"] = "miss" if any(t["status"] == "miss" for t in result["targets"]) else "pass"

        if options["output"]:
            path = Path(options["output"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            self._log(f"saved to {path}")
        self.stdout.write(json.dumps(result) if options["json"] else target_rules.render(result))
        if options["check"] and result["check"] == "miss":
            missed = ", ".join(t["name"] for t in result["targets"] if t["status"] == "miss")
            raise CommandError(f"targets missed: {missed}")

    def _log(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()

    def _databases(self, result: dict, parts: list[str], sizes: list[int], shapes: list[str], articles: int,
                   options) -> None:
        try:
            base = options["postgres_url"] or scratch_base(_configured_url())
            scratch = Scratch(base)
            scratch.prepare()
        except ScratchUnavailable as reason:
            for part in ("pipeline", "stores", "api"):
                if part in parts:
                    result["skipped"][part] = str(reason)
            self._log(f"database parts skipped: {reason}")
            return
        try:
            if "pipeline" in parts:
                if not os.environ.get("CELERY_BROKER_URL"):
                    result["skipped"]["pipeline"] = "no broker: set CELERY_BROKER_URL (Redis) for a real worker"
                else:
                    self._log(f"pipeline: {articles} articles through a celery worker "
                              f"(2 processes) over a store of {options['pipeline_store']:,} claims")
                    url = scratch.create("pipeline")
                    try:
                        result["pipeline"] = self._child(url, "pipeline", options)
                    finally:
                        scratch.drop(url)
            if {"stores", "api"} & set(parts):
                api_size = options["api_size"] if "api" in parts else None
                store_sizes = sizes if "stores" in parts else [api_size]
                if api_size is not None and api_size not in store_sizes:
                    store_sizes = sorted({*store_sizes, api_size})
                result["resolve_ms"], result["http"], result["store_builds"] = {}, {}, {}
                for shape in shapes:
                    result["resolve_ms"][shape], result["store_builds"][shape] = {}, {}
                    for size in store_sizes:
                        self._log(f"store: {shape}, {size:,} claims: building, then resolving new articles"
                                  + (" and the API over HTTP" if size == api_size else ""))
                        url = scratch.create(f"{shape}_{size}")
                        try:
                            figures = self._child(url, "store", options, shape=shape, size=size, api=size == api_size)
                        finally:
                            scratch.drop(url)
                        result["resolve_ms"][shape][str(size)] = figures["resolve"]
                        result["store_builds"][shape][str(size)] = figures["build"]
                        if "http" in figures:
                            result["http"][shape] = figures["http"]
                if "stores" not in parts:
                    del result["resolve_ms"]
        finally:
            scratch.finish()

    def _child(self, url: str, child: str, options, *, shape: str = "", size: int = 0, api: bool = False) -> dict:
        args = [sys.executable, str(ROOT / "manage.py"), "benchmark", "--child", child, "--texts", options["texts"],
                "--seed", str(options["seed"]), "--probes", str(options["probes"]),
                "--probe-timeout", str(options["probe_timeout"]), "--pipeline-store", str(options["pipeline_store"]),
                "--api-requests", str(options["api_requests"]), "--connections", str(options["connections"]),
                "--server-workers", str(options["server_workers"]), "--output", ""]
        if shape:
            args += ["--shape", shape, "--size", str(size)]
        if api:
            args.append("--with-api")
        # The store's own probes run their tasks in-process (no broker); the pipeline uses the broker.
        extra = {} if child == "pipeline" else {"CELERY_BROKER_URL": ""}
        done = subprocess.run(args, cwd=ROOT, env=child_env(url, **extra), stdout=subprocess.PIPE,
                              stderr=sys.stderr, text=True)
        if done.returncode:
            raise CommandError(f"the benchmark's {child} part failed on {url} (exit {done.returncode})")
        return json.loads(done.stdout.strip().splitlines()[-1])


def _positive(value: str, flag: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"{flag} takes whole numbers, not {value!r}") from None
    if number <= 0:
        raise CommandError(f"{flag} takes positive numbers, not {number}")
    return number


def _configured_url() -> str:
    return os.environ.get("DATABASE_URL", "")
