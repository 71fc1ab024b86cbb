"""Saved pages with real-world furniture: what reaches the body and the metadata."""
from datetime import date

import pytest

from sources.cleaning import clean_text
from sources.decoding import decode_bytes
from sources.html import extract_page
from sources.models import Article
from sources.services import IngestError, article_ingest, decode_input
from tests.sources.conftest import PAGES

pytestmark = pytest.mark.django_db

FURNITURE = [
    "Skip to main content", "We use cookies", "Accept all cookies", "Manage preferences", "Home", "Opinion",
    "Search", "Share on Facebook", "Photo: AP", "Advertisement", "Read more", "Related articles",
    "Storm leaves 12 dead", "17 dams", "Comments", "500 died", "60 people are missing", "Post a comment",
    "Privacy policy", "All rights reserved", "newsletter", "By Jane Smith",
]


def news_page() -> str:
    return (PAGES / "news_article.html").read_text(encoding="utf-8")


def test_a_news_page_keeps_the_article_paragraphs_and_nothing_else():
    article = article_ingest(raw=news_page(), input_format="html", url="https://ledger.example/world/floods-kill-40").article
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("At least 40 people were killed when floods swept")
    assert paragraphs[-1].startswith("Aid agencies have appealed for $5 million")
    assert any("heaviest recorded since 1987" in p for p in paragraphs)
    for furniture in FURNITURE:
        assert furniture not in article.body, furniture
    # The headline is metadata, not a repeated first line of the body.
    assert "Floods kill at least 40" not in article.body


def test_a_news_page_gives_its_metadata():
    article = article_ingest(raw=news_page(), input_format="html").article
    assert article.headline == "Floods kill at least 40 in northern province"
    assert article.author == "Jane Smith"
    assert article.published == date(2020, 2, 3)
    assert article.site_name == "The Daily Ledger"
    assert article.outlet.name == "The Daily Ledger"
    assert article.language == "en"
    assert article.extractor == "trafilatura"
    assert article.status == Article.Status.RECEIVED


def test_metadata_given_by_the_caller_wins_over_the_page():
    article = article_ingest(raw=news_page(), input_format="html", outlet="Wire desk", headline="Our headline",
                             published=date(2020, 2, 4)).article
    assert (article.outlet.name, article.headline, article.published) == ("Wire desk", "Our headline", date(2020, 2, 4))
    assert article.site_name == "The Daily Ledger"


def test_a_non_english_page_is_stored_marked_and_not_extracted():
    html = (PAGES / "french_article.html").read_text(encoding="utf-8")
    article = article_ingest(raw=html, input_format="html").article
    assert article.language == "fr"
    assert article.status == Article.Status.SKIPPED
    assert "'fr' is not English" in article.error and "not run through the English claim extractor" in article.error
    assert "Au moins 40 personnes" in article.body and "Accueil" not in article.body


def test_an_error_page_is_not_an_article():
    html = (PAGES / "not_found.html").read_text(encoding="utf-8")
    with pytest.raises(IngestError, match="no article text was found in the page"):
        article_ingest(raw=html, input_format="html", outlet="Ledger")
    assert Article.objects.count() == 0


def test_broken_html_keeps_its_text():
    html = ("<html><head><title>Floods</title><body><div><p>At least 40 people were killed in the floods, "
            "officials said on Monday.<p>More than 2,000 homes were <b>damaged</div></span></i></table>")
    page = extract_page(html)
    assert "At least 40 people were killed" in page.text and "2,000 homes" in page.text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x07" * 200, "binary"),
        (b"%PDF-1.7\n" + b"x" * 200, "binary"),
        (b"PK\x03\x04" + b"x" * 200, "binary"),
    ],
)
def test_empty_and_binary_files_get_a_clear_error(data, message):
    with pytest.raises(IngestError, match=message):
        decode_input(data)


def test_a_50_mb_body_is_refused_before_anything_is_stored(settings):
    article_ingest(raw="Officials said 40 people were killed in the floods on Monday.", outlet="A")
    with pytest.raises(IngestError, match="limit"):
        decode_input(b"<p>" + b"a" * (50 * 1024 * 1024))
    with pytest.raises(IngestError, match="limit"):
        article_ingest(raw="<p>" + "a" * (50 * 1024 * 1024), input_format="html", outlet="A")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "encoding", ["utf-8", "cp1252", "iso-8859-1", "utf-16"]
)
def test_declared_and_undeclared_encodings_are_read(encoding):
    text = ("<html><head><meta charset='{}'></head><body><p>Le café de la gare a été fermé après que 40 "
            "personnes ont été blessées, a déclaré le préfet à l'Agence France-Presse.</p></body></html>")
    declared = text.format(encoding).encode(encoding)
    assert "café" in decode_bytes(declared)[0] and "préfet" in decode_bytes(declared)[0]
    undeclared = text.replace("<meta charset='{}'>", "").encode(encoding)
    assert "préfet" in decode_bytes(undeclared)[0]


def test_the_http_charset_is_used_when_the_page_declares_none():
    data = "<p>Der Bürgermeister sagte, 40 Häuser seien zerstört worden.</p>".encode("iso-8859-15")
    assert "Bürgermeister" in decode_bytes(data, declared="iso-8859-15")[0]


def test_plain_text_gets_the_same_cleaning():
    raw = (
        "Skip to main content\n"
        "Floods kill 40\n"
        "Floods kill 40\n"
        "We use cookies to improve your experience.\n"
        "Rescuers at work (Photo by John Doe/Getty Images)\n"
        "Photo credit: AP/John Doe\n"
        "At least 40 people were killed in the floods, officials said on Monday.\n"
        "Read more: How the dams failed\n"
        "More than 2,000 homes were damaged.\n"
        "Related articles\n"
        "Storm leaves 12 dead\n"
    )
    assert clean_text(raw, headline="Floods kill 40") == (
        "At least 40 people were killed in the floods, officials said on Monday.\n\n"
        "More than 2,000 homes were damaged."
    )


def test_error_page_text_in_plain_text_ends_the_body():
    raw = ("At least 40 people were killed in the floods, officials said on Monday.\n"
           "Sorry, the page you were looking for could not be found.\nTop stories\nMarkets fall 3%")
    assert clean_text(raw) == "At least 40 people were killed in the floods, officials said on Monday."
