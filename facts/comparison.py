"""Comparing figures the way conflict monitors reconcile reports: as intervals, with running totals
that may grow and a record of who said what. Pure functions over plain data; no Django, no spaCy.

A `Figure` is what the comparison needs of a claim. `compare` judges two figures of the same fact;
`sum_check` and `conversion_check` judge figures inside one article.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

CONSISTENT, CONFLICT, UPDATED = "consistent", "conflict", "updated"

# A later, higher running total is an update. Growth above a few percent at once plus about one
# percent a day is flagged in the explanation and scored lower: a toll that jumps by a fifth in a
# week may be two sources disagreeing rather than a revision.
UPDATE_BASE_GROWTH = 0.02
UPDATE_DAILY_GROWTH = 0.01
# Round exact counts ("300,000") are read with a rounding tolerance: half a unit of their last
# significant digit, capped at this share of the value, and only from hundreds upwards (so 129
# and 130 remain different figures).
ROUNDING_CAP = 0.05
# A conversion in brackets ("60 kilometres (40 miles)") is right within this relative error.
CONVERSION_TOLERANCE = 0.12


@dataclass(frozen=True)
class Figure:
    """One claim as the comparison sees it. Dates compare as ordinal day numbers."""

    claim_id: int
    kind: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str = "exact"
    published: date | None = None
    running_total: bool = False
    # A running total of what only adds up (deaths, cases): a day later it may be higher, whoever
    # gives it; a crowd's count marked "total" is one day's and not cumulative.
    cumulative: bool = False
    # A level that rises and falls (people still in hospital, missing): another day's figure is
    # the level as it stands then.
    level: bool = False
    attributed_to: str = ""
    # Whether `attributed_to` names a side: "reports suggest" or "sources said" name no one, so
    # two such figures are not two sides disagreeing.
    sayer_named: bool = True
    outlet: str = ""
    quote: str = ""
    # The value as an editor reads it ("2015-11-13" for a date held as a day number).
    display: str = ""

    @property
    def interval(self) -> tuple[float, float]:
        """The interval of values the claim allows, unbounded sides as infinities."""
        low = self.low if self.low is not None else -math.inf
        high = self.high if self.high is not None else math.inf
        if self.qualifier == "exact" and self.kind == "count" and self.value is not None:
            slack = rounding_slack(self.value)
            low, high = min(low, self.value - slack), max(high, self.value + slack)
        if self.qualifier == "exact" and self.kind == "percent" and self.value is not None:
            # "45 per cent" is 44.7 % rounded: half a unit of its last written digit.
            slack = 0.5 * 10 ** -_decimals(self.value)
            low, high = min(low, self.value - slack), max(high, self.value + slack)
        return low, high

    @property
    def source(self) -> str:
        """Who says so, named as what they are: a person or body quoted by an outlet is not the
        outlet ("Fabius (quoted by France 24)", not "France 24" nor a bare "Fabius")."""
        if self.attributed_to and self.outlet and self.attributed_to.casefold() != self.outlet.casefold():
            return f"{self.attributed_to} (quoted by {self.outlet})"
        return self.attributed_to or self.outlet or "an unnamed source"


@dataclass(frozen=True)
class Verdict:
    verdict: str
    score: float
    explanation: str


def rounding_slack(value: float) -> float:
    """How far a round exact count may be from the truth: "300,000" is not a precise tally."""
    if value < 100 or value != int(value):
        return 0.0
    number, zeros = int(value), 0
    while number % 10 == 0 and zeros < 12:
        number //= 10
        zeros += 1
    if zeros < 2:
        return 0.0
    return min(0.5 * 10**zeros, ROUNDING_CAP * value)


def _decimals(value: float) -> int:
    """The decimals a share is written with (45 -> 0, 44.7 -> 1), at most two."""
    for decimals in range(3):
        if abs(round(value, decimals) - value) < 1e-9:
            return decimals
    return 2


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def gap_ratio(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two disjoint intervals are, relative to their size (0 when they overlap)."""
    if overlap(a, b):
        return 0.0
    lower, upper = (a, b) if a[1] < b[0] else (b, a)
    gap = upper[0] - lower[1]
    scale = max(abs(upper[0]), abs(lower[1]), 1.0)
    return gap / scale


def describe(figure: Figure, unit: str = "") -> str:
    words = {
        "approximate": "about ",
        "at_least": "at least ",
        "more_than": "more than ",
        "at_most": "at most ",
        "less_than": "less than ",
    }
    shown = figure.display or f"{_number(figure.value)}{unit}"
    return f'"{figure.quote or shown}" ({words.get(figure.qualifier, "")}{shown})'


