from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from facts.comparison import (
    CONFLICT,
    CONSISTENT,
    UPDATED,
    Figure,
    compare,
    consensus,
    conversion_check,
    rounding_slack,
    sum_check,
)


def fig(claim_id, value, low=None, high=None, qualifier="exact", published=date(2015, 11, 20), running=False, **kw):
    if qualifier == "exact" and low is None and high is None:
        low = high = value
    return Figure(claim_id, "count", value, low, high, qualifier, published, running, **kw)


def test_overlapping_hedged_figures_are_consistent():
    some_500 = fig(1, 500, 450, 550, "approximate")
    more_than_500 = fig(2, 500, 500, None, "more_than")
    assert compare(some_500, more_than_500).verdict == CONSISTENT


def test_at_least_129_and_130_are_consistent():
    assert compare(fig(1, 129, 129, None, "at_least"), fig(2, 130)).verdict == CONSISTENT


def test_disjoint_figures_of_one_date_conflict_with_both_sources_named():
    verdict = compare(fig(1, 300_000, attributed_to="Fabius"), fig(2, 250_000, attributed_to="Obama"))
    assert verdict.verdict == CONFLICT
    assert "Fabius" in verdict.explanation and "Obama" in verdict.explanation


def test_a_running_total_that_grows_a_little_is_an_update():
    earlier = fig(1, 129, published=date(2015, 11, 18), running=True)
    later = fig(2, 130, published=date(2015, 11, 26), running=True)
    assert compare(earlier, later).verdict == UPDATED


def test_a_later_lower_running_total_is_a_conflict():
    earlier = fig(1, 130, published=date(2015, 11, 18), running=True)
    later = fig(2, 120, published=date(2015, 11, 26), running=True)
    verdict = compare(earlier, later)
    assert verdict.verdict == CONFLICT
    assert "cannot fall" in verdict.explanation


def test_a_toll_jumping_by_a_fifth_in_a_week_is_an_update_flagged_as_steep():
    earlier = fig(1, 250_000, published=date(2015, 11, 19), running=True)
    later = fig(2, 300_000, published=date(2015, 11, 27), running=True)
    verdict = compare(earlier, later)
    assert verdict.verdict == UPDATED
    assert verdict.score == 0.5 and "more than a revision usually is" in verdict.explanation


def test_round_numbers_get_a_rounding_tolerance_but_small_counts_do_not():
    assert rounding_slack(300_000) == 15_000
    assert rounding_slack(130) == 0
    assert rounding_slack(97) == 0


def test_parts_that_add_up_to_the_stated_total_are_consistent():
    assert sum_check(fig(3, 16), [fig(1, 10), fig(2, 6)]).verdict == CONSISTENT
    assert sum_check(fig(3, 17), [fig(1, 10), fig(2, 6)]).verdict == CONFLICT


def test_a_conversion_in_brackets_within_rounding_is_consistent():
    km = fig(1, 60, quote="60 kilometres")
    miles = fig(2, 40, quote="40 miles")
    assert conversion_check(km, 60_000, miles, 64_374, si_unit="m").verdict == CONSISTENT
    assert conversion_check(km, 60_000, miles, 160_934, si_unit="m").verdict == CONFLICT


def test_consensus_names_the_outlier():
    figures = [fig(1, 130), fig(2, 130), fig(3, 129, 129, None, "at_least"), fig(4, 1_300)]
    result = consensus(figures)
    assert result.outliers == (4,)
    assert (result.low, result.best, result.high) == (129, 130, 130)


counts = st.integers(min_value=1, max_value=10**7)
days = st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 1, 1))


@given(counts, counts, days, days, st.booleans())
def test_the_verdict_does_not_depend_on_the_order_of_arrival(a, b, day_a, day_b, running):
    first = fig(1, a, published=day_a, running=running)
    second = fig(2, b, published=day_b, running=running)
    assert compare(first, second).verdict == compare(second, first).verdict


