"""What a figure is about beyond its own phrase: the event it belongs to, and the scope words that
make it a different figure from one that otherwise reads the same.

Pure functions over a parsed spaCy Doc, with the lexicon in claims/rules/facts.json.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from claims.nlp.cached import span_text
from claims.nlp.gazetteer import not_said_by
from claims.nlp.types import ClaimData


def _lexicon() -> dict:
    from claims.nlp.reading import lexicon  # reading imports this module

    return lexicon()


def event_phrase(token: Token) -> str:
    """An event noun with the names that make it one event: "hurricane Maria", "the Ebola
    outbreak", "the Grenfell Tower fire" (the date is left to the time of the figure; places are
    left out too, they are the figure's place). Names keep their capitals, so that two events of
    one kind with different names ("hurricane Maria", "hurricane Harvey") can be told apart."""
    head = token
    # "Hurricane Maria": the event word is a compound of the name.
    if token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i != token.i:
        head = token.head

    def word(t: Token) -> str:
        return t.text if t.pos_ == "PROPN" and t.text[:1].isupper() else t.text.lower()

    names = [
        word(t)
        for t in head.lefts
        if t.dep_ in ("compound", "amod") and t.i != token.i and (t.pos_ == "PROPN" or t.pos_ == "NOUN")
        and t.ent_type_ not in ("GPE", "LOC", "DATE", "CARDINAL", "ORDINAL", "NORP") and not t.like_num
    ]
    words = [*names, token.lemma_.lower()]
    if head.i != token.i:
        words.append(word(head))
    return " ".join(words)


def event_names(event: str) -> set[str]:
    """The proper names of an event phrase ("Maria" of "hurricane Maria")."""
    return {w for w in event.split() if w[:1].isupper()}


def _is_event(token: Token) -> bool:
    # A word of an organisation's name is not an event: "the Harris County Flood Control
    # District", "the London Fire Brigade".
    if token.ent_type_ in _lexicon()["organisation_labels"]:
        return False
    return (token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in _lexicon()["event_nouns"]) or (
        token.ent_type_ == "EVENT" and token.ent_iob_ == "B"
    )


def event_near(span: Span, within: Span) -> str:
    """The event named nearest the figure within `within` (its sentence, its paragraph)."""
    best: tuple[int, str] | None = None
    for token in within:
        if token.i >= span.start and token.i < span.end or not _is_event(token):
            continue
        distance = span.start - token.i if token.i < span.start else token.i - span.end
        if best is None or distance < best[0]:
            best = (distance, event_phrase(token))
    return best[1] if best else ""


def scope_of(span: Span, verb: Token | None, counted: Token | None = None) -> str:
    """Words that make a figure a different figure from one that otherwise reads the same:
    "forecast" (could, expected to, plans to), "only" (in Turkey alone), "across" (a total broken
    down by place: "all but 60 of them in Nepal"), "part of day" (trips by 11 a.m.), "part of place"
    (turnout "in the north"), "increment" (85 new cases, a jump of 150 deaths, 7,000 more than
    expected). Read on the figure's own clause, and the verb of planning or expecting it
    completes, not anywhere in the sentence."""
    rules = _lexicon()["scope_rules"]
    if _a_difference(span):
        return "increment"  # "7,000 more than initially expected" is by how much, not how many
    if verb is not None:
        if any(c.dep_ == "aux" and c.lower_ in rules["forecast"]["auxiliaries"] for c in verb.children):
            return "forecast"
        planned = verb.head if verb.dep_ in ("xcomp", "ccomp") and verb.head.i != verb.i else None
        if planned is not None and planned.lemma_.lower() in rules["forecast"]["lemmas"]:
            return "forecast"
    if counted is not None and any(c.dep_ == "amod" and c.lower_ in rules["increment_words"] for c in counted.children):
        return "increment"  # "140 new deaths" are not the toll
    if _of_increment((counted if counted is not None else span.root), rules["increment_nouns"]):
        return "increment"  # "a jump of nearly 150 deaths" since the last count
    if _in_unnamed_area(span, verb, counted, rules["area_nouns"]):
        return "part of place"  # "turnout in the north was 62.9 per cent", not the country's
    clause = span.sent if verb is None else span.doc[verb.left_edge.i : verb.right_edge.i + 1]
    if re.search(rules["part_of_day"], span_text(clause), re.IGNORECASE):
        return "part of day"
    window = span.doc[max(clause.start, span.start - 3) : min(clause.end, span.end + 6)]
    if any(t.lower_ in rules["only_words"] for t in window):
        return "only"
    # "3,904 deaths were counted in the country alone": a place said to be the only one, however
    # far after the figure its clause names it (and "alone" said of anything else is no scope).
    if any(t.lower_ in rules["only_after_place"] and _ends_place(t.nbor(-1))
           for t in span.doc[max(clause.start, span.start - 3) : clause.end] if t.i > 0):
        return "only"
    # "1,970 people had died, all but 60 of them in Nepal": the figure is a total over more
    # places than the one its breakdown names.
    if _breaks_down_by_place(span.doc[span.end : span.sent.end]):
        return "across"
    return ""


def _a_difference(span: Span) -> bool:
    """Whether a figure says by how much one figure exceeds another: "<figure> more than ...",
    "<figure> more deaths than normal", "<figure> fewer than ..." (not "more than <figure>", a
    hedge)."""
    doc = span.doc
    at = span.end
    if at + 1 >= len(doc) or doc[at].lower_ not in ("more", "fewer", "less", "higher", "lower"):
        return False
    # Its "than" may come later, on the comparative or on what it qualifies ("1,400 more deaths
    # than normal", "1,400 more residents died than first estimated").
    comparative = doc[at]
    heads = {comparative.i, *(t.i for t in comparative.ancestors)}
    return any(t.lower_ == "than" and (t.head.i in heads or (t.dep_ == "mark" and t.head.head.i in heads))
               for t in doc[at + 1 : comparative.sent.end])  # "than analysts had forecast": a clause


def _of_increment(token: Token, nouns: list[str]) -> bool:
    """Whether a figure is what something grew by: the object of "of" after a noun of growth
    ("a rise of 40 cases")."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i \
        and head.head.lemma_.lower() in nouns


