"""The measurements of `manage.py benchmark`. Each function returns plain data (JSON-ready).

NLP figures need no database. The database figures (pipeline, cross-check latency, API) write
tens of thousands of rows, so they run only on an empty database: the command gives each one a
scratch database of its own in a subprocess."""
from __future__ import annotations

import hashlib
import json
import math
import os
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from bench.throughput.corpus import PLACES, CorpusArticle

ROOT = Path(__file__).resolve().parents[2]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the value at or below which `share` of the samples lie."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# --- NLP ----------------------------------------------------------------------------------------


def nlp_throughput(corpus: list[CorpusArticle], *, repeats: int = 2, batch_size: int = 32) -> dict:
    """Bare `nlp.pipe` over whole articles (the baseline) against our `extract`, alternated in this
    process so both see the same machine; the best run of each counts. Words are whitespace-split
    words of the article texts, the same denominator for both."""
    import spacy
    from django.conf import settings

    from claims.nlp.pipeline import ArticleText, extract, get_nlp, paragraphs
    from claims.nlp.quantities import find_quantities

    model = settings.CROSSCHECK_SPACY_MODEL
    baseline_nlp = spacy.load(model)
    ours_nlp = get_nlp()
    texts = [a.text for a in corpus]
    inputs = [ArticleText(a.text, a.published) for a in corpus]
    words = sum(len(t.split()) for t in texts)

    # Warm both pipelines up (first calls allocate) on a few articles.
    list(baseline_nlp.pipe(texts[:4], batch_size=batch_size))
    list(extract(inputs[:4], nlp=ours_nlp, batch_size=batch_size))

    baseline_times, ours_times, results = [], [], []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        for _doc in baseline_nlp.pipe(texts, batch_size=batch_size):
            pass
        baseline_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        results = list(extract(inputs, nlp=ours_nlp, batch_size=batch_size))
        ours_times.append(time.perf_counter() - start)

    numeric_words = sum(
        len(a.text[p.start : p.end].split())
        for a in corpus
        for p in paragraphs(a.text)
        if find_quantities(a.text[p.start : p.end], a.published)
    )
    spacy_wps = words / min(baseline_times)
    extract_wps = words / min(ours_times)
    return {
        "model": model,
        "articles": len(corpus),
        "words": words,
        "numeric_paragraph_word_share": round(numeric_words / words, 3) if words else 0.0,
        "spacy_words_per_s": round(spacy_wps, 1),
        "extract_words_per_s": round(extract_wps, 1),
        "extract_ratio": round(extract_wps / spacy_wps, 3),
        "runs": {"baseline_s": [round(t, 3) for t in baseline_times], "extract_s": [round(t, 3) for t in ours_times]},
        **recall(corpus, results),
    }


def _same_value(expected, found) -> bool:
    if expected is None:
        return True
    if isinstance(expected, str) or isinstance(found, str) or found is None:
        return expected == found
    return math.isclose(float(expected), float(found), rel_tol=1e-6, abs_tol=1e-9)


def recall(corpus: list[CorpusArticle], results) -> dict:
    """A known claim is found when an extracted claim of its article overlaps its text and has its
    kind and value; its qualifier is scored among those found."""
    expected = found = qualifiers = extracted = 0
    missed: Counter = Counter()
    for article, claims in zip(corpus, results):
        extracted += len(claims)
        for known in article.claims:
            expected += 1
            match = next(
                (
                    c.quantity
                    for _, c in claims
                    if c.quantity.start < known.end
                    and known.start < c.quantity.end
                    and c.quantity.kind == known.kind
                    and _same_value(known.value, c.quantity.value)
                ),
                None,
            )
            if match is None:
                missed[known.kind] += 1
                continue
            found += 1
            qualifiers += match.qualifier == known.qualifier
    return {
        "claims_expected": expected,
        "claims_found": found,
        "recall": round(found / expected, 4) if expected else 0.0,
        "qualifier_agreement": round(qualifiers / found, 4) if found else 0.0,
        "claims_extracted": extracted,
        "missed_by_kind": dict(sorted(missed.items())),
    }


