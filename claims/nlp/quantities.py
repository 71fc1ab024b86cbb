"""Numbers, quantities and dates in plain text: a fast rule-based scanner (no spaCy, no Django).

`find_quantities(text, reference_date)` returns every number, quantity and date found, as
`claims.nlp.types.Quantity`, sorted by start, never overlapping, with `text[start:end] == quote`.
It never raises: on any internal error it logs and returns what it has (usually nothing).
A quote never ends with sentence punctuation ("since 30 Sept." -> "since 30 Sept").
Vocabulary lives in data files (`claims/rules/*.json`), loaded once.

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
  middle of a range or the typical reading of a vague word ("dozens" -> 36).
- Fractions are numbers ("half" -> 0.5, "two-thirds" -> 0.667, "3/4" -> 0.75, "one twenty-fifth" -> 0.04,
  "one hundred thirty-fifths" -> 100/35, "two million and a half" -> 2,500,000, "two thirds of a million").
  After "and" only a proper fraction is added ("one hundred and three quarters" -> 100.75; "one hundred
  and thirty fifths" -> 130/5). A singular compound ordinal before a noun is an ordinal ("a twenty-first
  century economy").
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
  'll / going to / plans to / expected to / due to / please..., or "within 2 weeks from today";
  otherwise ("sold out in three weeks") they are durations. A weekday with a day number ("Tuesday
  the 15th") is the nearest such date, past or future. Weeks start on Monday.
- Without a reference date, relative dates and year-less dates are not reported (their number,
  if any, may still be reported as a count/duration).
- All-numeric dates are read day first ("27/11/2015"), month first only when the day-first
  reading is impossible ("02/22/2016"). Two-digit years below 50 are 20xx.

Speed: one pass over words and digit runs (`_scan`) finds where each scanner has to look; text
with no digit, number word, calendar word or vague amount returns at once.

Not reported: times of day ("10:30", "3pm"), ordinals ("120th", "the third"), alphanumeric codes
("2A65", "F-16", "COVID-19", "abc123"), phone-number-like chains ("+1-222-2222"), names such as
"24/7" and "9/11". A calibre "152mm" is a measure (the claim filter decides what is a claim).
"""
from __future__ import annotations

import calendar
import dataclasses
import json
import logging
import math
import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from claims.nlp.types import Quantity

logger = logging.getLogger(__name__)

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

# Longest spans win; at equal length, lower priority number wins.
_PRIO_BLOCK_STRONG = 0
_PRIO_DATE = 1
_PRIO_NUMBER = 2
_PRIO_BLOCK = 3

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_CLS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = "[" + _DASH_CLS + "]"
_SP = r"[ \t\u00a0\u202f\u2009]"
_MAX_TEXT = 5_000_000


def _load(name: str) -> dict:
    with open(RULES_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def _alt(words, *, escape=True) -> str:
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) if escape else w for w in items)


def _phrase_alt(phrases) -> str:
    """Alternation of phrases where any run of spaces matches any whitespace."""
    out = []
    for phrase in sorted(set(phrases), key=lambda w: (-len(w), w)):
        out.append(r"\s+".join(re.escape(part) for part in phrase.split()))
    return "|".join(out)


class _Rules:
    """All vocabulary and compiled patterns, built once from the data files."""

    def __init__(self):
        num = _load("numbers.json")
        hed = _load("hedges.json")
        uni = _load("units.json")
        cur = _load("currencies.json")
        cal = _load("calendar.json")
        self.num, self.hed, self.uni, self.cur, self.cal = num, hed, uni, cur, cal

        # ---- number words
        self.w_units = num["units"]
        self.w_tens = num["tens"]
        self.w_scales = num["scales"]
        self.w_dozen = num["dozen"]
        self.ordinals = num["ordinals"]
        self.denominators: dict[str, float] = {}
        for word, val in num["ordinals"].items():
            if word in ("first", "second"):
                continue  # "one second" is a duration, "a first" an ordinal
            self.denominators[word] = val
            self.denominators[word + "s"] = val
        for word, val in num["fraction_words"].items():
            self.denominators[word] = val
        vocab = set(self.w_units) | set(self.w_tens) | {"hundred"} | set(self.w_scales) | set(self.w_dozen)
        vocab |= set(self.denominators) | {"first", "firsts"}
        nw = _alt(vocab)
        sep = r"(?:" + _SP + r"+|" + _SP + "*" + _DASH + _SP + "*)"
        self.re_word_run = re.compile(
            r"(?<![\w])(?:(?:an?|half)" + sep + r")?(?:" + nw + r")(?:" + sep + r"(?:(?:and|a|an|point)" + sep + r")*(?:" + nw + r"))*(?![\w])",
            re.IGNORECASE,
        )
        self.one_pronoun_before = set(num["one_pronoun_before"])
        self.re_one_after = re.compile(r"\s*(?:" + _phrase_alt(num["one_pronoun_after"]) + r")\b", re.IGNORECASE)
        self.multipliers = {k.lower(): v for k, v in num["multipliers"].items()}
        self.mult_cs = num["multipliers_case_sensitive"]
        self.mult_cur = num["currency_only_multipliers"]
        mult_forms = set(self.multipliers) | set(self.mult_cs) | set(self.mult_cur)
        self.re_mult = re.compile(
            r"(?P<sp>" + _SP + r"*(?:" + _DASH + _SP + r"*)?)(?P<m>" + _alt(mult_forms) + r")(?![^\W_])", re.IGNORECASE
        )
        self.vague = num["vague"]
        self.vague_by_phrase = {" ".join(v["pattern"].split()): v for v in self.vague}
        self.re_vague = re.compile(r"(?<![\w])(?:" + _phrase_alt(self.vague_by_phrase) + r")(?![\w])", re.IGNORECASE)
        self.idioms = set(num["idioms"])

        # ---- hedges
        self.hedges_before: dict[str, dict] = {}
        for group in hed["before"]:
            for phrase in group["phrases"]:
                self.hedges_before.setdefault(" ".join(phrase.lower().split()), group)
        hb = _phrase_alt(self.hedges_before)
        self.re_hedge_before = re.compile(
            r"(?:(?<![\w<>=])|(?<=\s)|^|(?<![<>=])(?=[<>\u2264\u2265]))(?P<h>" + hb + r")" + _SP + r"*$", re.IGNORECASE)
        self.hedges_after: dict[str, dict] = {}
        for group in hed["after"]:
            for phrase in group["phrases"]:
                self.hedges_after.setdefault(" ".join(phrase.lower().split()), group)
        self.re_hedge_after = re.compile(
            r"(?P<sp>" + _SP + r"*)(?P<h>" + _phrase_alt(self.hedges_after) + r")(?![\w])", re.IGNORECASE
        )
        self.dir_before = {}
        for direction, words in hed["direction_before"].items():
            for word in words:
                self.dir_before[word.lower()] = direction
        self.re_dir_before = re.compile(
            r"(?<![\w])(?P<w>" + _alt(self.dir_before) + r")(?:\s+by)?(?:\s+(?:a|an|another|some|nearly|almost|about|around|more than|over|up to|at least|just|roughly|approximately|an estimated))?\s*$",
            re.IGNORECASE,
        )
        self.dir_after = {}
        for direction, words in hed["direction_after"].items():
            for word in words:
                self.dir_after[word.lower()] = direction
        self.re_dir_after = re.compile(
            r"(?:\s+|\s*-\s*)(?:(?:year-on-year|annual|monthly|quarterly|overall|sharp|further|net)\s+)?(?P<w>" + _alt(self.dir_after) + r")(?![\w])",
            re.IGNORECASE,
        )

        # ---- units
        self.units: dict[str, dict] = {}
        self.units_cs: dict[str, dict] = {}
        cs = set(uni["case_sensitive"])
        self.glued_only = set(uni["glued_only"])
        self.si = uni["si"]
        for entry in uni["units"]:
            for form in entry["forms"]:
                if form in cs:
                    self.units_cs[form] = entry
                else:
                    self.units[" ".join(form.lower().split())] = entry
        unit_forms = set(self.units) | set(self.units_cs)
        self.re_unit = re.compile(
            r"(?P<sp>" + _SP + r"*(?:" + _DASH + _SP + r"*)?)(?P<open>[(\[{<]" + _SP + r"*)?(?P<u>" + _phrase_alt(unit_forms)
            + r")(?(open)" + _SP + r"*[)\]}>])(?![^\W_])",
            re.IGNORECASE,
        )
        self.durations: dict[str, tuple[str, float, float]] = {}
        for name, entry in uni["durations"].items():
            unit, factor = (entry["as"][0], entry["as"][1]) if "as" in entry else (name, 1)
            for form in entry["forms"]:
                self.durations[form] = (unit, factor, entry["seconds"])
        self.re_duration = re.compile(
            r"(?P<sp>" + _SP + r"*(?:" + _DASH + _SP + r"*)?)(?P<u>" + _alt(self.durations) + r")(?P<old>" + _DASH + r"olds?|" + _DASH + r"long)?(?![^\W_])",
            re.IGNORECASE,
        )
        self.re_percent = re.compile(
            r"(?P<sp>" + _SP + r"*)(?P<p>%|percentage" + _SP + r"+points?|per" + _SP + r"*cent|percent|pct|pc)(?![^\W_])", re.IGNORECASE
        )

        # ---- money
        self.cur_prefix = cur["prefix"]
        self.cur_suffix = {" ".join(k.lower().split()): v for k, v in cur["suffix"].items()}
        self.re_cur_prefix = re.compile(r"(?:(?<![^\W_])|^)(?P<c>" + _alt(self.cur_prefix) + r")" + _SP + r"*$")
        self.re_cur_suffix = re.compile(
            r"(?P<sp>" + _SP + r"*)(?P<c>" + _phrase_alt(self.cur_suffix) + r")(?![^\W_])", re.IGNORECASE
        )
        self.re_pounds = re.compile(r"(?P<sp>" + _SP + r"*)(?P<c>pounds?)(?P<st>" + _SP + r"+sterling)?(?![^\W_])", re.IGNORECASE)

        # ---- digits
        self.re_digits = re.compile(
            r"(?<![^\W_])(?<![.,]\d)(?P<neg>[-\u2212](?=\d|\.\d))?(?P<num>"
            r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!,\d)"
            r"|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?![\d]|,\d)"  # Indian grouping: 12,34,567.89
            r"|\d{1,3}(?:\.\d{3})+,\d+(?![\d]|[.,]\d)"  # European: 1.111,11
            r"|(?<!\d,)\d{1,3},\d{1,2}(?![\d]|[.,]\d)"  # decimal comma: 5,00 / 1,3 (not in a list "1,2,3")
            r"|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?(?![\d]|[.,]\d)"
            r"|\d+(?:\.\d+)?"
            r"|\.\d+)"
            r"(?P<frac>" + _SP + r"+\d{1,2}/\d{1,3}(?![\d/]))?"
            r"(?P<vulgar>[\u00bc-\u00be\u2150-\u215e])?"
        )
        self.re_vulgar = re.compile(r"(?<![\w])[\u00bc-\u00be\u2150-\u215e]")
        self.re_slash_fraction = re.compile(r"(?<![\w/.,])(?P<neg>-)?(?P<a>\d{1,3})/(?P<b>\d{1,3})(?![\w/]|[.,]\d)")

        # ---- blockers: spans that are not quantities
        blocks = [
            r"\b\d{1,2}(?:[:.]\d{2})?" + _SP + r"*(?:[ap]\.?m\.?|o'clock)(?![\w])",  # 3pm, 10.30 a.m.
            r"(?<![\w.,])\d{1,2}:\d{2}(?::\d{2})?(?:" + _SP + r"*[ap]\.?m\.?)?(?![\w])",  # 10:30
            r"(?<![\w])\+?\d+(?:" + _DASH + r"\d+){2,}(?:/\d+)?",  # phone-like chains
            r"\+\d[\d" + _DASH_CLS + r" ]{6,}\d",  # +44 20 7946 0000
            r"(?<![\w])[A-Za-z]*\d+[A-Za-z]+\d[\w]*",  # 2A65, 24703m212
            r"(?<![\w])[A-Za-z]+\d[\w]*",  # MH17, abc123, A320
            r"(?<![\w])[A-Z][A-Za-z]{0,5}" + _DASH + r"\d[\w]*",  # F-16, Su-24, COVID-19
            r"(?<![\w\-])(?!(?:mid|pre|post|over|under|top|early|late|non|sub|anti|ex|the|and|or|to|from|by|up|for|in|on|at|of|than|per|around|about|some|age|aged|ages|year|years|day|days|week|weeks|month|months|vs|v|x)" + _DASH + r")[a-z]{2,6}\d?" + _DASH + r"\d[\w]*",  # scp-173, covid-19
            r"(?<![\w])\d+(?:st|nd|rd|th)(?![\w])",  # ordinals
            r"(?<![\w])\d+(?:\.\d+){2,}(?![\w])",  # 192.168.1.2, version numbers
            r"(?<![\w])No\.?" + _SP + r"*\d+",  # No. 1
        ]
        self.re_blocks = [re.compile(b) for b in blocks]
        self.re_idioms = re.compile(r"(?<![\w/])(?:" + _alt(self.idioms) + r")(?![\w/])")

        # ---- calendar
        self.months = cal["months"]
        self.weekdays = cal["weekdays"]
        self.day_words = {" ".join(k.split()): v for k, v in cal["day_words"].items()}
        self.decade_words = cal["decade_words"]
        self.parts = {" ".join(k.split()): v for k, v in cal["part_of_period"].items()}
        self.part_of_year = {" ".join(k.split()): v for k, v in cal["part_of_year"].items()}
        self.date_preps = set(cal["date_prepositions"])


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


