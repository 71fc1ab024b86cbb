"""Durations: a number of seconds to centuries ("72 hours", "a four-month conflict", "nearly
five-year civil war"). Value in the stated unit (decades and centuries in years), SI value in
seconds. Vocabulary in claims/rules/units.json ("durations")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.nlp.resolvers.common import DASH, SP, alt, load


@dataclass(frozen=True)
class Duration:
    end: int
    unit: str
    factor: float  # stated unit -> `unit` ("decade" -> 10 years)
    seconds: float  # seconds in one stated unit


class DurationRules:
    def __init__(self):
        self.forms: dict[str, tuple[str, float, float]] = {}
        for name, entry in load("units.json")["durations"].items():
            unit, factor = (entry["as"][0], entry["as"][1]) if "as" in entry else (name, 1)
            for form in entry["forms"]:
                self.forms[form] = (unit, factor, entry["seconds"])
        qualifiers = alt(load("units.json")["duration_qualifiers"])
        # "a five-year-old", "a 10-day-long strike" keep their duration
        self.re_duration = re.compile(
            r"(?P<sp>" + SP + r"*(?:" + DASH + SP + r"*)?)(?:(?:" + qualifiers + r")" + SP + r"+)?(?P<u>" + alt(self.forms) + r")(?P<old>" + DASH + r"olds?|" + DASH + r"long)?(?![^\W_])",
            re.IGNORECASE,
        )


@cache
def rules() -> DurationRules:
    return DurationRules()


def match_duration(text: str, pos: int) -> Duration | None:
    m = rules().re_duration.match(text, pos)
    if not m:
        return None
    unit, factor, seconds = rules().forms[m.group("u").lower()]
    return Duration(m.end(), unit, factor, seconds)
