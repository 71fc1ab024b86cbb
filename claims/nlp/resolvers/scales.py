"""Measures read on a named scale: earthquake magnitudes ("a 6.4-magnitude quake", "magnitude 5.1",
"6.8 on the Richter scale"), storm categories ("a Category 3 hurricane") and coordinates
("27.7°N"); ages in apposition ("Maria Lopez, 34,"), a duration in years; and multiplying
words ("twice as many", "double the estimate"), counts of their factor; one unit of time
written with "a" ("a week after the vote"), a duration. The scale is written before the number or after it, not as a unit suffix, so the
figure reader would take the number for a count. Patterns in claims/rules/scales.json."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.nlp.resolvers import hedges
from claims.nlp.resolvers.common import DASH, PRIO_DATE, PRIO_NUMBER, SP, Ctx, alt, expand, load, windows
from claims.nlp.resolvers.figures import fmt
from claims.nlp.resolvers.numbers import Atom
from claims.nlp.types import Quantity

# A scale word is looked for this far before a number.
_BEFORE_WINDOW = 24
_YEAR_SECONDS = 31557600


@dataclass(frozen=True)
class Scale:
    unit: str
    before: re.Pattern | None
    after: re.Pattern | None
    after_check: re.Pattern | None
    in_quote: bool
    decimal_only: bool
    max: float


@cache
def rules() -> list[Scale]:
    parts = {"SP": SP, "DASH": DASH}

    def rx(entry, key):
        return re.compile(expand(entry[key], parts)) if entry.get(key) else None

    return [Scale(e["unit"], rx(e, "before"), rx(e, "after"), rx(e, "after_check"), e["in_quote"],
                  bool(e.get("decimal_only")), float(e["max"])) for e in load("scales.json")["scales"]]


@cache
def one_figure_within(unit: str) -> float | None:
    """How far apart two figures on a logarithmic scale may be and still report one figure (see
    scales.json); None for a unit compared by ratio."""
    return load("scales.json")["one_figure_within"].get(unit)


@cache
def _re_age() -> re.Pattern:
    return re.compile(expand(load("scales.json")["age_in_apposition"], {"SP": SP, "DASH": DASH}))


def read_ages(ctx: Ctx) -> None:
    """Ages after a name: "Maria Lopez, 34, said" -> 34 years (the number alone is the quote)."""
    text = ctx.text
    for ws, we in windows(text, ctx.scan["digit"], 64):
        for m in _re_age().finditer(text, ws, we):
            start, end = m.span("n")
            n = float(m.group("n"))
            ctx.add(start, end, PRIO_DATE, Quantity(
                quote=text[start:end], start=start, end=end, kind="duration", value=n, low=n, high=n,
                unit="year", si_value=fmt(n * _YEAR_SECONDS)))


class MultiplierRules:
    def __init__(self):
        spec = load("scales.json")
        parts = {"SP": SP, "DASH": DASH}
        self.factors: dict[str, int] = spec["multipliers"]
        self.always = set(spec["multipliers_always"])
        self.re_word = re.compile(r"(?<![\w\-])(?:" + alt(self.factors) + r")(?![\w\-])", re.IGNORECASE)
        self.re_before = re.compile(expand(spec["multiplier_before"], parts), re.IGNORECASE)
        self.re_after = re.compile(expand(spec["multiplier_after"], parts), re.IGNORECASE)


@cache
def multiplier_rules() -> MultiplierRules:
    return MultiplierRules()


def read_multipliers(ctx: Ctx) -> None:
    """"twice as many", "double the estimate", "more than double": a count of the factor, with
    the hedge before it."""
    text, r = ctx.text, multiplier_rules()
    for ws, we in windows(text, ctx.scan["multiplier"], 0):
        for m in r.re_word.finditer(text, ws, we):
            word = m.group(0).lower()
            before = text[max(0, m.start() - _BEFORE_WINDOW):m.start()]
            if word not in r.always and not (r.re_after.match(text, m.end()) or r.re_before.search(before)):
                continue
            value = float(r.factors[word])
            start, end = m.span()
            group, hstart = hedges.hedge_before(text, start)
            if group is not None:
                start = hstart
            qualifier, low, high = hedges.bounds(value, group)
            ctx.add(start, end, PRIO_DATE, Quantity(
                quote=text[start:end], start=start, end=end, kind="count", value=value, low=fmt(low), high=fmt(high),
                qualifier=qualifier))


_ONE_UNIT = {"day": ("day", 1), "night": ("day", 1), "week": ("week", 1), "fortnight": ("week", 2), "month": ("month", 1),
             "year": ("year", 1), "decade": ("year", 10), "century": ("year", 100)}
_SECONDS = {"day": 86400, "week": 604800, "month": 2629800, "year": 31557600}


@cache
def _re_one_unit() -> tuple[re.Pattern, re.Pattern]:
    spec, parts = load("scales.json"), {"SP": SP, "DASH": DASH}
    return (re.compile(expand(spec["one_unit"], parts), re.IGNORECASE),
            re.compile(expand(spec["one_unit_not_after"], parts), re.IGNORECASE))


def read_one_unit(ctx: Ctx) -> None:
    """"a week after the vote", "nearly a century": one unit of time, with the hedge before it."""
    text = ctx.text
    re_one, re_not_after = _re_one_unit()
    for ws, we in windows(text, ctx.scan["word"], 4, word_edges=True):
        for m in re_one.finditer(text, ws, we):
            if re_not_after.search(text[max(0, m.start() - 24):m.start()]):
                continue
            unit, value = _ONE_UNIT[m.group("u").lower()]
            start, end = m.span()
            group, hstart = hedges.hedge_before(text, start)
            if group is not None:
                start = hstart
            qualifier, low, high = hedges.bounds(float(value), group)
            ctx.add(start, end, PRIO_NUMBER, Quantity(
                quote=text[start:end], start=start, end=end, kind="duration", value=float(value), low=fmt(low),
                high=fmt(high), qualifier=qualifier, unit=unit, si_value=fmt(value * _SECONDS[unit])))


def read_scales(ctx: Ctx, atoms: list[Atom]) -> None:
    """A measure candidate for every number written with a scale. It wins over the plain count of
    the same number: it is longer, or (a quake noun left out of the quote) it ranks first."""
    text = ctx.text
    for atom in atoms:
        if not atom.digits or atom.value < 0:
            continue
        for scale in rules():
            if atom.value > scale.max or (scale.decimal_only and float(atom.value).is_integer()):
                continue
            start, end = atom.start, atom.end
            if scale.before is not None:
                window_start = max(0, atom.start - _BEFORE_WINDOW)
                m = scale.before.search(text[window_start:atom.start])
                if not m:
                    continue
                if scale.in_quote:
                    start = window_start + m.start()
            if scale.after is not None:
                m = scale.after.match(text, atom.end)
                if not m:
                    continue
                if scale.in_quote:
                    end = m.end()
            if scale.after_check is not None and not scale.after_check.match(text, end):
                continue
            group, hstart = hedges.hedge_before(text, start)
            if group is not None:
                start = hstart
            qualifier, low, high = hedges.bounds(atom.value, group)
            ctx.add(start, end, PRIO_DATE, Quantity(
                quote=text[start:end], start=start, end=end, kind="measure", value=fmt(atom.value), low=fmt(low),
                high=fmt(high), qualifier=qualifier, unit=scale.unit))
            break
