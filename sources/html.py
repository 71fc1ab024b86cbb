"""The article in a web page: main text and metadata pulled out of the page furniture.

trafilatura does the work (it is built for news pages: boilerplate removal, metadata from
meta tags, JSON-LD and the page itself); the stdlib reader in cleaning.py is the fallback for
pages it finds nothing in (a bare fragment, badly broken markup). Pure functions, no Django."""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from sources.cleaning import read_html

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    text: str
    title: str = ""
    author: str = ""
    published: dt.date | None = None
    site_name: str = ""
    language: str = ""
    extractor: str = "trafilatura"


def extract_page(html: str, *, url: str = "") -> Page:
    """The main text (paragraphs on their own lines) and metadata of an HTML page."""
    fallback = read_html(html)
    data = _trafilatura(html, url=url)
    text = (data.get("text") or "").strip()
    extractor = "trafilatura"
    if not text:
        text, extractor = fallback.text, "stdlib"
    meta = fallback.meta
    # The page's own declaration (<html lang>, og:locale) beats a guess; trafilatura only
    # guesses a language with an optional package, which is not installed.
    language = (
        fallback.language
        or (meta.get("og:locale") or meta.get("content-language") or "").replace("_", "-").split("-")[0].lower()
        or (data.get("language") or "")
    )
    return Page(
        text=text,
        title=(data.get("title") or fallback.title or "").strip(),
        author=(data.get("author") or meta.get("author") or "").strip(),
        published=_date(data.get("date")) or _meta_date(meta),
        site_name=(data.get("sitename") or meta.get("og:site_name") or "").strip(),
        language=language[:16],
        extractor=extractor,
    )


def _trafilatura(html: str, *, url: str) -> dict:
    import trafilatura

    try:
        result = trafilatura.extract(
            html,
            url=url or None,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            # Newsrooms want only the article: a lost caption costs less than a menu in the body.
            favor_precision=True,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=True,
            # Only the date the page states: a guess from the text or the crawl date would be
            # taken for the publication date and resolve "last Friday" against the wrong day.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001  (a parser crash on hostile markup falls back to the stdlib reader)
        log.warning("trafilatura failed on a page; using the fallback reader", exc_info=True)
        return {}
    if not result:
        return {}
    try:
        return json.loads(result)
    except ValueError:
        return {}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _meta_date(meta: dict[str, str]) -> dt.date | None:
    for key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date"):
        found = _date(meta.get(key))
        if found:
            return found
    return None