@given(st.lists(counts, min_size=2, max_size=6, unique=True), st.integers(min_value=1, max_value=30))
def test_a_rising_series_of_a_running_total_is_never_a_conflict(values, step):
    values = sorted(values)
    series = [
        fig(i, v, published=date.fromordinal(date(2015, 1, 1).toordinal() + i * step), running=True)
        for i, v in enumerate(values)
    ]
    for earlier, later in zip(series, series[1:]):
        assert compare(earlier, later).verdict in (CONSISTENT, UPDATED)


@given(counts, counts, days)
def test_disjoint_figures_of_one_fact_on_one_day_always_conflict(a, b, day):
    first, second = fig(1, a, published=day), fig(2, b, published=day)
    if first.interval[1] < second.interval[0] or second.interval[1] < first.interval[0]:
        assert compare(first, second).verdict == CONFLICT
    else:
        assert compare(first, second).verdict == CONSISTENT


def test_an_open_ended_running_total_reported_higher_later_is_an_update():
    # "At least 1,130" is not contradicted by 3,904 three days later, but the toll was revised.
    early = fig(1, 1130, low=1130, qualifier="at_least", published=date(2015, 4, 26), running=True)
    later = fig(2, 3904, low=3904, high=3904, published=date(2015, 4, 29), running=True)
    assert compare(early, later).verdict == UPDATED
    # The same day, or a figure within its rounding, stays consistent.
    same_day = fig(3, 3904, low=3904, high=3904, published=date(2015, 4, 26), running=True)
    assert compare(early, same_day).verdict == CONSISTENT
    close = fig(4, 1150, low=1150, high=1150, published=date(2015, 4, 29), running=True)
    assert compare(early, close).verdict == CONSISTENT


def test_two_named_sides_at_one_time_disagree_and_are_never_an_update():
    police = fig(1, 80000, low=80000, high=80000, published=date(2023, 3, 8), running=True,
                 attributed_to="the police", outlet="Le Matin")
    union = fig(2, 250000, low=250000, high=250000, published=date(2023, 3, 9), running=True,
                attributed_to="the union", outlet="Le Soir")
    verdict = compare(police, union)
    assert verdict.verdict == CONFLICT
    assert "the police" in verdict.explanation and "the union" in verdict.explanation
    # The same side raising its count days later is an update.
    later = fig(3, 95000, low=95000, high=95000, published=date(2023, 3, 12), running=True,
                attributed_to="the police", outlet="Le Soir")
    assert compare(police, later).verdict == UPDATED


def test_a_death_toll_a_day_later_and_higher_is_revised_whoever_gives_it():
    # Unlike a march's count (above), a toll that only adds up grows overnight.
    ministry = fig(1, 58, published=date(2021, 7, 15), running=True, cumulative=True,
                   attributed_to="the interior ministry", outlet="Rhein Zeitung")
    police = fig(2, 103, published=date(2021, 7, 16), running=True, cumulative=True,
                 attributed_to="the police", outlet="Ruhr Blatt")
    assert compare(ministry, police).verdict == UPDATED
    # The same day, two named sides still disagree.
    same_day = fig(3, 103, published=date(2021, 7, 15), running=True, cumulative=True,
                   attributed_to="the police", outlet="Ruhr Blatt")
    assert compare(ministry, same_day).verdict == CONFLICT


def test_a_running_total_reported_higher_on_the_same_day_is_an_update():
    # "Nearly 900" in the morning, "at least 1,130" by night: the later arrival is the later figure.
    morning = fig(1, 900, low=None, high=900, qualifier="at_most", published=date(2015, 4, 25), running=True)
    night = fig(2, 1130, low=1130, high=None, qualifier="at_least", published=date(2015, 4, 25), running=True)
    assert compare(morning, night).verdict == UPDATED
    # Lower on the same day is a conflict: a running total cannot fall.
    assert compare(night, fig(3, 800, published=date(2015, 4, 25), running=True)).verdict == CONFLICT


