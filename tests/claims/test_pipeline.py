"""Extraction within bounds: long paragraphs read in pieces, data dumps and paragraphs whose reading
fails or runs away left unread and counted, articles over the claims limit refused, figures dated
outside a plausible window dropped. Plain Python over spaCy: no database."""
from __future__ import annotations

import time
from datetime import date

import pytest

from claims.nlp import component, pipeline
from claims.nlp.budget import Overrun, time_budget
from claims.nlp.pipeline import (
    ArticleText,
    Limits,
    TooManyClaims,
    get_nlp,
    pieces,
    read,
)
from workbench.errors import Permanent

pytestmark = pytest.mark.model

SENTENCE = "At least {n} people were killed in Aleppo on Monday, officials said. "


def counted(text: str, **limits) -> pipeline.Reading:
    [reading] = read([ArticleText(text, date(2021, 3, 1))], limits=Limits(**limits))
    return reading


def test_a_paragraph_is_cut_after_a_sentence_end_and_every_piece_is_within_the_limit():
    text = "".join(SENTENCE.format(n=n) for n in range(200))
    cuts = list(pieces(text, 0, len(text), 1000))
    assert all(end - start <= 1000 for start, end in cuts)
    assert [start for start, _ in cuts[1:]] == [end for _, end in cuts[:-1]] and cuts[-1][1] == len(text)
    assert all(text[end - 2 : end] == ". " for _, end in cuts[:-1])


def test_text_with_no_sentence_end_or_space_is_still_cut_in_bounded_pieces():
    text = "x" * 25_000
    assert [end - start for start, end in pieces(text, 0, len(text), 10_000)] == [10_000, 10_000, 5_000]


def test_a_one_line_paragraph_longer_than_spacys_max_length_is_read_in_pieces():
    nlp = get_nlp()
    text = "".join(SENTENCE.format(n=n) for n in range(100, 160))  # one paragraph, ~4,200 characters
    saved = nlp.max_length
    nlp.max_length = 3000  # stands for spaCy's 1,000,000 without a 1 MB test text
    try:
        reading = counted(text, paragraph_chars=2000)
    finally:
        nlp.max_length = saved
    assert reading.unread == []
    values = sorted(c.quantity.value for _, c in reading.claims if c.quantity.kind == "count")
    assert values == list(range(100, 160))
    # Offsets point into the whole text, also in the later pieces.
    assert all(text[c.quantity.start : c.quantity.end] == c.quantity.quote for _, c in reading.claims)
    assert {paragraph for paragraph, _ in reading.claims} == {0}


def test_a_long_paragraph_with_more_figures_than_the_limit_is_left_unread_whole():
    dump = " ".join(f"In Homs {n} died." for n in range(1000, 1400))  # 400 figures in 7,200 characters
    reading = counted(SENTENCE.format(n=12) + "\n\n" + dump, figures_per_paragraph=300, paragraph_chars=1000)
    assert [u.paragraph for u in reading.unread] == [1]
    assert [c.quantity.value for _, c in reading.claims if c.quantity.kind == "count"] == [12]


def test_a_paragraph_whose_last_piece_fails_keeps_none_of_its_claims(monkeypatch):
    read_claim = component.read_claim

    def failing(doc, quantity, dates):
        if "Homs" in doc.text:
            raise ValueError("cannot read this one")
        return read_claim(doc, quantity, dates)

    monkeypatch.setattr(component, "read_claim", failing)
    long_paragraph = "".join(SENTENCE.format(n=n) for n in range(100, 130)) + " At least 9 people died in Homs."
    reading = counted(long_paragraph + "\n\n" + SENTENCE.format(n=7), paragraph_chars=500)
    assert [u.paragraph for u in reading.unread] == [0]
    assert [c.quantity.value for _, c in reading.claims if c.quantity.kind == "count"] == [7]


def test_a_paragraph_with_more_figures_than_the_limit_is_left_unread_and_the_rest_is_read():
    dump = ", ".join(str(n) for n in range(1000, 1400))
    text = SENTENCE.format(n=12) + "\n\n" + dump + "\n\n" + SENTENCE.format(n=30)
    reading = counted(text, figures_per_paragraph=300)
    assert reading.unread_paragraphs == 1
    assert reading.unread[0].paragraph == 1 and "more than 300 figures" in reading.unread[0].reason
    assert "CROSSCHECK_MAX_FIGURES_PER_PARAGRAPH" in reading.unread[0].reason
    assert sorted(c.quantity.value for _, c in reading.claims if c.quantity.kind == "count") == [12, 30]


