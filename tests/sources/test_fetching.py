"""URLs fetched by a worker: served from a local server (internal addresses allowed by setting)."""
import re
import socket

import pytest

from sources import fetching
from sources.addresses import refused_address
from sources.fetching import FetchError
from sources.models import Article, Fetch
from sources.services import IngestError, fetch_submit
from tests.sources.conftest import PAGES

pytestmark = pytest.mark.django_db

STORY = ("<html lang='en'><head><title>Floods</title></head><body><article><p>At least 40 people were killed "
         "in the floods, officials said on Monday, and 2,000 homes were damaged.</p></article></body></html>")


def submit(url, capture, **kwargs) -> Fetch:
    with capture(execute=True):
        fetch = fetch_submit(url=url, **kwargs)
    fetch.refresh_from_db()
    return fetch


def test_a_url_is_fetched_and_ingested_by_a_worker(site, allow_private, django_capture_on_commit_callbacks):
    url = site.page("/world/floods", (PAGES / "news_article.html").read_bytes())
    fetch = submit(url, django_capture_on_commit_callbacks)
    assert fetch.status == Fetch.Status.DONE, fetch.error
    article = fetch.article
    assert article.url == url and article.outlet.name == "The Daily Ledger"
    assert article.headline == "Floods kill at least 40 in northern province"
    assert "Skip to main content" not in article.body and "500 died" not in article.body


def test_loopback_addresses_are_refused_unless_allowed(site, settings, django_capture_on_commit_callbacks):
    settings.CROSSCHECK_FETCH_ALLOW_PRIVATE = False
    url = site.page("/world/floods", STORY)
    fetch = submit(url, django_capture_on_commit_callbacks)
    assert fetch.status == Fetch.Status.FAILED
    assert "refused to fetch 127.0.0.1: it resolves to 127.0.0.1, a loopback address" in fetch.error
    assert site.hits == {} and Article.objects.count() == 0


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"), ("::ffff:127.0.0.1", "loopback"),
    ("100.64.0.1", "shared (carrier-grade NAT)"), ("93.184.216.34", ""), ("2606:4700::1111", ""),
    # IPv4 inside IPv6: 6to4, Teredo, NAT64 and the old IPv4-compatible form reach the inner address.
    ("2002:7f00:1::1", "loopback"), ("2002:a9fe:a9fe::1", "link-local"), ("2002:c0a8:1::1", "private"),
    ("2002:5db8:d822::1", ""), ("64:ff9b::7f00:1", "loopback"), ("::127.0.0.1", "loopback"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),
    # Deprecated site-local, documentation, benchmarking and discard ranges are not the public net.
    ("fec0::1", "site-local"), ("2001:db8::1", "documentation"), ("198.18.0.1", "benchmarking"),
    ("100::1", "discard-only"),
    # The rest of the IANA special-purpose registries, newer entries included; their globally
    # reachable exceptions (anycast services, AS112) are public.
    ("3fff::1", "documentation"), ("5f00::1", "segment routing"), ("64:ff9b:1::a00:1", "local-use IPv4/IPv6 translation"),
    ("100:0:0:1::1", "dummy IPv6 prefix"), ("192.88.99.1", "deprecated 6to4 relay anycast"),
    ("192.0.0.8", "IETF protocol assignment"), ("192.0.0.170", "IETF protocol assignment"),
    ("2001:2::1", "benchmarking"), ("2001:10::1", "deprecated ORCHID"), ("fd12:3456::1", "unique local (private)"),
    ("255.255.255.255", "limited broadcast"), ("240.0.0.1", "reserved"), ("4000::1", "reserved"),
    ("192.0.0.9", ""), ("192.31.196.1", ""), ("2001:4:112::1", ""), ("2001:1::1", ""), ("2620:4f:8000::1", ""),
    ("64:ff9b::5db8:d822", ""), ("64:ff9b::c0a8:1", "private"), ("::ffff:203.0.113.5", "documentation"),
])
def test_internal_addresses_are_named(address, reason):
    assert refused_address(address) == reason


def test_webhooks_and_fetching_refuse_by_the_same_table(settings):
    from webhooks.services import UnsafeURL, check_url as webhook_check_url

    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE = False
    settings.CROSSCHECK_FETCH_ALLOW_PRIVATE = False
    for address in ("3fff::1", "192.88.99.1", "2002:7f00:1::1", "100.64.0.1", "5f00::1"):
        with pytest.raises(UnsafeURL, match="not a public address"):
            webhook_check_url(f"https://[{address}]/hook" if ":" in address else f"https://{address}/hook")
        with pytest.raises(FetchError, match=f"a {re.escape(refused_address(address))} address"):
            fetching.resolve(address, 443)
    webhook_check_url("https://[2606:4700::1111]/hook")
    assert fetching.resolve("93.184.216.34", 443) == ["93.184.216.34"]


def test_every_redirect_hop_is_checked(site, settings, monkeypatch):
    """A public host that redirects to an internal address is refused at the redirect."""
    settings.CROSSCHECK_FETCH_ALLOW_PRIVATE = False
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    # The "public" host is our local server in disguise.
    monkeypatch.setattr(fetching, "_connect", lambda addresses, port, timeout: socket.create_connection(
        ("127.0.0.1", site.port), timeout=timeout))
    site.page("/story", b"", status=302, headers={"Location": "http://127.0.0.1:%d/secret" % site.port})
    site.page("/secret", STORY)
    with pytest.raises(FetchError, match="resolves to 127.0.0.1, a loopback address"):
        fetching.fetch("http://news.example/story")
    assert site.hits == {"/story": 1}


