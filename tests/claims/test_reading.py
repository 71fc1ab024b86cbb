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


def _claims(text: str) -> dict[str, object]:
    [claims] = extract([ArticleText(text, date(2022, 8, 10))])
    return {c.quantity.quote: c for _, c in claims}


@pytest.mark.parametrize(
    "text, quote, scope",
    [
        ("Officials warned the number of dead could reach 300 in the valley.", "300", "forecast"),
        ("Engineers expect the repairs to cost $40 million.", "$40 million", "forecast"),
        ("The ferry operator said 2,400 passengers had crossed by 9 a.m. on Sunday.", "2,400", "part of day"),
        ("The ministry reported 85 new infections in the capital.", "85", "increment"),
        ("The ministry reported 85 infections in the capital.", "85", ""),
        ("The ferry operator said 2,400 passengers crossed on Sunday.", "2,400", ""),
    ],
)
def test_scope_words_that_make_another_figure_are_read_on_the_figures_own_clause(text, quote, scope):
    assert _claims(text)[quote].scope == scope


def test_the_event_a_figure_belongs_to_is_the_one_its_sentence_names_nearest_with_its_name():
    claims = _claims("Hurricane Selma killed 14 people on the island, a week after the Lisbon fire left 3 dead.")
    assert claims["14"].event == "hurricane Selma"
    assert claims["3"].event == "fire"
    assert _claims("Forty homes were lost.")["Forty"].event == ""