# ---------------------------------------------------------------- number words

def _word_tokens(span_text: str, offset: int):
    return [(m.group(0).lower(), offset + m.start(), offset + m.end()) for m in re.finditer(r"[^\W\d_]+", span_text)]


def _parse_words(tokens, i, rules: _Rules):
    """Parse a number starting at tokens[i]; returns (value, j, is_fraction) with tokens[i:j] consumed."""
    n = len(tokens)
    units, tens, scales, dozen, dens = rules.w_units, rules.w_tens, rules.w_scales, rules.w_dozen, rules.denominators
    w0 = tokens[i][0]
    total = 0.0
    cur = 0.0
    last = None
    last_scale = None
    hund_base = 0.0
    j = i
    if w0 in ("a", "an"):
        if i + 1 < n and (tokens[i + 1][0] in ("hundred", "dozen") or tokens[i + 1][0] in scales):
            cur, last, j = 1.0, "unit", i + 1
        elif i + 1 < n and tokens[i + 1][0] in dens and not tokens[i + 1][0].endswith("s"):
            den = dens[tokens[i + 1][0]]
            return 1.0 / den, i + 2, True
        else:
            return None
    elif w0 == "quarter" and i + 1 < n and tokens[i + 1][0] in scales:
        return 0.25 * scales[tokens[i + 1][0]], i + 2, False
    elif w0 == "half":
        k = i + 1
        if k < n and tokens[k][0] in ("a", "an"):
            k += 1
        if k < n and (tokens[k][0] in scales or tokens[k][0] in ("dozen", "hundred")):
            mult = scales.get(tokens[k][0]) or (12 if tokens[k][0] == "dozen" else 100)
            return 0.5 * mult, k + 1, False
        return 0.5, i + 1, True
    while j < n:
        w = tokens[j][0]
        if w in units:
            u = units[w]
            if last in (None, "and", "hundred", "scale") or (last == "tens" and u < 10 and u > 0):
                cur += u
                last = "unit"
            else:
                break
        elif w in tens:
            if last in (None, "and", "hundred", "scale"):
                cur += tens[w]
                last = "tens"
            else:
                break
        elif w == "hundred":
            if last in ("unit", "tens") and 0 < cur < 100:
                cur *= 100
                hund_base = cur
                last = "hundred"
            else:
                break
        elif w in scales:
            s = scales[w]
            if last in ("unit", "tens", "hundred", "dozen") and (last_scale is None or s < last_scale):
                total += cur * s
                cur = 0.0
                hund_base = 0.0
                last = "scale"
                last_scale = s
            else:
                break
        elif w in dozen:
            if last in ("unit", "tens", "hundred"):
                # "three hundred and two dozen": the dozens are the part after the hundreds
                cur = hund_base + (cur - hund_base) * 12 if last != "hundred" else cur * 12
                last = "dozen"
            else:
                break
        elif w == "and":
            if j + 1 >= n or last is None:
                break
            nxt = tokens[j + 1][0]
            frac = _parse_fraction_tail(tokens, j + 1, rules)
            if frac is None and last in ("hundred", "scale") and (nxt in units or nxt in tens):
                last = "and"
            else:
                if frac is None:
                    break
                fval, k = frac
                if k < n and tokens[k][0] in scales:
                    s2 = scales[tokens[k][0]]
                    k += 1
                    value = (total + cur + fval) * s2 if last_scale is None else total + cur + fval * s2
                elif last == "scale":
                    value = total + cur + fval * last_scale  # "one million and a half"
                else:
                    value = total + cur + fval
                return value, k, True
        elif w == "point":
            if last is None or last == "and":
                break
            digits, k = _decimal_digits(tokens, j + 1, rules)
            if not digits:
                break
            return total + cur + float("0." + digits), k, False
        elif w in dens:
            if last == "scale" and total > 1 and w.endswith("s") and dens[w] >= 100:
                return total / dens[w], j + 1, True  # "a hundred thousand trillionths"
            if last not in ("unit", "tens", "hundred") or cur <= 0:
                break
            plural = w.endswith("s") and w not in ("halves",)
            if cur == 1 and plural and w != "halves":
                break
            if cur > 1 and not (plural or w == "halves"):
                break
            return total + cur / dens[w], j + 1, True
        else:
            break
        j += 1
    while j > i and tokens[j - 1][0] == "and":
        j -= 1
    if j == i or last is None:
        return None
    return total + cur, j, False


def _parse_compound_fraction(tokens, i, rules: _Rules, text: str):
    """A fraction whose denominator is a compound ordinal: "one twenty-fifth" (1/25), "three twenty-firsts",
    "one hundred thirty-fifths" (100/35), "one one hundred and fifth" (1/105). Returns (value, j) or None."""
    n = len(tokens)
    units, tens, scales, ordinals = rules.w_units, rules.w_tens, rules.w_scales, rules.ordinals
    k = i
    while k < n:
        w = tokens[k][0]
        base = w[:-1] if w.endswith("s") and w[:-1] in ordinals else w
        if base in ordinals:
            break
        if not (w in units or w in tens or w == "hundred" or w in scales or w == "and" or (k == i and w in ("a", "an"))):
            return None
        k += 1
    else:
        return None
    w = tokens[k][0]
    plural = w.endswith("s") and w[:-1] in ordinals
    ov = ordinals[w[:-1] if plural else w]
    ds = None
    if ov < 10 and k - 1 > i and tokens[k - 1][0] in tens:
        ds, dv = k - 1, tens[tokens[k - 1][0]] + ov
    else:
        p = k - 1
        if p > i and tokens[p][0] == "and":
            p -= 1
        if ov < 100 and p - 1 > i and tokens[p][0] in ("hundred", "thousand") and 0 < units.get(tokens[p - 1][0], 0) < 10:
            ds, dv = p - 1, units[tokens[p - 1][0]] * (100 if tokens[p][0] == "hundred" else 1000) + ov
    if ds is None or ds <= i or "-" in text[tokens[ds - 1][2]:tokens[ds][1]]:
        return None  # "ninety-five hundred fifths": the hyphen binds "ninety-five hundred" (9500 / 5)
    if tokens[i][0] in ("a", "an") and ds == i + 1:
        num = 1.0
    else:
        parsed = _parse_words(tokens[:ds], i, rules)
        if parsed is None or parsed[1] != ds or parsed[2]:
            return None
        num = parsed[0]
    if (num == 1) == plural:
        return None
    if not plural and re.match(r"(?:\s+(?!of\b)[^\W\d_]|-\w)", text[tokens[k][2]:tokens[k][2] + 12]):
        return None  # "a twenty-first century": an ordinal adjective
    return num / dv, k + 1


def _parse_fraction_tail(tokens, k, rules: _Rules):
    """'a half', 'three quarters', 'one fourth', 'fifty-four hundredths' after 'and': a proper fraction
    ("one hundred and thirty fifths" is 130/5, not 100 + 30/5)."""
    out = _fraction_tail(tokens, k, rules)
    return out if out is not None and out[0] < 1 else None


def _fraction_tail(tokens, k, rules: _Rules):
    n = len(tokens)
    if k >= n:
        return None
    w = tokens[k][0]
    dens = rules.denominators
    if w in ("a", "an", "one") and k + 1 < n and tokens[k + 1][0] in dens:
        return 1.0 / dens[tokens[k + 1][0]], k + 2
    num = rules.w_units.get(w) or rules.w_tens.get(w)
    if num and k + 1 < n and tokens[k + 1][0] in dens:
        return num / dens[tokens[k + 1][0]], k + 2
    if w in rules.w_tens and k + 2 < n and 0 < rules.w_units.get(tokens[k + 1][0], 0) < 10 and tokens[k + 2][0] in dens:
        return (num + rules.w_units[tokens[k + 1][0]]) / dens[tokens[k + 2][0]], k + 3
    return None


def _decimal_digits(tokens, k, rules: _Rules):
    out = ""
    n = len(tokens)
    while k < n:
        w = tokens[k][0]
        if w in rules.w_units and rules.w_units[w] < 20:
            out += str(rules.w_units[w])
            k += 1
        elif w in rules.w_tens:
            val = rules.w_tens[w]
            if k + 1 < n and tokens[k + 1][0] in rules.w_units and 0 < rules.w_units[tokens[k + 1][0]] < 10:
                val += rules.w_units[tokens[k + 1][0]]
                k += 1
            out += str(val)
            k += 1
        else:
            break
    return out, k


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
    try:
        qs = find_quantities(text or "")
    except Exception:  # pragma: no cover - find_quantities does not raise
        return None
    for q in qs:
        if isinstance(q.value, (int, float)):
            return float(q.value)
    return None


# ---------------------------------------------------------------- digits

_RE_COMMA_DECIMAL = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")


def _to_float(raw: str) -> float | None:
    s = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw)
    if _RE_COMMA_DECIMAL.fullmatch(s) and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        s = s.replace(".", "").replace(",", ".")  # "1.111,11", "5,00": the comma is the decimal mark
    s = s.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    try:
        return float(s)
    except ValueError:
        return None


def _decimals(raw: str) -> int:
    return len(raw.split(".", 1)[1]) if "." in raw else 0


# ---------------------------------------------------------------- atoms

class _Atom:
    __slots__ = ("start", "end", "value", "digits", "raw", "fraction", "is_int", "year_like")

    def __init__(self, start, end, value, digits, raw, fraction=False):
        self.start, self.end, self.value, self.digits, self.raw, self.fraction = start, end, value, digits, raw, fraction
        self.is_int = float(value).is_integer() and not fraction
        self.year_like = digits and bool(re.fullmatch(r"\d{4}", raw)) and 1000 <= value <= 2100


def _atoms(text: str, rules: _Rules, scan: dict | None = None) -> list[_Atom]:
    atoms: list[_Atom] = []
    digits = scan is None or bool(scan["digit"])
    for m in (rules.re_digits.finditer(text) if digits else ()):
        raw = m.group("num")
        val = _to_float(raw)
        if val is None:
            continue
        start, end = m.start(), m.end()
        if m.group("neg"):
            before = text[max(0, start - 1):start]
            if (before and (before.isalnum() or before in _DASHES)) or re.search(r"\d" + _SP + r"+$", text[max(0, start - 4):start]):
                start = m.start("num")  # "75 -300mm": a range or list, not a negative number
            else:
                val = -val
        frac = False
        if m.group("frac"):
            a, b = m.group("frac").strip().split("/")
            if int(b) and int(a) < int(b):
                val = val + math.copysign(int(a) / int(b), val) if val else int(a) / int(b)
                frac = True
            else:
                end = m.end("num")
        if m.group("vulgar"):
            val = val + unicodedata.numeric(m.group("vulgar"))
            frac = True
        atoms.append(_Atom(start, end, val, True, raw, frac))
    for m in rules.re_vulgar.finditer(text):
        atoms.append(_Atom(m.start(), m.end(), unicodedata.numeric(m.group(0)), True, m.group(0), True))
    for m in (rules.re_slash_fraction.finditer(text) if digits else ()):
        a, b = int(m.group("a")), int(m.group("b"))
        if b == 0 or m.group(0).lstrip("-") in rules.idioms:
            continue
        val = a / b
        if m.group("neg") and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            val = -val
            start = m.start()
        else:
            start = m.start("a")
        atoms.append(_Atom(start, m.end(), val, True, m.group(0), True))
    runs = (rules.re_word_run.finditer(text) if scan is None else
            (m for ws, we in _windows(text, scan["numword"], 8, word_edges=True) for m in rules.re_word_run.finditer(text, ws, we)))
    for m in runs:
        tokens = _word_tokens(m.group(0), m.start())
        i = 0
        while i < len(tokens):
            comp = _parse_compound_fraction(tokens, i, rules, text)
            if comp is not None:
                value, j = comp
                start, end = tokens[i][1], tokens[j - 1][2]
                atoms.append(_Atom(start, end, value, False, text[start:end], True))
                i = j
                continue
            parsed = _parse_words(tokens, i, rules)
            if parsed is None:
                i += 1
                continue
            value, j, frac = parsed
            start, end = tokens[i][1], tokens[j - 1][2]
            if tokens[i][0] == "one" and j == i + 1 and _one_is_pronoun(text, start, end, rules):
                i = j
                continue
            atoms.append(_Atom(start, end, value, False, text[start:end], frac))
            i = j
    atoms.sort(key=lambda a: (a.start, -a.end))
    # Drop atoms nested in a longer one (a slash fraction inside "2 1/4").
    out: list[_Atom] = []
    for a in atoms:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


