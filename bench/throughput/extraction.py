"""Extraction on real news text against bare `nlp.pipe`, and the memory of a fresh process that
extracts as a worker does. Neither needs a database."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import spacy
from django.conf import settings
from thinc.api import Model

from bench import facts_devset, quantity_devset
from bench.throughput.texts import ROOT, NewsText
from claims.nlp.blas import use_gemm
from claims.nlp.embedding import embed_distinct_rows
from claims.nlp.maxout import max_with_numpy
from claims.nlp.pipeline import ArticleText, get_nlp, paragraphs, read
from claims.nlp.quantities import find_quantities
from claims.services import extraction_limits

# The baseline's batch, in whole articles: bare `nlp.pipe` at the batch size where it was fastest
# on these texts (32; at 256 or 1000 whole articles it was 10-20 % slower). Fixed, so that tuning
# extraction's own batch of paragraphs never moves the baseline.
BARE_BATCH = 32
# Articles the memory probe reads per call, as before the paragraph batch grew: a worker reads one
# article per task, so the probe does not hold hundreds at once.
PROBE_ARTICLES_PER_READ = 32


def numeric_paragraph_share(texts: list[NewsText]) -> float:
    """The share of words that are in paragraphs with a figure: the paragraphs extraction parses
    (the others are skipped), so the ratio to bare spaCy depends on it."""
    words = numeric = 0
    for item in texts:
        for paragraph in paragraphs(item.body):
            text = item.body[paragraph.start : paragraph.end]
            count = len(text.split())
            words += count
            if find_quantities(text, item.published):
                numeric += count
    return round(numeric / words, 3) if words else 0.0


def extraction_vs_spacy(texts: list[NewsText], *, repeats: int) -> dict:
    """Words per second of bare `nlp.pipe` over the stored bodies (the baseline: stock, and with
    the matrix products extraction uses) and of the extraction a worker runs over the same bodies
    (`read` with the configured limits and batch size), alternated in this process so a noisy
    machine affects all; the best run of each counts. Same words for all: the whitespace-split
    words of the bodies."""
    batch = settings.CROSSCHECK_NLP_BATCH_SIZE
    bare, ours = spacy.load(settings.CROSSCHECK_SPACY_MODEL), get_nlp()
    # Bare spaCy again, computing as ours does (the same vectors by faster means: each distinct
    # row embedded once, maxout's maximum with numpy, the faster BLAS): they would speed bare spaCy
    # up as much, so the target is checked against this baseline, not the stock one, and measures
    # only what extraction does differently (the text it skips, the reading it adds).
    same_gemm = spacy.load(settings.CROSSCHECK_SPACY_MODEL)
    networks = [pipe.model for _, pipe in same_gemm.pipeline if isinstance(getattr(pipe, "model", None), Model)]
    for network in networks:
        embed_distinct_rows(network)
        max_with_numpy(network)
    use_gemm(networks, settings.CROSSCHECK_NLP_GEMM)
    bodies = [t.body for t in texts]
    inputs = [ArticleText(t.body, t.published) for t in texts]
    limits = extraction_limits()
    words = sum(t.words for t in texts)
    # First calls allocate: warm both up outside the clock.
    list(bare.pipe(bodies[:4], batch_size=BARE_BATCH))
    list(same_gemm.pipe(bodies[:4], batch_size=BARE_BATCH))
    read(inputs[:4], nlp=ours, batch_size=batch, limits=limits)
    bare_s, same_s, ours_s, readings = [], [], [], []
    for _ in range(max(1, repeats)):
        for baseline, runs in ((bare, bare_s), (same_gemm, same_s)):
            start = time.perf_counter()
            for _doc in baseline.pipe(bodies, batch_size=BARE_BATCH):
                pass
            runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        readings = read(inputs, nlp=ours, batch_size=batch, limits=limits)
        ours_s.append(time.perf_counter() - start)
    spacy_wps, extract_wps, same_wps = words / min(bare_s), words / min(ours_s), words / min(same_s)
    return {
        "model": settings.CROSSCHECK_SPACY_MODEL,
        "batch": {"bare_articles": BARE_BATCH, "extraction_paragraphs": batch},
        "articles": len(texts),
        "seed_articles": sum(t.name.startswith("seed:") for t in texts),
        "devset_articles": sum(t.name.startswith("devset:") for t in texts),
        "words": words,
        "numeric_paragraph_word_share": numeric_paragraph_share(texts),
        "spacy_words_per_s": round(spacy_wps, 1),
        "extract_words_per_s": round(extract_wps, 1),
        "ratio_to_spacy": round(extract_wps / spacy_wps, 3),
        "gemm": settings.CROSSCHECK_NLP_GEMM,
        "spacy_same_gemm_words_per_s": round(same_wps, 1),
        "ratio_to_spacy_same_gemm": round(extract_wps / same_wps, 3),
        "claims": sum(len(r.claims) for r in readings),
        "claims_per_1000_words": round(1000 * sum(len(r.claims) for r in readings) / words, 2) if words else 0.0,
        "unread_paragraphs": sum(r.unread_paragraphs for r in readings),
        "runs_s": {"spacy": [round(t, 3) for t in bare_s], "spacy_same_gemm": [round(t, 3) for t in same_s],
                   "extract": [round(t, 3) for t in ours_s]},
    }


ANNOTATIONS = ROOT / "tests" / "data" / "quantities_devset.jsonl"


def figure_quality(devset: Path | None) -> dict | None:
    """The figures' quality in the same run, on our hand annotations of the development set's
    texts (`score_quantities`' scoring): value precision, recall and F1, date accuracy. None
    without the texts."""
    if devset is None:
        return None
    dates = quantity_devset.load_reference_dates(facts_devset.SHARED_GOLD)
    scored = quantity_devset.score_devset(ANNOTATIONS, devset, dates)
    return {"documents": scored["documents"], **{k: scored["value"][k] for k in ("precision", "recall", "f1")},
            "date_accuracy": scored["date_accuracy"]["percent"], "scored": "tests/data/quantities_devset.jsonl"}


def vmhwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of a process, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)  # kB
    raise RuntimeError(f"/proc/{pid}/status has no VmHWM line")


# A fresh interpreter does what a worker process does at start-up and then extracts the texts,
# cycled to the number of articles asked for, in batches of the configured size.
_PROBE = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
django.setup()
import workers.tasks
from django.conf import settings
from bench.throughput.extraction import vmhwm_mb
from bench.throughput.texts import news_texts
from claims.nlp.pipeline import ArticleText, get_nlp, read
from claims.services import extraction_limits

devset, articles = sys.argv[1] or None, int(sys.argv[2])
texts = news_texts(devset and __import__("pathlib").Path(devset))
nlp = get_nlp()
loaded = vmhwm_mb()
from bench.throughput.extraction import PROBE_ARTICLES_PER_READ as per_read
batch, limits, claims = settings.CROSSCHECK_NLP_BATCH_SIZE, extraction_limits(), 0
inputs = [ArticleText(t.body, t.published) for t in texts]
for start in range(0, articles, per_read):
    chunk = [inputs[i % len(inputs)] for i in range(start, min(articles, start + per_read))]
    claims += sum(len(r.claims) for r in read(chunk, nlp=nlp, batch_size=batch, limits=limits))
print(json.dumps({"vmhwm_after_load_mb": loaded, "vmhwm_mb": vmhwm_mb(), "articles": articles,
                  "distinct_texts": len(texts), "claims": claims}))
"""


def fresh_process_memory(*, devset: Path | None, articles: int) -> dict:
    """VmHWM of a fresh process (not this one: a benchmark parent holds more than a worker) that
    sets Django up, imports the worker's tasks, loads the pipeline and extracts `articles`
    articles (the real texts over and over)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(devset or ""), str(articles)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode:
        raise RuntimeError(f"the memory probe failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["measured"] = "VmHWM (/proc/<pid>/status) of a fresh python process after extracting the articles"
    return result
