"""Dates found by claims.nlp.quantities and resolved against the publication date (no database)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.nlp.quantities import find_quantities

THU = date(2015, 11, 19)  # a Thursday


def the_date(text, ref=THU):
    found = [q for q in find_quantities(text, ref) if q.kind == "date"]
    assert len(found) == 1, found
    return found[0]


def test_last_friday_in_a_thursday_article_is_the_week_before():
    q = the_date("Russia said last Friday", THU)
    assert (q.value, q.low, q.high) == ("2015-11-13", "2015-11-13", "2015-11-13")


def test_last_month_is_the_previous_calendar_month():
    q = the_date("the downing of a jet last month")
    assert (q.value, q.low, q.high) == ("2015-10", "2015-10-01", "2015-10-31")


def test_january_last_year_is_january_of_the_previous_year():
    assert the_date("overrun by IS in January last year", date(2015, 11, 26)).value == "2014-01"


def test_yearless_date_takes_the_latest_year_on_or_before_the_reference():
    assert the_date("on October 31", date(2015, 11, 27)).value == "2015-10-31"
    assert the_date("on December 5", THU).value == "2014-12-05"
    assert the_date("November 13", THU).value == "2015-11-13"
    assert the_date("Nov. 13", THU).value == "2015-11-13"


@pytest.mark.parametrize(
    "text, value",
    [("13 November 2015", "2015-11-13"), ("27/11/2015", "2015-11-27"), ("2015-11-13", "2015-11-13"),
     ("November 26, 2015", "2015-11-26"), ("October 2015", "2015-10"), ("in 2013", "2013")],
)
def test_absolute_dates(text, value):
    assert the_date(text).value == value


def test_day_first_numeric_dates():
    q = the_date("04/05/2015")
    assert q.value == "2015-05-04"


def test_since_30_september_is_an_open_period_from_that_day():
    q = the_date("bombing targets in Syria since 30 September")
    assert (q.qualifier, q.value, q.low, q.high) == ("at_least", "2015-09-30", "2015-09-30", None)


def test_since_2011_starts_at_the_start_of_2011():
    q = the_date("329 attacks since 2011")
    assert (q.qualifier, q.low, q.high) == ("at_least", "2011-01-01", None)


def test_between_2011_and_october_2015_is_a_range():
    q = the_date("between 2011 and October 2015")
    assert (q.qualifier, q.low, q.high) == ("range", "2011-01-01", "2015-10-31")


def test_through_october_2015_ends_at_the_end_of_october():
    q = the_date("through October 2015")
    assert (q.qualifier, q.low, q.high) == ("at_most", None, "2015-10-31")


def test_weekday_is_the_latest_such_day_on_or_before_the_reference():
    assert the_date("met on Thursday", THU).value == "2015-11-19"
    assert the_date("met on Tuesday", THU).value == "2015-11-17"
    assert the_date("met on Friday", THU).value == "2015-11-13"


def test_relative_days():
    assert the_date("yesterday").value == "2015-11-18"
    assert the_date("today").value == "2015-11-19"
    assert the_date("tomorrow").value == "2015-11-20"


def test_weeks_and_weekends():
    assert (the_date("earlier this week").low, the_date("earlier this week").high) == ("2015-11-16", "2015-11-19")
    assert (the_date("last week").low, the_date("last week").high) == ("2015-11-09", "2015-11-15")
    assert (the_date("at the weekend").low, the_date("at the weekend").high) == ("2015-11-14", "2015-11-15")


def test_recent_periods_end_at_the_reference_date():
    for text in ("in recent weeks", "in the past few days", "over the past 3 months"):
        q = the_date(text)
        assert q.high == "2015-11-19" and q.low < q.high and q.qualifier == "range"


def test_mid_october_narrows_the_month():
    q = the_date("in mid-October")
    assert q.value == "2015-10" and "2015-10-01" < q.low < q.high < "2015-10-31"


def test_the_war_started_in_2011():
    q = the_date("the start of the war in 2011")
    assert (q.value, q.low, q.high) == ("2011", "2011-01-01", "2011-12-31")


def test_relative_dates_are_not_resolved_without_a_reference_date():
    assert [q for q in find_quantities("last Friday and last month", None) if q.kind == "date"] == []
    assert [q.value for q in find_quantities("on 13 November 2015", None)] == ["2015-11-13"]


def test_times_of_day_are_not_dates():
    assert find_quantities("at 10:30 and 3pm on Thursday", THU)[0].quote == "Thursday"
    assert len(find_quantities("at 10:30 and 3pm on Thursday", THU)) == 1


def test_next_week_and_tomorrow_may_be_in_the_future():
    assert the_date("next week").low > THU.isoformat()


_relative = st.sampled_from([
    "last Friday", "on Monday", "Tuesday", "last month", "last year", "yesterday", "today", "this week", "earlier this week",
    "at the weekend", "over the weekend", "last week", "in recent weeks", "in the past few days", "November 13",
    "October 31", "January last year", "mid-October", "13 March", "the day before yesterday", "three days ago",
    "since 30 September", "in the past two years", "late last month", "Sunday", "December 25",
])


@given(_relative, st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
@settings(max_examples=400, deadline=None)
def test_relative_dates_never_resolve_after_the_reference_date(text, ref):
    for q in find_quantities(f"Officials said it happened {text}.", ref):
        if q.kind != "date":
            continue
        first = q.low or q.value[:10]
        assert first <= ref.isoformat(), (text, ref, q)
        if q.high is not None:
            assert q.low is None or q.low <= q.high


@given(st.text(max_size=200), st.one_of(st.none(), st.dates()))
@settings(max_examples=300, deadline=None)
def test_any_text_and_any_reference_date_never_raise(text, ref):
    for q in find_quantities(text, ref):
        assert text[q.start:q.end] == q.quote


def test_dates_near_the_calendar_edges_do_not_raise():
    for ref in (date(1, 1, 1), date(9999, 12, 31), date(2016, 2, 29)):
        find_quantities("last year, next year, in the past 20 years, Feb 29, next week, the weekend, 3 days ago", ref)
    assert the_date("The leap-day storm of Feb 29 cut power", date(2017, 3, 22)).value == "2016-02-29"


# ---------------------------------------------------------------- weeks, parts, words, spans

MON = date(2019, 3, 11)  # a Monday


def span(text, ref=MON):
    q = the_date(text, ref)
    return q.low, q.high


@pytest.mark.parametrize("text,low,high", [
    ("The plant closed at the end of 2009.", "2009-09-01", "2009-12-31"),
    ("Talks began at the beginning of 2012.", "2012-01-01", "2012-04-30"),
    ("Sales slowed late last year.", "2018-07-01", "2018-12-31"),
    ("An election is due early next year.", "2020-01-01", "2020-06-30"),
    ("Strikes are planned for the third week of this month.", "2019-03-18", "2019-03-24"),
    ("Fires spread in the last week of July.", "2018-07-23", "2018-07-29"),
    ("The dam failed in the first week of Oct.", "2018-10-01", "2018-10-07"),
    ("Fares rose in the first week of 2019.", "2018-12-31", "2019-01-06"),
    ("Schools stay shut for the rest of the week.", "2019-03-11", "2019-03-17"),
    ("The verdict is due the week after next.", "2019-03-25", "2019-03-31"),
    ("Profits fell during Q3.", "2018-07-01", "2018-09-30"),
    ("The mine opened in nineteen eighty-four.", "1984-01-01", "1984-12-31"),
    ("Voting runs from 4 to 20 this month.", "2019-03-04", "2019-03-20"),
    ("It last flooded in June of nineteen ninety-nine.", "1999-06-01", "1999-06-30"),
    ("The report was published in November , 2016.", "2016-11-01", "2016-11-30"),
])
def test_periods(text, low, high):
    assert span(text) == (low, high)


@pytest.mark.parametrize("text,ref,day", [
    ("The hotel opened on May 4, nineteen oh five.", MON, "1905-05-04"),
    ("The vote is set for the 20th of next month.", MON, "2019-04-20"),
    ("The ban runs from Friday the 15th.", MON, "2019-03-15"),
    ("He was freed on Tuesday the 5th.", MON, "2019-03-05"),
])
def test_days(text, ref, day):
    assert span(text, ref) == (day, day)


def test_in_three_weeks_is_a_date_only_when_the_clause_is_about_the_future():
    assert span("The minister will step down in three weeks.") == ("2019-04-01", "2019-04-01")
    assert span("Ballots are to be counted in three weeks' time.") == ("2019-04-01", "2019-04-01")
    assert [q.kind for q in find_quantities("Tickets sold out in three weeks.", MON)] == ["duration"]
    assert span("Troops are expected to withdraw within five days.") == ("2019-03-11", "2019-03-16")
    assert [q.kind for q in find_quantities("The town fell within five days.", MON)] == ["duration"]


def test_a_request_is_not_a_clause_about_the_future():
    assert [q.kind for q in find_quantities("Please reply in four business days.", MON)] == ["duration"]


def test_weeks_and_spans_around_a_day():
    assert span("Hearings were held in the week of the 18th.") == ("2019-02-18", "2019-02-24")
    assert span("Aid arrived in the week beginning 4 February.") == ("2019-02-04", "2019-02-10")
    assert span("The festival runs for two weeks starting May 20, 2019.") == ("2019-05-20", "2019-06-02")
    assert span("Schools will close for three days from today.") == ("2019-03-11", "2019-03-13")
    assert span("Roads stay shut between now and November 15.") == ("2019-03-11", "2019-11-15")
    assert span("Talks resume next week between Wednesday and Friday.") == ("2019-03-20", "2019-03-22")
    assert span("Unions strike this week from Tuesday to Thursday.") == ("2019-03-12", "2019-03-14")


_relative_more = st.sampled_from([
    "in Q3", "on the 20th of last month", "in the week of the 18th", "in the final week of June",
    "between March 2 and now", "at the end of last year", "in the first week of last month", "in two weeks", "within ten days",
])


@given(_relative_more, st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_new_relative_forms_never_resolve_after_the_reference_date(text, ref):
    for q in find_quantities(f"Officials said it happened {text}.", ref):
        if q.kind == "date":
            assert (q.low or q.value[:10]) <= ref.isoformat(), (text, ref, q)