# --- worker memory ------------------------------------------------------------------------------

_WORKER_SCRIPT = """
import json, os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
django.setup()
import workers.tasks  # what a worker process imports: the Celery app and the task modules
from django.conf import settings
from bench.throughput.corpus import generate
from claims.nlp.pipeline import ArticleText, extract, get_nlp

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
articles, seed = int(sys.argv[1]), int(sys.argv[2])
get_nlp()
loaded = peak_mb()
corpus = generate(articles, seed=seed)
claims = sum(len(found) for found in extract(
    [ArticleText(a.text, a.published) for a in corpus], batch_size=settings.CROSSCHECK_NLP_BATCH_SIZE))
print(json.dumps({"rss_after_load_mb": round(loaded, 1), "worker_rss_mb": round(peak_mb(), 1),
                  "articles": len(corpus), "claims": claims}))
"""


def worker_rss(*, articles: int, seed: int) -> dict:
    """Peak resident memory of a fresh process that sets Django up, imports the worker's tasks,
    loads the spaCy pipeline and extracts the claims of `articles` corpus articles (in batches of
    CROSSCHECK_NLP_BATCH_SIZE), as a worker does; no broker is involved."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _WORKER_SCRIPT, str(articles), str(seed)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    if done.returncode:
        raise RuntimeError(f"the worker memory probe failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["measured"] = (
        "peak RSS (getrusage ru_maxrss) of a python process after django.setup(), importing "
        "workers.tasks, get_nlp() and extract() over the corpus articles; no broker"
    )
    return result


# --- database: pipeline -------------------------------------------------------------------------


def database_is_empty() -> bool:
    from claims.models import Claim
    from sources.models import Article

    return not Article.objects.exists() and not Claim.objects.exists()


def pipeline_throughput(corpus: list[CorpusArticle]) -> dict:
    """Articles per second from `article_ingest` to stored claims and checks, with the tasks run
    in-process (as in the demo set-up). The model is loaded before the clock starts."""
    from claims.models import Claim
    from claims.nlp.pipeline import get_nlp
    from facts.models import Check
    from sources.models import Article
    from sources.services import article_ingest
    from workers.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    get_nlp()
    start = time.perf_counter()
    for item in corpus:
        article_ingest(raw=item.text, outlet=item.outlet, url=item.url, headline=item.headline,
                       published=item.published)
    seconds = time.perf_counter() - start
    return {
        "articles": len(corpus),
        "seconds": round(seconds, 3),
        "pipeline_articles_per_s": round(len(corpus) / seconds, 2),
        "processed": Article.objects.filter(status=Article.Status.PROCESSED).count(),
        "claims": Claim.objects.count(),
        "checks": Check.objects.count(),
    }


# --- database: filling a store ------------------------------------------------------------------

_SYLLABLES = ["al", "ba", "ka", "dor", "mi", "ran", "sul", "te", "vo", "zan", "qa", "lin", "mar", "nor", "pe", "sha"]
_SUBJECTS = [
    "people", "civilian", "soldier", "child", "refugee", "migrant", "protester", "worker", "job", "home",
    "house", "building", "school", "hospital", "vehicle", "truck", "aircraft", "attack", "strike", "barrel",
    "tonne", "vote", "seat", "voter", "case", "patient", "dose", "student", "teacher", "family", "prisoner",
    "tourist", "passenger", "flight", "ship", "company", "shop", "farm", "tree", "animal",
]
_PREDICATES = [
    "kill", "injure", "displace", "arrest", "destroy", "damage", "build", "close", "open", "cut", "hire",
    "sell", "buy", "produce", "export", "import", "vote", "win", "lose", "infect", "vaccinate", "treat",
    "evacuate", "rescue", "release", "detain", "deploy", "launch", "carry", "",
]
_KINDS = [("count", 60), ("date", 15), ("money", 9), ("percent", 8), ("measure", 5), ("duration", 3)]
_UNITS = {"money": ["USD", "EUR", "GBP"], "measure": ["m", "kg", "m2"], "duration": ["day", "year"]}


class StoreFiller:
    """Grows a store of claims with bulk_create, no NLP: a claim in four has one of the corpus's
    own fact keys (the common facts of the news: people killed, homes destroyed), the rest are
    about other facts; places follow a long-tailed spread over the corpus cities and a few
    hundred others, times over five years. About one claim in four takes part in a pair check,
    and mismatches get an open review, as a working store would have."""

    ARTICLE_CLAIMS = 10

    def __init__(self, corpus_keys: Counter, cities: list[str], *, seed: int):
        from sources.models import Outlet

        self.rng = random.Random(seed)
        self.head = [(key, kind) for (key, kind) in corpus_keys]
        self.head_weights = [corpus_keys[k] for k in corpus_keys]
        others = sorted({"".join(self.rng.choice(_SYLLABLES) for _ in range(3)).title() for _ in range(600)})
        self.places = cities + others
        # Zipf-like: the first places (the corpus cities) are the most reported.
        self.place_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.places))]
        self.outlets = [Outlet.objects.get_or_create(name=f"Bench outlet {n}")[0] for n in range(40)]
        self.serial = 0

    def fill_to(self, claims_total: int, *, batch: int = 5000) -> float:
        from claims.models import Claim

        start = time.perf_counter()
        missing = claims_total - Claim.objects.count()
        while missing > 0:
            size = min(batch, missing)
            self._batch(size)
            missing -= size
        return time.perf_counter() - start

    def _fact(self) -> tuple[str, str, str, str]:
        """(fact_key, kind, subject, predicate)."""
        if self.head and self.rng.random() < 0.25:
            key, kind = self.rng.choices(self.head, weights=self.head_weights)[0]
            parts = key.split("|")
            return key, kind, parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""
        kind = self.rng.choices([k for k, _ in _KINDS], weights=[w for _, w in _KINDS])[0]
        subject, predicate = self.rng.choice(_SUBJECTS), self.rng.choice(_PREDICATES)
        if kind == "date":
            return f"date|{predicate or 'attack'}|{subject}", kind, subject, predicate or "attack"
        parts = [kind, subject, predicate]
        if kind in _UNITS:
            parts.append(self.rng.choice(_UNITS[kind]))
        return "|".join(parts), kind, subject, predicate

    def _batch(self, size: int) -> None:
        from django.db import transaction

        from claims.models import Claim, ClaimPlace
        from claims.services import place_rows
        from sources.models import Article

        rng = self.rng
        with transaction.atomic():
            articles = []
            for _ in range(math.ceil(size / self.ARTICLE_CLAIMS)):
                self.serial += 1
                body = f"Stored article {self.serial}: filler for the benchmark store."
                articles.append(Article(
                    outlet=rng.choice(self.outlets), url=f"https://bench.example/{self.serial}",
                    headline=f"Stored article {self.serial}", published=date(2012, 1, 1) + timedelta(days=rng.randrange(1800)),
                    raw=body, body=body, content_hash=hashlib.sha256(body.encode()).hexdigest(),
                    status=Article.Status.PROCESSED,
                ))
            articles = Article.objects.bulk_create(articles)
            claims = []
            for index in range(size):
                article = articles[index // self.ARTICLE_CLAIMS]
                key, kind, subject, predicate = self._fact()
                places = rng.choices(self.places, weights=self.place_weights, k=rng.choice([1, 1, 1, 2]))
                refers_end = article.published - timedelta(days=rng.randrange(30))
                refers_start = refers_end - timedelta(days=rng.choice([0, 0, 1, 6, 30, 365]))
                slot = index % self.ARTICLE_CLAIMS
                fields = dict(
                    article=article, kind=kind, quote="", sentence="A stored sentence with a figure in it.",
                    start=slot * 40, end=slot * 40 + 5, qualifier=rng.choice(["exact", "exact", "approximate", "at_least"]),
                    subject=subject, predicate=predicate, places=sorted(set(places)),
                    refers_start=refers_start, refers_end=refers_end, fact_key=key[:200],
                    running_total=predicate in ("kill", "injure", "displace", "arrest"), paragraph=slot,
                )
                if kind == "date":
                    fields.update(quote=refers_start.isoformat(), date_value=refers_start.isoformat(),
                                  date_low=refers_start, date_high=refers_start)
                else:
                    value = float(round(10 ** rng.uniform(0, 5)))
                    fields.update(quote=f"{value:g}", value=value, low=value, high=value,
                                  unit=key.split("|")[3] if key.count("|") >= 3 else "")
                claims.append(Claim(**fields))
            claims = Claim.objects.bulk_create(claims)
            ClaimPlace.objects.bulk_create(place_rows(claims))
            self._checks(claims)

    def _checks(self, claims) -> None:
        from facts.models import Check
        from review.models import Review

        rng = self.rng
        by_key: dict[str, list] = {}
        for claim in claims:
            by_key.setdefault(claim.fact_key, []).append(claim)
        checks, pairs = [], []
        for group in by_key.values():
            for a, b in zip(group[::2], group[1::2]):
                if rng.random() < 0.5:
                    continue
                high, low = (a, b) if a.id > b.id else (b, a)
                verdict = rng.choices(["consistent", "conflict", "updated"], weights=[6, 2.5, 1.5])[0]
                checks.append(Check(claim=high, key=f"pair:{high.id}:{low.id}", check_type="pair", verdict=verdict,
                                    score=round(rng.random(), 3), explanation=f"{high.quote} vs {low.quote}"))
                pairs.append(low)
        checks = Check.objects.bulk_create(checks)
        Through = Check.others.through
        Through.objects.bulk_create([Through(check_id=c.id, claim_id=low.id) for c, low in zip(checks, pairs)])
        Review.objects.bulk_create([Review(check_obj=c) for c in checks if c.verdict != "consistent"])


# --- database: cross-check latency --------------------------------------------------------------


def extracted_probes(corpus: list[CorpusArticle]) -> list[tuple[CorpusArticle, list]]:
    """The probe articles with their extracted claims (extracted once, outside any timing)."""
    from claims.nlp.pipeline import ArticleText, extract

    found = extract([ArticleText(a.text, a.published) for a in corpus])
    return list(zip(corpus, found))


def check_latency(probes: list[tuple[CorpusArticle, list]]) -> dict:
    """Milliseconds of `article_crosscheck` for one new article (its claims already stored), per
    probe article; each probe runs in a transaction rolled back afterwards, so the store stays the
    size being measured. Also the candidates the indexed query returns per claim."""
    from django.db import transaction

    from claims.models import Claim, ClaimPlace
    from claims.services import claim_fields, place_rows
    from facts.services import article_crosscheck, candidates
    from sources.models import Article, Outlet

    timings, candidate_counts, claims_per_article = [], [], []
    for number, (item, found) in enumerate(probes):
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(name=item.outlet)
            article = Article.objects.create(
                outlet=outlet, url=item.url, headline=item.headline, published=item.published, raw=item.text,
                body=item.text, content_hash=hashlib.sha256(f"probe {number} {item.text}".encode()).hexdigest(),
                status=Article.Status.EXTRACTED,
            )
            claims = Claim.objects.bulk_create(
                [Claim(article=article, **claim_fields(data, paragraph=paragraph)) for paragraph, data in found]
            )
            ClaimPlace.objects.bulk_create(place_rows(claims))
            start = time.perf_counter()
            article_crosscheck(article_id=article.id)
            timings.append(time.perf_counter() - start)
            claims_per_article.append(len(claims))
            candidate_counts.extend(candidates(c).count() for c in claims if c.fact_key)
            transaction.set_rollback(True)
    return {
        "probes": len(timings),
        "check_ms_p50": _ms(percentile(timings, 0.5)),
        "check_ms_p95": _ms(percentile(timings, 0.95)),
        "claims_per_article": round(sum(claims_per_article) / max(1, len(claims_per_article)), 1),
        "candidates_per_claim": round(sum(candidate_counts) / max(1, len(candidate_counts)), 1),
    }


# --- database: API ------------------------------------------------------------------------------


def api_latency(*, requests: int, page: int = 50) -> dict:
    """p50/p95 milliseconds of the claim and check lists through the whole Django stack (session
    login, middleware, DRF, serializers), pages at offsets spread over the whole list as a tool
    paging through it would ask; and the SQL queries per request at page sizes 10 and 100: the
    same number means no query per row."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim
    from facts.models import Check

    User = get_user_model()
    user = User.objects.filter(username="benchmark").first() or User.objects.create_user("benchmark")
    client = Client()
    client.force_login(user)
    result = {}
    for name, url, model in (("claims", "/api/v1/claims/", Claim), ("checks", "/api/v1/checks/", Check)):
        total = model.objects.count()
        last = max(0, total - page)
        offsets = [round(i * last / max(1, requests - 1)) for i in range(requests)]
        client.get(url, {"limit": page}, secure=True)  # warm up
        timings = []
        for offset in offsets:
            start = time.perf_counter()
            response = client.get(url, {"limit": page, "offset": offset}, secure=True)
            timings.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
        queries = {}
        for limit in (10, 100):
            with CaptureQueriesContext(connection) as captured:
                client.get(url, {"limit": limit}, secure=True)
            queries[limit] = len(captured)
        result[name] = {
            "rows": total,
            "first_page_ms": _ms(timings[0]),
            "api_ms_p50": _ms(percentile(timings, 0.5)),
            "api_ms_p95": _ms(percentile(timings, 0.95)),
            "queries_per_request": queries[10],
            "queries_at_page_100": queries[100],
            "queries_constant": queries[10] == queries[100],
        }
    return result