def _in_unnamed_area(span: Span, verb: Token | None, counted: Token | None, nouns: list[str]) -> bool:
    """Whether the figure, the noun it counts or the subject its verb gives it is said "in the
    north", "in the suburbs": a part of the place its sentence names, left unnamed."""
    holders = [t for t in (counted, span.root) if t is not None]
    # The subject of the figure's verb, or of the "is" it completes ("turnout ... was 62.9").
    for head in {verb, span.root.head if span.root.head.lemma_ == "be" else None} - {None}:
        holders += [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for area in prep.children:
                    if area.dep_ == "pobj" and not area.ent_type_ and area.lemma_.lower() in nouns:
                        return True
    return False


def _breaks_down_by_place(after: Span) -> bool:
    """Whether the words after a figure break it down by place: "... of them in <place>"."""
    pronouns = _lexicon()["partitive_pronouns"]
    doc = after.doc
    for token in after:
        at = token.i
        if (token.lower_ in ("in", "across") and at >= after.start + 2 and at + 1 < len(doc)
                and doc[at - 2].lower_ == "of" and doc[at - 1].lower_ in pronouns):
            place = doc[at + 2] if doc[at + 1].lower_ == "the" and at + 2 < len(doc) else doc[at + 1]
            if _ends_place(place):
                return True
    return False


def _ends_place(token: Token) -> bool:
    """Whether a token ends a place: a named one ("Kathmandu"), a word standing for one named
    before ("there"), or a noun of an "in/across/at" phrase ("in the country")."""
    return bool(token.ent_type_) or token.lower_ in _lexicon()["scope_rules"]["place_adverbs"] or (
        token.pos_ == "NOUN" and any(a.lower_ in ("in", "across", "at") for a in token.ancestors))


def article_place(places_per_claim: list[list[str]]) -> str:
    """The place an article is about: the one its figures name most often (the first named of
    those named as often)."""
    counts: dict[str, int] = {}
    for places in places_per_claim:
        for place in places:
            counts[place] = counts.get(place, 0) + 1
    return max(counts, key=counts.get) if counts else ""


def _without_event_names(claims: list[tuple[int, ClaimData]]) -> list[tuple[int, ClaimData]]:
    names = {name for _, data in claims for name in event_names(data.event)}
    if not names:
        return claims
    kept = []
    for paragraph, data in claims:
        places = [p for p in data.places if p not in names]
        if places != data.places:
            data = replace(data, places=places, places_from=data.places_from if places else "")
        kept.append((paragraph, data))
    return kept


def inherit_places(claims: list[tuple[int, ClaimData]], *, lead: list[list[str]] = ()) -> list[tuple[int, ClaimData]]:
    """A figure whose sentence and the one before name no place is about the place its article
    is about ("the plane crashed, killing 224", two paragraphs after "Egypt's Sinai"). A name
    the article gives its event ("hurricane Harvey") is not a place where the tagger took it for
    one ("Harvey dumped 50 inches on Texas")."""
    claims = _without_event_names(claims)
    # An article whose figures are read to be an employer's jobs ("Acme laid off ...") is about
    # the employer: its figures that name no place, or only an organisation their sentence
    # happens to name ("a memo seen by AFP"), are the employer's, not a country's its other
    # figures name (Acme's staff in India).
    employer = article_place([data.places for _, data in claims if data.places_from == "employer"])
    if employer:
        return [(paragraph, replace(data, places=[employer], places_from="employer")
                 if data.places_from == "organisation" or not data.places else data) for paragraph, data in claims]
    # Each paragraph of the headline and the lead names where the story is as a figure does; not
    # who says so ("Mirova reported that ..."), as for a figure (`claims.nlp.reading.read_claim`).
    sayers = {data.attributed_to for _, data in claims if data.attributed_to}
    lead = [not_said_by(places, sayers) for places in lead]
    place = article_place([data.places for _, data in claims] + lead)
    if place:
        return [(paragraph, data if data.places else replace(data, places=[place], places_from="article"))
                for paragraph, data in claims]
    # An article that names no place at all (a company's job cuts): the organisations its figures
    # are said with stand in for places, the one it names most for a figure that names none.
    organisation = article_place([data.organisations for _, data in claims])
    if not organisation:
        return claims
    return [(paragraph, replace(data, places=data.organisations or [organisation], places_from="organisation"))
            for paragraph, data in claims]
