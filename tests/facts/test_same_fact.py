"""Two figures that read alike are still different facts when a scope word or the event's name
says so: a forecast is not a count, part of a day is not the day, new cases are not the total,
one named storm's dead are not another's."""
from __future__ import annotations

from datetime import date

import pytest

from claims.services import claim_places_sync
from facts.services import claim_crosscheck
from tests.admin import factories

pytestmark = pytest.mark.django_db


def _claim(text: str, quote: str, value: float, *, outlet: str, day: int, scope: str = "", event: str = ""):
    article = factories.article(text, outlet=outlet, published=date(2023, 9, day))
    claim = factories.claim(article, quote, value=value, places=["Valencia"], running_total=True)
    claim.scope, claim.event = scope, event
    claim.save(update_fields=["scope", "event"])
    return claim


def _compared(a, b) -> bool:
    checks = claim_crosscheck(claim_id=b.id)
    return any({c.claim_id, *c.others.values_list("id", flat=True)} == {a.id, b.id} for c in checks)


def test_two_counts_of_one_toll_are_compared():
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    b = _claim("The Valencia floods have killed 61 people.", "61", 61, outlet="Radio Dos", day=3)
    assert _compared(a, b)


@pytest.mark.parametrize("scope", ["forecast", "part of day", "increment"])
def test_a_figure_of_another_scope_is_not_compared_with_the_count(scope):
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    b = _claim("The toll in Valencia could reach 100, officials said.", "100", 100, outlet="Radio Dos", day=3, scope=scope)
    assert not _compared(a, b)


def test_only_is_not_a_scope_of_its_own():
    # "In Valencia alone" is told by the places the figure names, not by the word.
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    b = _claim("In Valencia alone, the floods have killed 55.", "55", 55, outlet="Radio Dos", day=3, scope="only")
    assert _compared(a, b)


def test_storms_of_different_names_are_different_events_and_an_unnamed_one_may_be_either():
    a = _claim("Storm Ana killed 12 people in Valencia.", "12", 12, outlet="Diario Uno", day=2, event="storm Ana")
    b = _claim("Storm Bea killed 30 people in Valencia.", "30", 30, outlet="Radio Dos", day=3, event="storm Bea")
    c = _claim("The storm killed 13 people in Valencia.", "13", 13, outlet="Voz Tres", day=4, event="storm")
    assert not _compared(a, b)
    assert _compared(a, c)


def test_figures_too_far_apart_are_not_reports_of_one_figure():
    # Five victims named are not the toll of 30 (CROSSCHECK_FACT_MAX_RATIO, 4 by default).
    a = _claim("The floods have killed 30 people in Valencia.", "30", 30, outlet="Diario Uno", day=2)
    b = _claim("Police have named 5 people killed in Valencia.", "5", 5, outlet="Radio Dos", day=3)
    c = _claim("The floods have killed 44 people in Valencia.", "44", 44, outlet="Voz Tres", day=4)
    assert not _compared(a, b)
    assert _compared(a, c)


def test_a_figure_repeated_in_its_article_is_judged_once():
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    article = factories.article(
        "Sixty people died in Valencia. The toll of 60 may rise.", outlet="Radio Dos", published=date(2023, 9, 3)
    )
    first = factories.claim(article, "Sixty", value=60, places=["Valencia"], running_total=True)
    again = factories.claim(article, "60", value=60, places=["Valencia"], running_total=True)
    assert _compared(a, first)
    assert claim_crosscheck(claim_id=again.id) == []


def test_a_figure_that_names_no_counted_thing_meets_one_that_does():
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    article = factories.article("The floods killed 55 in Valencia.", outlet="Radio Dos", published=date(2023, 9, 3))
    b = factories.claim(article, "55", value=55, subject="", places=["Valencia"], running_total=True)
    assert _compared(a, b)


def test_a_figure_of_another_year_is_not_this_weeks_figure():
    # "The 1994 floods killed 48" is history, not a report of this week's toll.
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    b = _claim("The 1994 floods killed 48 people in Valencia.", "48", 48, outlet="Radio Dos", day=3)
    b.refers_start, b.refers_end = date(1994, 1, 1), date(1994, 12, 31)
    b.save(update_fields=["refers_start", "refers_end"])
    c = _claim("Since 2011, floods have killed 60 people in Valencia.", "60", 60, outlet="Voz Tres", day=4)
    c.refers_start = date(2011, 1, 1)
    c.save(update_fields=["refers_start"])
    assert not _compared(a, b)
    assert _compared(a, c)


