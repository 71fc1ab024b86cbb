"""Test set-up: tasks run in-process unless a test starts real workers; suites that need services
are skipped without them, and fail instead when CI requires them (CROSSCHECK_REQUIRE_SUITES)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITES = ("services", "browser", "faults")
REQUIRED = {s.strip() for s in os.environ.get("CROSSCHECK_REQUIRE_SUITES", "").split(",") if s.strip()}
HAVE_SERVICES = bool(os.environ.get("CELERY_BROKER_URL")) and os.environ.get(
    "DATABASE_URL", ""
).startswith(("postgres", "postgresql"))
passed_by_suite: Counter = Counter()


def pytest_collection_modifyitems(config, items):
    for item in items:
        needs_services = any(item.get_closest_marker(m) for m in ("services", "faults"))
        if needs_services and not HAVE_SERVICES:
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL and Redis: set DATABASE_URL and CELERY_BROKER_URL")
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    suites = [s for s in SUITES if item.get_closest_marker(s)]
    if report.when == "call" and report.passed:
        passed_by_suite.update(suites)
    # A required suite that is skipped is a failure, not a quiet pass.
    if report.skipped and any(s in REQUIRED for s in suites):
        report.outcome = "failed"
        report.longrepr = f"required suite {suites} was skipped: {report.longrepr}"


def pytest_sessionfinish(session, exitstatus):
    missing = sorted(s for s in REQUIRED if passed_by_suite[s] == 0)
    if missing and session.exitstatus == 0:
        print(f"\nrequired suites with no passing test: {', '.join(missing)}", file=sys.stderr)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Tasks run in-process in tests, unless the test starts real workers."""
    from workers.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


def database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    """A real `celery worker` process on the test database and the Redis broker.

    `app` and `env` let fault tests start a worker with test-only hooks (tests/faults/faultapp.py)
    and their own settings; `new_session` puts the worker and its pool in a process group of their
    own, so that `kill()` can take them all down at once, as a crashed machine would."""

    def __init__(
        self, log_path: Path, concurrency: int = 1, *, app: str = "workers", env: dict | None = None,
        new_session: bool = False,
    ):
        self.log_path = log_path
        self.concurrency = concurrency
        self.app = app
        self.env = env or {}
        self.new_session = new_session
        self.process: subprocess.Popen | None = None
        self.log = None

    def start(self) -> None:
        env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1", **self.env}
        self.log = open(self.log_path, "ab")
        self.started_at = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", self.app, "worker", "--loglevel=INFO",
             f"--concurrency={self.concurrency}", "--without-gossip", "--without-mingle",
             f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=self.new_session,
        )
        self.wait_ready()

    def output(self) -> str:
        return self.log_path.read_bytes()[self.started_at:].decode(errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.output()[-3000:]}")
            if "ready." in self.output():
                return
            time.sleep(0.3)
        raise RuntimeError(f"celery worker not ready in {timeout}s: {self.output()[-3000:]}")

    def stop(self, sig=None, timeout: float = 60) -> None:
        import signal

        if self.process and self.process.poll() is None:
            self.process.send_signal(sig or signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def kill(self) -> None:
        """SIGKILL the worker and (with `new_session`) every process of its pool: no clean-up runs."""
        import signal

        if self.process and self.new_session:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        elif self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait()
        self._close_log()

    def _close_log(self) -> None:
        import signal

        if self.process and self.new_session:
            # Nothing of this worker may outlive the test: a stray pool process would take tasks.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.log and not self.log.closed:
            self.log.close()


class GunicornProcess:
    """The production web process: `gunicorn -c python:workbench.gunicorn_conf workbench.wsgi` on a
    free loopback port, with DEBUG off and the environment given (the test database, say)."""

    def __init__(self, log_path: Path, env: dict | None = None, workers: int = 2):
        import secrets
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
        self.env = {
            **clean, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
            "CROSSCHECK_WEB_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers),
            "PYTHONUNBUFFERED": "1", **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str = "/static/admin/css/base.css", timeout: float = 60) -> None:
        import requests

        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:workbench.gunicorn_conf", "workbench.wsgi"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    requests.get(self.url + ready_path, headers={"X-Forwarded-Proto": "https"}, timeout=2)
                    return
                except (requests.ConnectionError, requests.Timeout):  # bound, workers still loading
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"gunicorn did not start: {self.log_path.read_text(errors='replace')[-3000:]}")
                    time.sleep(0.2)
        except BaseException:
            self.stop()  # no server outlives a failed start (its workers would keep the port)
            raise

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """Start a real worker; tasks queued by the test go to Redis and run in that process."""
    from workers.celery import app as celery_app

    with celery_app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    celery_app.conf.task_always_eager = False
    worker = WorkerProcess(tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
    celery_app.conf.task_always_eager = True
