"""Numbers, quantities and dates in plain text: a fast rule-based scanner (no spaCy, no Django).

`find_quantities(text, reference_date)` returns every number, quantity and date found, as
`claims.nlp.types.Quantity`, sorted by start, never overlapping, with `text[start:end] == quote`.
When the scan fails it raises `QuantityScanError` (never partial results): the caller decides
what a paragraph that cannot be read costs. A quote never ends with sentence punctuation
("since 30 Sept." -> "since 30 Sept"). Vocabulary and patterns live in data files
(`claims/rules/*.json`), loaded once.

How it reads (one resolver per kind of pattern, in claims/nlp/resolvers/):
- `common`: rules files, regex building blocks, trigger windows, the candidate list;
- `blockers`: what looks like a number but is not a quantity (times, codes, model names);
- `dates`, `date_spans`, `datemath`: date points, the periods made of them, calendar arithmetic;
- `numbers`: digits, fractions and number words -> atoms; magnitudes ("1.5 million", "$1.5m");
- `money`, `units`, `durations`: what a number is of; `hedges`: qualifiers, bounds, direction;
- `figures`: one number with its prefix, suffix and hedge; `ranges`: intervals and vague amounts;
- `scales`: measures on a named scale ("a 6.4-magnitude quake", "a Category 3 hurricane",
  "31.2°N"), ages after a name ("Maria Lopez, 34,"), multiplying words ("twice as many",
  "more than double") and one unit of time written with "a" ("a week after the vote").
Every resolver adds candidate spans; the longest span wins, so "some 500 fuel trucks" is one
approximate count and "10:30" one time of day (not reported).

Conventions (the `quantities` contract in DESIGN.md, refined here):

Numbers (count, measure, money, percent, duration)
- `value` is the best estimate, `low` / `high` the interval the wording allows (None = unbounded);
  always `low <= value <= high` when both exist.
- exact: low = high = value. Hedges come from `hedges.json`:
  approximate ("some 500", "about 60 km"): a rounding tolerance around the value, half the
  roundness of the number but at least 10% ("some 500" -> 450..550);
  at_most ("nearly 700"): high = 700, low = 630 (90%); "up to 700": high = 700, low None;
  at_least ("at least 224", "all 224", "500 or more"): low = value, high None;
  more_than ("more than 2,200"): low = 2200, high None; less_than ("fewer than 10"): high = 10.
- Ranges ("between 20 and 30", "10-12", "10 to 12 km") and vague amounts ("dozens" 24..99,
  "hundreds" 200..999, "tens of thousands" 20,000..99,999) have qualifier "range" and value at the
  middle of a range or the typical reading of a vague word ("dozens" -> 36). "Several" and "a few"
  alone state no amount and are not reported ("several hundred" is).
- Fractions are numbers ("half" -> 0.5, "two-thirds" -> 0.667, "3/4" -> 0.75, "one twenty-fifth" -> 0.04,
  "two million and a half" -> 2,500,000, "two thirds of a million"). After "and" only a proper
  fraction is added ("one hundred and three quarters" -> 100.75). A singular compound ordinal
  before a noun is an ordinal ("a twenty-first century economy").
- Digits and words mix: "3 hundred and 21" -> 321, "4 thousand 3 hundred" -> 4300; bare digits after
  "and" join only a hundred ("5 million and 300 staff" stays two numbers). Separators: "1,234.5",
  Indian "12,34,567.89", European "1.111,11", a decimal comma "5,00" / "1,3" (not in a list "1,2,3").
- Comparison signs are hedges (">10", "<=5"); "<>30" and "=>30" are not.
- Money: value in currency units, unit an ISO code ("$1.5m" -> 1500000 USD; "m" after a currency
  is million, after a bare number it is metres). Percent: value in percent, unit None
  ("percentage point(s)" -> unit "percentage point").
- Measures: unit normalised ("km", "mile", "kg", "tonne", "km2", "hectare"); si_value / si_unit in
  m, kg, m2, m3, m/s. Durations: unit second/minute/hour/day/week/month/year (decades and centuries
  are given in years); si_value in seconds with month = 30.4375 days and year = 365.25 days.
- `direction` "up" / "down" when the number is a change ("rose by 5%", "cut 700 jobs", "a 5% fall").

Dates (kind "date")
- `value` is ISO at the precision known: day "2015-11-13", month "2015-10", year "2014";
  `low` / `high` are the first and last day (inclusive) of the calendar interval covered.
  Part of a period narrows low/high but keeps the value: "mid-October" -> "2015-10",
  2015-10-11..2015-10-20; "late last year" -> "2014", 2014-07-01..2014-12-31.
  Parts of a calendar year are whole months: early/late = the halves, beginning/middle/end = the
  thirds ("the end of 2000" -> 2000-09-01..2000-12-31, "late last year" -> July..December).
- Weeks, weekends, decades and any from-to period: value "low/high" ("2015-11-09/2015-11-15")
  with qualifier "range"; periods ending at publication ("in recent weeks", "in the past few
  days", "the past two decades") end on the reference date. A from-to period includes its last
  day, month or year ("2014-2018" ends 2018-12-31). The n-th week of a month or year is the n-th
  Monday-Sunday week whose Thursday falls in it (ISO 8601: "first week of 2015" starts 2014-12-29);
  "week 10" is ISO week 10; "the week of / beginning X" and "w/c X" are the week holding day X;
  "rest of the week/month/year" runs from the reference date; "2 weeks starting May 20th" and
  "for 3 days from today" are the spans counted from that day.
- Years may be written in words where a year is expected ("September 10, nineteen zero one",
  "in nineteen twenty eight", "the third quarter of two thousand and twenty"); a bare "Q3" is the
  latest third quarter started on or before the reference date.
- "As of 26 August" is that day (exact): the figure is a level on that day, not an open period.
- Holidays are days ("Christmas Eve", "Easter 2025", "Thanksgiving", claims/rules/calendar.json);
  "two weeks before May 1" is the day so counted; "year to date" runs from 1 January.
- Open periods: "since 30 September" -> qualifier at_least, value "2015-09-30", low that day,
  high None; "until/through October 2015" and "by ..." -> at_most, low None, high the last day;
  "before X" -> less_than (high = the day before X), "after X" -> more_than.
- Relative dates resolve against `reference_date` (the publication date) reading news style,
  into the past: a bare weekday is the latest such day on or before the reference date; year-less
  dates ("November 13") take the latest year that puts them on or before it; "last Friday" is
  the latest Friday before the reference day; "last month/week/year" the previous calendar one;
  "the weekend" / "at the weekend" the latest Saturday-Sunday on or before it. They resolve after
  the reference date only when the text says so ("next week", "tomorrow", "this Friday",
  "two Sundays from now"). "in 3 weeks" / "within 5 days" are dates (the day 3 weeks on; the span
  from the reference date) only when said of the future: "in 3 weeks' time", a clause with will /
  going to / plans to / expected to / due to..., or "within 2 weeks from today"; otherwise ("sold
  out in three weeks") they are durations. A weekday with a day number ("Tuesday the 15th") is the
  nearest such date, past or future. Weeks start on Monday.
- A bare month or holiday in a clause about the future ("will be elected in October") is the
  coming one. "The past week" / "in the last week" are the seven days up to the reference date;
  a bare "last week" is the previous calendar week. A month name inside a name ("the Veterans'
  March", "May Ashworth") is not a date.
- Without a reference date, relative dates and year-less dates are not reported (their number,
  if any, may still be reported as a count/duration).
- All-numeric dates are read day first ("27/11/2015"), month first only when the day-first
  reading is impossible ("02/22/2016"). Two-digit years below 50 are 20xx.

Speed: one pass over words and digit runs (`_scan`) finds where each resolver has to look; text
with no digit, number word, calendar word or vague amount returns at once. Every pattern runs in
windows around its triggers and looks a bounded distance around a match, so the work grows with
the length of the text, never with its square.

Not reported: times of day ("10:30", "3pm", "about 4 pm", "at 1141 hours"), match scores ("won 3-1"),
numbers inside names ("FTSE 100", "Route 66", "Article 50", "10 Downing Street", "999 calls",
"ZIP 94110"), numbered list items, ordinals ("120th", "the third"), alphanumeric codes
("2A65", "F-16", "COVID-19", "abc123"), phone-number-like chains ("+1-222-2222"), names such as
"24/7" and "9/11". A calibre "152mm" is a measure (the claim filter decides what is a claim).
"""
from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from functools import cache

