"""A bounded load test on loopback: newsroom tools, each with its own API key, submit articles and
read claims through the API served by gunicorn (as in production) for a fixed time while a real
worker processes them. Reports throughput, p95
latency and error rate (printed and written to test-artifacts/load.json), then checks that every
accepted article was processed exactly once."""
import json
import os
import statistics
import threading
import time
from collections import Counter

import pytest

from claims.models import Claim
from sources.models import Article
from tests.conftest import ROOT
from tests.faults.conftest import article, queue_is_empty, run_together, wait_for, wait_until_settled

pytestmark = [pytest.mark.faults, pytest.mark.model]
SECONDS = float(os.environ.get("CROSSCHECK_LOAD_SECONDS", 20))
CLIENTS = int(os.environ.get("CROSSCHECK_LOAD_CLIENTS", 4))
# Each client submits an article at most this often, so the worker can drain the backlog within
# the test's time budget; reads run as fast as the server answers.
SUBMIT_EVERY = float(os.environ.get("CROSSCHECK_LOAD_SUBMIT_EVERY", 0.5))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def test_concurrent_clients_submit_and_read_and_every_article_is_processed_once(workers, gunicorn_api):
    api = gunicorn_api
    workers.start(concurrency=2)
    results: list[tuple[str, float, bool]] = []  # (kind, seconds, ok)
    accepted: dict[int, int] = {}  # article id -> article number
    lock = threading.Lock()
    numbers = iter(range(1000, 100000))
    stop_at = time.monotonic() + SECONDS

    def client():
        session = api()
        base = session.base_url
        last_submit = 0.0
        mine: list[int] = []
        while time.monotonic() < stop_at:
            calls = []
            if time.monotonic() - last_submit >= SUBMIT_EVERY:
                last_submit = time.monotonic()
                with lock:
                    n = next(numbers)
                calls.append(("submit", "post", f"{base}/api/v1/articles/", article(n).payload(), 201, n))
            calls.append(("read claims", "get", f"{base}/api/v1/claims/?limit=20&offset=0", None, 200, None))
            if mine:
                calls.append(("read article", "get", f"{base}/api/v1/articles/{mine[-1]}/", None, 200, None))
            for kind, method, url, payload, expected, n in calls:
                started = time.monotonic()
                try:
                    response = session.request(method, url, json=payload, timeout=10)
                    ok = response.status_code == expected
                except Exception:  # noqa: BLE001  (a refused or reset connection is an error, counted)
                    response, ok = None, False
                elapsed = time.monotonic() - started
                with lock:
                    results.append((kind, elapsed, ok))
                    if ok and kind == "submit":
                        accepted[response.json()["id"]] = n
                if ok and kind == "submit":
                    mine.append(response.json()["id"])

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.monotonic()
    duration = run_together(threads)

    settled = wait_until_settled(list(accepted), timeout=180, sweep_older_than=60)
    drained = time.monotonic() - started - duration

    latencies = [r[1] for r in results]
    by_kind = {
        kind: {
            "requests": len(ls),
            "p50_ms": round(1000 * statistics.median(ls), 1),
            "p95_ms": round(1000 * percentile(ls, 95), 1),
        }
        for kind in sorted({r[0] for r in results})
        for ls in [[r[1] for r in results if r[0] == kind]]
    }
    report = {
        "server": "gunicorn, 2 sync workers",
        "seconds": round(duration, 2),
        "clients": CLIENTS,
        "requests": len(results),
        "throughput_rps": round(len(results) / duration, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * percentile(latencies, 95), 1),
        "max_ms": round(1000 * max(latencies), 1),
        "error_rate": round(sum(1 for r in results if not r[2]) / len(results), 4),
        "by_kind": by_kind,
        "articles_accepted": len(accepted),
        "articles_processed": sum(1 for s in settled.values() if s == "processed"),
        "seconds_to_drain_after_load": round(drained, 1),
    }
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\nload:", json.dumps(report))

    assert report["error_rate"] == 0, report
    assert report["articles_accepted"] >= CLIENTS * 5, report
    assert report["p95_ms"] < 2000, report
    # Every accepted article processed exactly once: one attempt, and the claims a clean
    # in-process extraction of the same text finds, each once.
    assert set(settled.values()) == {"processed"}
    assert set(Article.objects.filter(id__in=accepted).values_list("attempts", flat=True)) == {1}
    spans = list(Claim.objects.filter(article_id__in=accepted).values_list("article_id", "start", "end"))
    assert len(spans) == len(set(spans)), "a claim stored twice"
    stored = Counter(article_id for article_id, _, _ in spans)
    assert stored == expected_claim_counts(accepted)
    wait_for(queue_is_empty, timeout=15, what="an empty queue")


def expected_claim_counts(accepted: dict[int, int]) -> Counter:
    """Claims per article from the extractor run in this process on the same texts."""
    from claims.nlp.pipeline import ArticleText, extract

    ids = list(accepted)
    bodies = dict(Article.objects.filter(id__in=ids).values_list("id", "body"))
    published = dict(Article.objects.filter(id__in=ids).values_list("id", "published"))
    found = extract([ArticleText(bodies[i], published[i]) for i in ids])
    return Counter({i: len({(c.quantity.start, c.quantity.end) for _, c in claims}) for i, claims in zip(ids, found) if claims})