def _number(value: float | None) -> str:
    """A figure as an article writes it: "130", not "130.0"; "6.5", not "6.50"."""
    if value is None or not math.isfinite(value):
        return "?"
    value = round(value, 6)  # float noise from unit conversion ("129.99999999") is not a figure
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _growth(first: Figure, second: Figure, ia: tuple[float, float], ib: tuple[float, float]) -> float:
    """How much a running total grew, between the figures as stated ("250,000" to "300,000" is
    20%), not between the bounds widened for rounding; the bounds only when a value is missing."""
    if first.value is not None and second.value is not None and first.value:
        return (second.value - first.value) / abs(first.value)
    return (ib[0] - ia[1]) / max(abs(ia[1]), 1.0)


# Reports within this many days of each other give figures of one time.
SAME_TIME_DAYS = 1


def _two_sides(first: Figure, second: Figure) -> bool:
    """Both figures said by someone named, and not the same someone."""
    if not (first.sayer_named and second.sayer_named):
        return False
    a, b = first.attributed_to.strip().casefold(), second.attributed_to.strip().casefold()
    return _names_someone(a) and _names_someone(b) and not _one_sayer(a, b)


# Words that do not tell one sayer from another: "the Interior Ministry", "the Ministry of the
# Interior" and "Interior" are one ministry.
_SAYER_FILLER = frozenset({"the", "of", "a", "an", "'s", "’s"})


def _one_sayer(a: str, b: str) -> bool:
    """Whether two ways of naming who says so name one sayer: the words of one are all words of
    the other, but for articles and "of"."""
    words_a = set(re.findall(r"[\w'’]+", a)) - _SAYER_FILLER
    words_b = set(re.findall(r"[\w'’]+", b)) - _SAYER_FILLER
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


# A sayer is named in a few words ("the police", "George Washington University"); a longer span
# or one with a figure in it is a clause the attribution reader took for one ("18 deaths have been
# reported, where authorities have warned"), not a side.
SAYER_MAX_WORDS = 8


def _names_someone(attribution: str) -> bool:
    return bool(attribution) and len(attribution.split()) <= SAYER_MAX_WORDS and not any(
        ch.isdigit() for ch in attribution)


def _stated_rise(first: Figure, second: Figure, days: int) -> bool:
    """A running total reported higher on a later day than an open-ended earlier figure ("at
    least 1,130", then 3,904), or than all an earlier figure allows though the later one's hedge
    reaches back to it (7,180, then "around 10,000"): within the bounds, but revised, and an
    editor wants to know."""
    if not (first.running_total and second.running_total and days > 0):
        return False
    if first.value is None or second.value is None:
        return False
    if first.high is not None:
        return second.value > first.interval[1]
    return second.value > first.value + max(rounding_slack(first.value), 0.05 * abs(first.value))


def compare(a: Figure, b: Figure, *, unit: str = "") -> Verdict:
    """Judge two figures of the same fact. Symmetric in its arguments except for updates, where
    the publication dates (not the order of arrival) decide which figure is the later one."""
    first, second = sorted((a, b), key=lambda f: (f.published or date.min, f.claim_id))
    ia, ib = first.interval, second.interval
    who = _who(first, second)
    days = (second.published - first.published).days if first.published and second.published else 0
    if overlap(ia, ib) and not _stated_rise(first, second, days):
        score = _agreement(ia, ib)
        return Verdict(
            CONSISTENT,
            score,
            f"{describe(first, unit)} and {describe(second, unit)} overlap{who}.",
        )
    gap = gap_ratio(ia, ib)
    rises = first.cumulative and second.cumulative and days > 0 and ib[0] > ia[1]
    if _two_sides(first, second) and days <= SAME_TIME_DAYS and not rises:
        # The police's count of a march and the organisers' are a disagreement between sources,
        # never a revision, whichever was printed a day later; a death toll a day later and
        # higher is revised, whoever gives it.
        return Verdict(
            CONFLICT,
            round(min(1.0, 0.5 + gap), 3),
            f"{describe(first, unit)} against {describe(second, unit)}: two sources disagree{who}.",
        )
    if first.level and second.level and days > SAME_TIME_DAYS:
        return Verdict(
            UPDATED,
            0.8,
            f"The level changed from {describe(first, unit)} on {first.published} to {describe(second, unit)} "
            f"on {second.published}, {_days(days)} later{who}.",
        )
    # A toll rises within a day too ("nearly 900" in the morning, "at least 1,130" by night): of two
    # reports of one day, the one that came in later is the later figure.
    if first.running_total and second.running_total and days >= 0 and (ib[0] > ia[1] or _stated_rise(first, second, days)):
        # A total that only grows is revised, never contradicted, by a higher later figure; how
        # plausible the revision is for the time between the reports sets the score.
        # Plausibility is judged on the bounds (a rounded figure may be a smaller revision than
        # it reads); the editor is told the growth between the figures as stated.
        bounds_growth = (ib[0] - ia[1]) / max(abs(ia[1]), 1.0)
        expected = UPDATE_BASE_GROWTH + UPDATE_DAILY_GROWTH * days
        steep = bounds_growth > expected
        return Verdict(
            UPDATED,
            0.5 if steep else 0.9,
            f"Running total revised upwards by {_percent(_growth(first, second, ia, ib))} in {_days(days)} "
            f"from {describe(first, unit)} "
            f"on {first.published} to {describe(second, unit)} on {second.published}"
            f"{', more than a revision usually is' if steep else ''}{who}.",
        )
    if first.running_total and second.running_total:
        reason = "a running total cannot fall"
    else:
        reason = "the figures do not overlap"
    return Verdict(
        CONFLICT,
        round(min(1.0, 0.5 + gap), 3),
        f"{describe(first, unit)} against {describe(second, unit)}: {reason}{who}.",
    )