def _headline_and_body():
    """An article that gives its toll in its headline and again in its body."""
    text = "Valencia flood toll reaches 60\n\nThe floods have now killed 60 people in Valencia, officials said."
    article = factories.article(text, outlet="Radio Dos", published=date(2023, 9, 3))
    headline = factories.claim(article, "60", value=60, places=["Valencia"], running_total=True)
    body = factories.claim(article, "60 people", value=60, places=["Valencia"], running_total=True)
    headline.sentence, body.sentence = "Valencia flood toll reaches 60", text.split("\n\n")[1]
    headline.save(update_fields=["sentence"])
    body.save(update_fields=["sentence"])
    return article, headline, body


def test_a_figure_repeated_in_a_headline_is_judged_where_the_body_says_it():
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    _, headline, body = _headline_and_body()

    assert claim_crosscheck(claim_id=headline.id) == []
    assert _compared(a, body)


def _date_claim(text: str, quote: str, day: date, *, outlet: str, published: int, event: str = "flood"):
    article = factories.article(text, outlet=outlet, published=date(2023, 9, published))
    claim = factories.claim(article, quote, kind="date", places=["Valencia"], subject="", predicate=event)
    claim.date_value, claim.date_low, claim.date_high = day.isoformat(), day, day
    claim.save(update_fields=["date_value", "date_low", "date_high"])
    return claim


def test_dates_of_one_kind_of_event_years_apart_are_two_occurrences_not_a_disagreement():
    this_week = _date_claim("The floods hit Valencia on 1 September.", "1 September", date(2023, 9, 1),
                            outlet="Diario Uno", published=2)
    off_by_a_day = _date_claim("The floods hit Valencia on 2 September.", "2 September", date(2023, 9, 2),
                               outlet="Radio Dos", published=3)
    history = _date_claim("Valencia was last flooded like this in 1957.", "1957", date(1957, 10, 14),
                          outlet="Voz Tres", published=4)
    assert _compared(this_week, off_by_a_day)
    assert not _compared(this_week, history)


def test_a_figure_of_one_place_alone_is_not_compared_with_the_total_its_sentence_also_names():
    total = _claim("The floods have killed 52 people across Spain.", "52", 52, outlet="Diario Uno", day=2)
    total.places = ["Spain"]
    total.save(update_fields=["places"])
    alone = _claim("Valencia has seen most of the deaths in Spain: 30 people died there alone.", "30", 30,
                   outlet="Radio Dos", day=3, scope="only")
    alone.places = ["Valencia", "Spain"]
    alone.save(update_fields=["places"])
    other_alone = _claim("In Valencia alone, the floods have killed 33.", "33", 33, outlet="Voz Tres", day=4,
                         scope="only")
    assert not _compared(total, alone)
    assert _compared(alone, other_alone)


def test_a_total_across_places_is_not_one_place_s_figure_alone():
    total = _claim("At least 70 people died, all but 9 of them in Valencia.", "70", 70, outlet="Diario Uno", day=2,
                   scope="across")
    alone = _claim("In Valencia alone, the floods have killed 66.", "66", 66, outlet="Radio Dos", day=3, scope="only")
    later_total = _claim("The floods have killed 75 people in Valencia and Murcia.", "75", 75, outlet="Voz Tres",
                         day=4)
    written_with_its_place = _claim("The floods have killed 61 people in Valencia.", "61", 61, outlet="Cinco",
                                    day=5)
    written_with_its_place.places_from = "figure"
    written_with_its_place.save(update_fields=["places_from"])
    # A figure whose one place comes from its article is that place's figure too.
    of_the_article = _claim("The toll has risen to 58, officials said.", "58", 58, outlet="Seis", day=5)
    of_the_article.places_from = "article"
    of_the_article.save(update_fields=["places_from"])
    assert not _compared(total, alone)
    assert not _compared(total, written_with_its_place)
    assert not _compared(total, of_the_article)
    assert _compared(total, later_total)


def _measure(text: str, quote: str, value: float, *, outlet: str, day: int):
    article = factories.article(text, outlet=outlet, published=date(2023, 9, day))
    claim = factories.claim(article, quote, value=value, kind="measure", subject="earthquake", predicate="",
                            places=["Valencia"])
    claim.unit = "magnitude"
    claim.fact_key = "measure|quake||magnitude"
    claim.save(update_fields=["unit", "fact_key"])
    claim_places_sync(claim=claim)  # indexed under its key with the unit
    return claim


