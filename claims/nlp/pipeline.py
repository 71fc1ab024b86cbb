"""One spaCy pipeline per process, fed in batches: the entry point of extraction.

Articles are read paragraph by paragraph: a claim never spans paragraphs, memory stays flat for
long articles, and paragraphs without a single number are never parsed at all.

Every paragraph is read within bounds (`Limits`): a paragraph longer than `paragraph_chars` is
read in pieces cut at sentence ends; a paragraph with more figures than `figures_per_paragraph`
(a table, a data dump) or one whose reading fails or runs past `paragraph_seconds` is left
unread, logged and counted on its article, and the rest of the article is read; an article with
more claims than `claims_per_article` is refused as a whole (`TooManyClaims`, a Permanent error:
no retry can change it). Figures dated outside a plausible window around the publication date
("2999", "0001") are not taken as figures."""
from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

import spacy
from spacy.language import Language
from thinc.api import Model

from claims.nlp import component  # noqa: F401  (registers the factory)
from claims.nlp import attributes, lemmas
from claims.nlp.blas import use_gemm
from claims.nlp.embedding import embed_distinct_rows
from claims.nlp.maxout import max_with_numpy
from claims.nlp.about import inherit_places
from claims.nlp.budget import Overrun, time_budget
from claims.nlp.quantities import find_quantities
from claims.nlp.reading import places_named
from claims.nlp.types import ClaimData, iso_day
from workbench.errors import Permanent

log = logging.getLogger(__name__)

PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")
# Where a long paragraph may be cut: after a sentence's end and its closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
COMPONENT = "crosscheck_claims"


