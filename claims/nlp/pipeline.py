"""One spaCy pipeline per process, fed in batches: the entry point of extraction.

Articles are read paragraph by paragraph: a claim never spans paragraphs, memory stays flat for
long articles, and paragraphs without a single number are never parsed at all."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

import spacy
from spacy.language import Language

from claims.nlp import component  # noqa: F401  (registers the factory)
from claims.nlp.quantities import find_quantities
from claims.nlp.types import ClaimData

PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


@cache
def get_nlp(model: str = "") -> Language:
    """The pipeline, loaded once per process (a worker loads it at start-up)."""
    from django.conf import settings

    nlp = spacy.load(model or settings.CROSSCHECK_SPACY_MODEL)
    nlp.add_pipe("crosscheck_claims", last=True)
    return nlp


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class ArticleText:
    text: str
    reference_date: date | None


def paragraphs(text: str) -> Iterator[Paragraph]:
    for index, match in enumerate(PARAGRAPH.finditer(text)):
        yield Paragraph(index, match.start(), match.end())


def extract(
    articles: Iterable[ArticleText], *, nlp: Language | None = None, batch_size: int = 32
) -> Iterator[list[tuple[int, ClaimData]]]:
    """For each article, its claims with offsets into the whole text, each with the index of its
    paragraph (parts of a total are looked for in the same paragraph)."""
    nlp = nlp or get_nlp()
    articles = list(articles)

    def docs():
        for number, article in enumerate(articles):
            for paragraph in paragraphs(article.text):
                chunk = article.text[paragraph.start : paragraph.end]
                found = find_quantities(chunk, article.reference_date)
                if not found:
                    continue
                doc = nlp.make_doc(chunk)
                doc._.reference_date = article.reference_date
                doc._.quantities = found
                doc.user_data["where"] = (number, paragraph)
                yield doc

    results: list[list[tuple[int, ClaimData]]] = [[] for _ in articles]
    for doc in nlp.pipe(docs(), batch_size=batch_size):
        number, paragraph = doc.user_data["where"]
        for claim in doc._.claims:
            results[number].append((paragraph.index, _shift(claim, paragraph.start)))
    yield from results


def _shift(claim: ClaimData, offset: int) -> ClaimData:
    quantity = replace(claim.quantity, start=claim.quantity.start + offset, end=claim.quantity.end + offset)
    return replace(claim, quantity=quantity, sentence_start=claim.sentence_start + offset)
