"""Readable names of facts (facts/naming.py): what is counted in words, the event and place, the
date; never the key's "count · people · kill"."""
from __future__ import annotations

from datetime import date

import pytest

from facts.naming import fact_name, key_parts


@pytest.mark.parametrize(
    "args, expected",
    [
        (("count", "people", "kill", "", ["Paris"], date(2015, 11, 13), ""), "deaths · Paris · 13 Nov 2015"),
        (("count", "people", "kill", "attacks", ["Paris"], date(2015, 11, 13), ""), "deaths · Paris attacks · 13 Nov 2015"),
        (("count", "death", "", "", ["Syria"], None, ""), "deaths · Syria"),
        (("count", "civilian", "injure", "", ["Gaza"], None, ""), "injured · Gaza"),
        (("count", "job", "cut", "", ["Germany"], None, ""), "jobs cut · Germany"),
        (("count", "fuel truck", "destroy", "", ["Syria"], None, ""), "fuel trucks destroyed · Syria"),
        (("count", "medical personnel", "kill", "", ["Syria"], None, ""), "medical personnel killed · Syria"),
        (("count", "people", "live", "", ["Raqqa", "Syria"], None, ""), "population · Raqqa"),
        (("count", "people", "kill", "hurricane Maria", ["Puerto Rico"], None, ""), "deaths · hurricane Maria · Puerto Rico"),
        (("date", "", "attack", "", ["Paris"], date(2015, 11, 13), ""), "date of attack · Paris"),
        (("money", "aid", "pledge", "", ["Syria"], None, "USD"), "aid pledged (USD) · Syria"),
        (("count", "", "", "", [], None, ""), "count"),
    ],
)
def test_facts_are_named_in_words(args, expected):
    assert fact_name(*args) == expected


def test_a_name_never_shows_the_key_classes_joined():
    assert "·" not in fact_name("count", "people", "kill").replace(" · ", "")
    assert fact_name("count", "people", "kill") == "deaths"


def test_key_parts_read_number_date_and_split_off_keys():
    assert key_parts("count", "count|people|kill") == ("people", "kill", "")
    assert key_parts("measure", "measure|distance|travel|m") == ("distance", "travel", "m")
    assert key_parts("date", "date|attack|") == ("", "attack", "")
    assert key_parts("count", "count|people|kill#42") == ("people", "kill", "")