def _one_is_pronoun(text, start, end, rules: _Rules) -> bool:
    if rules.re_unit.match(text, end) or rules.re_duration.match(text, end):
        return False
    prev = re.search(r"([^\W\d_]+)\W*$", text[max(0, start - 20):start])
    if prev and prev.group(1).lower() in rules.one_pronoun_before:
        return True
    if rules.re_one_after.match(text, end):
        return True
    nxt = re.match(r"\s+(?:you|of|is|was|who|that|which|thing|must|should|can|could|would|will|do|does|did)\b", text[end:end + 12], re.IGNORECASE)
    return bool(nxt)


# ---------------------------------------------------------------- number phrases

def _roundness(value: float) -> float:
    v = abs(value)
    if v == 0:
        return 1.0
    if float(v).is_integer():
        p = 1.0
        while v % (p * 10) == 0 and p < 1e15:
            p *= 10
        return p
    s = repr(v)
    if "e" in s:
        return v * 0.1
    return 10.0 ** -_decimals(s)


def _bounds(value: float, group: dict | None):
    if group is None:
        return "exact", value, value
    q = group["qualifier"]

    def bound(spec, default_round):
        if spec is None:
            return None
        if spec == "round":
            tol = max(0.5 * _roundness(value), 0.1 * abs(value))
            return value + default_round * tol
        return value * spec

    low = bound(group.get("low"), -1)
    high = bound(group.get("high"), +1)
    if low is not None and high is not None and low > high:
        low, high = high, low  # negative values
    return q, low, high


def _num_fmt(v: float) -> float:
    if v is None:
        return None
    r = round(v, 10)
    return float(r)


class _Ctx:
    def __init__(self, text, rules, ref):
        self.text = text
        self.rules = rules
        self.ref = ref
        self.scan = None
        self.cands: list[tuple[int, int, int, Quantity | None]] = []

    def add(self, start, end, prio, q):
        if 0 <= start < end <= len(self.text):
            self.cands.append((start, end, prio, q))


def _suffix(text, pos, rules: _Rules, atom: _Atom, currency: str | None):
    """Multiplier, then unit: returns dict(end, mult, kind, unit, ...)."""
    out = {"end": pos, "mult": 1.0, "kind": "count", "unit": None, "factor": None, "si": None,
           "dur": None, "percent_unit": None, "currency": currency}
    m = rules.re_mult.match(text, pos)
    if m:
        form = m.group("m")
        glued = m.group("sp") == ""
        mult = None
        if form in rules.mult_cs and (glued or len(form) > 1):
            mult = rules.mult_cs[form]
        elif form.lower() in rules.mult_cur and currency and form.islower():
            mult = rules.mult_cur[form.lower()]
        elif form.lower() in rules.multipliers:
            lf = form.lower()
            short = len(lf) <= 2 or lf in ("mil", "mln", "bln", "tln", "trn", "doz", "dzs", "dozs")
            if lf in ("hundred", "thousand", "million", "billion", "trillion", "lakh", "crore", "dozen", "dozens", "lakhs", "crores") or (
                short and (glued or currency or lf in ("bn", "mn", "mln", "bln", "tln", "trn", "dzs", "dozs", "doz", "dz", "mil"))
            ):
                if not (lf == "b" and not glued):
                    mult = rules.multipliers[lf]
        if mult is not None and not (atom.year_like and not atom.digits):
            out["mult"] = mult
            pos = m.end()
            out["end"] = pos
    # currency words after the amount
    m = rules.re_pounds.match(text, pos)
    if m and (m.group("st") or out["mult"] >= 1e6 or currency):
        out.update(end=m.end(), kind="money", currency=currency or rules.cur["pounds_money"])
        return out
    m = rules.re_cur_suffix.match(text, pos)
    if m and not (m.group("c").isupper() is False and m.group("c").lower() in ("won", "rand") and m.group("sp") == ""):
        code = rules.cur_suffix[" ".join(m.group("c").lower().split())]
        if m.group("c").lower() not in ("won",) or currency:
            out.update(end=m.end(), kind="money", currency=currency or code)
            return out
    if currency:
        out["kind"] = "money"
        return out
    m = rules.re_percent.match(text, pos)
    if m:
        p = m.group("p").lower()
        if p == "pc" and m.group("sp"):
            pass
        else:
            out.update(end=m.end(), kind="percent")
            if p.startswith("percentage"):
                out["percent_unit"] = "percentage point"
            return out
    m = rules.re_duration.match(text, pos)
    if m:
        unit, factor, seconds = rules.durations[m.group("u").lower()]
        out.update(end=m.end(), kind="duration", unit=unit, dur=(factor, seconds))
        return out
    m = rules.re_unit.match(text, pos)
    if m:
        form = m.group("u")
        entry = rules.units_cs.get(form)
        key = " ".join(form.lower().split())
        if entry is None and form not in rules.units_cs:
            entry = rules.units.get(key)
            if entry is not None and form.upper() == form and form in ("MB", "GB", "TB"):
                entry = None
        glued = m.group("sp") == "" and not m.group("open")
        ok = entry is not None
        if ok and m.group("open") and {"(": ")", "[": "]", "{": "}", "<": ">"}[m.group("open")[0]] != text[m.end() - 1]:
            ok = False  # "45{kg)": brackets that do not pair are not a unit in brackets
        if ok and key in rules.glued_only and not glued:
            ok = False
        if ok and key == "m" and form == "M":
            ok = False
        if ok:
            out.update(end=m.end(), kind="measure", unit=entry["unit"], factor=entry["factor"], si=rules.si[entry["dimension"]])
            return out
    return out


def _make_number(ctx: _Ctx, start, end, value, low, high, qualifier, suf, direction=None):
    kind = suf["kind"]
    unit = None
    si_value = si_unit = None
    if kind == "money":
        unit = suf["currency"]
    elif kind == "percent":
        unit = suf["percent_unit"]
    elif kind == "measure":
        unit = suf["unit"]
        si_unit = suf["si"]
        si_value = _num_fmt(value * suf["factor"])
    elif kind == "duration":
        factor, seconds = suf["dur"]
        unit = suf["unit"]
        value, low, high = (v * factor if v is not None else None for v in (value, low, high))
        si_value = _num_fmt(value / factor * seconds) if factor else None
    return Quantity(
        quote=ctx.text[start:end], start=start, end=end, kind=kind, value=_num_fmt(value),
        low=_num_fmt(low), high=_num_fmt(high), qualifier=qualifier, unit=unit, direction=direction,
        si_value=si_value, si_unit=si_unit,
    )


def _prefix(text, start, rules: _Rules):
    """Currency symbol / code just before a number."""
    window = text[max(0, start - 6):start]
    m = rules.re_cur_prefix.search(window)
    if m:
        return rules.cur_prefix[m.group("c")], start - (len(window) - m.start("c"))
    return None, start


def _hedge_before(text, start, rules: _Rules):
    window = text[max(0, start - 48):start]
    m = rules.re_hedge_before.search(window)
    if not m:
        return None, start
    phrase = " ".join(m.group("h").lower().split())
    group = rules.hedges_before.get(phrase)
    if group is None:
        return None, start
    hstart = start - (len(window) - m.start("h"))
    return group, hstart


def _direction(text, start, end, rules: _Rules):
    window = text[max(0, start - 40):start]
    m = rules.re_dir_before.search(window)
    if m:
        return rules.dir_before[m.group("w").lower()]
    m = rules.re_dir_after.match(text, end)
    if m:
        return rules.dir_after[m.group("w").lower()]
    return None


_NUMBER_START = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty",
                 "fifty", "sixty", "seventy", "eighty", "ninety", "a hundred", "a thousand", "a dozen", "hundred", "half", "a half",
                 "a quarter", "one quarter", "eleven", "twelve", "fifteen")
_RE_NEGATIVE = re.compile(r"(?<![\w])(?:minus|negative)\s+$", re.IGNORECASE)
_RE_PART_OF = re.compile(r"(?P<sp>\s+)(?P<c>out\s+of|in|over)\s+", re.IGNORECASE)
_RE_AND_HALF = re.compile(r"\s+and\s+(?:a|one)\s+(?P<f>half|quarter)(?![\w])", re.IGNORECASE)
_RE_INCHES = re.compile(r"\s+(?:and\s+)?(?P<n>\d{1,2}(?:\.\d+)?)\s*(?:inches|inch|in\b|\")", re.IGNORECASE)
_RE_BOUNDS_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and|but|,)\s*$", re.IGNORECASE)


_RANGE_CONN = re.compile(
    r"(?P<sp1>" + _SP + r"*)(?P<c>" + _DASH + r"|~|to|through|thru|till|until|and|or)(?P<sp2>" + _SP + r"*)",
    re.IGNORECASE,
)


_RE_OF_SCALE = re.compile(r"\s+of\s+(?:a|one)\s+(?P<s>thousand|million|billion|trillion)(?![\w])", re.IGNORECASE)
_RE_CONT = re.compile(r"(?P<and>\s+and\s+|\s+)(?P<n>\d+(?![\d.,]\d)|[^\W\d_]+(?:[\s\-]+[^\W\d_]+){0,4})", re.IGNORECASE)


def _continue_number(text, rules: _Rules, atom: _Atom, value, end, suf, currency):
    """Digits mixed with number words: "3 hundred and 21", "4 thousand 3 hundred", "6 crore and two hundred".
    A following part joins when it is smaller than the last multiplier and either comes after "and" or
    carries a smaller multiplier of its own."""
    last_mult = suf["mult"]
    joined = False
    while last_mult > 1:
        m = _RE_CONT.match(text, end)
        if not m:
            break
        raw = m.group("n")
        if raw[0].isdigit():
            part, pend = float(raw), m.end("n")
        else:
            tokens = _word_tokens(raw, m.start("n"))
            parsed = _parse_words(tokens, 0, rules) if tokens and tokens[0][0] not in ("a", "an", "and") else None
            if parsed is None or parsed[2]:
                break
            part, pend = parsed[0], tokens[parsed[1] - 1][2]
        mm = rules.re_mult.match(text, pend)
        pmult = 1.0
        if mm and mm.group("sp") and mm.group("m").lower() in ("hundred", "thousand", "million", "billion", "lakh", "crore"):
            pmult = rules.multipliers[mm.group("m").lower()]
            pend = mm.end()
        with_and = m.group("and").strip().lower() == "and"
        # bare digits join only a hundred ("3 hundred and 21"); "5 million and 300 staff" stays two numbers
        if part <= 0 or part * pmult >= last_mult or not (pmult > 1 or (with_and and (last_mult == 100 or not raw[0].isdigit()))):
            break
        value += part * pmult
        end = pend
        joined = True
        last_mult = pmult
    if joined:
        suf2 = _suffix(text, end, rules, _Atom(atom.start, end, 1.0, True, "1"), currency)
        if suf2["mult"] == 1 and suf2["kind"] != "count":
            suf = dict(suf2, mult=suf["mult"])
            end = suf2["end"]
    return value, end, suf


