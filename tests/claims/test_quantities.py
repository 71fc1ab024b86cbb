"""Numbers and quantities found by claims.nlp.quantities (pure functions, no database)."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.nlp.quantities import find_quantities, parse_number


def one(text, kind=None, **kw):
    found = [q for q in find_quantities(text, **kw) if kind is None or q.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_some_500_is_approximate_around_500():
    q = one("Russia destroyed some 500 fuel trucks")
    assert (q.kind, q.value, q.qualifier) == ("count", 500, "approximate")
    assert q.low < 500 < q.high
    assert q.quote == "some 500"


def test_nearly_700_is_at_most_700():
    q = one("nearly 700 medical personnel were killed")
    assert q.qualifier == "at_most" and q.high == 700 and q.low < 700 and q.value <= 700


def test_more_than_2200_is_more_than_with_open_top():
    q = one("more than 2,200 people")
    assert (q.qualifier, q.low, q.high, q.value) == ("more_than", 2200, None, 2200)


def test_at_least_300000_has_low_300000():
    q = one("at least 300,000 people live there")
    assert (q.qualifier, q.low, q.high) == ("at_least", 300000, None)


def test_all_224_is_at_least_224():
    q = one("killing all 224 people on board")
    assert (q.qualifier, q.low) == ("at_least", 224)


def test_exact_number_has_equal_bounds():
    q = one("300,000 deaths")
    assert (q.value, q.low, q.high, q.qualifier) == (300000, 300000, 300000, "exact")


def test_count_and_more_than_four_years_duration():
    found = find_quantities("250,000 lives over more than four years")
    assert [(q.kind, q.value) for q in found] == [("count", 250000), ("duration", 4)]
    assert found[1].qualifier == "more_than" and found[1].unit == "year"
    assert found[1].si_value == pytest.approx(4 * 365.25 * 86400)


def test_72_hours_is_a_duration_in_hours():
    q = one("72 hours of strikes")
    assert (q.kind, q.value, q.unit, q.si_value) == ("duration", 72, "hour", 72 * 3600)


def test_hyphenated_durations():
    assert one("a four-month conflict").unit == "month"
    q = one("Syria's nearly five-year civil war")
    assert (q.kind, q.value, q.unit, q.qualifier) == ("duration", 5, "year", "at_most")


def test_dozens_is_a_range_above_twelve():
    q = one("left 33 dead and dozens wounded", kind=None) if False else [q for q in find_quantities("dozens wounded")][0]
    assert q.qualifier == "range" and q.low > 12 and q.low <= q.value <= q.high


def test_counts_in_a_sentence_are_all_reported():
    text = "10 Russian attacks and six other attacks brought the total to 16, of 329 attacks"
    assert [q.value for q in find_quantities(text)] == [10, 6, 16, 329]


def test_conversion_in_brackets_gives_two_measures():
    found = find_quantities("about 60 kilometres (40 miles) south of Homs")
    assert [(q.kind, q.value, q.unit) for q in found] == [("measure", 60, "km"), ("measure", 40, "mile")]
    assert found[0].qualifier == "approximate"
    assert found[0].si_value == 60000 and found[0].si_unit == "m"
    assert found[1].si_value == pytest.approx(64373.76)


@pytest.mark.parametrize(
    "text, value, unit",
    [("$1.5m", 1.5e6, "USD"), ("US$ 3 million", 3e6, "USD"), ("€20", 20, "EUR"), ("£2bn", 2e9, "GBP"),
     ("5 million euros", 5e6, "EUR"), ("2 million pounds", 2e6, "GBP"), ("USD 40", 40, "USD")],
)
def test_money_is_in_currency_units_with_iso_code(text, value, unit):
    q = one(text)
    assert (q.kind, q.value, q.unit) == ("money", value, unit)


@pytest.mark.parametrize("text", ["5%", "5 percent", "five per cent", "5 per cent"])
def test_percent_value_is_in_percent(text):
    q = one(text)
    assert (q.kind, q.value) == ("percent", 5)


@pytest.mark.parametrize(
    "text, direction",
    [("prices rose by 5%", "up"), ("the firm will cut 700 jobs", "down"), ("sales fell 3 percent", "down"),
     ("a 5% rise in deaths", "up"), ("100 people", None)],
)
def test_direction_marks_changes(text, direction):
    assert find_quantities(text)[0].direction == direction


@pytest.mark.parametrize(
    "text, value",
    [("2,200 homes", 2200), ("1.5 million voters", 1.5e6), ("a 1.2bn deal", 1.2e9), ("two ferries", 2),
     ("police held a dozen protesters", 12), ("twenty-five miners", 25), ("a hundred flights", 100), ("half the fleet", 0.5),
     ("two-thirds of members", 2 / 3), ("3/4 of the vote", 0.75), ("one hundred and forty-two passengers", 142),
     ("two and a half million tourists", 2.5e6), ("a town of 2 345 678", 2345678), ("١٢٣ قتيلا", 123), ("a 20k run", 20000)],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


def test_parse_number_of_no_number_is_none():
    assert parse_number("no numbers here") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    "text, low, high",
    [("between 40 and 50 people were hurt", 40, 50), ("a 10-12 hour shift", 10, 12), ("10 to 12 ships", 10, 12),
     ("20\u201330 trucks", 20, 30), ("hundreds of thousands fled", 200000, 999999), ("tens of thousands marched", 20000, 99999),
     ("hundreds were arrested", 200, 999)],
)
def test_ranges_and_vague_amounts(text, low, high):
    q = one(text)
    assert (q.qualifier, q.low, q.high) == ("range", low, high)
    assert q.low <= q.value <= q.high


def test_range_with_a_unit_on_the_second_number():
    q = one("10 to 12 km")
    assert (q.kind, q.unit, q.low, q.high) == ("measure", "km", 10, 12)


@pytest.mark.parametrize("text, qualifier", [("up to 700", "at_most"), ("fewer than 10", "less_than"), ("500 or more", "at_least"), ("about 3", "approximate"), ("over 30", "more_than")])
def test_hedges_set_the_qualifier(text, qualifier):
    assert one(text).qualifier == qualifier


def test_calibre_is_a_measure_and_model_codes_are_skipped():
    found = find_quantities("a 152mm-calibre 2A65 howitzer")
    assert [(q.quote, q.kind, q.unit) for q in found] == [("152mm", "measure", "mm")]


@pytest.mark.parametrize("text", ["at 10:30 on the dot", "at 3pm", "F-16 jets", "COVID-19", "new covid-19 rules", "a mig-29 jet", "MH17",
                                  "the 120th brigade", "open 24/7"])
def test_times_ordinals_and_codes_are_not_quantities(text):
    assert find_quantities(text) == []


def test_one_as_a_pronoun_is_not_a_number():
    assert find_quantities("The one that sank was older") == []
    assert find_quantities("He was one of them") == []


def test_list_of_numbers_gives_each_number():
    assert [q.value for q in find_quantities("1, 2, 3")] == [1, 2, 3]


def test_glued_unit_and_glued_code():
    assert [(q.quote, q.unit) for q in find_quantities("abc123 10km")] == [("10km", "km")]


def test_offsets_point_into_the_text():
    text = "Officials said \u2014 about 60 km away \u2014 some 500 trucks burned on 13 November 2015."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.quote


def test_a_long_article_gives_every_figure():
    sentence = "Russia said on Thursday it had destroyed some 500 fuel trucks and killed more than 2,200 people, about 60 km (40 miles) from Homs since 30 September. "
    found = find_quantities(sentence * 250, date(2015, 11, 20))  # ~6,000 words
    assert len(found) == 250 * 6
    assert {q.quote for q in found} == {"Thursday", "some 500", "more than 2,200", "about 60 km", "40 miles", "since 30 September"}


def test_quantities_command_writes_one_line_per_input():
    from django.core.management import call_command

    lines = "\n".join([
        json.dumps({"text": "some 500 fuel trucks last Friday", "reference_date": "2015-11-19"}),
        "not json",
        json.dumps({"reference_date": "2015-11-19"}),
        json.dumps({"text": "5%", "reference_date": "2015-13-45"}),
        json.dumps({"text": "$1.5 million"}),
    ]) + "\n"
    out = io.StringIO()
    call_command("quantities", stdin=io.StringIO(lines), stdout=out)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert len(rows) == 5
    assert [q["quote"] for q in rows[0]["quantities"]] == ["some 500", "last Friday"]
    assert rows[0]["quantities"][1]["value"] == "2015-11-13"
    assert set(rows[0]["quantities"][0]) == {"quote", "start", "end", "kind", "value", "low", "high", "qualifier", "unit", "direction"}
    assert "error" in rows[1] and "error" in rows[2] and "error" in rows[3]
    assert rows[4]["quantities"][0]["value"] == 1500000 and rows[4]["quantities"][0]["unit"] == "USD"


# ---------------------------------------------------------------- properties

_pieces = st.sampled_from([
    "some", "about", "nearly", "more than", "at least", "up to", "fewer than", "all", "dozens", "hundreds of",
    "500", "2,200", "1.5", "million", "bn", "$", "\u20ac", "%", "per cent", "km", "(40 miles)", "-", "\u2013", "to",
    "and", "between", "two", "twenty-five", "a dozen", "half", "3/4", "years", "hours", "rose", "cut", " ", ",",
    "\u0661\u0662\u0663", "10km", "abc123", "1, 2, 3", "10:30", "Friday", "November 13", "since", "2015",
])


@given(st.lists(_pieces, max_size=12).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_bounds_contain_the_value(text):
    for q in find_quantities(text):
        if q.kind == "date":
            continue
        assert text[q.start:q.end] == q.quote
        if q.low is not None:
            assert q.low <= q.value
        if q.high is not None:
            assert q.value <= q.high


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["people", "trucks", "km", "jobs"]))
@settings(max_examples=200, deadline=None)
def test_at_least_n_has_low_n(n, noun):
    q = find_quantities(f"at least {n:,} {noun}")[0]
    assert q.qualifier == "at_least" and q.low == n and q.high is None


@given(st.sampled_from(["dozens", "Dozens", "dozens of", "several dozen"]), st.sampled_from(["people", "were hurt", "homes"]))
def test_dozens_is_always_a_range_above_12(word, rest):
    q = find_quantities(f"{word} {rest}")[0]
    assert q.qualifier == "range" and q.low > 12 and q.low <= q.value <= q.high


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_hostile_text_never_raises(text):
    found = find_quantities(text)
    for q in found:
        assert text[q.start:q.end] == q.quote
    assert [q.start for q in found] == sorted(q.start for q in found)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


@given(st.text(alphabet="0123456789,.-\u2013/ %$km\u0661\u0662\u0663abc", max_size=200))
@settings(max_examples=300, deadline=None)
def test_digit_soup_never_raises(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.quote


@pytest.mark.parametrize("text", ["", " ", "9" * 5000, "1, " * 3000, "\u2013" * 1000, "a" * 10000, "one " * 2000])
def test_extreme_inputs_do_not_raise(text):
    find_quantities(text)


# ---------------------------------------------------------------- comparisons, fractions, mixed forms


def test_comparison_signs_are_hedges_even_after_a_letter():
    found = find_quantities("Turnout was >60 in the north and <40 in the south")
    assert [(q.quote, q.qualifier, q.low, q.high) for q in found] == [(">60", "more_than", 60, None), ("<40", "less_than", None, 40)]


@pytest.mark.parametrize("text", ["a score of <>75", "a score of =>75", "a score of =<75"])
def test_odd_sign_pairs_are_not_hedges(text):
    assert [q.qualifier for q in find_quantities(text)] == ["exact"]


def test_two_bounds_make_one_range():
    q = one("Schools with more than 300 and fewer than 500 pupils will merge")
    assert (q.qualifier, q.low, q.high) == ("range", 300, 500)
    q = one("households earning greater than 30,000 and less than or equal to 45,000 a year")
    assert (q.qualifier, q.low, q.high) == ("range", 30000, 45000)


def test_a_negative_word_starts_a_range():
    q = one("Temperatures swung between minus ten and fifteen degrees.")
    assert (q.low, q.high) == (-10, 15)


def test_scores_alone_is_a_verb_not_an_amount():
    assert find_quantities("The striker scores often") == []
    assert one("scores of people were hurt").qualifier == "range"


@pytest.mark.parametrize("text,value", [
    ("The levy takes one twenty-fifth of each sale", 0.04), ("one hundred and three quarters miles of track", 100.75),
    ("two million and a half visitors", 2_500_000), ("five million and two thirds tonnes", 5_000_000 + 2_000_000 / 3),
    ("two thirds of a million voters", 2_000_000 / 3), ("rainfall of two and seventy-five hundredths inches", 2.75),
    ("three hundred and two dozen eggs", 324),
])
def test_number_words_with_fractions(text, value):
    assert find_quantities(text)[0].value == pytest.approx(value)


def test_an_ordinal_adjective_is_not_a_fraction():
    assert all(q.value != pytest.approx(1 / 21) for q in find_quantities("a twenty-first century economy"))


@pytest.mark.parametrize("text,value", [
    ("officials counted 3 hundred and 40 ballots", 340), ("4 thousand 2 hundred and 15 tents", 4215), ("Rs 12,34,567.50 was seized", 1_234_567.5),
    ("a bill of 2.345,50 euros", 2345.5), ("a rate of 5,25", 5.25), ("inflation at 2,4", 2.4),
])
def test_mixed_digits_words_and_separators(text, value):
    assert find_quantities(text)[0].value == pytest.approx(value)


def test_a_list_of_digits_and_a_count_after_millions_stay_apart():
    assert [q.value for q in find_quantities("Lanes 1,2,3 were closed")] == [1, 2, 3]
    assert [q.value for q in find_quantities("a 5 million budget and 300 staff")] == [5_000_000, 300]


def test_kitchen_units_and_bracketed_units():
    assert (one("Add 2 tablespoons of sugar").unit, one("½ teaspoon of salt").unit, one("1/2 cup of milk").unit) == ("tablespoon", "teaspoon", "cup")
    assert one("a bag of 25{kg)").kind == "count"
    assert one("a 24 -70mm zoom lens", kind="measure").value == 70


def test_quotes_never_end_with_sentence_punctuation():
    q = one("It has risen since 30 Sept.", reference_date=date(2015, 11, 13))
    assert q.quote == "since 30 Sept" and q.low == "2015-09-30"


def test_text_without_numbers_gives_nothing():
    text = "The minister said that the talks would continue and everyone should remain calm. " * 500
    assert find_quantities(text) == []