def test_magnitudes_are_one_figure_within_tenths_not_within_a_ratio():
    # Two agencies' 6.2 and 6.4 are reports of one quake (within 0.2, scales.json); the 4.9 aftershock is another quake,
    # though a ratio of 1.3 would pass for a count.
    a = _measure("A 6.2-magnitude earthquake struck near Valencia.", "6.2", 6.2, outlet="Diario Uno", day=2)
    b = _measure("The quake near Valencia measured 6.4.", "6.4", 6.4, outlet="Radio Dos", day=2)
    c = _measure("A 4.9-magnitude aftershock struck near Valencia.", "4.9", 4.9, outlet="Voz Tres", day=3)
    assert _compared(a, b)
    assert not _compared(a, c) and not _compared(b, c)


def test_a_running_total_as_of_one_day_is_a_later_report_of_the_total_of_another_day():
    a = _claim("On Monday the floods had killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    b = _claim("By Wednesday the floods had killed 61 people in Valencia.", "61", 61, outlet="Radio Dos", day=4)
    for claim, day in ((a, 2), (b, 4)):
        claim.refers_start = claim.refers_end = date(2023, 9, day)
        claim.save(update_fields=["refers_start", "refers_end"])
    assert _compared(a, b)


def test_one_days_count_marked_as_a_total_is_not_a_later_report_of_another_days():
    # "A total of 1.2 million marched on Tuesday": the day's march, not a toll that only grows.
    days = []
    for outlet, day, value in (("Diario Uno", 2, 1_200_000), ("Radio Dos", 9, 1_100_000)):
        text = f"A total of {value:,} people marched in Valencia on the strike day."
        article = factories.article(text, outlet=outlet, published=date(2023, 9, day))
        claim = factories.claim(article, f"{value:,}", value=value, predicate="march", places=["Valencia"],
                                running_total=True)
        claim.refers_start = claim.refers_end = date(2023, 9, day)
        claim.save(update_fields=["refers_start", "refers_end"])
        days.append(claim)
    assert not _compared(*days)


def test_a_later_report_is_judged_against_where_the_other_article_says_the_figure_in_its_body():
    article, headline, body = _headline_and_body()
    factories.crosscheck(article)

    later = _claim("The floods have killed 64 people in Valencia.", "64", 64, outlet="Diario Uno", day=5)
    [check] = claim_crosscheck(claim_id=later.id)
    assert list(check.others.values_list("id", flat=True)) == [body.id]


def test_two_days_of_an_event_that_recurs_are_two_occurrences():
    # A strike called again is another strike day; a one-off flood dated a day apart is a
    # disagreement (above).
    first = _date_claim("Unions held a strike in Valencia on 7 September.", "7 September", date(2023, 9, 7),
                        outlet="Diario Uno", published=8, event="strike")
    second = _date_claim("A new strike hit Valencia on 14 September.", "14 September", date(2023, 9, 14),
                         outlet="Radio Dos", published=15, event="strike")
    same_day = _date_claim("The strike in Valencia on 14 September closed schools.", "14 September",
                           date(2023, 9, 14), outlet="Voz Tres", published=16, event="strike")
    assert not _compared(first, second)
    assert _compared(second, same_day)


def test_a_count_of_a_closed_stretch_is_not_the_running_total_as_of_a_day():
    from datetime import date as day

    def dated(claim, start, end):
        claim.refers_start, claim.refers_end = start, end
        claim.save(update_fields=["refers_start", "refers_end"])
        return claim

    month = dated(_claim("The floods killed 40 people in Valencia in February.", "40", 40, outlet="Diario Uno",
                         day=2), day(2023, 2, 1), day(2023, 2, 28))
    toll = dated(_claim("The toll in Valencia stood at 70 on June 1.", "70", 70, outlet="Radio Dos", day=3),
                 day(2023, 6, 1), day(2023, 6, 1))
    later = dated(_claim("The toll in Valencia stood at 75 on June 8.", "75", 75, outlet="Voz Tres", day=4),
                  day(2023, 6, 8), day(2023, 6, 8))
    assert not _compared(month, toll)
    assert _compared(toll, later)  # a running total as of two days is one fact


def test_two_rounds_of_layoffs_are_two_occurrences():
    first_round = _date_claim("The retailer began its job cuts in Valencia on 7 September.", "7 September",
                           date(2023, 9, 7), outlet="Diario Uno", published=8, event="cut")
    second_round = _date_claim("The retailer announced more job cuts in Valencia on 21 September.", "21 September",
                          date(2023, 9, 21), outlet="Radio Dos", published=22, event="cut")
    assert not _compared(first_round, second_round)