def _numbers(ctx: _Ctx, atoms: list[_Atom]):
    text, rules = ctx.text, ctx.rules
    by_start = {a.start: idx for idx, a in enumerate(atoms)}
    consumed_until = -1
    for idx, atom in enumerate(atoms):
        if atom.start < consumed_until:
            continue
        currency, cstart = _prefix(text, atom.start, rules)
        suf = _suffix(text, atom.end, rules, atom, currency)
        value = atom.value * suf["mult"]
        end = suf["end"]
        start = cstart
        if suf["kind"] == "count" and suf["mult"] >= 100 and atom.is_int:
            value, end, suf = _continue_number(text, rules, atom, value, end, suf, currency)
        elif atom.fraction and not atom.digits and suf["mult"] == 1:
            om = _RE_OF_SCALE.match(text, end)  # "two thirds of a million"
            if om:
                value *= rules.w_scales[om.group("s").lower()]
                end = om.end()
        neg = _RE_NEGATIVE.search(text[max(0, start - 10):start])
        if neg and value > 0:
            value = -value
            start -= len(text[max(0, start - 10):start]) - neg.start()
        if suf["mult"] > 1:
            hm = _RE_AND_HALF.match(text, end)
            if hm:
                value += (0.5 if hm.group("f").lower() == "half" else 0.25) * suf["mult"]
                end = hm.end()
        if suf["kind"] == "measure" and suf["unit"] == "foot":
            im = _RE_INCHES.match(text, end)
            if im:
                value += float(im.group("n")) / 12
                end = im.end()
        if suf["kind"] == "count" and suf["mult"] == 1 and atom.is_int:
            pm = _RE_PART_OF.match(text, end)
            nxt = by_start.get(pm.end()) if pm else None
            if nxt is not None:
                other = atoms[nxt]
                osuf = _suffix(text, other.end, rules, other, None)
                c = pm.group("c").lower()
                if (osuf["kind"] == "count" and other.is_int and 0 < abs(value) < other.value * osuf["mult"]
                        and (c != "over" or not _RE_NEGATIVE.search("x") and not rules.re_duration.match(text, osuf["end"]))):
                    frac_v = value / (other.value * osuf["mult"])
                    q = Quantity(text[start:osuf["end"]], start, osuf["end"], "count", _num_fmt(frac_v), _num_fmt(frac_v), _num_fmt(frac_v))
                    ctx.add(start, osuf["end"], _PRIO_NUMBER, q)
                    consumed_until = osuf["end"]
                    continue
        # ---- range
        rng = None
        cm = _RANGE_CONN.match(text, end)
        if cm:
            conn = cm.group("c").lower()
            nxt = by_start.get(cm.end())
            if nxt is not None:
                other = atoms[nxt]
                ocur, ocstart = _prefix(text, other.start, rules)
                if ocstart != other.start and ocstart < cm.end():
                    ocur = None
                before = text[max(0, start - 9):start].lower()
                between = re.search(r"\bbetween\s+$", before) is not None
                from_ = re.search(r"\bfrom\s+$", before) is not None
                dash = conn in _DASHES or conn == "~"
                allowed = (
                    (conn == "and" and between)
                    or conn in ("to", "through", "thru", "till", "until")
                    or (conn == "or" and not atom.digits and not other.digits)
                    or (dash and (atom.digits == other.digits) and cm.group("sp1") == cm.group("sp2"))
                )
                if conn in ("to", "through", "thru", "till", "until") and not (atom.digits or other.digits):
                    allowed = allowed and (between or from_ or True)
                if allowed:
                    osuf = _suffix(text, other.end, rules, other, currency or ocur)
                    lo_mult = suf["mult"]
                    if lo_mult == 1 and osuf["mult"] != 1 and atom.value * osuf["mult"] <= other.value * osuf["mult"]:
                        lo_mult = osuf["mult"]
                    lo = atom.value * lo_mult * (-1 if neg and atom.value > 0 else 1)
                    hi = other.value * osuf["mult"]
                    same_kind = suf["kind"] == "count" or suf["kind"] == osuf["kind"]
                    if lo < hi and same_kind and not (dash and atom.year_like and other.year_like):
                        rsuf = osuf if osuf["kind"] != "count" else suf
                        if rsuf["kind"] == "count" and currency:
                            rsuf = dict(rsuf, kind="money", currency=currency)
                        rstart = start
                        if between:
                            rstart = start - (len(before) - before.rfind("between"))
                        elif from_:
                            rstart = start - (len(before) - before.rfind("from"))
                        rng = (rstart, osuf["end"], lo, hi, rsuf)
        if rng:
            rstart, rend, lo, hi, rsuf = rng
            if not re.search(r"\b(?:between|from)\s*$", text[max(0, rstart - 9):rstart].lower()):
                group, hstart = _hedge_before(text, rstart, rules)
                if group is not None and group["qualifier"] == "approximate":
                    rstart = hstart
            direction = _direction(text, rstart, rend, rules)
            ctx.add(rstart, rend, _PRIO_NUMBER, _make_number(ctx, rstart, rend, (lo + hi) / 2, lo, hi, "range", rsuf, direction))
            consumed_until = rend
            continue
        # ---- single number, hedges
        qualifier_group = None
        hm = rules.re_hedge_after.match(text, end)
        if hm and suf["kind"] in ("count", "money", "percent", "measure", "duration"):
            h = " ".join(hm.group("h").lower().split())
            if h in ("+", "-plus", "-odd") and hm.group("sp"):
                hm = None
            elif re.match(r"\s*(?:than\s+|to\s+)?(?:[-\u2212]?\d|(?:" + "|".join(_NUMBER_START) + r")\b)", text[hm.end():hm.end() + 24], re.IGNORECASE):
                hm = None
            elif h.startswith("and ") and re.match(r"\s*(?:than|or\s+equal)\b", text[hm.end():hm.end() + 12], re.IGNORECASE):
                hm = None  # "greater than 30 and less than or equal to 40": the next bound's hedge
            if hm and h in ("or equal", "or equal to"):
                # "less than 5000 or equal": the hedge before, widened to include the value
                bgroup, bstart = _hedge_before(text, start, rules)
                if bgroup is not None and bgroup["qualifier"] in ("less_than", "more_than"):
                    target = "at_most" if bgroup["qualifier"] == "less_than" else "at_least"
                    widened = next((g for g in rules.hed["before"] if g["qualifier"] == target and g.get(("high" if target == "at_most" else "low")) == 1
                                    and g.get(("low" if target == "at_most" else "high")) is None), None)
                    if widened is not None:
                        qualifier_group, start, end = widened, bstart, hm.end()
                        hm = None
            if hm:
                qualifier_group = rules.hedges_after[h]
                end = hm.end()
                if suf["kind"] == "count" and qualifier_group is not None:
                    suf2 = _suffix(text, end, rules, atom, currency)
                    if suf2["kind"] != "count":
                        suf = dict(suf2, mult=suf["mult"])
                        end = suf2["end"]
        if qualifier_group is None:
            qualifier_group, hstart = _hedge_before(text, start, rules)
            if qualifier_group is not None:
                phrase = text[hstart:start].strip().lower()
                if phrase in ("all", "all of", "all of the") and not atom.is_int:
                    qualifier_group = None
                elif phrase == "only" and atom.value != 1:
                    qualifier_group = None
                else:
                    start = hstart
        qualifier, low, high = _bounds(value, qualifier_group)
        direction = _direction(text, start, end, rules)
        ctx.add(start, end, _PRIO_NUMBER, _make_number(ctx, start, end, value, low, high, qualifier, suf, direction))
    # ---- two one-sided bounds joined: "more than 10 and fewer than 20", "at most 100 and at least 20"
    singles = sorted((c for c in ctx.cands if c[3] is not None and c[3].kind != "date"), key=lambda c: c[0])
    for (s1, e1, _, q1), (s2, e2, _, q2) in zip(singles, singles[1:]):
        if e1 > s2 or not _RE_BOUNDS_JOIN.match(text[e1:s2]) or q1.kind != q2.kind:
            continue
        lower = {q.qualifier for q in (q1, q2)}
        if lower not in ({"more_than", "less_than"}, {"more_than", "at_most"}, {"at_least", "less_than"}, {"at_least", "at_most"}):
            continue
        lo_q = q1 if q1.qualifier in ("more_than", "at_least") else q2
        hi_q = q2 if lo_q is q1 else q1
        lo, hi = lo_q.low, hi_q.high
        if lo is None or hi is None or lo >= hi:
            continue
        ctx.add(s1, e2, _PRIO_NUMBER, Quantity(text[s1:e2], s1, e2, q1.kind, _num_fmt((lo + hi) / 2), lo, hi, "range", q1.unit or q2.unit))
    # ---- vague amounts
    scan = getattr(ctx, "scan", None)
    vague_iter = (rules.re_vague.finditer(text) if scan is None else
                  (m for ws, we in _windows(text, scan["vague"], 24, word_edges=True) for m in rules.re_vague.finditer(text, ws, we)))
    for m in vague_iter:
        spec = rules.vague_by_phrase.get(" ".join(m.group(0).lower().split()))
        if spec is None:
            continue
        phrase = " ".join(m.group(0).lower().split())
        if phrase == "scores" and not re.match(r"\s+of\s", text[m.end():m.end() + 5], re.IGNORECASE):
            continue  # "he scores", "test scores": a vague amount only as "scores of"
        if phrase in ("a few", "several", "a handful", "a couple of"):
            if not re.match(r"\s+(?:of\s+)?[a-z]", text[m.end():m.end() + 8], re.IGNORECASE):
                continue
        suf = {"kind": "count"}
        start, end = m.start(), m.end()
        group, hstart = _hedge_before(text, start, rules)
        if group is not None and group["qualifier"] in ("more_than", "at_least"):
            low = spec["low"] if group["qualifier"] == "at_least" else spec["low"]
            q = Quantity(text[hstart:end], hstart, end, "count", float(spec["value"]), float(low), None, group["qualifier"])
            ctx.add(hstart, end, _PRIO_NUMBER, q)
            continue
        q = Quantity(text[start:end], start, end, "count", float(spec["value"]), float(spec["low"]), float(spec["high"]), "range")
        ctx.add(start, end, _PRIO_NUMBER, q)


def _blockers(ctx: _Ctx):
    text, rules = ctx.text, ctx.rules
    # every blocker holds a digit: look only around digit runs
    windows = _windows(text, ctx.scan["digit"], 24, word_edges=True)
    for i, rx in enumerate(rules.re_blocks):
        prio = _PRIO_BLOCK_STRONG if i < 2 else _PRIO_BLOCK
        for ws, we in windows:
            for m in rx.finditer(text, ws, we):
                ctx.add(m.start(), m.end(), prio, None)
    for ws, we in windows:
        for m in rules.re_idioms.finditer(text, ws, we):
            ctx.add(m.start(), m.end(), _PRIO_BLOCK_STRONG, None)


# ---------------------------------------------------------------- selection

