"""Explanations an editor can trust: revisions measured between the figures as stated, days
counted in words, numbers as articles write them, and a quoted source named with its outlet."""
from __future__ import annotations

from datetime import date

import pytest

from facts.comparison import UPDATED, Figure, compare, sum_check


def toll(claim_id: int, value: float, *, day: int, quote: str, outlet: str, said_by: str = "", running=True) -> Figure:
    return Figure(claim_id, "count", value, value, value, "exact", date(2023, 9, day), running,
                  attributed_to=said_by, outlet=outlet, quote=quote)


def test_a_revision_from_250000_to_300000_is_20_percent_not_the_gap_between_rounded_bounds():
    early = toll(1, 250_000, day=4, quote="250,000 people", outlet="Valley Post")
    later = toll(2, 300_000, day=11, quote="300,000 people", outlet="Hill Herald")
    verdict = compare(later, early)
    assert verdict.verdict == UPDATED
    assert "revised upwards by 20% in 7 days" in verdict.explanation
    assert "12%" not in verdict.explanation


def test_a_revision_between_rounded_tolls_is_measured_whatever_the_order_given():
    early = toll(1, 4_000, day=1, quote="4,000 homes", outlet="A")
    later = toll(2, 5_000, day=3, quote="5,000 homes", outlet="B")
    assert "by 25% in 2 days" in compare(early, later).explanation
    assert "by 25% in 2 days" in compare(later, early).explanation


def test_one_day_is_a_day():
    verdict = compare(toll(1, 88, day=5, quote="88 dead", outlet="A"), toll(2, 90, day=6, quote="90 dead", outlet="B"))
    assert " in 1 day " in verdict.explanation and "1 days" not in verdict.explanation


@pytest.mark.parametrize("value, shown", [(130.0, "130"), (6.5, "6.5"), (1_250_000.0, "1,250,000"), (2.25, "2.25"),
                                          (129.99999999, "130")])
def test_numbers_read_as_articles_write_them(value, shown):
    verdict = sum_check(toll(1, value * 2, day=1, quote="", outlet="A"),
                        [toll(2, value, day=1, quote="", outlet="A"), toll(3, value * 3, day=1, quote="", outlet="A")])
    assert verdict.explanation.startswith(f"{shown} + ")
    assert ".0 " not in verdict.explanation and ".0." not in verdict.explanation
    assert not any(word.endswith("0") and "." in word and not word.endswith(".") for word in verdict.explanation.split())


def test_a_figure_without_a_quote_is_shown_without_a_trailing_zero():
    verdict = compare(toll(1, 129.0, day=1, quote="", outlet="Harbour News"), toll(2, 130.0, day=3, quote="", outlet="Dock FM"))
    assert '"129"' in verdict.explanation and '"130"' in verdict.explanation
    assert "130.0" not in verdict.explanation


def test_a_person_quoted_by_an_outlet_is_named_with_the_outlet_not_paired_with_another_outlet():
    outlet_says = toll(1, 250_000, day=4, quote="250,000 lives", outlet="River Gazette", running=False)
    minister_says = toll(2, 300_000, day=4, quote="300,000 deaths", outlet="Capital Daily",
                         said_by="the foreign minister", running=False)
    explanation = compare(outlet_says, minister_says).explanation
    assert "River Gazette vs the foreign minister (quoted by Capital Daily)" in explanation
    assert "River Gazette vs the foreign minister." not in explanation


def test_two_reports_of_one_outlet_say_both_from_it():
    explanation = compare(toll(1, 12, day=2, quote="12 hurt", outlet="Bay Times"),
                          toll(2, 12, day=2, quote="twelve hurt", outlet="Bay Times")).explanation
    assert explanation.endswith("— both from Bay Times.")
