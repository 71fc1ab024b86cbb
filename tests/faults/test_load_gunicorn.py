"""The load test against the production web server: newsroom tools (one API key each) submit
articles and read claims through gunicorn while hostile clients send what the API must refuse
(nested JSON, oversized bodies, NUL and lone surrogates, over-long fields, broken JSON) and
articles built to be expensive (figure dumps). Real workers process everything. Checks that no
request is a 5xx, every healthy article is processed exactly once, and prints (and writes to
test-artifacts/load-gunicorn.json) the p95 of the read endpoints while the hostile ones run."""
import itertools
import json
import os
import threading
import time
from collections import Counter, defaultdict

import pytest
import requests

from claims.models import Claim
from sources.models import Article
from tests.conftest import ROOT, GunicornProcess, database_url
from tests.faults.conftest import article, queue_is_empty, run_together, wait_for, wait_until_settled
from tests.faults.test_load import expected_claim_counts, percentile

pytestmark = [pytest.mark.faults, pytest.mark.model]
SECONDS = float(os.environ.get("CROSSCHECK_LOAD_SECONDS", 20))
CLIENTS = int(os.environ.get("CROSSCHECK_LOAD_CLIENTS", 3))
HOSTILE = int(os.environ.get("CROSSCHECK_LOAD_HOSTILE_CLIENTS", 2))
SUBMIT_EVERY = float(os.environ.get("CROSSCHECK_LOAD_SUBMIT_EVERY", 0.7))


@pytest.fixture
def gunicorn(broker, tmp_path):
    """gunicorn as production runs it (DEBUG off), on the test database, queueing to the test
    broker; the per-client throttle is lifted, as the load is the point."""
    server = GunicornProcess(tmp_path / "gunicorn.log", {
        "DATABASE_URL": database_url(), "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0", "CROSSCHECK_API_THROTTLE_RATE": "100000/minute",
    })
    server.start(ready_path="/api/v1/health/", timeout=90)
    yield server.url
    server.stop()


def api_key(name: str) -> str:
    from django.contrib.auth import get_user_model

    from workbench.platform.models import ApiClient

    client = ApiClient(name=name, user=get_user_model().objects.create_user(name))
    key = client.set_new_key()
    client.save()
    return key


def hostile_requests():
    """What hostile clients send, in turn: (kind, method, url, body bytes, allowed status codes)."""
    text = "At least 40 people were killed in the floods, officials said. "
    # Paragraphs of more figures than a paragraph may have (a data dump in sentences).
    dump = "\n\n".join(
        " ".join(f"In district {k}, {k * 3 + i} homes and {k + 7} schools were damaged." for k in range(160))
        for i in range(5)
    )
    limit = 5 * 1024 * 1024 + 64 * 1024  # the largest request body
    for n in itertools.count():
        yield from [
            ("nested json", "post", "/api/v1/articles/", b"[" * 3000 + b"]" * 3000, {400}),
            ("oversized", "post", "/api/v1/articles/",
             json.dumps({"text": "x" * (limit + 10), "outlet": "Spam"}).encode(), {413}),
            ("over the article limit", "post", "/api/v1/articles/",
             json.dumps({"text": "x" * (limit - 32 * 1024), "outlet": "Spam"}).encode(), {400}),
            ("nul", "post", "/api/v1/articles/", json.dumps({"text": text, "outlet": "Spam\x00"}).encode(), {400}),
            ("surrogate", "post", "/api/v1/articles/",
             json.dumps({"text": text, "outlet": "Spam", "headline": "@@"}).replace("@@", "\\udc80").encode(), {400}),
            ("long url", "post", "/api/v1/articles/",
             json.dumps({"text": text, "outlet": "Spam", "url": "https://spam.example/" + "a" * 5000}).encode(), {400}),
            ("broken json", "post", "/api/v1/articles/", b'{"text": "unterminated', {400}),
            ("nul filter", "get", "/api/v1/claims/?subject=%00", None, {400}),
            ("huge page", "get", "/api/v1/claims/?limit=100000", None, {200}),
            # Accepted: expensive to read, bounded by extraction's limits.
            ("figure dump", "post", "/api/v1/articles/",
             json.dumps({"text": f"Officials gave report {n} on the floods.\n\n{dump}", "outlet": "Spam",
                         "url": f"https://spam.example/{n}"}).encode(),
             {200, 201}),  # 200: the other hostile client sent the same text first
        ]