def _select(ctx: _Ctx) -> list[Quantity]:
    n = len(ctx.text)
    taken = bytearray(n + 1)
    chosen = []
    for start, end, prio, q in sorted(ctx.cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if q is not None:
            chosen.append(q)
    chosen.sort(key=lambda q: q.start)
    return chosen


# ---------------------------------------------------------------- entry point

def find_quantities(text: str, reference_date: date | None = None) -> list[Quantity]:
    """Every number, quantity and date in `text` (see the module docstring for the conventions)."""
    if not isinstance(text, str) or not text:
        return []
    if reference_date is not None and not isinstance(reference_date, date):
        reference_date = None
    try:
        return _find(text[:_MAX_TEXT], reference_date)
    except Exception:  # never let one odd sentence stop an article
        logger.exception("find_quantities failed on a text of %d characters", len(text))
        return []


_RE_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_RE_VULGAR_ANY = re.compile(r"[\u00bc-\u00be\u2150-\u215e]")


def _scan(text: str, rules: _Rules) -> dict | None:
    """One cheap pass over the words and digit runs: where each scanner needs to look.
    None when the text holds nothing any scanner could read (no digit, number, calendar or vague word)."""
    dr = _date_rules()
    hits = {"digit": [], "month": [], "weekday": [], "word": [], "the": [], "numword": [], "vague": []}
    get = dr.trigger_words.get
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
    hits["the"] = [m.span() for m in dr.triggers["the"].finditer(text)]
    if not any(hits.values()) and not _RE_VULGAR_ANY.search(text):
        return None
    return hits


_THE_PREPS = frozenset(("on", "for", "by", "since", "until", "from"))


def _windows(text: str, spans, margin: int, word_edges: bool = False):
    """Merged [start - margin, end + margin) windows around spans; optionally widened to whitespace."""
    out = []
    n = len(text)
    for s, e in spans:
        ws, we = max(0, s - margin), min(n, e + margin)
        if word_edges:
            k = 0
            while ws > 0 and not text[ws - 1].isspace() and k < 64:
                ws -= 1
                k += 1
            k = 0
            while we < n and not text[we].isspace() and k < 64:
                we += 1
                k += 1
        if out and ws <= out[-1][1]:
            if we > out[-1][1]:
                out[-1][1] = we
        else:
            out.append([ws, we])
    return out


def _find(text: str, ref: date | None) -> list[Quantity]:
    rules = _rules()
    scan = _scan(text, rules)
    if scan is None:
        return []
    ctx = _Ctx(text, rules, ref)
    ctx.scan = scan
    _blockers(ctx)
    _dates(ctx)
    atoms = _atoms(text, rules, scan)
    _numbers(ctx, atoms)
    out = _select(ctx)
    for i, q in enumerate(out):
        # A quote never ends with sentence punctuation: "since 30 Sept." -> "since 30 Sept"
        end = q.end
        while end - q.start > 1 and text[end - 1] in ".,;:!?" and text[end - 2].isalpha():
            end -= 1
        if end != q.end:
            out[i] = dataclasses.replace(q, end=end, quote=text[q.start:end])
    return [q for q in out if ctx.text[q.start:q.end] == q.quote]


# ---------------------------------------------------------------- dates

class _DV:
    """A resolved date interval: low/high inclusive days; prec day|month|year|period."""

    __slots__ = ("low", "high", "prec", "explicit_year", "qualifier")

    def __init__(self, low: date, high: date, prec: str, explicit_year=True, qualifier="exact"):
        self.low, self.high, self.prec, self.explicit_year, self.qualifier = low, high, prec, explicit_year, qualifier

    def value(self) -> str:
        if self.prec == "day":
            return self.low.isoformat()
        if self.prec == "month":
            return f"{self.low.year:04d}-{self.low.month:02d}"
        if self.prec == "year":
            return f"{self.low.year:04d}"
        return f"{self.low.isoformat()}/{self.high.isoformat()}"


def _mk(y, m, d) -> date | None:
    try:
        return date(y, m, d)
    except (ValueError, OverflowError, TypeError):
        return None


def _month_dv(y, m, explicit=True) -> _DV | None:
    if not (1 <= m <= 12) or not (1 <= y <= 9999):
        return None
    return _DV(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month", explicit)


def _year_dv(y) -> _DV | None:
    if not (1 <= y <= 9999):
        return None
    return _DV(date(y, 1, 1), date(y, 12, 31), "year")


def _day_dv(d: date | None, explicit=True) -> _DV | None:
    return _DV(d, d, "day", explicit) if d else None


def _period(low: date, high: date, qualifier="range") -> _DV | None:
    if low is None or high is None or low > high:
        return None
    return _DV(low, high, "period", True, qualifier)


def _add_months(d: date, n: int) -> date | None:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    if not 1 <= y <= 9999:
        return None
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: date, n: float, unit: str) -> date | None:
    try:
        if unit == "day":
            return d + timedelta(days=round(n))
        if unit == "week":
            return d + timedelta(days=round(7 * n))
        if unit == "month":
            return _add_months(d, round(n))
        if unit == "year":
            return _add_months(d, round(12 * n))
        if unit == "decade":
            return _add_months(d, round(120 * n))
    except (OverflowError, ValueError):
        return None
    return None


def _week_of(d: date):
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _part(dv: _DV, name: str) -> _DV:
    """Part of a period by its phrase ("early", "the end of"): fractions of the period (calendar.json
    part_of_period), but whole months for a calendar year (part_of_year)."""
    r = _rules()
    name = " ".join(name.lower().split())
    a, b = r.parts[name]
    months = r.part_of_year.get(name)
    if months and dv.low.month == 1 and dv.low.day == 1 and dv.high == date(dv.low.year, 12, 31):
        y = dv.low.year
        return _DV(date(y, months[0], 1), date(y, months[1], calendar.monthrange(y, months[1])[1]), dv.prec, dv.explicit_year, dv.qualifier)
    days = (dv.high - dv.low).days + 1
    low = dv.low + timedelta(days=int(math.floor(a * days + 1e-9)))
    high = dv.low + timedelta(days=max(int(math.ceil(b * days - 1e-9)) - 1, 0))
    return _DV(low, max(low, high), dv.prec, dv.explicit_year, dv.qualifier)


def _two_digit_year(yy: int) -> int:
    return 2000 + yy if yy < 50 else 1900 + yy


class _DateRules:
    def __init__(self, r: _Rules):
        months = _alt(r.months)
        self.months = r.months
        wd_full = _alt([w for w in r.weekdays if len(w) > 4])
        wd_any = _alt(r.weekdays)
        ordw = []
        small = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
        self.day_words = {}
        for w, v in r.ordinals.items():
            if v <= 31 and float(v).is_integer():
                self.day_words[w] = int(v)
        for tens, tv in (("twenty", 20), ("thirty", 30)):
            for i, w in enumerate(small):
                if tv + i + 1 <= 31:
                    self.day_words[f"{tens}-{w}"] = tv + i + 1
                    self.day_words[f"{tens} {w}"] = tv + i + 1
        for tens, tv in (("twenty", 20),):
            for w, v in r.w_units.items():
                if 1 <= v <= 9:
                    self.day_words[f"{tens}-{w}"] = tv + v
                    self.day_words[f"{tens} {w}"] = tv + v
        ordw = _alt(self.day_words)
        full = [m for m in r.months if len(m) > 4 or m in ("may", "june", "july")]
        M = r"(?P<mon>(?:" + _alt(full) + r")|(?:" + _alt(set(r.months) - set(full)) + r")\.?)"
        D = r"(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        DW = r"(?P<dw>" + ordw + r")"
        Y = r"(?P<y>1\d{3}|20\d{2})(?!\d)"
        # A year in words ("nineteen seventy eight", "two thousand and eighteen"), where a year is expected.
        U19 = r"(?:one|two|three|four|five|six|seven|eight|nine)"
        TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
        TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        TWO = r"(?:" + TENS + r"(?:[\s\-]+" + U19 + r")?|" + TEEN + r"|" + U19 + r")"
        YW = (r"(?:(?:one|two)\s+thousand(?:\s+" + U19 + r"\s+hundred)?(?:(?:\s+and)?\s+" + TWO + r"(?![\w\-]))?"
              r"|(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+"
              r"(?:hundred(?:\s+and\s+" + TWO + r")?|(?:oh|zero|nought)\s+" + U19 + r"|" + TEEN + r"|" + TENS + r"(?:[\s\-]+" + U19 + r")?)(?![\w\-]))")
        self.re_year_words = re.compile(YW, re.IGNORECASE)
        Y2 = r"(?:" + Y + r"|(?P<yword>" + YW + r"))"
        DC = r"(?P<dc>" + _alt(list(r.w_units) + ["twenty", "thirty", "thirty one", "thirty-one"]) + r")"
        WD = r"(?:(?P<wd>" + wd_any + r")\.?,?\s+)?"
        I = re.IGNORECASE
        B = r"(?<![\w])"
        E = r"(?![\w])"
        self.points = [
            ("iso", re.compile(B + r"(?<![.\-/])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\w]|[.\-/]\d)")),
            ("iso_mon", re.compile(B + r"(?P<y>\d{4})[-/]" + M + r"[-/](?P<d>\d{1,2})" + E, I)),
            ("dmy_num", re.compile(B + r"(?<![.\-/])(?P<a>\d{1,2})(?P<s>[/.\-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\w]|[.\-/]\d)")),
            ("md_num", re.compile(B + r"(?<![.\-/,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.,]\d)")),
            ("mdy", re.compile(B + WD + M + r"(?:" + _SP + r"*[-/]" + _SP + r"*|\s+(?:the\s+)?|\.\s*|(?<=[a-z])(?=\d))" + D + r"(?:(?:,\s*|\s+)" + Y2 + r"|,\s*'?(?P<yy>\d{2})(?!\d))?" + E, I)),
            ("mdy_w", re.compile(B + WD + M + r"\s+(?:the\s+)?" + DW + r"(?:,?\s+" + Y2 + r")?" + E, I)),
            ("dmy", re.compile(B + r"(?<!\d[.,])" + WD + r"(?:the\s+)?" + D + r"\.?\s+(?:of\s+)?" + M + r"(?:,?\s+" + Y2 + r")?" + E, I)),
            ("dmy_w", re.compile(B + WD + r"(?:the\s+)?" + DW + r"\s+(?:of\s+)?" + M + r"(?:,?\s+" + Y2 + r")?" + E, I)),
            ("my", re.compile(B + r"(?:(?P<part>" + _phrase_alt(r.parts) + r")[\s\-]+)?" + M + r"\s*,?\s*(?:of\s+)?(?:" + Y2 + r"|'(?P<yy>\d{2})|(?P<yy2>[4-9]\d)(?!\d))" + E, I)),
            ("ym", re.compile(B + Y + r"\s*,?\s*" + M + E + r"(?!\s*\d)", I)),
            ("ym_num", re.compile(B + r"(?<![.\-/])" + Y + r"\s*[-/]\s*(?P<m>1[0-2]|0?[1-9])(?![\w]|[.\-/]\d)")),
            ("my_num", re.compile(B + r"(?<![.\-/])(?P<m>1[0-2]|0?[1-9])\s*[-/]\s*" + Y + r"(?![\w]|[\-/]\d)")),
            ("month", re.compile(B + r"(?:(?P<part>" + _phrase_alt(r.parts) + r")[\s\-]+|(?P<mod>last|this|next|past|previous|coming)\s+)?" + M + E
                                 + r"(?!\s*\d)(?:\s+(?:of\s+)?(?P<yrel>last|this|next|the\s+previous|the\s+following)\s+year" + E + r")?", I)),
            ("year", re.compile(B + r"(?<![$€£¥.,\-/])(?:(?P<part>" + _phrase_alt(r.parts) + r")[\s\-]+)?(?:(?P<yw>year)\s+)?(?P<y>1\d{3}|20\d{2})(?![\w%]|[.,]\d|\s*(?:%|percent|per\s*cent))", I)),
            ("decade", re.compile(B + r"(?:the\s+)?(?:(?P<c>1\d|20)(?P<d>\d)0|'(?P<d2>\d)0|(?P<d3>[1-9])0)'?s" + E, I)),
            ("decade_w", re.compile(B + r"the\s+(?P<c>nineteen\s+|eighteen\s+)?(?P<w>" + _alt(r.decade_words) + r")" + E, I)),
            ("century", re.compile(B + r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)" + _SP + r"+century" + E, I)),
            ("quarter", re.compile(B + r"(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(?:" + Y2 + r"|(?P<yrel>last|this|next)\s+year)" + E, I)),
            ("qbare", re.compile(B + r"Q(?P<q>[1-4])(?:\s+(?:of\s+)?(?P<yrel>last|this|next)\s+year)?" + E + r"(?!\s*(?:/\s*)?\d)")),
            ("nth_week", re.compile(B + r"(?:the\s+)?(?P<n>first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)\s+week\s+(?:of\s+|in\s+)?(?:"
                                    r"(?:the\s+)?(?P<rel>this|next|last|previous|current)\s+(?P<u>month|year)|" + M + r"(?:,?\s+(?P<my>1\d{3}|20\d{2}))?|" + Y2 + r")" + E, I)),
            ("rest", re.compile(B + r"(?:the\s+)?rest\s+(?:of\s+)?(?:the|this|my)?\s*(?P<u>week|month|year)" + E, I)),
            ("after_next", re.compile(B + r"(?:the\s+)?(?P<u>week|month|year|weekend)\s+after\s+(?:the\s+)?next" + E, I)),
            ("day_of_rel", re.compile(B + r"(?:the\s+)?(?:" + D + r"|" + DW + r")\s+of\s+(?:the\s+)?(?P<rel>this|next|last|previous|the\s+previous|the\s+following)\s+month" + E, I)),
            ("days_rel_month", re.compile(B + r"(?:(?P<pre>from|between)\s+)?(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s*(?:[-\u2013]|to|until|till|and|through)\s*" + D
                                          + r"\s+(?:of\s+|in\s+)?(?:the\s+)?(?P<rel>this|next|last|previous)\s+month" + E, I)),
            ("year_w", re.compile(r"(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\byear\s)|(?<=\bYear\s))(?P<yword>" + YW + r")(?=\s*(?:[.,;:!?)]|$))", I)),
            ("decade_w2", re.compile(B + r"the\s+(?:(?P<tt>two\s+thousand\s+and\s+tens|twenty[\s\-]+tens)|(?P<ts>two\s+thousands))" + E, I)),
            ("qn", re.compile(B + r"(?:Q(?P<q>[1-4])(?:\s+|\s*/\s*)?" + Y + r"|" + r"(?P<y2>1\d{3}|20\d{2})\s*Q(?P<q2>[1-4])|(?P<h0>H[12])\s*(?P<y3>1\d{3}|20\d{2})|(?P<y4>1\d{3}|20\d{2})\s*(?P<h1>H[12]))" + E)),
            ("half", re.compile(B + r"(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?:" + Y2 + r"|(?P<yrel>last|this|next)\s+year)" + E, I)),
            ("weekday", re.compile(B + r"(?:(?P<mod>last|this|next|past|previous|coming)\s+)?(?:(?P<wk>last|this|next)\s+week\s+(?:on\s+)?)?(?P<wd>" + wd_full + r")" + E
                                   + r"(?:\s+(?:of\s+)?(?P<wk2>last|this|next)\s+week|\s+the\s+" + D + r"|\s+the\s+" + DW + r"|\s+the\s+" + DC + r")?" + E, I)),
            ("wd_pair", re.compile(B + r"(?:(?P<mod>last|previous|this|next|coming)\s+week\s+)?(?P<pre>from|between)\s+(?P<a>" + wd_any + r")\.?\s+(?:to|and|until|till|through|-)\s+(?P<b>" + wd_any + r")\.?(?![\w])", I)),
            ("nth_weekday", re.compile(B + r"(?:the\s+)?(?P<n>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th)\s+(?P<wd>" + wd_full + r")"
                                       + r"(?:\s+(?:of|in)\s+(?:(?P<mon>" + months + r")|(?:the\s+)?(?P<rel>this|next|last|previous|the)\s+month))?" + E, I)),
            ("dayword", re.compile(B + r"(?P<w>" + _phrase_alt(r.day_words) + r")" + E, I)),
            ("rel_unit", re.compile(B + r"(?:(?P<part>" + _phrase_alt(r.parts) + r"|earlier|later)[\s\-]+)?(?:(?:the|this)\s+)?(?P<mod>last|this|next|past|previous|coming|current|upcoming|following)\s+(?P<u>week|month|year|weekend|decade)" + E, I)),
            ("rel_in", re.compile(B + r"(?P<p>earlier|later)\s+in\s+the\s+(?P<u>week|month|year)" + E, I)),
            ("rel_n", re.compile(B + r"(?:(?:in|over|during|for|within)\s+)?(?:the\s+)?(?P<mod>past|last|previous|recent|coming|next|upcoming)\s+(?:(?P<n>few|several|couple\s+of|couple|\d+|" + _alt(r.w_units) + r"|" + _alt(r.w_tens) + r")\s*)?(?P<u>days|weeks|months|years|decades|(?<=\d)\s*(?:day|week|month|year|decade)s?)" + E, I)),
            ("ago", re.compile(B + r"(?P<n>\d+|a|an|a\s+few|few|several|a\s+couple\s+of|" + _alt(r.w_units) + r"|" + _alt(r.w_tens) + r")\s+(?P<u>days?|weeks?|months?|years?|decades?)(?P<more>(?:(?:,\s*|\s+and\s+|\s+)\d+\s+(?:days?|weeks?|months?|years?)){0,3})\s+(?P<dir>ago|from\s+now|hence|(?:from|after|before)\s+(?:today|tomorrow|yesterday|now))" + E, I)),
            ("in_n", re.compile(B + r"in\s+(?P<n>\d+|a|an|" + _alt(r.w_units) + r"|" + _alt(r.w_tens) + r")\s+(?P<b>business\s+|working\s+)?(?P<u>days?|weeks?|months?|years?)(?P<t>'?\s*time)?" + E, I)),
            ("wd_from_now", re.compile(B + r"(?P<n>\d|a|one|two|three|four|five|six)\s+(?P<wd>" + wd_full + r")s?\s+from\s+(?:now|today)" + E, I)),
            ("weekend", re.compile(B + r"(?:(?P<mod>at|over|during|on|this|last|next|that)\s+)?(?:the\s+)?weekend" + E, I)),
            ("the_day", re.compile(r"(?:(?<=\bon\s)|(?<=\bfor\s)|(?<=\bby\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\bweek\sof\s))the\s+(?:" + D + r"|" + DW + r"|" + DC + r")(?=\s*[.,;:!?)]|\s*$)", I)),
            ("on_day", re.compile(r"(?<=\bon\s)(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?=\s*[.!?]?\s*$)", I)),
            ("day_range_dm", re.compile(B + r"(?:(?P<pre>from|between)\s+)?(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s*(?:[-\u2013]|to|until|till|and|through)\s*" + D + r"\s+(?:of\s+)?" + M + r"(?:,?\s+" + Y2 + r")?" + E, I)),
            ("day_range_md2", re.compile(B + r"(?P<pre>from|between)\s+(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:to|until|till|and|through)\s+" + M + r"\s+" + D + r"(?:,?\s+" + Y2 + r")?" + E, I)),
            ("within_n", re.compile(B + r"(?:within|in\s+less\s+than|less\s+than|in\s+under)\s+(?P<n>\d+|a|an|" + _alt(r.w_units) + r"|" + _alt(r.w_tens) + r")\s+(?P<u>days?|weeks?|months?|years?)"
                                    r"(?P<more>(?:(?:,\s*|\s+and\s+|\s+)\d+\s+(?:days?|weeks?|months?|years?)){0,3})(?:\s+(?:from|after)\s+(?P<base>today|now|tomorrow))?" + E, I)),
            ("week_n", re.compile(B + r"(?:[Ww]eek|WEEK)\s+(?P<n>5[0-3]|[1-4]\d|[1-9])(?![\w%]|[.,]\d|\s*(?:of|per|[-\u2013/]|%|percent)\b)")),
            ("day_range_md", re.compile(B + M + r"\s+(?:between\s+)?(?P<d1>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s*(?:[-\u2013]|to|until|till|and|through)\s*" + D + r"(?:,?\s+" + Y + r")?" + E, I)),
            ("year_range", re.compile(B + r"(?:(?P<pre>from|between|in)\s+)?(?P<y1>1\d{3}|20\d{2})\s*(?P<c>[-\u2013/]|to|until|till|through|and)\s*(?P<y2>1\d{3}|20\d{2}|\d{2})(?![\w%]|[.,]\d)", I)),
        ]
        # Each pattern only runs in windows around a cheap trigger: a month, a digit, a weekday...
        trig = {
            "month": r"(?<![^\W\d_])(?:" + months + r")(?![^\W\d_])",
            "digit": r"\d+",
            "weekday": r"(?<![^\W\d_])(?:" + wd_any + r")s?(?![^\W\d_])",
            "word": r"(?<![^\W\d_])(?:" + _phrase_alt(r.day_words) + r"|week|weekend|month|year|decade|days|weeks|months|years|decades|quarter|half|thousand|thousands|hundred|tens|"
                    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|" + _alt(r.decade_words) + r")(?![^\W\d_])",
            "the": r"(?<![\w])(?:on|for|by|since|until|from)\s+the(?![\w])",
        }
        self.triggers = {k: re.compile(v, I) for k, v in trig.items()}
        # The same triggers as word sets, for the one-pass scanner (`_scan`): word -> trigger names.
        tw: dict[str, set] = {}

        def put(word, name):
            tw.setdefault(word.lower(), set()).add(name)
        for w in r.months:
            put(w.rstrip("."), "month")
        for w in r.weekdays:
            put(w, "weekday")
            put(w + "s", "weekday")
        for phrase in r.day_words:
            put(phrase.split()[-1], "word")
        for w in ("week weekend month year decade days weeks months years decades quarter half thousand thousands hundred tens "
                  "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty").split():
            put(w, "word")
        for w in r.decade_words:
            put(w, "word")
        vocab_words = set(r.w_units) | set(r.w_tens) | {"hundred"} | set(r.w_scales) | set(r.w_dozen) | set(r.denominators) | {"first", "firsts"}
        for w in vocab_words:
            put(w, "numword")
        for v in r.vague:
            for w in v["pattern"].split():
                if w not in ("a", "of"):
                    put(w, "vague")
        self.trigger_words = {k: tuple(sorted(v)) for k, v in tw.items()}
        kind_trigger = {
            "iso": "digit", "iso_mon": "month", "dmy_num": "digit", "md_num": "digit", "mdy": "month", "mdy_w": "month",
            "dmy": "month", "dmy_w": "month", "my": "month", "ym": "month", "ym_num": "digit", "my_num": "digit",
            "month": "month", "year": "digit", "decade": "digit", "decade_w": "word", "century": "digit",
            "quarter": "word", "qn": "digit", "half": "word", "weekday": "weekday", "nth_weekday": "weekday", "dayword": "word", "rel_unit": "word",
            "rel_in": "word", "rel_n": "word", "ago": "word", "weekend": "word", "the_day": "the", "on_day": "digit",
            "qbare": "digit", "nth_week": "word", "rest": "word", "after_next": "word", "day_of_rel": "word", "days_rel_month": "word",
            "year_w": "word", "decade_w2": "word", "day_range_md2": "month", "within_n": "word", "week_n": "word", "in_n": "word", "wd_from_now": "weekday", "wd_pair": "weekday",
            "day_range_dm": "month", "day_range_md": "month", "year_range": "digit",
        }
        self.points = [(kind, rx, kind_trigger[kind]) for kind, rx in self.points]
        self.re_prefix_open = re.compile(
            r"(?<![\w])(?P<p>since|until|till|through|throughout|up\s+to|by|before|after|from|as\s+of|prior\s+to|ever\s+since)\s+(?:(?:the\s+)?(?:start|beginning|end|middle)\s+of\s+)?$", I)
        self.re_week_before = re.compile(r"(?<![\w])(?P<mod>last|previous|this|next|coming)\s+week\s+$", I)
        self.re_wd_only = re.compile(r"(?:" + wd_any + r")\.?", I)
        self.re_week_of = re.compile(
            r"(?<![\w])(?:(?:the\s+)?(?P<u>week|month)\s+(?:of|commencing|starting|beginning)(?:\s+on)?|w/c)\s+$", I)
        self.re_span_from = re.compile(
            r"(?<![\w])(?:for\s+)?(?P<n>\d+|a|an|" + _alt(r.w_units) + r"|" + _alt(r.w_tens) + r")\s+(?P<u>days?|weeks?|months?|years?)"
            r"(?:\s*,\s*|\s+)(?:starting(?:\s+(?:from|on))?|beginning(?:\s+on)?|from)\s+$", I)
        self.re_conn = re.compile(r"^\s*(?:[-\u2013\u2014]|to|until|till|through|thru|and)\s*$", I)
        self.re_between = re.compile(r"(?<![\w])(?P<p>between|from)\s+$", I)


@lru_cache(maxsize=1)
def _date_rules() -> _DateRules:
    return _DateRules(_rules())


def _yearless(m: int, d: int, ref: date | None, future=False) -> _DV | None:
    if ref is None:
        return None
    y = ref.year
    dd = _mk(y, m, d)
    if future:
        if dd is None or dd < ref:
            y += 1
    elif dd is None or dd > ref:
        y -= 1
        if dd is None and _mk(ref.year, m, d) is None:  # Feb 29: latest leap year on or before
            for back in range(0, 8):
                cand = _mk(ref.year - back, m, d)
                if cand and cand <= ref:
                    return _day_dv(cand, explicit=False)
            return None
    return _day_dv(_mk(y, m, d), explicit=False)


def _month_num(word: str) -> int | None:
    return _rules().months.get(word.lower().rstrip("."))


def _month_ok(word: str, whole: str) -> bool:
    """Month words that are also common words need a capital when they stand alone."""
    lw = word.lower()
    if lw in ("may", "march", "mar", "jan", "sat", "sun", "dec", "jun", "aug") and word[0].islower():
        return False
    return True


def _year_from_words(words: str) -> int | None:
    """ "nineteen seventy eight" -> 1978, "two thousand and eighteen" -> 2018, "nineteen oh one" -> 1901."""
    r = _rules()
    tokens = _word_tokens(words, 0)
    if len(tokens) >= 2 and tokens[1][0] == "thousand":
        parsed = _parse_words(tokens, 0, r)
        if parsed is None or parsed[1] != len(tokens) or parsed[2]:
            return None
        return int(parsed[0])
    century = r.w_units.get(tokens[0][0]) or r.w_tens.get(tokens[0][0])
    if not century or len(tokens) < 2:
        return None
    rest = tokens[1:]
    if rest[0][0] in ("oh", "zero", "nought"):
        rest = rest[1:]
    if rest and rest[0][0] == "hundred":
        rest = rest[1:]
        if rest and rest[0][0] == "and":
            rest = rest[1:]
    if not rest:
        return century * 100
    parsed = _parse_words(rest, 0, r)
    if parsed is None or parsed[1] != len(rest) or parsed[2] or not 0 <= parsed[0] < 100:
        return None
    return int(century * 100 + parsed[0])


def _nth_week(first: date, last: date, n: str) -> _DV | None:
    """The n-th Monday-Sunday week of a month or year: weeks counted by their Thursday (ISO 8601)."""
    monday = first - timedelta(days=first.weekday())
    if monday + timedelta(days=3) < first:
        monday += timedelta(days=7)
    if n in ("last", "final"):
        monday = last - timedelta(days=last.weekday())
        if monday + timedelta(days=3) > last:
            monday -= timedelta(days=7)
    else:
        k = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}[n]
        monday += timedelta(days=7 * (k - 1))
        if monday + timedelta(days=3) > last:
            return None
    return _period(monday, monday + timedelta(days=6))