def test_an_error_finding_a_paragraphs_figures_is_that_paragraphs_and_is_counted(monkeypatch):
    find = pipeline.find_quantities

    def failing(text, reference_date=None):
        if "Homs" in text:
            raise ValueError("the scanner met something it cannot read")
        return find(text, reference_date)

    monkeypatch.setattr(pipeline, "find_quantities", failing)
    text = "\n\n".join([SENTENCE.format(n=5), "At least 9 people died in Homs.", "In Homs, 7 were hurt.", SENTENCE.format(n=8)])
    reading = counted(text)
    assert reading.unread_paragraphs == 2
    assert [u.paragraph for u in reading.unread] == [1, 2]
    assert "ValueError: the scanner met something it cannot read" in reading.unread[0].reason
    assert sorted(c.quantity.value for _, c in reading.claims if c.quantity.kind == "count") == [5, 8]


def test_an_error_reading_a_paragraph_in_its_parse_is_that_paragraphs(monkeypatch):
    read_claim = component.read_claim

    def failing(doc, quantity, dates):
        if "Homs" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return read_claim(doc, quantity, dates)

    monkeypatch.setattr(component, "read_claim", failing)
    reading = counted(SENTENCE.format(n=5) + "\n\nAt least 9 people died in Homs.")
    assert [u.paragraph for u in reading.unread] == [1] and "RecursionError" in reading.unread[0].reason
    assert [c.quantity.value for _, c in reading.claims if c.quantity.kind == "count"] == [5]


def test_a_runaway_paragraph_is_stopped_at_its_budget_and_counted(monkeypatch):
    find = pipeline.find_quantities

    def runaway(text, reference_date=None):
        if "Homs" in text:
            while True:  # a walk that never ends, in pure Python
                pass
        return find(text, reference_date)

    monkeypatch.setattr(pipeline, "find_quantities", runaway)
    started = time.monotonic()
    reading = counted(SENTENCE.format(n=5) + "\n\nAt least 9 people died in Homs.", paragraph_seconds=1)
    assert time.monotonic() - started < 60
    assert [u.paragraph for u in reading.unread] == [1] and "took longer than 1 s" in reading.unread[0].reason
    assert [c.quantity.value for _, c in reading.claims if c.quantity.kind == "count"] == [5]


def test_a_runaway_swallowed_by_a_broad_except_is_still_stopped():
    def stubborn():
        while True:
            try:
                while True:
                    pass
            except Exception:  # noqa: BLE001, S112  (the code under the budget may catch everything)
                continue

    with pytest.raises(Overrun), time_budget(0.5):
        stubborn()


def test_an_article_over_the_claims_limit_is_refused_with_a_permanent_error():
    text = "\n\n".join(SENTENCE.format(n=n) for n in range(20, 40))
    reading = counted(text, claims_per_article=5)
    assert "more than 5 claims" in reading.refused and "CROSSCHECK_MAX_CLAIMS_PER_ARTICLE" in reading.refused
    # It stops reading once over the limit instead of parsing the whole article.
    assert len(reading.claims) <= 5 + 2
    assert issubclass(TooManyClaims, Permanent)


@pytest.mark.parametrize("text", [
    "Prices rose on 12/05/2999, the ministry said.",
    "The decree of 0001-01-01 was cited.",
    "The law of 2999-03-01 was passed.",
])
def test_a_date_far_outside_the_publication_date_is_not_a_figure(text):
    reading = counted(text)
    assert [c.quantity.quote for _, c in reading.claims if c.quantity.kind == "date"] == []


def test_dates_within_the_window_are_kept():
    reading = counted("The law of 2021-02-11 was passed. In 1815 the city burned. By 2050 emissions will fall 40%.")
    dates = [c.quantity.quote for _, c in reading.claims if c.quantity.kind == "date"]
    assert "2021-02-11" in dates and "1815" in dates


def test_limits_that_would_never_end_are_refused():
    with pytest.raises(ValueError, match="paragraph_chars"):
        Limits(paragraph_chars=0)
