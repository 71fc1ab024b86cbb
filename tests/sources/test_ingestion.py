import re
from datetime import date

import pytest

from sources.cleaning import clean_text, read_html
from sources.models import Article, Fetch
from sources.services import IngestError, article_ingest, decode_input, fetch_submit

pytestmark = pytest.mark.django_db

ENGLISH = "Officials said on Monday that 40 people were killed in the flooding across the region, and that the toll could rise."


def test_page_furniture_never_reaches_the_body():
    raw = (
        "Skip to main content\n\nHeadline here\n\nHeadline here\n\nAFP / Someone | A caption\n\n"
        f"{ENGLISH}\n\nFrench President (photo credit: AP/Someone)\n\nread more:\n\nA link list"
    )
    body = clean_text(raw, headline="Headline here")
    assert body == ENGLISH


def test_error_page_text_ends_the_body():
    body = clean_text(f"{ENGLISH}\n\nThis page is not available\n\nThe page no longer exists.")
    assert body == ENGLISH


def test_the_same_text_submitted_twice_is_one_article():
    first = article_ingest(raw=ENGLISH, outlet="A", published=date(2020, 1, 1))
    second = article_ingest(raw="  " + ENGLISH.upper() + "\n", outlet="B")
    assert first.created and not second.created
    assert second.article.id == first.article.id
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "raw, message",
    [("", "empty"), ("   \n\t ", "empty"), ("abc\x00def", "binary"), ("x" * (5 * 1024 * 1024 + 1), "limit")],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(raw, message):
    with pytest.raises(IngestError, match=message):
        article_ingest(raw=raw, outlet="A")
    assert Article.objects.count() == 0


def test_binary_bytes_are_refused_when_decoding():
    with pytest.raises(IngestError, match="binary"):
        decode_input(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert decode_input("café".encode("cp1252")) == "café"


def test_a_non_english_article_is_stored_and_marked_not_extracted():
    text = "Le président a déclaré jeudi que 130 personnes ont été tuées dans les attaques de Paris et que la France répondra."
    result = article_ingest(raw=text, outlet="Le Monde")
    assert result.article.status == Article.Status.SKIPPED
    assert "not English" in result.article.error
    assert result.article.claims.count() == 0


def test_broken_html_still_gives_the_article_text_and_title():
    html = (
        "<html lang='en'><head><title>Floods</title><meta property='og:site_name' content='Daily'>"
        "<meta property='article:published_time' content='2020-02-03T10:00:00Z'></head><body>"
        "<nav>Home | World</nav><article><p>" + ENGLISH + "<p>Unclosed <b>tags</div></article>"
        "<footer>Copyright</footer>"
    )
    page = read_html(html)
    assert page.title == "Floods" and page.language == "en"
    assert ENGLISH in page.text and "Home | World" not in page.text and "Copyright" not in page.text
    article = article_ingest(raw=html, input_format="html").article
    assert article.outlet.name == "Daily" and article.published == date(2020, 2, 3)
    assert article.headline == "Floods"


def test_html_with_no_text_is_refused():
    with pytest.raises(IngestError, match="no article text"):
        article_ingest(raw="<html><body><nav>Menu</nav><script>var x = 1;</script></body></html>", input_format="html")


def test_only_web_addresses_are_accepted_as_urls():
    with pytest.raises(IngestError, match="not an http"):
        article_ingest(raw=ENGLISH, outlet="A", url="javascript:alert(1)")
    assert Article.objects.count() == 0


@pytest.mark.parametrize("field, value, reason", [
    ("outlet", "Ledger\x00", "the outlet contains a NUL character"),
    ("headline", "Floods\x00", "the headline contains a NUL character"),
    ("headline", "F" * 501, "the headline is 501 characters long; the limit is 500"),
    ("url", "https://ledger.example/" + "a" * 1000, "the URL is 1,023 characters long; the limit is 1,000"),
    ("wire", "AFP\ud800", "the wire is not valid Unicode (it contains a lone surrogate)"),
    ("author", "A" * 301, "the author is 301 characters long; the limit is 300"),
    ("raw", "Officials said 40 people were killed.\ud800", "the input is not valid Unicode"),
])
def test_every_stored_string_is_checked_at_the_service_and_nothing_is_cut_or_stored(field, value, reason):
    # The same service the API, the admin and the command line call: the same rule for each.
    fields = {"raw": "At least 40 people were killed in the floods on Monday, officials said.", "outlet": "Ledger",
              "url": "https://ledger.example/floods", field: value}
    with pytest.raises(IngestError, match=re.escape(reason)):
        article_ingest(**fields)
    assert Article.objects.count() == 0


@pytest.mark.parametrize("field, value", [("title", "T" * 501), ("outlet", "\x00"), ("url", "https://a.example/\x00")])
def test_a_url_to_fetch_with_an_unstorable_field_is_refused(field, value):
    with pytest.raises(IngestError):
        fetch_submit(**{"url": "https://ledger.example/floods", field: value})
    assert Fetch.objects.count() == 0
