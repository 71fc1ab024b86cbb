"""Fault tests: real Redis, PostgreSQL and `celery worker` processes, and real faults (killed
workers, a stopped broker, terminated database connections). Helpers to start workers with
test-only faults, stop and restart Redis, sweep like the scheduler does, and compare the outcome
with a clean in-process run of the same articles."""
from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import GunicornProcess, WorkerProcess, database_url
from tests.outcomes import snapshot

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
WORKER_APP_NAME = "crosscheck-fault-worker"


# --- articles -----------------------------------------------------------------------------------

PLACES = [
    "Aleppo", "Homs", "Idlib", "Raqqa", "Mosul", "Kirkuk", "Basra", "Sanaa", "Aden", "Tripoli",
    "Benghazi", "Misrata", "Gaza", "Kabul", "Kandahar", "Herat", "Mogadishu", "Juba", "Goma", "Bamako",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


@dataclass(frozen=True)
class Submission:
    text: str
    outlet: str
    url: str
    published: date

    def ingest(self) -> int:
        from sources.services import article_ingest

        return article_ingest(raw=self.text, outlet=self.outlet, url=self.url, published=self.published).article.id

    def payload(self) -> dict:
        return {"text": self.text, "outlet": self.outlet, "url": self.url, "published": self.published.isoformat()}


def article(n: int, marker: str = "") -> Submission:
    """A short news item with a few claims; items about the same place cross-check each other."""
    place = PLACES[n % len(PLACES)]
    month = MONTHS[(n // len(PLACES)) % len(MONTHS)]
    killed, homes, km = 20 + 3 * n, 400 + 17 * n, 10 + n % 50
    text = (
        f"At least {killed} people were killed in {place} on Monday, officials said. "
        f"Some {homes:,} homes were destroyed in the floods that began on {(n % 27) + 1} {month}, "
        f"the Red Crescent said.\n\n"
        f"Rescue teams searched a stretch of about {km} km along the river near {place}, and more than "
        f"{5 + n % 40} schools were closed.{marker}"
    )
    return Submission(text, f"Outlet {n % 4}", f"https://news.example/{n}{marker and '-x'}", date(2021, 3, 1 + n % 28))


# --- waiting ------------------------------------------------------------------------------------


def wait_for(predicate, *, timeout: float, every: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def statuses(ids=None) -> dict[int, str]:
    from sources.models import Article

    query = Article.objects.all() if ids is None else Article.objects.filter(id__in=ids)
    return dict(query.values_list("id", "status"))


FINAL = ("processed", "failed", "skipped")


def wait_until_settled(ids, *, timeout: float, sweep_older_than: float | None = None) -> dict[int, str]:
    """Wait until every article reached a final status; with `sweep_older_than`, run the sweeper
    every second meanwhile, as `celery beat` does in production (with a short stale time)."""
    from workers.tasks import sweep_stalled

    deadline = time.monotonic() + timeout
    while True:
        now = statuses(ids)
        if len(now) == len(set(ids)) and all(s in FINAL for s in now.values()):
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"articles not settled after {timeout}s: {now}")
        if sweep_older_than is not None:
            sweep_stalled(older_than_seconds=sweep_older_than)
        time.sleep(1)


# --- outcome ------------------------------------------------------------------------------------



def assert_same_as_in_process_run():
    """The claims and checks now stored are exactly those of a clean in-process run of the same
    articles (ingested in the same order): one set per article, nothing lost, nothing doubled."""
    from claims.models import Claim
    from sources.models import Article, Outlet
    from sources.services import article_ingest
    from workers.celery import app as celery_app

    articles = list(Article.objects.select_related("outlet").order_by("id"))
    assert articles
    spans = list(Claim.objects.values_list("article_id", "start", "end"))
    assert len(spans) == len(set(spans)), "an article has the same claim twice"
    stored = snapshot()

    inputs = [(a.raw, a.input_format, a.outlet.name, a.url, a.headline, a.published, a.wire) for a in articles]
    Article.objects.all().delete()
    Outlet.objects.all().delete()
    celery_app.conf.task_always_eager = True
    try:
        for raw, input_format, outlet, url, headline, published, wire in inputs:
            article_ingest(
                raw=raw, input_format=input_format, outlet=outlet, url=url, headline=headline,
                published=published, wire=wire,
            )
    finally:
        celery_app.conf.task_always_eager = False
    reference = snapshot()
    assert len(stored[0]) == len(reference[0]), "claim count differs from a clean in-process run"
    assert stored == reference


def queue_is_empty() -> bool:
    """Nothing waiting in Redis and nothing delivered but unacknowledged."""
    from workers.celery import app as celery_app

    with celery_app.connection_for_write() as connection:
        client = connection.default_channel.client
        return client.llen("celery") == 0 and client.hlen("unacked") == 0


def run_together(threads) -> float:
    """Start the load's client threads at once and wait for all; the seconds they took."""
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


# --- services -----------------------------------------------------------------------------------


def redis_ping() -> bool:
    return subprocess.run(
        ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
    ).stdout.strip() == "PONG"


class Redis:
    """Stops and starts the real Redis server; the fixture always leaves it running."""

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)
        wait_for(lambda: not redis_ping(), timeout=10, what="Redis to stop")

    def start(self) -> None:
        if redis_ping():
            return
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", str(REDIS_PORT),
             "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
            check=True, capture_output=True,
        )
        wait_for(redis_ping, timeout=20, what="Redis to answer PING")


@pytest.fixture
def redis_server():
    server = Redis()
    try:
        yield server
    finally:
        server.start()


@pytest.fixture
def broker(transactional_db):
    """Tasks go to the real Redis broker (an empty queue) instead of running in-process."""
    from workers.celery import app as celery_app

    with celery_app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = True


@pytest.fixture
def workers(broker, tmp_path):
    """Start real workers: `workers.start(**env)`; every worker is stopped (or killed) at the end."""
    started: list[WorkerProcess] = []

    class Workers:
        def start(self, concurrency: int = 1, **env) -> WorkerProcess:
            worker = WorkerProcess(
                tmp_path / f"worker-{len(started)}.log", concurrency, app="tests.faults.faultapp",
                env={
                    "DATABASE_URL": f"{database_url()}?application_name={WORKER_APP_NAME}",
                    **{k: str(v) for k, v in env.items()},
                },
                new_session=True,
            )
            started.append(worker)
            worker.start()
            return worker

    yield Workers()
    for worker in started:
        worker.stop(timeout=20)


# --- the API over a live server -----------------------------------------------------------------

CSRF = "f" * 32


@pytest.fixture
def api(live_server, broker):
    """A function returning a `requests` session logged in to the live server's API (one per
    thread: sessions are not shared between client threads)."""
    import requests
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_user("newsroom-tool")
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value

    def session() -> requests.Session:
        s = requests.Session()
        s.cookies.set("sessionid", cookie)
        s.cookies.set("csrftoken", CSRF)
        s.headers.update({"X-CSRFToken": CSRF, "Accept": "application/json"})
        s.base_url = live_server.url
        return s

    return session


@pytest.fixture
def gunicorn_api(broker, tmp_path):
    """The API as production runs it: gunicorn (DEBUG off, two workers) on the test database and
    the Redis broker. Returns a function giving a `requests` session with its own API key (one
    per newsroom tool); the per-client throttle is lifted, as the load is the point."""
    import requests
    from django.contrib.auth import get_user_model

    from workbench.platform.services import api_client_create

    server = GunicornProcess(tmp_path / "gunicorn.log", {
        "DATABASE_URL": database_url(), "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
        "CROSSCHECK_API_THROTTLE_RATE": "1000000/minute",
    })
    server.start()
    user = get_user_model().objects.create_user("newsroom-tools")
    # Made here, not in the client threads: each would open a database connection of its own.
    keys = [api_client_create(name=f"tool {n}", user=user)[1] for n in range(16)]

    def session() -> requests.Session:
        key = keys.pop()
        s = requests.Session()
        s.headers.update({"Authorization": f"Api-Key {key}", "Accept": "application/json"})
        s.base_url = server.url
        return s

    session.server = server
    yield session
    server.stop()


def terminate_worker_transactions() -> int:
    """pg_terminate_backend on every worker connection that is inside a transaction."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s "
            "AND state IN ('idle in transaction', 'active') AND pid <> pg_backend_pid()",
            [WORKER_APP_NAME],
        )
        return sum(1 for (done,) in cursor.fetchall() if done)


def worker_in_transaction() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND state = 'idle in transaction'",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0] > 0


def worker_holds_an_article_row() -> bool:
    """A worker's open transaction has updated an article row (and holds its lock till commit):
    an UPDATE keeps the table's RowExclusiveLock to the end of the transaction; a read does not."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE a.application_name = %s AND a.state = 'idle in transaction' "
            "AND l.relation = 'sources_article'::regclass AND l.mode = 'RowExclusiveLock'",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0] > 0