def test_redirects_are_followed_and_the_final_url_kept(site, allow_private, django_capture_on_commit_callbacks):
    site.page("/short", b"", status=301, headers={"Location": "/world/floods"})
    final = site.page("/world/floods", STORY)
    fetch = submit(site.url("/short"), django_capture_on_commit_callbacks)
    assert fetch.status == Fetch.Status.DONE and fetch.article.url == final


def test_redirect_loops_end_with_an_error(site, allow_private):
    site.page("/a", b"", status=302, headers={"Location": "/b"})
    site.page("/b", b"", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetching.fetch(site.url("/a"))


@pytest.mark.parametrize("path, setup, message", [
    ("/missing", None, "answered HTTP 404"),
    ("/image", ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "is image/png, not one of the accepted types"),
    ("/empty", ("text/html", b""), "empty body"),
    ("/binary", ("text/html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "binary"),
    ("/error-page", ("text/html", (PAGES / "not_found.html").read_bytes()), "no article text was found in the page"),
    ("/french", ("text/html", (PAGES / "french_article.html").read_bytes()), None),
])
def test_each_failure_gets_a_clear_error_on_the_fetch(site, allow_private, django_capture_on_commit_callbacks,
                                                      path, setup, message):
    if setup:
        site.page(path, setup[1], content_type=setup[0])
    fetch = submit(site.url(path), django_capture_on_commit_callbacks)
    if message is None:  # a foreign-language page is stored, marked, and says so
        assert fetch.status == Fetch.Status.DONE
        assert fetch.article.status == Article.Status.SKIPPED and "not English" in fetch.article.error
        return
    assert fetch.status == Fetch.Status.FAILED
    assert message in fetch.error
    assert Article.objects.count() == 0


def test_bodies_over_the_cap_are_cut_off_while_streaming(site, allow_private):
    allow_private.CROSSCHECK_FETCH_MAX_BYTES = 100_000
    site.page("/big", b"<p>" + b"a" * 50 * 1024 * 1024, headers={"_no_length": "1"})
    with pytest.raises(FetchError, match="larger than the limit of 100,000 bytes"):
        fetching.fetch(site.url("/big"))
    site.page("/declared", b"<p>" + b"a" * 200_000)
    with pytest.raises(FetchError, match="is 200,003 bytes; the limit is 100,000"):
        fetching.fetch(site.url("/declared"))


def test_a_slow_server_times_out_and_the_fetch_fails_after_its_attempts(
    site, allow_private, django_capture_on_commit_callbacks
):
    allow_private.CROSSCHECK_FETCH_TIMEOUT_SECONDS = 0.3
    allow_private.CROSSCHECK_MAX_ATTEMPTS = 2
    url = site.page("/slow", STORY, delay=1)
    fetch = submit(url, django_capture_on_commit_callbacks)
    assert fetch.status == Fetch.Status.FAILED and fetch.attempts == 2
    assert "did not answer within 0.3 seconds" in fetch.error


def test_a_failed_refetch_loses_nothing_already_stored(site, allow_private, django_capture_on_commit_callbacks):
    url = site.page("/world/floods", STORY)
    first = submit(url, django_capture_on_commit_callbacks)
    body = first.article.body
    site.page("/world/floods", b"", status=500)
    allow_private.CROSSCHECK_MAX_ATTEMPTS = 1
    second = submit(url, django_capture_on_commit_callbacks)
    assert second.status == Fetch.Status.FAILED and "HTTP 500" in second.error
    assert Article.objects.get().body == body


def test_the_same_page_fetched_twice_is_one_article(site, allow_private, django_capture_on_commit_callbacks):
    url = site.page("/world/floods", STORY)
    first = submit(url, django_capture_on_commit_callbacks)
    second = submit(url, django_capture_on_commit_callbacks)
    assert second.status == Fetch.Status.DONE and second.article_id == first.article_id
    assert Article.objects.count() == 1


def test_only_http_urls_are_queued():
    for url in ("file:///etc/passwd", "ftp://example.com/x", "http://user:pw@example.com/"):
        with pytest.raises(IngestError):
            fetch_submit(url=url)
    assert Fetch.objects.count() == 0


def test_the_api_queues_a_url_and_reports_the_fetch(site, allow_private, admin_client,
                                                    django_capture_on_commit_callbacks):
    url = site.page("/world/floods", STORY)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/api/v1/articles/", {"url": url}, content_type="application/json")
    assert response.status_code == 202
    fetch = Fetch.objects.get(id=response.json()["fetch"]["id"])
    assert fetch.status == Fetch.Status.DONE and fetch.article.url == url
    bad = admin_client.post("/api/v1/articles/", {"url": "ftp://x.example/a"}, content_type="application/json")
    assert bad.status_code == 400


def test_a_redirect_to_a_url_longer_than_the_column_fails_the_fetch_with_the_reason(
    site, allow_private, django_capture_on_commit_callbacks
):
    long_path = "/story?" + "x" * 1200
    site.page(long_path, STORY)
    url = site.page("/short", b"", status=302, headers={"Location": long_path})
    fetch = submit(url, django_capture_on_commit_callbacks)
    assert fetch.status == Fetch.Status.FAILED
    assert "the URL is 1," in fetch.error and "characters long; the limit is 1,000" in fetch.error
    assert Article.objects.count() == 0
