"""Fetching a page or a feed over HTTP(S), safely: a timeout, a size cap, content-type checks and
no requests to internal addresses.

Every host is resolved, every address it resolves to is checked, and the connection goes to the
checked address (so a DNS answer that changes between the check and the connection cannot point
it inside). Redirects are followed by hand so each hop gets the same checks. Standard library only.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

from sources.addresses import refused_address
from sources.decoding import BinaryInput, charset_from_content_type, decode_bytes

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
    "application/feed+json", "application/json",
)


class FetchError(ValueError):
    """A URL could not be fetched. `transient` says whether trying again later can help."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes
    charset: str  # from the Content-Type header, if any

    def text(self) -> str:
        try:
            return decode_bytes(self.data, declared=self.charset)[0]
        except BinaryInput as error:
            raise FetchError(f"{self.url}: {error}") from None

    @property
    def input_format(self) -> str:
        return "text" if self.content_type in TEXT_TYPES else "html"


def fetch(url: str, *, accept: tuple[str, ...] = HTML_TYPES + TEXT_TYPES) -> Fetched:
    """GET a URL. Raises FetchError with a message an editor can act on."""
    seen = []
    for _ in range(MAX_REDIRECTS + 1):
        seen.append(url)
        response, connection = _request(url)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"{url} redirects (HTTP {response.status}) without saying where to")
                url = urllib.parse.urljoin(url, location.strip())
                continue
            if response.status >= 400:
                transient = response.status in (408, 425, 429) or response.status >= 500
                raise FetchError(
                    f"{url} answered HTTP {response.status} {response.reason}".rstrip(), transient=transient
                )
            if response.status != 200:
                raise FetchError(f"{url} answered HTTP {response.status}, not a page")
            header = response.getheader("Content-Type") or ""
            content_type = header.split(";")[0].strip().lower()
            if content_type and content_type not in accept:
                raise FetchError(
                    f"{url} is {content_type}, not one of the accepted types ({', '.join(accept)})"
                )
            data = _read_capped(response, url)
            if not data.strip():
                raise FetchError(f"{url} returned an empty body")
            return Fetched(url=url, content_type=content_type or accept[0], data=data,
                           charset=charset_from_content_type(header))
        finally:
            connection.close()
    raise FetchError(f"too many redirects: {' -> '.join(seen)}")


def check_url(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of an http(s) URL, or FetchError."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url[:200]!r} is not an http(s) address")
    if parts.username or parts.password:
        raise FetchError(f"{url[:200]!r} carries credentials; they are not sent")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"{url[:200]!r} has an invalid port") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses, every one allowed, or FetchError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {host}: {error.strerror or error}", transient=True) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"{host} has no address", transient=True)
    if not settings.CROSSCHECK_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            reason = refused_address(address)
            if reason:
                raise FetchError(
                    f"refused to fetch {host}: it resolves to {address}, a {reason} address "
                    "(set CROSSCHECK_FETCH_ALLOW_PRIVATE to allow internal addresses)"
                )
    return addresses


def _request(url: str) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    scheme, host, port, path = check_url(url)
    addresses = resolve(host, port)
    timeout = settings.CROSSCHECK_FETCH_TIMEOUT_SECONDS
    if scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    # Connect to the address that was checked, not to whatever a second lookup returns;
    # TLS still verifies the certificate against the host name.
    connection._create_connection = lambda _address, *args, **kwargs: _connect(addresses, port, timeout)
    try:
        connection.request("GET", path, headers={
            "User-Agent": settings.CROSSCHECK_FETCH_USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                      "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
            "Accept-Encoding": "identity",
        })
        return connection.getresponse(), connection
    except FetchError:
        connection.close()
        raise
    except ssl.SSLCertVerificationError as error:
        connection.close()
        raise FetchError(f"{url}: the TLS certificate is not valid ({error.verify_message})") from None
    except (TimeoutError, socket.timeout):
        connection.close()
        raise FetchError(f"{url} did not answer within {timeout} seconds", transient=True) from None
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise FetchError(f"{url}: connection failed ({type(error).__name__}: {error})", transient=True) from None


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    last: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as error:
            last = error
    raise last or OSError("no address to connect to")


def _read_capped(response: http.client.HTTPResponse, url: str) -> bytes:
    """The body, read in chunks and abandoned as soon as it passes the cap."""
    cap = settings.CROSSCHECK_FETCH_MAX_BYTES
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise FetchError(f"{url} is {int(declared):,} bytes; the limit is {cap:,}")
    chunks, size = [], 0
    # A total deadline too: a server dripping one byte at a time never trips the socket timeout.
    deadline = time.monotonic() + 3 * settings.CROSSCHECK_FETCH_TIMEOUT_SECONDS
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"{url} took too long to send its body", transient=True)
            chunk = response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise FetchError(f"{url} is larger than the limit of {cap:,} bytes; stopped reading")
            chunks.append(chunk)
    except (TimeoutError, socket.timeout):
        raise FetchError(f"{url} stopped sending within {settings.CROSSCHECK_FETCH_TIMEOUT_SECONDS} seconds",
                         transient=True) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"{url}: the body could not be read ({type(error).__name__}: {error})",
                         transient=True) from None
    return b"".join(chunks)
