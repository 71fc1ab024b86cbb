"""One figure: a number with what is written around it — a currency before it, a magnitude,
currency, percent sign, duration or unit after it, a hedge on either side, and whether it is a
change. The kinds come from `money`, `units` and `durations`; hedges from `hedges`."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from claims.nlp.resolvers import durations, hedges, money, numbers, units
from claims.nlp.resolvers.common import PRIO_NUMBER, Ctx
from claims.nlp.resolvers.numbers import Atom
from claims.nlp.types import Quantity


@dataclass
class Suffix:
    """What follows a number: its magnitude and what makes it money, a percentage, a duration or a measure."""

    end: int
    mult: float = 1.0
    kind: str = "count"
    unit: str | None = None
    factor: float | None = None  # measure: to SI
    si: str | None = None
    dur: tuple[float, float] | None = None  # duration: (to `unit`, seconds per stated unit)
    currency: str | None = None


def read_suffix(text: str, pos: int, currency: str | None) -> Suffix:
    suf = Suffix(end=pos, currency=currency)
    mult = numbers.match_multiplier(text, pos, currency)
    if mult is not None:
        suf.mult, pos = mult
        suf.end = pos
    cur = money.currency_after(text, pos, currency, suf.mult)
    if cur is not None:
        suf.kind, suf.currency, suf.end = "money", cur[0], cur[1]
        return suf
    if currency:
        suf.kind = "money"
        return suf
    pct = units.match_percent(text, pos)
    if pct is not None:
        suf.kind, (suf.end, suf.unit) = "percent", pct
        return suf
    dur = durations.match_duration(text, pos)
    if dur is not None:
        suf.kind, suf.end, suf.unit, suf.dur = "duration", dur.end, dur.unit, (dur.factor, dur.seconds)
        return suf
    unit = units.match_unit(text, pos)
    if unit is not None:
        suf.kind, suf.end, suf.unit, suf.factor, suf.si = "measure", unit.end, unit.unit, unit.factor, unit.si
    return suf


def is_pronoun(text: str, start: int, end: int) -> bool:
    """A lone "one" that is a pronoun ("the one you mentioned", "one of them"), not a count."""
    if units.rules().re_unit.match(text, end) or durations.rules().re_duration.match(text, end):
        return False  # "one km", "one day": a unit follows, whatever it turns out to be
    r = numbers.rules()
    prev = re.search(r"([^\W\d_]+)\W*$", text[max(0, start - 20):start])
    if prev and prev.group(1).lower() in r.one_pronoun_before:
        return True
    return bool(r.re_one_after.match(text, end))


def fmt(v: float | None) -> float | None:
    return None if v is None else float(round(v, 10))


def make_number(text: str, start: int, end: int, value: float, low, high, qualifier: str, suf: Suffix, direction=None) -> Quantity:
    kind, unit, si_value, si_unit = suf.kind, None, None, None
    if kind in ("money",):
        unit = suf.currency
    elif kind == "percent":
        unit = suf.unit
    elif kind == "measure":
        unit, si_unit, si_value = suf.unit, suf.si, fmt(value * suf.factor)
    elif kind == "duration":
        factor, seconds = suf.dur
        unit = suf.unit
        value, low, high = (v * factor if v is not None else None for v in (value, low, high))
        si_value = fmt(value / factor * seconds) if factor else None
    return Quantity(
        quote=text[start:end], start=start, end=end, kind=kind, value=fmt(value), low=fmt(low), high=fmt(high),
        qualifier=qualifier, unit=unit, direction=direction, si_value=si_value, si_unit=si_unit,
    )


_RE_NEGATIVE = re.compile(r"(?<![\w])(?:minus|negative)\s+$", re.IGNORECASE)
_RE_OF_SCALE = re.compile(r"\s+of\s+(?:a|one)\s+(?P<s>thousand|million|billion|trillion)(?![\w])", re.IGNORECASE)
_RE_AND_HALF = re.compile(r"\s+and\s+(?:a|one)\s+(?P<f>half|quarter)(?![\w])", re.IGNORECASE)
_RE_INCHES = re.compile(r"\s+(?:and\s+)?(?P<n>\d{1,2}(?:\.\d+)?)\s*(?:inches|inch|in\b|\")", re.IGNORECASE)


@dataclass
class Figure:
    """A number read with its prefix and suffix, before hedges: [start, end) and its value."""

    atom: Atom
    start: int
    end: int
    value: float
    suf: Suffix
    currency: str | None
    negative_word: bool = False


def read_figure(text: str, atom: Atom) -> Figure:
    currency, start = money.currency_before(text, atom.start)
    suf = read_suffix(text, atom.end, currency)
    value, end = atom.value * suf.mult, suf.end
    if suf.kind == "count" and suf.mult >= 100 and atom.is_int:
        value, end, joined = numbers.continue_number(text, value, end, suf.mult)
        if joined:
            suf2 = read_suffix(text, end, currency)
            if suf2.mult == 1 and suf2.kind != "count":
                suf, end = dataclasses.replace(suf2, mult=suf.mult), suf2.end
    elif atom.fraction and not atom.digits and suf.mult == 1:
        om = _RE_OF_SCALE.match(text, end)  # "two thirds of a million"
        if om:
            value *= numbers.rules().scales[om.group("s").lower()]
            end = om.end()
    fig = Figure(atom, start, end, value, suf, currency)
    neg = _RE_NEGATIVE.search(text[max(0, start - 10):start])
    if neg and value > 0:
        fig.value = -value
        fig.start -= len(text[max(0, start - 10):start]) - neg.start()
        fig.negative_word = True
    if suf.mult > 1:
        hm = _RE_AND_HALF.match(text, fig.end)  # "two million and a half"
        if hm:
            fig.value += (0.5 if hm.group("f").lower() == "half" else 0.25) * suf.mult
            fig.end = hm.end()
    if suf.kind == "measure" and suf.unit == "foot":
        im = _RE_INCHES.match(text, fig.end)  # "5 feet 6 inches"
        if im:
            fig.value += float(im.group("n")) / 12
            fig.end = im.end()
    return fig


_NUMBER_START = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty",
                 "fifty", "sixty", "seventy", "eighty", "ninety", "a hundred", "a thousand", "a dozen", "hundred", "half", "a half",
                 "a quarter", "one quarter", "eleven", "twelve", "fifteen")
_RE_NUMBER_NEXT = re.compile(r"\s*(?:than\s+|to\s+)?(?:[-\u2212]?\d|(?:" + "|".join(_NUMBER_START) + r")\b)", re.IGNORECASE)
_RE_NEXT_BOUND = re.compile(r"\s*(?:than|or\s+equal)\b", re.IGNORECASE)


def _hedge_after(ctx: Ctx, fig: Figure):
    """(group, end, suffix) of a hedge after the figure ("500 or more", "10,000-plus"), or None."""
    text = ctx.text
    found = hedges.hedge_after(text, fig.end)
    if found is None:
        return None
    group, h, hm = found
    if h in ("+", "-plus", "-odd") and hm.group("sp"):
        return None
    if _RE_NUMBER_NEXT.match(text, hm.end()):
        return None  # "10 or 12", "5 and more than 6": the next number's words
    if h.startswith("and ") and _RE_NEXT_BOUND.match(text, hm.end()):
        return None  # "greater than 30 and less than or equal to 40": the next bound's hedge
    end, suf = hm.end(), fig.suf
    if suf.kind == "count":
        suf2 = read_suffix(text, end, fig.currency)  # "40 or more people", "10-plus km"
        if suf2.kind != "count":
            suf, end = dataclasses.replace(suf2, mult=suf.mult), suf2.end
    return group, end, suf


def add_single(ctx: Ctx, fig: Figure) -> None:
    """The figure alone, with its hedge: "some 500", "nearly 700", "500 or more", "all 224"."""
    text = ctx.text
    group, start, end, suf = None, fig.start, fig.end, fig.suf
    after = _hedge_after(ctx, fig)
    if after is not None:
        group, end, suf = after
        start = fig.start
    else:
        group, hstart = hedges.hedge_before(text, start)
        if group is not None:
            phrase = text[hstart:start].strip().lower()
            if phrase in ("all", "all of", "all of the") and not fig.atom.is_int:
                group = None  # "all 2.5": not a whole set
            elif phrase == "only" and fig.atom.value != 1:
                group = None  # "only 5" is exact but not a hedge worth reading apart
            else:
                start = hstart
    qualifier, low, high = hedges.bounds(fig.value, group)
    ctx.add(start, end, PRIO_NUMBER, make_number(text, start, end, fig.value, low, high, qualifier, suf, hedges.direction(text, start, end)))
