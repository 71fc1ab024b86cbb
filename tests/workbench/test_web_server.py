"""The documented production web process: gunicorn with DEBUG off, static files (the admin's and
the API docs' Swagger UI) served by WhiteNoise after `collectstatic`, no other file server."""
from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, *, timeout: float = 10, **headers) -> requests.Response:
    # The app sits behind an HTTPS proxy in production; without the header it redirects to https.
    return requests.get(url, headers={"X-Forwarded-Proto": "https", **headers}, timeout=timeout, allow_redirects=False)


@pytest.fixture
def production(tmp_path):
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")}
    env = {
        **clean, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_HTTPS_PROXY": "1", "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "CROSSCHECK_WEB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
    }
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                               cwd=ROOT, env=env, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stderr
    server = subprocess.Popen([str(GUNICORN), "-c", "python:workbench.gunicorn_conf", "workbench.wsgi"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            get(f"{base}/static/admin/css/base.css", timeout=2)
            break
        except (requests.ConnectionError, requests.Timeout):  # bound, workers still loading
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"gunicorn did not start: {server.stdout.read().decode(errors='replace')}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_gunicorn_serves_the_admin_static_files_compressed_with_debug_off(production):
    css = get(f"{production}/static/admin/css/base.css", **{"Accept-Encoding": "gzip"})
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert css.headers.get("Content-Encoding") == "gzip"
    assert "body" in css.text
    assert get(f"{production}/static/admin/css/no-such-file.css").status_code == 404


def test_gunicorn_serves_the_api_docs_and_every_script_they_load_from_our_own_static_files(production):
    for page in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = get(f"{production}{page}")
        assert html.status_code == 200, page
        assets = re.findall(r'(?:src|href)="([^"]+)"', html.text)
        scripts = [a for a in assets if a.endswith(".js")]
        assert scripts, f"{page} loads no script: {html.text[:500]}"
        for asset in assets:
            assert asset.startswith("/"), f"{page} loads {asset} from outside"
            assert get(f"{production}{asset}").status_code == 200, asset