@cache
def get_nlp(model: str = "") -> Language:
    """The pipeline, loaded once per process (a worker loads it at start-up)."""
    from django.conf import settings

    nlp = spacy.load(model or settings.CROSSCHECK_SPACY_MODEL)
    # The same rules and the same answers at a fraction of the cost (claims/nlp/attributes.py,
    # claims/nlp/lemmas.py).
    for spacys, ours, module in (("attribute_ruler", "crosscheck_attributes", attributes),
                                 ("lemmatizer", "crosscheck_lemmas", lemmas)):
        if spacys in nlp.pipe_names and module.replaceable(nlp.get_pipe(spacys)):
            nlp.add_pipe(ours, after=spacys)
            nlp.remove_pipe(spacys)
    models = [pipe.model for _, pipe in nlp.pipeline if isinstance(getattr(pipe, "model", None), Model)]
    for model in models:
        # Each distinct token of a batch embedded once (claims/nlp/embedding.py): same vectors.
        embed_distinct_rows(model)
        # Maxout layers take their maximum with numpy in prediction (claims/nlp/maxout.py).
        max_with_numpy(model)
    # The networks' products with the faster BLAS, on one thread (claims/nlp/blas.py).
    use_gemm(models, settings.CROSSCHECK_NLP_GEMM)
    nlp.add_pipe(COMPONENT, last=True)
    return nlp


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one article may cause (claims.services reads them from settings)."""

    paragraph_chars: int = 2_000
    figures_per_paragraph: int = 300
    claims_per_article: int = 2_000
    paragraph_seconds: float = 10.0
    # A figure dated more than this many years before or after the publication date (or today,
    # for an undated article) is a misreading, not a claim.
    years_before: int = 500
    years_after: int = 100

    def __post_init__(self):
        # A piece must hold a sentence, or cutting a paragraph into pieces would never end.
        if self.paragraph_chars < 200:
            raise ValueError(f"paragraph_chars must be at least 200, not {self.paragraph_chars}")
        if self.figures_per_paragraph < 1 or self.claims_per_article < 1:
            raise ValueError("figures_per_paragraph and claims_per_article must be at least 1")


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class ArticleText:
    text: str
    reference_date: date | None


@dataclass(frozen=True)
class Unread:
    """A paragraph that could not be read, and why."""

    paragraph: int
    reason: str


@dataclass
class Reading:
    """What extraction made of one article: its claims (with the index of their paragraph, for
    parts of a total looked for in the same paragraph) and the paragraphs it could not read."""

    claims: list[tuple[int, ClaimData]] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    # Set when the article as a whole is over a limit: its claims are then incomplete.
    refused: str = ""

    @property
    def unread_paragraphs(self) -> int:
        return len({u.paragraph for u in self.unread})


class TooManyClaims(Permanent):
    """An article with more claims than the limit: reading it again would find as many."""


def paragraphs(text: str) -> Iterator[Paragraph]:
    for index, match in enumerate(PARAGRAPH.finditer(text)):
        yield Paragraph(index, match.start(), match.end())


def pieces(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """[start, end) in pieces of at most `limit` characters, cut after the last sentence end in
    each window (else at the last space, else where the window ends): a claim is never cut in
    two unless a "sentence" runs on for `limit` characters. Linear in the length."""
    while end - start > limit:
        window = text[start : start + limit]
        cut = 0
        for match in SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if not cut:
            cut = window.rfind(" ", limit // 2) + 1
        if cut <= 0:
            cut = limit
        yield start, start + cut
        start += cut
    if end > start:
        yield start, end


def extract(
    articles: Iterable[ArticleText], *, nlp: Language | None = None, batch_size: int = 32,
    limits: Limits | None = None,
) -> Iterator[list[tuple[int, ClaimData]]]:
    """For each article, its claims with offsets into the whole text, each with the index of its
    paragraph. Paragraphs that could not be read are left out (see `read` for them)."""
    for reading in read(articles, nlp=nlp, batch_size=batch_size, limits=limits):
        yield reading.claims


def read(
    articles: Iterable[ArticleText], *, nlp: Language | None = None, batch_size: int = 32,
    limits: Limits | None = None,
) -> list[Reading]:
    """Read each article within `limits`: its claims, its unread paragraphs and, when it is over
    the claims limit, why it was refused (its remaining paragraphs are then not read).

    A paragraph is read whole or not at all: its figures are found in every piece first (within
    the figures limit and its time budget), then its pieces are read in the parse (within what
    is left of the budget), and its claims are kept once every piece is read."""
    nlp = nlp or get_nlp()
    limits = limits or Limits()
    articles = list(articles)
    readings = [Reading() for _ in articles]
    reader = nlp.get_pipe(COMPONENT)
    budget = limits.paragraph_seconds

    def unread(number: int, paragraph: Paragraph, reason: str) -> None:
        log.warning("paragraph %s (characters %s-%s) could not be read: %s",
                    paragraph.index, paragraph.start, paragraph.end, reason)
        readings[number].unread.append(Unread(paragraph.index, reason))

    def timed(left: float):
        return time_budget(max(0.01, left) if budget > 0 else 0)

    def scan(number: int, article: ArticleText, paragraph: Paragraph) -> tuple[list, float] | None:
        """The paragraph's pieces that hold figures, with their figures, and the time spent;
        None if the paragraph cannot be read."""
        found_in, spent, total = [], 0.0, 0
        for start, end in pieces(article.text, paragraph.start, paragraph.end, limits.paragraph_chars):
            chunk = article.text[start:end]
            began = time.monotonic()
            try:
                with timed(budget - spent):
                    found = find_quantities(chunk, article.reference_date)
            except Overrun:
                unread(number, paragraph, f"finding its figures took longer than {budget:g} s "
                                          "(CROSSCHECK_PARAGRAPH_SECONDS)")
                return None
            except Exception as error:  # noqa: BLE001  (one paragraph's failure is that paragraph's)
                unread(number, paragraph, f"{type(error).__name__}: {error}"[:300])
                return None
            spent += time.monotonic() - began
            if budget > 0 and spent > budget:  # where it could not be interrupted
                unread(number, paragraph, f"finding its figures took {spent:.1f} s, longer than {budget:g} s "
                                          "(CROSSCHECK_PARAGRAPH_SECONDS)")
                return None
            total += len(found)
            if total > limits.figures_per_paragraph:
                unread(number, paragraph, f"more than {limits.figures_per_paragraph:,} figures, the limit "
                                          "(CROSSCHECK_MAX_FIGURES_PER_PARAGRAPH)")
                return None
            if found:
                found_in.append((start, chunk, found))
        return found_in, spent

    def docs():
        for number, article in enumerate(articles):
            for paragraph in paragraphs(article.text):
                if readings[number].refused:
                    break
                scanned = scan(number, article, paragraph)
                if not scanned or not scanned[0]:
                    continue
                found_in, spent = scanned
                pending = _Pending(number, paragraph, pieces=len(found_in), left=budget - spent)
                for start, chunk, found in found_in:
                    doc = nlp.make_doc(chunk)
                    doc._.reference_date = article.reference_date
                    doc._.quantities = found
                    doc.user_data["where"] = (pending, start)
                    yield doc

    window = plausible_window(limits)
    for doc in nlp.pipe(docs(), batch_size=batch_size, disable=[COMPONENT]):
        pending, offset = doc.user_data["where"]
        reading = readings[pending.number]
        pending.pieces -= 1
        if reading.refused or pending.failed:
            continue
        began = time.monotonic()
        try:
            with timed(pending.left):
                reader(doc)
        except Overrun:
            pending.failed = True
            unread(pending.number, pending.paragraph, f"reading its figures took longer than {budget:g} s "
                                                      "(CROSSCHECK_PARAGRAPH_SECONDS)")
            continue
        except Exception as error:  # noqa: BLE001
            pending.failed = True
            unread(pending.number, pending.paragraph, f"{type(error).__name__}: {error}"[:300])
            continue
        pending.left -= time.monotonic() - began
        if budget > 0 and pending.left < 0:
            pending.failed = True
            unread(pending.number, pending.paragraph, f"reading its figures took longer than {budget:g} s "
                                                      "(CROSSCHECK_PARAGRAPH_SECONDS)")
            continue
        reference = articles[pending.number].reference_date
        for claim in doc._.claims or ():
            claim = window(claim, reference)
            if claim is not None:
                pending.claims.append((pending.paragraph.index, _shift(claim, offset)))
        if pending.pieces == 0:
            reading.claims.extend(pending.claims)
            if len(reading.claims) > limits.claims_per_article:
                reading.refused = (
                    f"the article has more than {limits.claims_per_article:,} claims, the limit "
                    "(CROSSCHECK_MAX_CLAIMS_PER_ARTICLE); it was not read further"
                )
    for reading, lead in zip(readings, _lead_places(nlp, articles, limits, batch_size)):
        reading.claims = inherit_places(reading.claims, lead=lead)
    return readings


# The headline and the lead: the paragraphs that say where a story is, with or without a figure.
LEAD_PARAGRAPHS = 3


def _lead_places(nlp: Language, articles: list[ArticleText], limits: Limits, batch_size: int) -> list[list[list[str]]]:
    """For each article, the places each paragraph of its headline and lead names ("The United
    Kingdom has voted to leave the European Union" has no figure, and is where the story is),
    read with the entity recogniser alone (it has a network of its own) on at most
    `paragraph_chars` of each."""
    texts, owners = [], []
    for number, article in enumerate(articles):
        for paragraph in itertools.islice(paragraphs(article.text), LEAD_PARAGRAPHS):
            texts.append(article.text[paragraph.start : min(paragraph.end, paragraph.start + limits.paragraph_chars)])
            owners.append(number)
    only_entities = [name for name in nlp.pipe_names if name != "ner"]
    leads: list[list[list[str]]] = [[] for _ in articles]
    for number, doc in zip(owners, nlp.pipe(texts, batch_size=batch_size, disable=only_entities)):
        leads[number].append(places_named(doc[:]))
    return leads


@dataclass
class _Pending:
    """A paragraph on its way through the parse: its claims are kept once its last piece is read."""

    number: int
    paragraph: Paragraph
    pieces: int
    left: float
    claims: list = field(default_factory=list)
    failed: bool = False


def plausible_window(limits: Limits):
    """A function that keeps a claim whose dates fall within the window around its article's
    date: a date claim outside it is dropped, a figure said to refer to a time outside it keeps
    its number but loses that time."""

    def bounds(reference: date | None) -> tuple[date, date]:
        reference = reference or date.today()
        low = date(max(1, reference.year - limits.years_before), 1, 1)
        high = date(min(9999, reference.year + limits.years_after), 12, 31)
        return low, high

    def keep(claim: ClaimData, reference: date | None) -> ClaimData | None:
        low, high = bounds(reference)

        def outside(day: date | None) -> bool:
            return day is not None and not low <= day <= high

        q = claim.quantity
        if q.kind == "date":
            days = [iso_day(q.low), iso_day(q.high), iso_day(q.value) if isinstance(q.value, str) else None]
            if isinstance(q.value, str) and q.value[:4].isdigit():
                days.append(date(max(1, int(q.value[:4])), 1, 1))  # a year alone ("2999")
            if any(outside(d) for d in days):
                return None
        if outside(claim.refers_start) or outside(claim.refers_end):
            claim = replace(claim, refers_start=None, refers_end=None)
        return claim

    return keep


def _shift(claim: ClaimData, offset: int) -> ClaimData:
    quantity = replace(claim.quantity, start=claim.quantity.start + offset, end=claim.quantity.end + offset)
    return replace(claim, quantity=quantity, sentence_start=claim.sentence_start + offset)