def _percent(share: float) -> str:
    """A share as a whole percentage, with a decimal only below 1% ("0.8%", not "1%" for 0.77%)."""
    if 0 < abs(share) < 0.01:
        return f"{share:.1%}"
    return f"{share:.0%}"


def _agreement(a: tuple[float, float], b: tuple[float, float]) -> float:
    """1 for identical bounded intervals, lower as the shared part shrinks; 0.6 for open ones."""
    low, high = max(a[0], b[0]), min(a[1], b[1])
    widths = [w for w in (a[1] - a[0], b[1] - b[0]) if math.isfinite(w)]
    if not math.isfinite(high - low) or not widths:
        return 0.6
    widest = max(widths)
    if widest == 0:
        return 1.0
    return round(max(0.5, min(1.0, (high - low) / widest + 0.5)), 3)


def _who(first: Figure, second: Figure) -> str:
    # After a dash, not in brackets: a source may carry its own "(quoted by ...)".
    if first.source.casefold() == second.source.casefold():
        return f" — both from {first.source}"
    return f" — {first.source} vs {second.source}"


def sum_check(total: Figure, parts: list[Figure]) -> Verdict:
    """Do the parts add up to the total stated with them?"""
    low = sum(p.interval[0] for p in parts)
    high = sum(p.interval[1] for p in parts)
    stated = total.interval
    terms = " + ".join(_number(p.value) for p in parts)
    if overlap((low, high), stated):
        return Verdict(CONSISTENT, 1.0, f"{terms} = {_number(total.value)}, as stated.")
    return Verdict(
        CONFLICT,
        round(min(1.0, 0.5 + gap_ratio((low, high), stated)), 3),
        f"{terms} does not add up to the stated total of {_number(total.value)}.",
    )


def conversion_check(
    first: Figure, first_si: float, second: Figure, second_si: float, *, si_unit: str
) -> Verdict:
    """A figure and its conversion in brackets: equal within rounding."""
    error = abs(first_si - second_si) / max(abs(first_si), abs(second_si), 1e-9)
    if error <= CONVERSION_TOLERANCE:
        return Verdict(
            CONSISTENT,
            round(1.0 - error, 3),
            f"{first.quote} and {second.quote} agree within {error:.0%}.",
        )
    return Verdict(
        CONFLICT,
        round(min(1.0, 0.5 + error), 3),
        f"{first.quote} is {first_si:,.0f} {si_unit} but {second.quote} is {second_si:,.0f} "
        f"{si_unit}: off by {error:.0%}.",
    )


@dataclass(frozen=True)
class Consensus:
    """The range across sources for one fact, as a conflict monitor would publish it."""

    low: float | None
    best: float | None
    high: float | None
    sources: int
    outliers: tuple[int, ...]


def consensus(figures: list[Figure]) -> Consensus:
    """Low / best / high across the figures of one fact. The best estimate is the median of the
    values; an outlier is a figure whose interval misses the range most sources share."""
    values = sorted(f.value for f in figures if f.value is not None)
    if not values:
        return Consensus(None, None, None, len(figures), ())
    middle = len(values) // 2
    best = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    # Each figure's interval once: a fact's window holds dozens of sources, each compared with all.
    intervals = [f.interval for f in figures]
    outliers = tuple(
        f.claim_id
        for i, f in enumerate(figures)
        if len(figures) > 2 and not overlap(intervals[i], (best, best))
        and sum(overlap(intervals[i], other) for j, other in enumerate(intervals) if j != i) < len(figures) / 2
    )
    kept = [f.value for f in figures if f.claim_id not in outliers and f.value is not None] or values
    return Consensus(min(kept), best, max(kept), len(figures), outliers)
