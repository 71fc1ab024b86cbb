"""Reading what a figure is about from the parse: walks over the tree are bounded."""
from __future__ import annotations

import multiprocessing
from datetime import date

import pytest

from claims.nlp.pipeline import ArticleText, extract

pytestmark = pytest.mark.model

# Datelines open most wire copy; a sentence whose root is a place name once sent the reader
# climbing `token.head` for ever.
DATELINES = [
    "Lisbon, March 3, 2019 - At least 12 people were hurt when a tram left the rails.",
    "CAIRO, Oct. 4 (Reuters) - Some 40 fishermen were rescued off the coast.",
    "Bogotá, Tuesday\n\nFloods killed 31 people in two provinces.",
    "Oslo, Friday",
    "Manila, 12 January 2021",
    "WELLINGTON, New Zealand, Aug 9 2022 -- Prices rose 7.3 percent in a year.",
    "Kathmandu, Nepal - April 28, 2016",
]


def _read(texts: list[str]) -> list[int]:
    articles = [ArticleText(text, date(2022, 8, 10)) for text in texts]
    return [len(claims) for claims in extract(articles)]


def test_datelines_are_read_in_bounded_time():
    # In a child process, so that a regression fails the test instead of hanging the suite.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        counts = pool.apply_async(_read, (DATELINES,)).get(timeout=120)
    assert len(counts) == len(DATELINES)
    assert counts[0] >= 1 and counts[2] >= 1


def test_the_figure_after_a_dateline_keeps_its_reading():
    [claims] = extract([ArticleText(DATELINES[0], date(2019, 3, 4))])
    hurt = [c for _, c in claims if c.quantity.kind == "count"]
    assert hurt and hurt[0].quantity.value == 12 and hurt[0].quantity.qualifier == "at_least"
    assert hurt[0].predicate == "hurt"
