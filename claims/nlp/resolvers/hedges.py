"""Hedges and directions around a number: the qualifier and the interval the wording allows
("some 500" -> 450..550, "nearly 700" -> 630..700, "at least 224" -> 224.., "500 or more"),
and whether the number is a change ("rose by 5%" up, "cut 700 jobs" down, "a 5% fall").
Vocabulary in claims/rules/hedges.json."""
from __future__ import annotations

import re
from functools import cache

from claims.nlp.resolvers.common import SP, alt, load, norm, phrase_alt


class HedgeRules:
    def __init__(self):
        hed = load("hedges.json")
        self.groups_before = hed["before"]
        self.before: dict[str, dict] = {}
        for group in hed["before"]:
            for phrase in group["phrases"]:
                self.before.setdefault(norm(phrase), group)
        # A hedge ends right before the number; signs may touch a letter ("x>10").
        self.re_before = re.compile(
            r"(?:(?<![\w<>=])|(?<=\s)|^|(?<![<>=])(?=[<>\u2264\u2265]))(?P<h>" + phrase_alt(self.before) + r")" + SP + r"*$", re.IGNORECASE)
        self.after: dict[str, dict] = {}
        for group in hed["after"]:
            for phrase in group["phrases"]:
                self.after.setdefault(norm(phrase), group)
        self.re_after = re.compile(r"(?P<sp>" + SP + r"*)(?P<h>" + phrase_alt(self.after) + r")(?![\w])", re.IGNORECASE)
        self.dir_before = {w.lower(): d for d, words in hed["direction_before"].items() for w in words}
        fillers = phrase_alt(hed["direction_fillers"])
        self.re_dir_before = re.compile(
            r"(?<![\w])(?P<w>" + alt(self.dir_before) + r")(?:\s+by)?(?:\s+(?:" + fillers + r"))?\s*$", re.IGNORECASE)
        self.dir_after = {w.lower(): d for d, words in hed["direction_after"].items() for w in words}
        modifiers = phrase_alt(hed["direction_after_modifiers"])
        self.re_dir_after = re.compile(
            r"(?:\s+|\s*-\s*)(?:(?:" + modifiers + r")\s+)?(?P<w>" + alt(self.dir_after) + r")(?![\w])", re.IGNORECASE)


@cache
def rules() -> HedgeRules:
    return HedgeRules()


# Hedges and direction words are looked for this far before a number.
_HEDGE_WINDOW = 48
_DIRECTION_WINDOW = 40


def hedge_before(text: str, start: int):
    """(group, start of the hedge) of a hedge written just before `start`, or (None, start)."""
    r = rules()
    window = text[max(0, start - _HEDGE_WINDOW):start]
    m = r.re_before.search(window)
    if not m:
        return None, start
    group = r.before.get(norm(m.group("h")))
    if group is None:
        return None, start
    return group, start - (len(window) - m.start("h"))


def hedge_after(text: str, end: int):
    """(group, phrase, match) of a hedge written right after a number, or None."""
    r = rules()
    m = r.re_after.match(text, end)
    if not m:
        return None
    h = norm(m.group("h"))
    return r.after[h], h, m


def roundness(value: float) -> float:
    """The place of the last significant digit: 500 -> 100, 2200 -> 100, 1.5 -> 0.1."""
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
    return 10.0 ** -(len(s.split(".", 1)[1]) if "." in s else 0)


def bounds(value: float, group: dict | None):
    """(qualifier, low, high) a hedge group gives a value: factors of it, None for unbounded,
    "round" for a rounding tolerance (half the roundness, at least 10%)."""
    if group is None:
        return "exact", value, value

    def bound(spec, sign):
        if spec is None:
            return None
        if spec == "round":
            return value + sign * max(0.5 * roundness(value), 0.1 * abs(value))
        return value * spec

    low, high = bound(group.get("low"), -1), bound(group.get("high"), +1)
    if low is not None and high is not None and low > high:
        low, high = high, low  # negative values
    return group["qualifier"], low, high


def direction(text: str, start: int, end: int) -> str | None:
    """"up" / "down" when the words around the number make it a change, else None."""
    r = rules()
    m = r.re_dir_before.search(text[max(0, start - _DIRECTION_WINDOW):start])
    if m:
        return r.dir_before[m.group("w").lower()]
    m = r.re_dir_after.match(text, end)
    if m:
        return r.dir_after[m.group("w").lower()]
    return None
