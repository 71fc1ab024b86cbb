"""What every resolver shares: the rules files, regex building blocks, trigger windows and the
list of candidate spans that `claims.nlp.quantities` chooses from."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from claims.nlp.types import Quantity

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"

# Any dash a news text uses between numbers, and the spaces it puts around them.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH_CLS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH = "[" + DASH_CLS + "]"
SP = r"[ \t\u00a0\u202f\u2009]"

# Candidates compete for characters: the longest span wins; at equal length the lower rank.
# A strong blocker (a time of day) beats a date of the same length; a weak one (a model code)
# loses to a number of the same length.
PRIO_BLOCK_STRONG = 0
PRIO_DATE = 1
PRIO_NUMBER = 2
PRIO_BLOCK = 3


@cache
def load(name: str) -> dict:
    with open(RULES_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def alt(words, *, escape: bool = True) -> str:
    """Alternation, longest first (so "km2" is tried before "km")."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) if escape else w for w in items)


def phrase_alt(phrases) -> str:
    """Alternation of phrases where any run of spaces matches any whitespace."""
    out = []
    for phrase in sorted(set(phrases), key=lambda w: (-len(w), w)):
        out.append(r"\s+".join(re.escape(part) for part in phrase.split()))
    return "|".join(out)


def norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def expand(template, parts: dict[str, str]) -> str:
    """A pattern from a rules file: a string (or a list of strings, joined) with {{NAME}} holes
    filled from `parts` (regex braces never come doubled, so the holes cannot clash)."""
    if isinstance(template, list):
        template = "".join(template)
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], template)


def word_tokens(span_text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), offset + m.start(), offset + m.end()) for m in re.finditer(r"[^\W\d_]+", span_text)]


# A window never grows past this many characters of one unbroken "word" (a 5 MB run of digits
# and letters is not a number): the widening stays linear in the text.
_EDGE_LIMIT = 64


def windows(text: str, spans, margin: int, word_edges: bool = False) -> list[list[int]]:
    """Merged [start - margin, end + margin) windows around sorted spans; optionally widened to
    whitespace so that a pattern never starts inside a word."""
    out: list[list[int]] = []
    n = len(text)
    for s, e in spans:
        ws, we = max(0, s - margin), min(n, e + margin)
        if word_edges:
            k = 0
            while ws > 0 and not text[ws - 1].isspace() and k < _EDGE_LIMIT:
                ws -= 1
                k += 1
            k = 0
            while we < n and not text[we].isspace() and k < _EDGE_LIMIT:
                we += 1
                k += 1
        if out and ws <= out[-1][1]:
            if we > out[-1][1]:
                out[-1][1] = we
        else:
            out.append([ws, we])
    return out


def finditer_in(rx: re.Pattern, text: str, spans):
    for ws, we in spans:
        yield from rx.finditer(text, ws, we)


@dataclass
class Scan:
    """Where each resolver has to look: spans of digit runs and of trigger words by name."""

    hits: dict[str, list[tuple[int, int]]]

    def __getitem__(self, name: str) -> list[tuple[int, int]]:
        return self.hits.get(name, [])


@dataclass
class Ctx:
    """One text being read: the candidates every resolver adds, chosen from at the end."""

    text: str
    ref: date | None
    scan: Scan
    cands: list[tuple[int, int, int, Quantity | None]] = field(default_factory=list)

    def add(self, start: int, end: int, prio: int, q: Quantity | None) -> None:
        if 0 <= start < end <= len(self.text):
            self.cands.append((start, end, prio, q))
