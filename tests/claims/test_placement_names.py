"""One place under one name, as news writes it. Names written for these tests."""
from __future__ import annotations

import pytest

from claims.nlp.reading import normalise_place


@pytest.mark.parametrize("written, name", [
    ("Mount Kilimanjaro", "Kilimanjaro"),
    ("Mt. Kilimanjaro", "Kilimanjaro"),
    ("Kilimanjaro", "Kilimanjaro"),
    # A mountain named after a country is not the country.
    ("Mount Kenya", "Mount Kenya"),
    ("U.P.", "Uttar Pradesh"),
])
def test_a_mountain_and_an_abbreviated_state_are_one_place_under_one_name(written, name):
    assert normalise_place(written) == name
