"""Plain data shared by the NLP core and the cross-check: no Django, no spaCy."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

KINDS = ("count", "date", "duration", "measure", "money", "percent")
QUALIFIERS = ("exact", "approximate", "at_least", "more_than", "at_most", "less_than", "range")
DIRECTIONS = ("up", "down")


@dataclass(frozen=True)
class Quantity:
    """One number, quantity or date found in a text, whether or not it is a claim.

    Numbers: `value`, `low`, `high` are floats in the stated unit (percent in percent, money in
    currency units with an ISO code as `unit`); `low` / `high` are None when unbounded.
    Dates: `value` is an ISO string at the precision known ("2015-11-13", "2015-10", "2014");
    `low` / `high` are ISO day strings of the calendar interval it covers (None when open).
    Durations: `value` in the stated `unit` ("hour", "day", "week", "month", "year").
    """

    quote: str
    start: int
    end: int
    kind: str
    value: float | str | None
    low: float | str | None
    high: float | str | None
    qualifier: str = "exact"
    unit: str | None = None
    direction: str | None = None
    # Not part of the `quantities` contract: the SI form of a measure ("km" -> "m") for comparing.
    si_value: float | None = None
    si_unit: str | None = None

    def contract(self) -> dict:
        """The `quantities` command shape (DESIGN.md)."""
        data = asdict(self)
        data.pop("si_value")
        data.pop("si_unit")
        return data


@dataclass
class ClaimData:
    """A quantity read in its sentence: what it counts, what happened, who says so, and when."""

    quantity: Quantity
    sentence: str
    sentence_start: int
    subject: str = ""
    predicate: str = ""
    attributed_to: str = ""
    places: list[str] = field(default_factory=list)
    # Where the places were read: "figure" (written with it: "56 in Bihar", its clause), else
    # "sentence", "before" (the sentence before), "article" (the place the article is about).
    # Only a place of the figure's own is a scope that makes another fact ("in Kathmandu" is
    # not Nepal's toll); the others say where the story is. "employer": the company whose jobs
    # the figure counts; "organisation": an organisation named where no place is.
    places_from: str = ""
    # The organisations its sentence (or the one before) names, read when it names no place: a
    # company's job cuts are about the company when the article names no place (not stored).
    organisations: list[str] = field(default_factory=list)
    refers_start: date | None = None
    refers_end: date | None = None
    # A total accumulated over time ("since 2011", "so far", "death toll"): later figures may grow.
    running_total: bool = False
    # Its part in a sum stated in the text: "part" ("six other attacks"), "total" ("brought the
    # total to 16"), "share" ("five of which": a breakdown, not an addend), or "".
    role: str = ""
    # The event the figure belongs to, as its sentence names it ("earthquake", "hurricane
    # Maria"), and words that make it a different figure from one that otherwise reads the same:
    # "forecast", "only", "across", "part of day", "increment", "part of place" (see claims.nlp.about.scope_of).
    event: str = ""
    scope: str = ""


def iso_day(value) -> date | None:
    """The day an ISO date string starts with ("2015-11-13", "2015-11-13/2015-11-19"), or None."""
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
