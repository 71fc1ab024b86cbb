"""The API as clients get it: over HTTP on gunicorn, with an API key, several connections at once,
pages spread over the whole of each list (deep pages included, as a tool paging through it asks),
and the SQL queries each request makes."""
from __future__ import annotations

import http.client
import threading
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.throughput.scratch import child_env
from bench.throughput.servers import gunicorn
from bench.throughput.store import ms, percentile
from claims.models import Claim
from facts.models import Check, Fact
from workbench.platform.models import ApiClient

ENDPOINTS = ("claims", "checks", "facts")
PAGE = 50


def api_client_key() -> str:
    """An API key of a client whose user reads (as a newsroom tool would)."""
    user, _ = get_user_model().objects.get_or_create(username="benchmark-client")
    client = ApiClient(name="benchmark", user=user)
    key = client.set_new_key()
    client.save()
    return key


def _totals() -> dict[str, int]:
    """The length of each list as the API pages it (facts: those reported by two articles or more)."""
    return {"claims": Claim.objects.count(), "checks": Check.objects.count(),
            "facts": Fact.objects.filter(articles__gte=2).count()}


def _offsets(total: int, requests: int) -> list[int]:
    last = max(0, total - PAGE)
    return [round(i * last / max(1, requests - 1)) for i in range(requests)]


def queries_per_request(key: str, totals: dict[str, int]) -> dict:
    """SQL queries of one request at page sizes 10 and 100, first and deepest page, through the
    whole Django stack in this process: the same number everywhere means none per row or page."""
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    result = {}
    for name in ENDPOINTS:
        # The first request of a key records its use: not a query of every request.
        client.get(f"/api/v1/{name}/", {"limit": 10}, secure=True)
        counts = {}
        for label, limit, offset in (("first_10", 10, 0), ("first_100", 100, 0),
                                     ("deepest_100", 100, max(0, totals[name] - 100))):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"/api/v1/{name}/", {"limit": limit, "offset": offset}, secure=True)
            if response.status_code != 200:
                raise RuntimeError(f"GET /api/v1/{name}/ answered {response.status_code}: {response.content[:300]!r}")
            counts[label] = len(captured)
        result[name] = {**counts, "constant": len(set(counts.values())) == 1}
    return result


def _load(port: int, key: str, paths: list[str], connections: int) -> list[tuple[str, float, int]]:
    """Each path once, spread over `connections` keep-alive connections working at once."""
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    queue = list(reversed(paths))
    headers = {"Authorization": f"Api-Key {key}", "X-Forwarded-Proto": "https", "Accept": "application/json"}

    def work():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            seconds = time.perf_counter() - start
            with lock:
                results.append((path, seconds, response.status))
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def api_over_http(*, database_url: str, requests: int, connections: int, server_workers: int) -> dict:
    """p50 / p95 milliseconds per list endpoint over HTTP (and of its deep pages: offsets past the
    middle), with `connections` clients at once on gunicorn with `server_workers` workers."""
    key = api_client_key()
    totals = _totals()
    queries = queries_per_request(key, totals)
    # Throttling is not what is measured: the rate is raised for this server only.
    env = child_env(database_url, CROSSCHECK_API_THROTTLE_RATE="1000000/minute", ALLOWED_HOSTS="127.0.0.1")
    server, port = gunicorn(env, workers=server_workers)
    try:
        # Warm-up: every worker opens its connection and imports what a request needs.
        _load(port, key, [f"/api/v1/{name}/?limit={PAGE}" for name in ENDPOINTS] * 4, connections)
        result = {"connections": connections, "page": PAGE,
                  "server": f"gunicorn -c python:workbench.gunicorn_conf, {server_workers or 'default'} workers"}
        for name in ENDPOINTS:
            offsets = _offsets(totals[name], requests)
            paths = [f"/api/v1/{name}/?limit={PAGE}&offset={o}" for o in offsets]
            started = time.perf_counter()
            done = _load(port, key, paths, connections)
            wall = time.perf_counter() - started
            bad = [(p, s) for p, _, s in done if s != 200]
            if bad:
                raise RuntimeError(f"{len(bad)} requests to /api/v1/{name}/ failed, e.g. {bad[0]}")
            deep = {p for p, o in zip(paths, offsets) if o > totals[name] / 2}
            timings = [t for _, t, _ in done]
            result[name] = {
                "rows": totals[name],
                "requests": len(done),
                "p50_ms": ms(percentile(timings, 0.5)),
                "p95_ms": ms(percentile(timings, 0.95)),
                "deep_p95_ms": ms(percentile([t for p, t, _ in done if p in deep], 0.95)),
                # One request among many in the percentiles, but the page every client reads
                # first (and, for facts, the one holding the largest facts).
                "first_page_ms": ms(next(t for p, t, _ in done if p == paths[0])),
                "requests_per_s": round(len(done) / wall, 1),
                "queries_per_request": queries[name],
            }
    finally:
        server.stop()
    return result
