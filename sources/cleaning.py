"""Turn raw input into the article body that claims point into: page furniture out, text kept.

Pure functions, no Django. The furniture patterns are data (rules/furniture.json)."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

RULES = Path(__file__).with_name("rules") / "furniture.json"


@cache
def _furniture() -> tuple[list[re.Pattern], list[re.Pattern]]:
    rules = json.loads(RULES.read_text())
    compile_all = lambda patterns: [re.compile(p, re.IGNORECASE) for p in patterns]  # noqa: E731
    return compile_all(rules["drop_line"]), compile_all(rules["drop_rest"])


def clean_text(text: str, *, headline: str = "") -> str:
    """Drop furniture lines, repeated lines (a headline printed twice) and the tail of error pages;
    keep paragraphs separated by one blank line."""
    drop_line, drop_rest = _furniture()
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    seen: set[str] = set()
    if headline:
        seen.add(_fold(headline))
    paragraphs: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        if not line:
            continue
        if any(p.match(line) for p in drop_rest):
            break
        if any(p.match(line) for p in drop_line):
            continue
        folded = _fold(line)
        if folded in seen:
            continue
        seen.add(folded)
        paragraphs.append(line)
    return "\n\n".join(paragraphs)


def _fold(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().casefold()


def content_hash(body: str) -> str:
    """Equal for the same text whatever its spacing or case: the same article submitted twice."""
    return hashlib.sha256(_fold(body).encode("utf-8")).hexdigest()


@dataclass
class HtmlPage:
    text: str
    title: str = ""
    language: str = ""
    meta: dict[str, str] = field(default_factory=dict)


_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template",
         "svg", "iframe", "button", "select", "figure"}
_BLOCK = {"p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2", "h3",
          "h4", "h5", "h6", "blockquote", "tr", "table", "pre", "dd", "dt", "hr"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}


class _PageReader(HTMLParser):
    """Tolerant of broken HTML: unknown and unclosed tags only change what is skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.parts: list[str] = []
        self.article_parts: list[str] | None = None
        self.article_depth = 0
        self.title = ""
        self.in_title = False
        self.language = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and attrs.get("lang"):
            self.language = attrs["lang"].split("-")[0].lower()
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key and attrs.get("content"):
                self.meta.setdefault(key.lower(), attrs["content"].strip())
            return
        if tag in _VOID:
            if tag in _BLOCK:
                self._emit("\n")
            return
        self.stack.append(tag)
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip_depth += 1
        if tag == "article" and self.article_parts is None:
            self.article_parts = []
            self.article_depth = len(self.stack)
        if tag in _BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag == "article" and len(self.stack) + 1 == self.article_depth:
                self.article_depth = -1
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self._emit("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skip_depth <= 0:
            self._emit(data)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.article_parts is not None and self.article_depth > 0:
            self.article_parts.append(text)


def read_html(html: str) -> HtmlPage:
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    parts = reader.article_parts if reader.article_parts else reader.parts
    meta = reader.meta
    title = meta.get("og:title") or reader.title.strip()
    return HtmlPage(text="".join(parts), title=title, language=reader.language, meta=meta)