def database_measures(*, corpus: list[CorpusArticle], pipeline_articles: int, probes: int,
                      store_sizes: list[int], api_requests: int, seed: int, log=print) -> dict:
    """Everything measured on one (empty, scratch) database, in order: the pipeline on the first
    corpus articles, then cross-check latency at each store size, then the API at the largest."""
    from django.db import connection

    from claims.models import Claim
    from facts.models import Check

    pipeline_corpus, probe_corpus = corpus[:pipeline_articles], corpus[pipeline_articles:][:probes]
    if not probe_corpus:
        probe_corpus = corpus[:probes]
    result: dict = {"database": connection.vendor}
    log(f"[{connection.vendor}] pipeline: ingesting {len(pipeline_corpus)} articles in-process")
    result["pipeline"] = pipeline_throughput(pipeline_corpus)
    result["pipeline_articles_per_s"] = result["pipeline"]["pipeline_articles_per_s"]

    probe_claims = extracted_probes(probe_corpus)
    corpus_keys = Counter((c.fact_key, c.kind) for c in Claim.objects.exclude(fact_key=""))
    filler = StoreFiller(corpus_keys, [city for city, _, _ in PLACES], seed=seed)
    result["stores"] = {}
    for size in sorted(store_sizes):
        log(f"[{connection.vendor}] filling the store to {size:,} claims")
        seconds = filler.fill_to(size)
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load; without it the planner works blind.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        log(f"[{connection.vendor}] cross-checking {len(probe_claims)} new articles against {size:,} claims")
        figures = check_latency(probe_claims)
        figures.update(claims=Claim.objects.count(), checks=Check.objects.count(), fill_s=round(seconds, 2))
        result["stores"][str(size)] = figures
    sizes = sorted(store_sizes)
    first, last = result["stores"][str(sizes[0])], result["stores"][str(sizes[-1])]
    # p50 at the largest store over p50 at the smallest: null with a single store size.
    result["check_growth"] = (
        round(last["check_ms_p50"] / first["check_ms_p50"], 2) if len(sizes) > 1 and first["check_ms_p50"] else None
    )
    log(f"[{connection.vendor}] API: {api_requests} requests per list at {last['claims']:,} claims")
    result["api"] = api_latency(requests=api_requests)
    result["api"]["claims_in_store"] = last["claims"]
    return result