from claims.nlp.resolvers import blockers, date_spans, dates, figures, numbers, ranges, scales
from claims.nlp.resolvers.common import Ctx, Scan
from claims.nlp.types import Quantity

# Longer text is refused, not cut: a partial reading would look like a complete one.
MAX_TEXT = 5_000_000


class QuantityScanError(Exception):
    """find_quantities could not read a text. Retrying the same text cannot help (the error is in
    the input or in the rules); `length` is the length of the text it was given."""

    retryable = False

    def __init__(self, length: int, reason: str):
        super().__init__(f"find_quantities failed on a text of {length} characters: {reason}")
        self.length = length
        self.reason = reason


def find_quantities(text: str, reference_date: date | None = None) -> list[Quantity]:
    """Every number, quantity and date in `text` (see the module docstring for the conventions).
    Raises QuantityScanError when the text cannot be read."""
    if not isinstance(text, str) or not text:
        return []
    if reference_date is not None and not isinstance(reference_date, date):
        reference_date = None
    if len(text) > MAX_TEXT:
        raise QuantityScanError(len(text), f"longer than {MAX_TEXT} characters")
    try:
        return _find(text, reference_date)
    except Exception as exc:
        raise QuantityScanError(len(text), f"{type(exc).__name__}: {exc}") from exc


