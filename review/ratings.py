"""The fixed rating scale of published ClaimReviews, read from review/rules/ratings.json."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES = Path(__file__).parent / "rules" / "ratings.json"


@dataclass(frozen=True)
class Rating:
    key: str
    alternate_name: str
    value: int
    description: str


@dataclass(frozen=True)
class Scale:
    worst: int
    best: int
    ratings: dict[str, Rating]

    def get(self, key: str) -> Rating:
        try:
            return self.ratings[key]
        except KeyError:
            raise KeyError(f"unknown rating {key!r}: use one of {', '.join(self.ratings)}") from None


@cache
def scale() -> Scale:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    ratings = {
        key: Rating(key, r["alternateName"], int(r["ratingValue"]), r.get("description", ""))
        for key, r in data["ratings"].items()
    }
    worst, best = int(data["worst"]), int(data["best"])
    for rating in ratings.values():
        # A rating outside the scale would be published as a nonsense value: refuse to start.
        if not worst <= rating.value <= best:
            raise ValueError(f"{RULES}: rating {rating.key} has value {rating.value} outside {worst}..{best}")
    return Scale(worst, best, ratings)