def _resolve_point(kind: str, m: re.Match, ref: date | None, text: str) -> _DV | None:
    g = m.groupdict()
    r = _rules()
    dr = _date_rules()
    if g.get("yword"):
        yw = _year_from_words(g["yword"])
        if yw is None:
            return None
        g["y"] = str(yw)
    if kind == "year_w":
        return _year_dv(int(g["y"]))
    if kind == "decade_w2":
        y = 2010 if g.get("tt") else 2000
        return _period(date(y, 1, 1), date(y + 9, 12, 31))
    if kind == "nth_week":
        n = g["n"].lower()
        if g.get("mon"):
            mon = _month_num(g["mon"])
            if g.get("my"):
                y = int(g["my"])
            elif ref is None:
                return None
            else:
                y = ref.year if mon <= ref.month else ref.year - 1
            first = date(y, mon, 1)
            last = date(y, mon, calendar.monthrange(y, mon)[1])
            dv = _nth_week(first, last, n)
            if dv is not None and not g.get("my") and dv.low > ref and y > 1:
                first, last = date(y - 1, mon, 1), date(y - 1, mon, calendar.monthrange(y - 1, mon)[1])  # news: the past one
        elif g.get("y"):
            first, last = date(int(g["y"]), 1, 1), date(int(g["y"]), 12, 31)
        else:
            if ref is None:
                return None
            step = {"next": 1, "last": -1, "previous": -1}.get(g["rel"].lower(), 0)
            if g["u"].lower() == "month":
                first = _add_months(date(ref.year, ref.month, 1), step)
                if first is None:
                    return None
                last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
            else:
                y = ref.year + step
                if not 1 <= y <= 9999:
                    return None
                first, last = date(y, 1, 1), date(y, 12, 31)
        return _nth_week(first, last, n)
    if kind == "iso":
        return _day_dv(_mk(int(g["y"]), int(g["m"]), int(g["d"])))
    if kind == "iso_mon":
        return _day_dv(_mk(int(g["y"]), _month_num(g["mon"]), int(g["d"])))
    if kind == "dmy_num":
        a, b, y = int(g["a"]), int(g["b"]), g["y"]
        year = int(y) if len(y) == 4 else _two_digit_year(int(y))
        d = _mk(year, b, a) or _mk(year, a, b)
        return _day_dv(d)
    if kind == "md_num":
        a, b = int(g["a"]), int(g["b"])
        if a > 12 and b <= 12:
            return _yearless(b, a, ref)
        if b > 12 and a <= 12:
            return _yearless(a, b, ref)
        return None  # "3/4" is a fraction
    if kind in ("mdy", "mdy_w", "dmy", "dmy_w"):
        mon = _month_num(g["mon"])
        day = int(g["d"]) if g.get("d") else dr.day_words.get(" ".join(g["dw"].lower().split()) if g.get("dw") else "")
        if mon is None or not day:
            return None
        if kind.startswith("dmy") and not g.get("y") and g["mon"][0].islower() and g["mon"].lower() in ("may", "march", "mar"):
            return None
        if g.get("y"):
            return _day_dv(_mk(int(g["y"]), mon, day))
        if g.get("yy"):
            return _day_dv(_mk(_two_digit_year(int(g["yy"])), mon, day))
        return _yearless(mon, day, ref)
    if kind == "my":
        mon = _month_num(g["mon"])
        if g.get("y"):
            y = int(g["y"])
        else:
            y = _two_digit_year(int(g.get("yy") or g.get("yy2")))
        dv = _month_dv(y, mon)
        if dv and g.get("part"):
            dv = _part(dv, g["part"])
        return dv
    if kind == "ym":
        return _month_dv(int(g["y"]), _month_num(g["mon"]))
    if kind in ("ym_num", "my_num"):
        return _month_dv(int(g["y"]), int(g["m"]))
    if kind == "month":
        mon = _month_num(g["mon"])
        part = g.get("part")
        mod = (g.get("mod") or "").lower()
        yrel = " ".join((g.get("yrel") or "").lower().split())
        if not (part or mod or yrel) and not g["mon"][0].isupper():
            return None
        if not (part or mod or yrel) and g["mon"].lower() in ("may", "march", "mar") and not g["mon"][0].isupper():
            return None
        if g["mon"][0].islower() and g["mon"].lower() in ("may", "march", "mar"):
            return None
        if g["mon"].lower().rstrip(".") in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec") and not (part or mod or yrel):
            return None
        if ref is None:
            return None
        if yrel:
            y = ref.year + {"last": -1, "the previous": -1, "this": 0, "next": 1, "the following": 1}[yrel]
        elif mod in ("last", "past", "previous"):
            y = ref.year - 1
        elif mod in ("next", "coming"):
            y = ref.year + 1 if mon <= ref.month else ref.year
        elif mod == "this":
            y = ref.year
        else:
            y = ref.year if mon <= ref.month else ref.year - 1
        dv = _month_dv(y, mon, explicit=bool(yrel or mod))
        if dv and part:
            dv = _part(dv, part)
            if not (yrel or mod) and dv.low > ref:
                dv = _part(_month_dv(y - 1, mon, explicit=False), part)
        return dv
    if kind == "year":
        y = int(g["y"])
        part = g.get("part")
        if not part and not g.get("yw"):
            before = text[max(0, m.start() - 16):m.start()].lower()
            after = text[m.end():m.end() + 12]
            prev = re.search(r"([a-z]+)[\s\-]*$", before)
            ok = bool(prev and prev.group(1) in r.date_preps)
            if not ok and re.match(r"\s*(?:[.,;:!?)\]]|$|and\b|to\b|[-\u2013])", after) and not re.search(r"\d[\s,]*$", before):
                ok = 1800 <= y <= 2100 and not re.search(r"(?:^|\s)(?:[a-z]+\s+)?(?:of|the|than|to|over|about|some|nearly|all|had|has|have|were|was|killed|by)\s*$", before) or (prev and prev.group(1) in ("in", "since"))
            if not ok:
                return None
        dv = _year_dv(y)
        if dv and part:
            dv = _part(dv, part)
        return dv
    if kind == "decade":
        if g.get("c"):
            y = int(g["c"]) * 100 + int(g["d"]) * 10
        else:
            dd = int(g.get("d2") or g.get("d3"))
            if g.get("d3") and not m.group(0).lower().startswith("the") and "'" not in m.group(0):
                return None  # "50s" alone is more often an age
            y = 1900 + dd * 10 if dd != 0 else 2000
            if ref is not None and y + 100 <= ref.year:
                y += 100
        return _period(date(y, 1, 1), date(y + 9, 12, 31))
    if kind == "decade_w":
        before = text[max(0, m.start() - 8):m.start()].lower()
        if re.search(r"\b(?:his|her|their|its|my|your|our|mid|late|early)\s*$", before):
            return None
        dd = r.decade_words[g["w"].lower()]
        c = g.get("c")
        base = 1800 if c and c.strip().lower() == "eighteen" else (2000 if dd in (0,) else 1900)
        y = base + dd
        return _period(date(y, 1, 1), date(y + 9, 12, 31))
    if kind == "century":
        n = int(g["n"])
        if not 1 <= n <= 30:
            return None
        return _period(date(max(1, (n - 1) * 100), 1, 1), date(n * 100 - 1, 12, 31))
    if kind in ("quarter", "qn", "half"):
        if kind == "quarter":
            q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}[g["q"].lower()]
            months = 3
        elif kind == "half":
            q = 1 if g["h"].lower() == "first" else 2
            months = 6
        else:
            if g.get("q") or g.get("q2"):
                q, months = int(g.get("q") or g.get("q2")), 3
            else:
                q, months = int((g.get("h0") or g.get("h1"))[1]), 6
        y = g.get("y") or g.get("y2") or g.get("y3") or g.get("y4")
        if y:
            y = int(y)
        else:
            if ref is None:
                return None
            y = ref.year + {"last": -1, "this": 0, "next": 1}[(g.get("yrel") or "this").lower()]
        start = date(y, (q - 1) * months + 1, 1)
        end_m = q * months
        return _period(start, date(y, end_m, calendar.monthrange(y, end_m)[1]))
    # ---- everything below needs the reference date
    if ref is None:
        return None
    if kind == "weekday":
        wd = r.weekdays[g["wd"].lower()]
        if g.get("dc"):
            g["d"] = str(_CARDINAL_DAYS.get(" ".join(g["dc"].lower().replace("-", " ").split()), 0) or "") or None
        mod = (g.get("mod") or "").lower()
        wk = (g.get("wk") or g.get("wk2") or "").lower()
        day = int(g["d"]) if g.get("d") else (dr.day_words.get(" ".join(g["dw"].lower().split())) if g.get("dw") else None)
        monday, _ = _week_of(ref)
        if day:
            # "Tuesday the 15th": the nearest month whose 15th is a Tuesday (ties: the past one)
            best = None
            for step in range(-14, 3):
                mm = _add_months(date(ref.year, ref.month, 1), step)
                cand = _mk(mm.year, mm.month, day) if mm else None
                if cand and cand.weekday() == wd:
                    key = (abs((cand - ref).days), cand > ref)
                    if best is None or key < best[0]:
                        best = (key, cand)
            return _day_dv(best[1]) if best else _yearless(ref.month, day, ref)
        if wk or mod in ("this", "next", "coming"):
            shift = {"last": -7, "this": 0, "next": 7, "coming": 7}[wk or mod]
            return _day_dv(monday + timedelta(days=shift + wd))
        if mod in ("last", "past", "previous"):
            back = (ref.weekday() - wd) % 7 or 7
            return _day_dv(ref - timedelta(days=back))
        back = (ref.weekday() - wd) % 7
        return _day_dv(ref - timedelta(days=back))
    if kind == "nth_weekday":
        wd = r.weekdays[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if g.get("mon"):
            mon = _month_num(g["mon"])
            y = ref.year if mon <= ref.month else ref.year - 1
            first = date(y, mon, 1)
        else:
            step = {"next": 1, "last": -1, "previous": -1}.get(rel, 0)
            first = _add_months(date(ref.year, ref.month, 1), step)
        if first is None:
            return None
        last_day = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        nword = g["n"].lower()
        if nword == "last":
            d = last_day - timedelta(days=(last_day.weekday() - wd) % 7)
        else:
            k = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5}[nword]
            d = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (k - 1))
            if d > last_day:
                return None
        return _day_dv(d)
    if kind == "dayword":
        off = r.day_words[" ".join(g["w"].lower().split())]
        return _day_dv(ref + timedelta(days=off))
    if kind == "rel_unit":
        u = g["u"].lower()
        mod = g["mod"].lower()
        part = (g.get("part") or "").lower()
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1, "upcoming": 1, "following": 1}[mod]
        if u == "week":
            monday, sunday = _week_of(ref)
            low, high = monday + timedelta(days=7 * step), sunday + timedelta(days=7 * step)
            dv = _period(low, high)
        elif u == "weekend":
            monday, _ = _week_of(ref)
            sat = monday + timedelta(days=5 + 7 * step)
            dv = _period(sat, sat + timedelta(days=1))
        elif u == "month":
            first = _add_months(date(ref.year, ref.month, 1), step)
            dv = _month_dv(first.year, first.month) if first else None
        elif u == "year":
            dv = _year_dv(ref.year + step)
        else:  # decade
            y0 = ref.year // 10 * 10 + 10 * step
            dv = _period(date(y0, 1, 1), date(y0 + 9, 12, 31))
        if dv is None:
            return None
        if part == "earlier" and step == 0:
            return _period(dv.low, min(ref, dv.high))
        if part == "later" and step == 0:
            return _period(max(ref, dv.low), dv.high)
        if part in ("earlier", "later"):
            part = "early" if part == "earlier" else "late"
        if part and part in r.parts:
            dv = _part(dv, part)
        return dv
    if kind == "rel_in":
        u = g["u"].lower()
        if u == "week":
            low, high = _week_of(ref)
        elif u == "month":
            low, high = date(ref.year, ref.month, 1), date(ref.year, ref.month, calendar.monthrange(ref.year, ref.month)[1])
        else:
            low, high = date(ref.year, 1, 1), date(ref.year, 12, 31)
        return _period(low, ref) if g["p"].lower() == "earlier" else _period(ref, high)
    if kind in ("rel_n", "ago"):
        n_raw = " ".join((g.get("n") or "").lower().split())
        vague = n_raw in ("", "few", "a few", "several", "couple", "couple of", "a couple of")
        if n_raw in ("", "few", "a few"):
            n = 3
        elif n_raw == "several":
            n = 4
        elif n_raw in ("couple", "couple of", "a couple of"):
            n = 2
        elif n_raw in ("a", "an"):
            n = 1
            vague = False
        elif n_raw.isdigit():
            n = int(n_raw)
        else:
            n = r.w_units.get(n_raw) or r.w_tens.get(n_raw)
            if not n:
                return None
        u = re.sub(r"[^a-z]", "", g["u"].lower()).rstrip("s")
        if kind == "ago":
            direction = " ".join(g["dir"].lower().split())
            base = ref
            for word, off in (("tomorrow", 1), ("yesterday", -1)):
                if direction.endswith(word):
                    base = ref + timedelta(days=off)
            sign = -1 if direction == "ago" or direction.startswith("before") else 1
            d = _shift(base, sign * n, u)
            for mm in re.finditer(r"(\d+)\s+(day|week|month|year)", g.get("more") or ""):
                d = _shift(d, sign * int(mm.group(1)), mm.group(2)) if d else None
            if d and sign > 0 and re.search(r"(?<![\w])for\s+$", text[max(0, m.start() - 5):m.start()], re.IGNORECASE):
                return _period(base, d - timedelta(days=1))  # "for 3 days from today": the span, not its last day
            dv = _day_dv(d)
            if dv and vague:
                dv.qualifier = "approximate"
            return dv
        mod = g["mod"].lower()
        if mod == "recent" and not g.get("n"):
            n = 3
        if mod in ("next", "coming", "upcoming"):
            start = ref if m.group(0).lower().startswith("within") else ref + timedelta(days=1)
            end = _shift(ref, n, u)
            return _period(start, end) if end else None
        start = _shift(ref, -n, u)
        return _period(start, ref) if start else None
    if kind == "weekend":
        mod = (g.get("mod") or "").lower()
        monday, _ = _week_of(ref)
        if mod == "this":
            sat = monday + timedelta(days=5)
        elif mod == "next":
            sat = monday + timedelta(days=12)
        elif mod == "that":
            return None
        else:  # "the weekend", "at/over the weekend", "last weekend": the latest one
            sat = ref - timedelta(days=(ref.weekday() - 5) % 7)
            if mod == "last" and ref.weekday() >= 5:
                sat -= timedelta(days=7)
        return _period(sat, sat + timedelta(days=1))
    if kind == "wd_pair":
        a, b = r.weekdays[g["a"].lower()], r.weekdays[g["b"].lower()]
        mod = (g.get("mod") or "").lower()
        if mod:
            monday = _week_of(ref)[0] + timedelta(days={"last": -7, "previous": -7, "this": 0, "next": 7, "coming": 7}[mod])
            return _period(monday + timedelta(days=a), monday + timedelta(days=b)) if a <= b else None
        low = ref - timedelta(days=(ref.weekday() - a) % 7)
        high = low + timedelta(days=(b - a) % 7)
        if high > ref:
            low, high = low - timedelta(days=7), high - timedelta(days=7)
        return _period(low, high)
    if kind == "in_n":
        # "in three weeks" is a date only when the clause speaks of the future ("will leave in 3 weeks",
        # "in 3 weeks' time"); after a past verb it is a duration ("sold out in three weeks").
        sent = re.split(r"[.!?;]\s", text[max(0, m.start() - 80):m.start()])[-1]
        if not g.get("t") and not _RE_FUTURE.search(sent):
            return None
        n_raw = g["n"].lower()
        n = 1 if n_raw in ("a", "an") else (int(n_raw) if n_raw.isdigit() else (r.w_units.get(n_raw) or r.w_tens.get(n_raw)))
        if not n or n > 1000:
            return None
        u = g["u"].lower().rstrip("s")
        if g.get("b") and u == "day":
            d = ref
            left = n
            while left:
                d += timedelta(days=1)
                if d.weekday() < 5:
                    left -= 1
            return _day_dv(d)
        return _day_dv(_shift(ref, n, u))
    if kind == "wd_from_now":
        n_raw = g["n"].lower()
        n = int(n_raw) if n_raw.isdigit() else (1 if n_raw == "a" else r.w_units.get(n_raw))
        if not n:
            return None
        wd = r.weekdays[g["wd"].lower()]
        first = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        return _day_dv(first + timedelta(days=7 * (n - 1)))
    if kind == "within_n":
        # "within five days" is a period from now only in a clause about the future ("will be back within
        # 5 days") or counted from a stated day ("within 2 weeks from today"); else a duration.
        sent = re.split(r"[.!?;]\s", text[max(0, m.start() - 80):m.start()])[-1]
        base_w = (g.get("base") or "").lower()
        if not base_w and not _RE_FUTURE.search(sent):
            return None
        n_raw = g["n"].lower()
        n = 1 if n_raw in ("a", "an") else (int(n_raw) if n_raw.isdigit() else (r.w_units.get(n_raw) or r.w_tens.get(n_raw)))
        if not n or n > 1000:
            return None
        base = ref + timedelta(days=1) if base_w == "tomorrow" else ref
        end = _shift(base, n, g["u"].lower().rstrip("s"))
        for mm in re.finditer(r"(\d+)\s+(day|week|month|year)", g.get("more") or ""):
            end = _shift(end, int(mm.group(1)), mm.group(2)) if end else None
        return _period(base, end) if end else None
    if kind == "week_n":
        n = int(g["n"])
        for y in (ref.year, ref.year - 1):
            try:
                monday = date.fromisocalendar(y, n, 1)
            except ValueError:
                continue
            if monday <= ref:
                return _period(monday, monday + timedelta(days=6))
        return None
    if kind == "qbare":
        q = int(g["q"])
        if g.get("yrel"):
            y = ref.year + {"last": -1, "this": 0, "next": 1}[g["yrel"].lower()]
        else:
            y = ref.year if date(ref.year, (q - 1) * 3 + 1, 1) <= ref else ref.year - 1
        if not 1 <= y <= 9999:
            return None
        return _period(date(y, (q - 1) * 3 + 1, 1), date(y, q * 3, calendar.monthrange(y, q * 3)[1]))
    if kind == "rest":
        u = g["u"].lower()
        if u == "week":
            high = _week_of(ref)[1]
        elif u == "month":
            high = date(ref.year, ref.month, calendar.monthrange(ref.year, ref.month)[1])
        else:
            high = date(ref.year, 12, 31)
        return _period(ref, high)
    if kind == "after_next":
        u = g["u"].lower()
        if u in ("week", "weekend"):
            monday = _week_of(ref)[0] + timedelta(days=14)
            return _period(monday, monday + timedelta(days=6)) if u == "week" else _period(monday + timedelta(days=5), monday + timedelta(days=6))
        if u == "month":
            first = _add_months(date(ref.year, ref.month, 1), 2)
            return _month_dv(first.year, first.month) if first else None
        return _year_dv(ref.year + 2)
    if kind in ("day_of_rel", "days_rel_month"):
        rel = " ".join(g["rel"].lower().split())
        step = {"next": 1, "the following": 1, "last": -1, "previous": -1, "the previous": -1}.get(rel, 0)
        first = _add_months(date(ref.year, ref.month, 1), step)
        if first is None:
            return None
        day = int(g["d"]) if g.get("d") else dr.day_words.get(" ".join((g.get("dw") or "").lower().split()))
        if not day:
            return None
        if kind == "day_of_rel":
            return _day_dv(_mk(first.year, first.month, day))
        low, high = _mk(first.year, first.month, int(g["d1"])), _mk(first.year, first.month, day)
        if not low or not high or low >= high:
            return None
        return _period(low, high)
    if kind == "on_day":
        day = int(g["d"])
        d = _mk(ref.year, ref.month, day)
        if d is None or d > ref:
            prev = _add_months(date(ref.year, ref.month, 1), -1)
            d = _mk(prev.year, prev.month, day) if prev else None
        return _day_dv(d)
    if kind == "the_day":
        if g.get("dc"):
            g["d"] = str(_CARDINAL_DAYS.get(" ".join(g["dc"].lower().replace("-", " ").split()), 0) or "") or None
        day = int(g["d"]) if g.get("d") else dr.day_words.get(" ".join(g["dw"].lower().split()) if g.get("dw") else "")
        if not day:
            return None
        d = _mk(ref.year, ref.month, day)
        if d is None or d > ref:
            prev = _add_months(date(ref.year, ref.month, 1), -1)
            d = _mk(prev.year, prev.month, day) if prev else None
        return _day_dv(d)
    return None