def contract_for_line(line: str) -> dict:
    """One `quantities` command input line -> its output object (DESIGN.md "Command line").

    `{"text": ..., "reference_date": "YYYY-MM-DD"}` -> `{"quantities": [...]}`; anything unreadable
    -> `{"error": "..."}` saying what is wrong (retrying the same line cannot help).
    """
    if not line.strip():
        return {"error": "empty line: expected a JSON object"}
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return {"error": f"invalid JSON: {exc}"}
    if not isinstance(item, dict):
        return {"error": 'each line must be a JSON object with a "text" field'}
    text = item.get("text")
    if not isinstance(text, str):
        return {"error": 'missing "text" (a string)'}
    raw_date = item.get("reference_date")
    reference = None
    if raw_date not in (None, ""):
        if not isinstance(raw_date, str):
            return {"error": '"reference_date" must be a string YYYY-MM-DD'}
        try:
            reference = date.fromisoformat(raw_date.strip()[:10])
        except ValueError:
            return {"error": f'bad "reference_date" {raw_date!r}: expected YYYY-MM-DD'}
    return {"quantities": [q.contract() for q in find_quantities(text, reference)]}


def parse_number(text: str) -> float | None:
    """The value of a number phrase ("2,200", "1.5 million", "$1.5m", "twenty-five", "two-thirds",
    "5%" -> 5.0, "a dozen"); None when the text holds no number."""
    for q in find_quantities(text or ""):
        if isinstance(q.value, (int, float)):
            return float(q.value)
    return None


# ---------------------------------------------------------------- scan

_RE_TOKEN = re.compile(r"[^\W\d_]+|\d+")


@cache
def _trigger_table() -> dict[str, tuple[str, ...]]:
    """word -> names of the resolvers' triggers it fires."""
    table = dates.rules().trigger_words()
    for w in numbers.rules().vocabulary:
        table.setdefault(w, set()).add("numword")
    for w in ranges.vague_rules().trigger_words():
        table.setdefault(w, set()).add("vague")
    for w in scales.multiplier_rules().factors:
        table.setdefault(w, set()).add("multiplier")
    return {k: tuple(sorted(v)) for k, v in table.items()}


def _scan(text: str) -> Scan | None:
    """One cheap pass over the words and digit runs: where each resolver needs to look.
    None when the text holds nothing any resolver could read."""
    get = _trigger_table().get
    hits: dict[str, list[tuple[int, int]]] = {"digit": [], "month": [], "weekday": [], "word": [], "numword": [], "vague": [], "multiplier": [], "holiday": []}
    digit = hits["digit"]
    for m in _RE_TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            digit.append(m.span())
            continue
        names = get(tok.lower())
        if names:
            span = m.span()
            for name in names:
                hits[name].append(span)
    hits["the"] = [m.span() for m in dates.RE_THE_TRIGGER.finditer(text)]
    if not any(hits.values()) and not numbers.RE_VULGAR_ANY.search(text):
        return None
    return Scan(hits)


# ---------------------------------------------------------------- reading


def _read_numbers(ctx: Ctx, atoms: list[numbers.Atom]) -> None:
    by_start = {a.start: idx for idx, a in enumerate(atoms)}
    consumed_until = -1
    for atom in atoms:
        if atom.start < consumed_until:
            continue  # read as the second number of a range or share
        fig = figures.read_figure(ctx.text, atom)
        end = ranges.part_of(ctx, fig, atoms, by_start)
        if end is None:
            end = ranges.number_range(ctx, fig, atoms, by_start)
        if end is not None:
            consumed_until = end
            continue
        figures.add_single(ctx, fig)
    ranges.joined_bounds(ctx)
    ranges.vague_amounts(ctx)


def _select(ctx: Ctx) -> list[Quantity]:
    """Candidates by length, longest first (ties: rank, then position): each takes its characters
    if they are still free. A blocker takes them without giving a quantity."""
    taken = bytearray(len(ctx.text) + 1)
    chosen = []
    for start, end, _prio, q in sorted(ctx.cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if q is not None:
            chosen.append(q)
    chosen.sort(key=lambda q: q.start)
    return chosen


def _trim(text: str, q: Quantity) -> Quantity:
    """A quote never ends with sentence punctuation: "since 30 Sept." -> "since 30 Sept"."""
    end = q.end
    while end - q.start > 1 and text[end - 1] in ".,;:!?" and text[end - 2].isalpha():
        end -= 1
    return q if end == q.end else dataclasses.replace(q, end=end, quote=text[q.start:end])


def _find(text: str, ref: date | None) -> list[Quantity]:
    scan = _scan(text)
    if scan is None:
        return []
    ctx = Ctx(text, ref, scan)
    blockers.block(ctx)
    date_spans.find_dates(ctx)
    atoms = numbers.find_atoms(text, scan, figures.is_pronoun)
    scales.read_scales(ctx, atoms)
    scales.read_ages(ctx)
    scales.read_multipliers(ctx)
    scales.read_one_unit(ctx)
    _read_numbers(ctx, atoms)
    return [q for q in (_trim(text, q) for q in _select(ctx)) if text[q.start:q.end] == q.quote]
