"""Classes of news phrasings the quantity reader must get right (issue 16). Every sentence here
is written for this file; none comes from the development set or the shared yardstick."""
from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.quantities import find_quantities

REF = date(2021, 3, 10)  # a Wednesday


def found(text, ref=REF):
    return [(q.quote, q.kind, q.value, q.unit) for q in find_quantities(text, ref)]


# ---------------------------------------------------------------- scales: magnitude, category, coordinates

@pytest.mark.parametrize("text, quote, value", [
    ("A 6.4-magnitude quake shook the coast.", "6.4-magnitude", 6.4),
    ("A 5.2 magnitude tremor rattled windows in the valley.", "5.2 magnitude", 5.2),
    ("The survey put it at magnitude 6.1 on its first estimate.", "magnitude 6.1", 6.1),
    ("The aftershock had a magnitude of 4.3, officials said.", "magnitude of 4.3", 4.3),
    ("It measured 6.8 on the Richter scale.", "6.8 on the Richter scale", 6.8),
])
def test_earthquake_magnitudes_are_measures_on_the_magnitude_scale(text, quote, value):
    assert found(text) == [(quote, "measure", value, "magnitude")]


def test_a_decimal_before_a_quake_noun_is_its_magnitude_and_the_noun_stays_out():
    assert found("Tuesday's 6.3 quake toppled two bridges.")[1] == ("6.3", "measure", 6.3, "magnitude")


def test_a_whole_number_before_a_quake_noun_stays_a_count():
    assert ("3", "count", 3.0, None) in found("Residents felt 3 tremors before dawn.")


def test_a_storm_category_is_a_measure_but_a_bare_category_number_is_not():
    assert found("Forecasters expect a Category 3 hurricane by the weekend.")[0][:4] == ("Category 3", "measure", 3.0, "category")
    assert ("category 2", "measure", 2.0, "category") in found("It weakened to a category 2 storm.")
    assert all(q[3] != "category" for q in found("Category 2 offences carry lighter fines."))


def test_coordinates_are_measures_in_degrees():
    quotes = found("The epicentre lay at 31.2°N and 102.7° E, at shallow depth.")
    assert ("31.2°N", "measure", 31.2, "degree") in quotes
    assert ("102.7° E", "measure", 102.7, "degree") in quotes


def test_a_compound_adjective_unit_joined_by_hyphens_is_read():
    assert found("Crews searched a 2,400-square-mile zone.") == [("2,400-square-mile", "measure", 2400.0, "square mile")]
