"""The documented production web process: gunicorn with DEBUG off, static files (the admin's and
the API docs' Swagger UI) served by WhiteNoise after `collectstatic`, no other file server."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests

from tests.conftest import ROOT, GunicornProcess


def get(url: str, *, timeout: float = 10, **headers) -> requests.Response:
    # The app sits behind an HTTPS proxy in production; without the header it redirects to https.
    return requests.get(url, headers={"X-Forwarded-Proto": "https", **headers}, timeout=timeout, allow_redirects=False)


@pytest.fixture
def production(tmp_path):
    env = {"BEHIND_HTTPS_PROXY": "1", "STATIC_ROOT": str(tmp_path / "static"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}"}
    server = GunicornProcess(tmp_path / "gunicorn.log", env)
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                               cwd=ROOT, env=server.env, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stderr
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


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