def test_gunicorn_under_concurrent_clients_and_hostile_submissions_processes_every_article_once(workers, gunicorn):
    workers.start(concurrency=2)
    keys = [api_key(f"tool-{i}") for i in range(CLIENTS)]
    hostile_keys = [api_key(f"hostile-{i}") for i in range(HOSTILE)]
    results: list[tuple[str, float, int]] = []  # (kind, seconds, status; 0 for no answer)
    accepted: dict[int, int] = {}
    hostile_accepted: list[int] = []
    unexpected: list[tuple[str, int]] = []
    lock = threading.Lock()
    numbers = iter(range(5000, 100000))
    hostile_running = threading.Event()
    stop_at = time.monotonic() + SECONDS

    def session(key: str) -> requests.Session:
        s = requests.Session()
        s.headers.update({"Authorization": f"Api-Key {key}", "Accept": "application/json"})
        return s

    def call(s, method, url, **kwargs):
        started = time.monotonic()
        try:
            response = s.request(method, gunicorn + url, timeout=30, **kwargs)
            return response, time.monotonic() - started, response.status_code
        except requests.RequestException:
            return None, time.monotonic() - started, 0

    def healthy(key: str):
        s, last_submit, mine = session(key), 0.0, []
        while time.monotonic() < stop_at:
            if time.monotonic() - last_submit >= SUBMIT_EVERY:
                last_submit = time.monotonic()
                with lock:
                    n = next(numbers)
                response, seconds, status = call(s, "post", "/api/v1/articles/", json=article(n).payload())
                with lock:
                    results.append(("submit", seconds, status))
                    if status == 201:
                        accepted[response.json()["id"]] = n
                        mine.append(response.json()["id"])
            reads = [("read claims", "/api/v1/claims/?limit=20&offset=0")]
            if mine:
                reads.append(("read article", f"/api/v1/articles/{mine[-1]}/"))
            for kind, url in reads:
                _, seconds, status = call(s, "get", url)
                with lock:
                    results.append((kind if hostile_running.is_set() else f"{kind} (warm-up)", seconds, status))

    def hostile(key: str):
        s = session(key)
        hostile_running.set()
        for kind, method, url, body, allowed in hostile_requests():
            if time.monotonic() >= stop_at:
                return
            response, seconds, status = call(
                s, method, url, data=body, headers={"Content-Type": "application/json"} if body is not None else {}
            )
            with lock:
                results.append((f"hostile: {kind}", seconds, status))
                if status not in allowed:
                    unexpected.append((kind, status))
                elif status == 201:
                    hostile_accepted.append(response.json()["id"])

    threads = [threading.Thread(target=healthy, args=(k,)) for k in keys]
    threads += [threading.Thread(target=hostile, args=(k,)) for k in hostile_keys]
    started = time.monotonic()
    duration = run_together(threads)

    everything = list(accepted) + hostile_accepted
    settled = wait_until_settled(everything, timeout=300, sweep_older_than=120)
    drained = time.monotonic() - started - duration

    by_kind = defaultdict(list)
    for kind, seconds, status in results:
        by_kind[kind].append((seconds, status))
    report = {
        "seconds": round(duration, 1), "clients": CLIENTS, "hostile_clients": HOSTILE, "requests": len(results),
        "throughput_rps": round(len(results) / duration, 1),
        "by_kind": {
            kind: {"requests": len(rows), "p95_ms": round(1000 * percentile([r[0] for r in rows], 95), 1),
                   "statuses": dict(Counter(r[1] for r in rows))}
            for kind, rows in sorted(by_kind.items())
        },
        "articles_accepted": len(accepted), "hostile_articles_accepted": len(hostile_accepted),
        "hostile_final": dict(Counter(settled[i] for i in hostile_accepted)),
        "seconds_to_drain_after_load": round(drained, 1),
    }
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "load-gunicorn.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\nload (gunicorn):", json.dumps(report))

    assert not [r for r in results if r[2] >= 500 or r[2] == 0], report
    assert not unexpected, unexpected
    assert all(status == 200 for kind, _, status in results if kind.startswith("read")), report
    assert len(accepted) >= CLIENTS * 5 and hostile_accepted, report
    reads = [seconds for kind, seconds, _ in results if kind in ("read claims", "read article")]
    assert len(reads) > 20 and percentile(reads, 95) < 2.0, report
    # Every healthy article processed exactly once, with the claims a clean extraction finds.
    assert {settled[i] for i in accepted} == {"processed"}
    assert set(Article.objects.filter(id__in=accepted).values_list("attempts", flat=True)) == {1}
    spans = list(Claim.objects.filter(article_id__in=accepted).values_list("article_id", "start", "end"))
    assert len(spans) == len(set(spans)), "a claim stored twice"
    assert Counter(a for a, _, _ in spans) == expected_claim_counts(accepted)
    # The hostile articles ended too, each once, their dumps left unread (bounded, not a held worker).
    dumps = Article.objects.filter(id__in=hostile_accepted)
    assert set(dumps.values_list("attempts", flat=True)) == {1}
    assert all(n >= 5 for n in dumps.values_list("unread_paragraphs", flat=True))
    wait_for(queue_is_empty, timeout=15, what="an empty queue")
