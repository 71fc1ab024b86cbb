"""Numbers, quantities and dates in plain text: a fast rule-based scanner (no spaCy, no Django).

`find_quantities(text, reference_date)` returns every number, quantity and date found, as
`claims.nlp.types.Quantity`, sorted by start, never overlapping, with `text[start:end] == quote`.
It never raises: on any internal error it logs and returns what it has (usually nothing).
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
- Fractions are numbers ("half" -> 0.5, "two-thirds" -> 0.667, "3/4" -> 0.75).
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
- Weeks, weekends, decades and any from-to period: value "low/high" ("2015-11-09/2015-11-15")
  with qualifier "range"; periods ending at publication ("in recent weeks", "in the past few
  days") end on the reference date.
- Open periods: "since 30 September" -> qualifier at_least, value "2015-09-30", low that day,
  high None; "until/through October 2015" and "by ..." -> at_most, low None, high the last day;
  "before X" -> less_than (high = the day before X), "after X" -> more_than.
- Relative dates resolve against `reference_date` (the publication date) reading news style,
  into the past: a bare weekday is the latest such day on or before the reference date; year-less
  dates ("November 13") take the latest year that puts them on or before it; "last Friday" is
  the latest Friday before the reference day; "last month/week/year" the previous calendar one;
  "the weekend" / "at the weekend" the latest Saturday-Sunday on or before it. They resolve after
  the reference date only when the text says so ("next week", "tomorrow", "this Friday",
  "in 3 weeks' time" -> not read as a date). Weeks start on Monday.
- Without a reference date, relative dates and year-less dates are not reported (their number,
  if any, may still be reported as a count/duration).
- All-numeric dates are read day first ("27/11/2015"), month first only when the day-first
  reading is impossible ("02/22/2016"). Two-digit years below 50 are 20xx.

Not reported: times of day ("10:30", "3pm"), ordinals ("120th", "the third"), alphanumeric codes
("2A65", "F-16", "COVID-19", "abc123"), phone-number-like chains ("+1-222-2222"), names such as
"24/7" and "9/11". A calibre "152mm" is a measure (the claim filter decides what is a claim).
"""
from __future__ import annotations

import calendar
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
        vocab |= set(self.denominators)
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
        self.re_hedge_before = re.compile(r"(?:(?<![\w])|(?<=\s)|^)(?P<h>" + hb + r")" + _SP + r"*$", re.IGNORECASE)
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
            r"(?<![^\W_])(?<![.,]\d)(?P<neg>[-\u2212]" + _SP + r"?(?=\d|\.\d))?(?P<num>"
            r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
            r"|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d]|[.,]\d)(?:\.\d+)?"
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
    j = i
    if w0 in ("a", "an"):
        if i + 1 < n and (tokens[i + 1][0] in ("hundred", "dozen") or tokens[i + 1][0] in scales):
            cur, last, j = 1.0, "unit", i + 1
        elif i + 1 < n and tokens[i + 1][0] in dens and not tokens[i + 1][0].endswith("s"):
            den = dens[tokens[i + 1][0]]
            return 1.0 / den, i + 2, True
        else:
            return None
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
                last = "hundred"
            else:
                break
        elif w in scales:
            s = scales[w]
            if last in ("unit", "tens", "hundred", "dozen") and (last_scale is None or s < last_scale):
                total += cur * s
                cur = 0.0
                last = "scale"
                last_scale = s
            else:
                break
        elif w in dozen:
            if last in ("unit", "tens", "hundred"):
                cur *= 12
                last = "dozen"
            else:
                break
        elif w == "and":
            if j + 1 >= n or last is None:
                break
            nxt = tokens[j + 1][0]
            if last in ("hundred", "scale") and (nxt in units or nxt in tens):
                last = "and"
            else:
                frac = _parse_fraction_tail(tokens, j + 1, rules)
                if frac is None:
                    break
                fval, k = frac
                value = total + cur + fval
                if k < n and tokens[k][0] in scales and last_scale is None:
                    value *= scales[tokens[k][0]]
                    k += 1
                return value, k, True
        elif w == "point":
            if last is None or last == "and":
                break
            digits, k = _decimal_digits(tokens, j + 1, rules)
            if not digits:
                break
            return total + cur + float("0." + digits), k, False
        elif w in dens:
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


def _parse_fraction_tail(tokens, k, rules: _Rules):
    """'a half', 'three quarters', 'one fourth' after 'and'."""
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

def _to_float(raw: str) -> float | None:
    s = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in raw)
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


def _atoms(text: str, rules: _Rules) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in rules.re_digits.finditer(text):
        raw = m.group("num")
        val = _to_float(raw)
        if val is None:
            continue
        start, end = m.start(), m.end()
        if m.group("neg"):
            before = text[max(0, start - 1):start]
            if before and (before.isalnum() or before in _DASHES):
                start = m.start("num")
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
    for m in rules.re_slash_fraction.finditer(text):
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
    for m in rules.re_word_run.finditer(text):
        tokens = _word_tokens(m.group(0), m.start())
        i = 0
        while i < len(tokens):
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


_RANGE_CONN = re.compile(
    r"(?P<sp1>" + _SP + r"*)(?P<c>" + _DASH + r"|~|to|through|thru|till|until|and|or)(?P<sp2>" + _SP + r"*)",
    re.IGNORECASE,
)


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
                    lo = atom.value * lo_mult
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
    # ---- vague amounts
    for m in rules.re_vague.finditer(text):
        spec = rules.vague_by_phrase.get(" ".join(m.group(0).lower().split()))
        if spec is None:
            continue
        phrase = " ".join(m.group(0).lower().split())
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
    for i, rx in enumerate(rules.re_blocks):
        for m in rx.finditer(text):
            prio = _PRIO_BLOCK_STRONG if i < 2 else _PRIO_BLOCK
            ctx.add(m.start(), m.end(), prio, None)
    for m in rules.re_idioms.finditer(text):
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


def _find(text: str, ref: date | None) -> list[Quantity]:
    rules = _rules()
    ctx = _Ctx(text, rules, ref)
    _blockers(ctx)
    _dates(ctx)
    atoms = _atoms(text, rules)
    _numbers(ctx, atoms)
    out = _select(ctx)
    return [q for q in out if ctx.text[q.start:q.end] == q.quote]