_RE_FUTURE = re.compile(r"(?<![\w])(?:will|won't|'ll|shall|going\s+to|plans?\s+to|planned\s+to|expects?\s+to|expected\s+to|due\s+to|set\s+to|scheduled\s+to|"
                        r"is\s+to|are\s+to|please|can\s+you|could\s+you)(?![\w])", re.IGNORECASE)
_CARDINAL_DAYS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                  "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
                  "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "thirty one": 31}


def _resolve_range(kind, m, ref) -> _DV | None:
    g = m.groupdict()
    if g.get("yword"):
        yw = _year_from_words(g["yword"])
        if yw is None:
            return None
        g["y"] = str(yw)
    if kind in ("day_range_dm", "day_range_md", "day_range_md2"):
        mon = _month_num(g["mon"])
        d1, d2 = int(g["d1"]), int(g["d"])
        if g.get("y"):
            y = int(g["y"])
        else:
            if ref is None:
                return None
            y = ref.year if (_mk(ref.year, mon, d1) or date(ref.year, 12, 31)) <= ref else ref.year - 1
        low, high = _mk(y, mon, d1), _mk(y, mon, d2)
        if not low or not high or low >= high:
            return None
        return _period(low, high)
    if kind == "year_range":
        y1, raw2 = int(g["y1"]), g["y2"]
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100 * 100 + int(raw2))
        if y2 <= y1 or y2 - y1 > 200:
            return None
        c = g["c"].lower()
        pre = (g.get("pre") or "").lower()
        if c == "and" and pre != "between":
            return None
        if c == "/" and y2 != y1 + 1:
            return None
        return _period(date(y1, 1, 1), date(y2, 12, 31))
    return None


