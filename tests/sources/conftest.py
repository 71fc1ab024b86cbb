"""A local web server for fetching and feed tests: 127.0.0.1 on a random port, in a thread.
Tests set `site.pages[path] = (status, content_type, body, extra_headers)` and may change them."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = Path(__file__).with_name("pages")


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, tuple] = {}
        self.hits: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
             status: int = 200, headers: dict | None = None, delay: float = 0) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.pages[path] = (status, content_type, body, headers or {}, delay)
        return self.url(path)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, content_type, body, headers, delay = site.pages.get(
                    self.path, (404, "text/html", b"<h1>Not found</h1>", {}, 0)
                )
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for key, value in headers.items():
                    if not key.startswith("_"):
                        self.send_header(key, value)
                if "Content-Length" not in headers and not headers.get("_no_length"):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def site():
    site = Site()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def allow_private(settings):
    settings.CROSSCHECK_FETCH_ALLOW_PRIVATE = True
    settings.CROSSCHECK_FETCH_TIMEOUT_SECONDS = 2
    return settings