def test_a_clause_taken_for_a_sayer_is_not_a_side():
    # An attribution with a figure in it is a clause misread as the sayer: no two sides, and a
    # toll higher later the same day is an update.
    tally = fig(1, 12, published=date(2021, 7, 16), running=True, attributed_to="the interior minister")
    clause = fig(2, 18, published=date(2021, 7, 16), running=True,
                 attributed_to="18 deaths have been reported, where authorities have warned")
    assert compare(tally, clause).verdict == UPDATED


def test_words_that_name_no_one_are_not_a_side():
    from claims.nlp.reading import names_a_sayer

    assert not names_a_sayer("Reports") and not names_a_sayer("some media reports") and not names_a_sayer("")
    assert names_a_sayer("the police") and names_a_sayer("Reuters")
    # "Reports suggest" a higher toll later the same day than a named agency gave: a revised
    # running total, not two sides; a named side giving it is a disagreement.
    agency = fig(1, 34, published=date(2019, 6, 2), running=True, attributed_to="the agency")
    reports = fig(2, 40, published=date(2019, 6, 2), running=True, attributed_to="Reports", sayer_named=False)
    assert compare(agency, reports).verdict == UPDATED
    named = fig(3, 40, published=date(2019, 6, 2), running=True, attributed_to="the ministry")
    assert compare(agency, named).verdict == CONFLICT


def test_a_level_that_rises_and_falls_is_updated_by_another_day_s_figure_either_way():
    # Patients still in hospital are discharged: 40 on Monday and 26 on Thursday is the level as it
    # stood each day, from two named sides, not a contradiction; the same two as running totals are.
    monday = dict(published=date(2021, 3, 1), attributed_to="the health service")
    thursday = dict(published=date(2021, 3, 4), attributed_to="the fire brigade")
    assert compare(fig(1, 40, level=True, **monday), fig(2, 26, level=True, **thursday)).verdict == UPDATED
    assert compare(fig(1, 26, level=True, **monday), fig(2, 40, level=True, **thursday)).verdict == UPDATED
    assert compare(fig(1, 40, running=True, **monday), fig(2, 26, running=True, **thursday)).verdict == CONFLICT


def test_two_sides_giving_a_level_on_one_day_still_disagree():
    one_day = date(2021, 3, 1)
    verdict = compare(fig(1, 40, level=True, published=one_day, attributed_to="the health service"),
                      fig(2, 26, level=True, published=one_day, attributed_to="the fire brigade"))
    assert verdict.verdict == CONFLICT


def test_a_later_hedged_total_above_all_an_earlier_figure_allows_is_an_update():
    # 7,180 injured, then "around 10,000" three days later: the hedge reaches back, the figure rose.
    earlier = fig(1, 7_180, published=date(2021, 3, 1), running=True)
    later = fig(2, 10_000, 5_000, 15_000, "approximate", published=date(2021, 3, 4), running=True)
    assert compare(earlier, later).verdict == UPDATED
    # Within what the earlier figure allows it is still the same figure.
    near = fig(3, 320, 288, 352, "approximate", published=date(2021, 3, 4), running=True)
    assert compare(fig(4, 300, 270, 330, "approximate", published=date(2021, 3, 1), running=True), near).verdict \
        == CONSISTENT


def test_one_sayer_named_two_ways_is_not_two_sides():
    # The same ministry's toll rose within the day: an update, not two sources disagreeing.
    morning = fig(1, 820, published=date(2021, 3, 1), running=True, cumulative=True,
                  attributed_to="the Interior Ministry")
    evening = fig(2, 1_305, published=date(2021, 3, 1), running=True, cumulative=True,
                  attributed_to="the Ministry of the Interior")
    assert compare(morning, evening).verdict == UPDATED
    assert compare(fig(3, 820, attributed_to="the union"), fig(4, 1_305, attributed_to="the ministry")).verdict \
        == CONFLICT


def test_a_share_rounded_to_whole_percent_agrees_with_its_precise_value():
    def share(claim_id, value):
        return Figure(claim_id, "percent", value, value, value)

    assert compare(share(1, 45), share(2, 44.7)).verdict == CONSISTENT
    assert compare(share(1, 51.7), share(2, 51.9)).verdict == CONFLICT
