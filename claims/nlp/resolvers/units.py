"""Units after a number: measures ("60 km", "152mm", "10 to 12 km") with their SI form, and
percentages ("5%", "five per cent", "2 percentage points"). Vocabulary in claims/rules/units.json."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.nlp.resolvers.common import DASH, SP, load, norm

_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}


_RE_DASH = re.compile(DASH)


def _unit_alt(forms) -> str:
    """Alternation of unit forms; the words of a form may also be joined by a hyphen, as in the
    compound adjective "a 1,200-square-mile area"."""
    joint = r"(?:\s+|" + DASH + r")"
    out = []
    for form in sorted(set(forms), key=lambda w: (-len(w), w)):
        out.append(joint.join(re.escape(part) for part in form.split()))
    return "|".join(out)


@dataclass(frozen=True)
class Unit:
    end: int
    unit: str
    factor: float  # to the SI unit
    si: str


class UnitRules:
    def __init__(self):
        uni = load("units.json")
        self.si = uni["si"]
        self.glued_only = set(uni["glued_only"])
        cs = set(uni["case_sensitive"])
        self.units: dict[str, dict] = {}
        self.units_cs: dict[str, dict] = {}
        for entry in uni["units"]:
            for form in entry["forms"]:
                if form in cs:
                    self.units_cs[form] = entry
                else:
                    self.units[norm(form)] = entry
        # A unit may stand in brackets right after the number ("45 (kg)"), never across an
        # unpaired bracket ("45{kg)").
        self.re_unit = re.compile(
            r"(?P<sp>" + SP + r"*(?:" + DASH + SP + r"*)?)(?P<open>[(\[{<]" + SP + r"*)?(?P<u>" + _unit_alt(set(self.units) | set(self.units_cs))
            + r")(?(open)" + SP + r"*[)\]}>])(?![^\W_])",
            re.IGNORECASE,
        )
        self.re_percent = re.compile(
            r"(?P<sp>" + SP + r"*)(?P<p>%|percentage" + SP + r"+points?|per" + SP + r"*cent|percent|pct|pc)(?![^\W_])", re.IGNORECASE
        )


@cache
def rules() -> UnitRules:
    return UnitRules()


def match_unit(text: str, pos: int) -> Unit | None:
    """The measure unit written at `pos` (after a number), or None."""
    r = rules()
    m = r.re_unit.match(text, pos)
    if not m:
        return None
    form = m.group("u")
    key = norm(_RE_DASH.sub(" ", form)) if " " in form or _RE_DASH.search(form) else norm(form)
    entry = r.units_cs.get(form)
    if entry is None and form not in r.units_cs:
        entry = r.units.get(key)
    if entry is None:
        return None
    if m.group("open") and _PAIRS[m.group("open")[0]] != text[m.end() - 1]:
        return None
    glued = m.group("sp") == "" and not m.group("open")
    if key in r.glued_only and not glued:
        return None  # "5 t", "3 g": letters standing apart are too often something else
    if key == "m" and form == "M":
        return None  # "5M" is five million
    return Unit(m.end(), entry["unit"], entry["factor"], r.si[entry["dimension"]])


def match_percent(text: str, pos: int):
    """(end, unit) of a percent sign or word at `pos`: unit "percentage point" or None."""
    m = rules().re_percent.match(text, pos)
    if not m:
        return None
    p = m.group("p").lower()
    if p == "pc" and m.group("sp"):
        return None  # "5 pc" is a computer, "5pc" a percentage
    return m.end(), ("percentage point" if p.startswith("percentage") else None)