def _date_q(text, start, end, dv: _DV, qualifier=None) -> Quantity:
    q = qualifier or dv.qualifier
    if dv.prec == "period" and q == "exact":
        q = "range"
    return Quantity(text[start:end], start, end, "date", dv.value(), dv.low.isoformat(), dv.high.isoformat(), q)


def _dates(ctx: _Ctx):
    text, ref = ctx.text, ctx.ref
    dr = _date_rules()
    points: list[tuple[int, int, _DV]] = []
    scan = getattr(ctx, "scan", None)
    windows = {}
    for name, trig in dr.triggers.items():
        spans = scan[name] if scan is not None else [m.span() for m in trig.finditer(text)]
        windows[name] = _windows(text, spans, 48)
    for kind, rx, trig_name in dr.points:
        for m in (m for ws, we in windows[trig_name] for m in rx.finditer(text, ws, we)):
            try:
                if kind in ("day_range_dm", "day_range_md", "day_range_md2", "year_range"):
                    dv = _resolve_range(kind, m, ref)
                else:
                    dv = _resolve_point(kind, m, ref, text)
            except (ValueError, OverflowError, KeyError, TypeError, AttributeError):
                dv = None
            if dv is None:
                continue
            s, e = m.start(), m.end()
            if kind == "year_range" and m.group("pre") and m.group("pre").lower() == "in":
                s = m.start("y1")
            points.append((s, e, dv))
            ctx.add(s, e, _PRIO_DATE, _date_q(text, s, e, dv))
    if not points:
        return
    points.sort(key=lambda p: (p[0], -p[1]))
    # keep, for composition, only points not nested in a longer one
    outer = []
    for p in points:
        if outer and p[0] < outer[-1][1]:
            if p[1] - p[0] > outer[-1][1] - outer[-1][0]:
                outer[-1] = p
            continue
        outer.append(p)
    for i, (s, e, dv) in enumerate(outer):
        # ---- ranges: [between|from] P1 (and|to|-) P2
        if i + 1 < len(outer):
            s2, e2, dv2 = outer[i + 1]
            if dr.re_conn.match(text[e:s2]) and s2 - e <= 12:
                conn = text[e:s2].strip().lower()
                bm = dr.re_between.search(text[max(0, s - 10):s])
                if conn != "and" or (bm and bm.group("p").lower() == "between"):
                    low, high = dv.low, dv2.high
                    if low > high and not dv.explicit_year:
                        low = _add_months(low, -12) or low
                    if low > high and not dv2.explicit_year:
                        high = _add_months(high, 12) or high
                    per = _period(low, high)
                    rs = s - (len(text[max(0, s - 10):s]) - bm.start("p")) if bm else s
                    # "next week between Wednesday and Friday": the days of that week
                    wk = dr.re_week_before.search(text[max(0, rs - 24):rs])
                    if wk and ref is not None and dr.re_wd_only.fullmatch(text[s:e]) and dr.re_wd_only.fullmatch(text[s2:e2]):
                        step = {"last": -7, "previous": -7, "this": 0, "next": 7, "coming": 7}[wk.group("mod").lower()]
                        monday = _week_of(ref)[0] + timedelta(days=step)
                        per = _period(monday + timedelta(days=dv.low.weekday()), monday + timedelta(days=dv2.low.weekday()))
                        rs -= len(text[max(0, rs - 24):rs]) - wk.start()
                    if per is not None:
                        ctx.add(rs, e2, _PRIO_DATE, _date_q(text, rs, e2, per))
        # ---- the week / month containing a day: "the week of the 18th", "the week beginning 4 February", "w/c 4 Feb"
        window = text[max(0, s - 40):s]
        if ref is not None or dv.explicit_year:
            wm = dr.re_week_of.search(window)
            if wm and dv.prec == "day":
                ws = s - (len(window) - wm.start())
                if (wm.group("u") or "week").lower() == "month":
                    per = _month_dv(dv.low.year, dv.low.month)
                else:
                    monday = dv.low - timedelta(days=dv.low.weekday())
                    per = _period(monday, monday + timedelta(days=6))
                if per is not None:
                    ctx.add(ws, e, _PRIO_DATE, _date_q(text, ws, e, per))
            # ---- a span counted from a day: "for 3 days from today", "2 weeks starting May 20th"
            sm = dr.re_span_from.search(window)
            if sm and dv.prec == "day":
                n_raw = sm.group("n").lower()
                n = 1 if n_raw in ("a", "an") else (int(n_raw) if n_raw.isdigit() else (_rules().w_units.get(n_raw) or _rules().w_tens.get(n_raw)))
                last = _shift(dv.low, n, sm.group("u").lower().rstrip("s")) if n and n <= 1000 else None
                if last is not None and last > dv.low:
                    per = _period(dv.low, last - timedelta(days=1))
                    ss = s - (len(window) - sm.start())
                    if per is not None:
                        ctx.add(ss, e, _PRIO_DATE, _date_q(text, ss, e, per))
        # ---- "between now and November 15th", "between Jan 22 and now"
        if ref is not None:
            nm = re.search(r"(?<![\w])between\s+now\s+and\s+$", window, re.IGNORECASE)
            if nm:
                high = dv.high
                if high < ref and not dv.explicit_year:
                    high = _add_months(high, 12) or high
                per = _period(ref, high)
                if per is not None:
                    ns = s - (len(window) - nm.start())
                    ctx.add(ns, e, _PRIO_DATE, _date_q(text, ns, e, per))
            am = re.match(r"\s+and\s+now(?![\w])", text[e:e + 12], re.IGNORECASE)
            bm2 = re.search(r"(?<![\w])between\s+$", window, re.IGNORECASE)
            if am and bm2 and dv.low <= ref:
                per = _period(dv.low, ref)
                if per is not None:
                    ns = s - (len(window) - bm2.start())
                    ctx.add(ns, e + am.end(), _PRIO_DATE, _date_q(text, ns, e + am.end(), per))
        # ---- open periods
        pm = dr.re_prefix_open.search(window)
        if pm:
            p = " ".join(pm.group("p").lower().split())
            ps = s - (len(window) - pm.start("p"))
            if p in ("since", "ever since", "from", "as of"):
                if p == "from":
                    continue
                q = Quantity(text[ps:e], ps, e, "date", dv.value(), dv.low.isoformat(), None, "at_least")
            elif p in ("until", "till", "through", "throughout", "up to", "by"):
                q = Quantity(text[ps:e], ps, e, "date", dv.value(), None, dv.high.isoformat(), "at_most")
            elif p in ("before", "prior to", "after") and (dv.low == date.min or dv.high == date.max):
                continue  # no day before the first / after the last representable one
            elif p in ("before", "prior to"):
                q = Quantity(text[ps:e], ps, e, "date", dv.value(), None, (dv.low - timedelta(days=1)).isoformat(), "less_than")
            elif p == "after":
                q = Quantity(text[ps:e], ps, e, "date", dv.value(), (dv.high + timedelta(days=1)).isoformat(), None, "more_than")
            else:
                continue
            ctx.add(ps, e, _PRIO_DATE, q)
