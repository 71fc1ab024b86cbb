"""Real servers for the benchmark: a `celery worker` and gunicorn, started as the README runs them,
on a scratch database, and stopped afterwards (only the processes started here)."""
from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.throughput.extraction import vmhwm_mb
from bench.throughput.texts import ROOT
from workers.celery import PROCESS_READY


class ServerFailed(RuntimeError):
    pass


class Started:
    """A server process with its log; `stop()` ends it (and waits), SIGKILL if it will not go."""

    def __init__(self, args: list[str], env: dict, name: str):
        self.name = name
        self.log_file = tempfile.NamedTemporaryFile(prefix=f"crosscheck-bench-{name}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return Path(self.log_file.name).read_text(errors="replace")

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise ServerFailed(f"{self.name} exited ({self.process.returncode}): {self.log()[-3000:]}")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def stop(self, timeout: float = 60) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        Path(self.log_file.name).unlink(missing_ok=True)


def celery_worker(env: dict, *, concurrency: int, timeout: float = 120) -> Started:
    """A worker whose pool processes have all loaded the spaCy pipeline and the gazetteer: the
    main process says "ready." as soon as it has forked them, about a second before they can
    take a task, and that second is start-up, not throughput."""
    worker = Started(
        [sys.executable, "-m", "celery", "-A", "workers", "worker", "--loglevel=INFO",
         f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
         f"--hostname=benchmark-{time.monotonic_ns()}@%h"],
        env, "celery",
    )
    deadline = time.monotonic() + timeout
    while "ready." not in (log := worker.log()) or log.count(PROCESS_READY) < concurrency:
        worker.check_alive()
        if time.monotonic() > deadline:
            worker.stop()
            raise ServerFailed(f"celery worker not ready in {timeout:.0f}s")
        time.sleep(0.3)
    return worker


_SUCCEEDED = re.compile(r"Task (\S+?)\[[^\]]+\] succeeded in ([0-9.]+)s")


def task_seconds(worker: Started) -> dict[str, float]:
    """Seconds spent in each task, summed over the worker's log (Celery logs each success)."""
    totals: dict[str, float] = {}
    for name, seconds in _SUCCEEDED.findall(worker.log()):
        totals[name] = round(totals.get(name, 0.0) + float(seconds), 3)
    return totals


def worker_children_vmhwm(worker: Started) -> list[float]:
    """VmHWM of each pool process of a worker: the processes that run the tasks."""
    return [vmhwm_mb(pid) for pid in worker.children()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(env: dict, *, workers: int, timeout: float = 60) -> tuple[Started, int]:
    """gunicorn as the Procfile runs it (its settings from workbench/gunicorn_conf.py), on a free
    port; `workers` 0 keeps the documented number."""
    port = free_port()
    env = {**env, "CROSSCHECK_WEB_BIND": f"127.0.0.1:{port}"}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    server = Started([sys.executable, "-m", "gunicorn", "-c", "python:workbench.gunicorn_conf", "workbench.wsgi"],
                     env, "gunicorn")
    deadline = time.monotonic() + timeout
    while True:
        server.check_alive()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/health/", headers={"X-Forwarded-Proto": "https"})
            connection.getresponse().read()
            connection.close()
            return server, port
        except OSError:
            if time.monotonic() > deadline:
                server.stop()
                raise ServerFailed(f"gunicorn not answering in {timeout:.0f}s") from None
            time.sleep(0.3)
