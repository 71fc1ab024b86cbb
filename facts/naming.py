"""Readable names of facts ("deaths · Paris · 13 Nov 2015" rather than "count · people · kill —
Paris"): a pure function over what a fact is about, with its wording as data in
facts/rules/names.json."""
from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from claims.nlp.reading import lexicon, predicate_class, subject_class

RULES = Path(__file__).resolve().parent / "rules" / "names.json"
SEPARATOR = " · "


@cache
def rules() -> dict:
    return json.loads(RULES.read_text())


def fact_name(
    kind: str, subject: str, predicate: str, event: str = "", places: list[str] | tuple = (),
    event_date: date | None = None, unit: str = "",
) -> str:
    """What is counted, the event and place, and the date: "deaths · Paris attacks · 13 Nov 2015",
    "fuel trucks destroyed · Syria", "date of attack · Paris". Any part not known is left out."""
    parts = [what_is_counted(kind, subject, predicate, unit)]
    place = next((p.strip() for p in places if p and p.strip()), "")
    event = (event or "").strip()
    if event and place and event.casefold() not in place.casefold() and place.casefold() not in event.casefold():
        # "attacks" in Paris are "Paris attacks"; "hurricane Maria" stands by itself beside its place.
        parts += [f"{place} {event}"] if _common_noun(event) else [event, place]
    else:
        parts.append(event or place)
    if event_date is not None and kind != "date":
        parts.append(short_date(event_date))
    return SEPARATOR.join(p for p in parts if p)


def what_is_counted(kind: str, subject: str, predicate: str, unit: str = "") -> str:
    """ "deaths", "fuel trucks destroyed", "jobs cut", "date of attack", "distance (km)"."""
    subject, predicate = (subject or "").strip().lower(), (predicate or "").strip().lower()
    head = subject.split()[-1] if subject else ""
    subject_cls = subject_class(head) if head else ""
    # "300,000 deaths" says what happened by its noun alone.
    predicate = predicate or lexicon()["implied_predicate"].get(head, "")
    predicate_cls = predicate_class(predicate) if predicate else ""
    named = rules()["names"]
    what = named.get(f"{subject_cls}|{predicate_cls}")
    if what is not None:
        what = what.format(subjects=plural(subject or subject_cls))
    if what is None and kind == "date":
        what = " ".join(w for w in (predicate, subject) if w)
    if what is None:
        # The words themselves when they are in no class ("medical personnel"), else the class.
        noun = subject if subject_cls == head else subject_cls
        what = " ".join(w for w in (plural(noun), participle(predicate_cls)) if w) if noun else named.get(
            f"|{predicate_cls}", participle(predicate_cls)
        )
    template = rules()["kinds"].get(kind, "{what}")
    shown = template.format(what=what or kind, unit=unit or "?")
    return shown.replace(" (?)", "")


def plural(noun: str) -> str:
    words = noun.split()
    if not words:
        return ""
    last = words[-1]
    irregular = rules()["plurals"]
    if last in irregular:
        last = irregular[last]
    elif last.endswith("s"):
        pass
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x", "z")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def participle(verb: str) -> str:
    if not verb:
        return ""
    known = rules()["participles"]
    if verb in known:
        return known[verb]
    if verb.endswith("e"):
        return verb + "d"
    return verb + "ed"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def key_parts(kind: str, key: str) -> tuple[str, str, str]:
    """(subject, predicate, unit) of a fact key ("count|people|kill", "date|attack|", a fact an
    editor split off: "count|people|kill#12")."""
    parts = (key or "").split("#", 1)[0].split("|")
    parts += [""] * (4 - len(parts))
    if kind == "date" or parts[0] == "date":
        return parts[2], parts[1], ""
    return parts[1], parts[2], parts[3]


def _common_noun(event: str) -> bool:
    return event == event.lower() and " " not in event
