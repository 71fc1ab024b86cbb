"""Reading a quantity in its sentence: what it counts, what happened, who says so, where and when.

Pure functions over a parsed spaCy Doc; the lexicon lives in claims/rules/*.json. They are used by
the `crosscheck_claims` component (component.py) and are testable on any parsed text.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from claims.nlp.about import event_near, scope_of
from claims.nlp.cached import entities, span_text, text_of
from claims.nlp.gazetteer import located, not_said_by, place_rules
from claims.nlp.types import ClaimData, Quantity, iso_day

RULES = Path(__file__).resolve().parent.parent / "rules"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "this", "that"}


@cache
def lexicon() -> dict:
    facts = json.loads((RULES / "facts.json").read_text())
    not_claims = json.loads((RULES / "not_claims.json").read_text())
    invert = lambda classes: {w: name for name, words in classes.items() for w in words}  # noqa: E731
    return {
        **facts,
        **not_claims,
        "subject_of": invert(facts["subject_classes"]),
        "predicate_of": invert(facts["predicate_classes"]),
    }


@cache
def _running_total_markers() -> re.Pattern:
    """Any of the markers of a running total, as a word or words of its own."""
    markers = "|".join(re.escape(marker) for marker in lexicon()["running_total_markers"])
    return re.compile(rf"\b(?:{markers})\b") if markers else re.compile(r"(?!)")


def subject_class(lemma: str) -> str:
    return lexicon()["subject_of"].get(lemma, lemma)


def predicate_class(lemma: str) -> str:
    return lexicon()["predicate_of"].get(lemma, lemma)


def running_total_predicates() -> list[str]:
    """The predicate classes of totals that only add up over time (deaths, cases, arrests)."""
    return lexicon()["running_total_predicates"]


def level_predicates() -> list[str]:
    """The predicate classes of states that rise and fall (in hospital, missing): a figure of one
    is the level as it stands on its day."""
    return lexicon()["level_predicates"]


@cache
def recurring_events() -> frozenset[str]:
    """Event classes that happen again and again (strikes, marches, attacks): two days of them
    are two occurrences, however near (claims/rules/facts.json)."""
    lex = lexicon()
    return frozenset(subject_class(e) for e in lex["recurring_events"]) | frozenset(
        predicate_class(e) for e in lex["recurring_events"]) | frozenset(lex["recurring_events"])


def fact_key(kind: str, subject: str, predicate: str, unit: str = "") -> str:
    """What fact a claim states, normalised so that claims of one fact share the key: candidates
    for a cross-check are found by equality on it (an indexed column). Empty when the claim does
    not name a fact precisely enough to compare: a date of something said ("said on Thursday"),
    or of an action with no object and no event noun."""
    lex = lexicon()
    words = subject.split()
    # "the death count", "the latest damage estimate": a noun that only numbers something gives
    # way to the thing it numbers.
    head = next((w for w in reversed(words) if w not in lex["container_nouns"]), words[-1]) if words else ""
    if head in lex["event_nouns"] and head != words[-1]:
        head = words[-1]  # "the quake toll" is the toll of the quake, not a count of quakes
    if kind == "date":
        if not predicate or predicate in lex["say_verbs"]:
            return ""
        if not head and predicate not in lex["event_nouns"]:
            return ""
        # An event noun is in a class of predicates or, failing that, of subjects ("the deal" and
        # "the acquisition" closed on one day).
        event = predicate_class(predicate)
        if event == predicate and predicate in lex["event_nouns"]:
            event = subject_class(predicate)
        return f"date|{event}|{subject_class(head)}"
    parts = [kind, subject_class(head), predicate_class(predicate) if predicate else ""]
    # "3,062 people infected" are the cases, "cut 3,700 people" the jobs cut: people to whom that
    # happens are counted as what the thing happening makes them.
    if parts[1] == "people" and parts[2] in lex["people_as"]:
        parts[1] = lex["people_as"][parts[2]]
    if kind in ("measure", "money", "duration") and unit:
        parts.append(unit)
    return "|".join(parts)


def key_parts(key: str) -> tuple[str, str, str, str]:
    """(kind, first part, second part, unit) of a fact key; "" where the claim did not say."""
    parts = key.split("|") + ["", "", "", ""]
    return parts[0], parts[1], parts[2], "|".join(p for p in parts[3:] if p)


def key_is_specific(key: str) -> bool:
    """Whether a key says anything of what is counted (a figure with neither a counted thing
    nor what happened to it cannot be matched with anything)."""
    _, first, second, _ = key_parts(key)
    return bool(key) and bool(first or second)


def key_variants(key: str) -> list[str]:
    """The key and its generalisations with one part left unsaid: "count|people|kill" is also
    found under "count|people|" and "count||kill", so that "1,130 people" (no verb read) and
    "killed 1,130" (no noun) meet "1,130 people were killed". Indexed, so candidates are still
    found by equality; which of them name one fact is for `keys_compatible` to say."""
    if not key_is_specific(key):
        return []
    kind, first, second, unit = key_parts(key)
    tail = f"|{unit}" if unit else ""
    variants = [key]
    for general in (f"{kind}|{first}|{tail}" if first else "", f"{kind}||{second}{tail}" if second else ""):
        if general and general not in variants:
            variants.append(general)
    return variants


def keys_compatible(a: str, b: str) -> bool:
    """Two fact keys that may name one fact: the same kind and unit, and the same counted thing
    and the same thing happening to it, either unsaid on one side (a verb that only carries the
    figure says nothing: see `_carries`); at least one part said and the same on both."""
    ka, fa, sa, ua = key_parts(a)
    kb, fb, sb, ub = key_parts(b)
    if ka != kb or ua != ub or not (key_is_specific(a) and key_is_specific(b)):
        return False
    if fa and fb and fa != fb:
        return False
    if sa and sb and sa != sb:
        return False
    return (bool(fa) and fa == fb) or (bool(sa) and sa == sb)


def quantity_span(doc: Doc, quantity: Quantity) -> Span | None:
    return doc.char_span(quantity.start, quantity.end, alignment_mode="expand")


def read_claim(doc: Doc, quantity: Quantity, dates: list[tuple[Quantity, Span]]) -> ClaimData | None:
    """The claim a quantity makes, or None when the number is not worth a check (a label, a
    specification, an ordinal in a name, the word "one")."""
    span = quantity_span(doc, quantity)
    if span is None or not len(span):
        return None
    if not is_claim(span, quantity):
        return None
    quantity = as_share(quantity)
    sentence = span.sent
    if quantity.kind == "date":
        subject, predicate, scope = _read_event(span)
        verb = counted = None
    else:
        subject, predicate, scope = _read_counted(span, quantity.kind)
        root = span.root
        counted = root.head if root.dep_ in ("nummod", "quantmod") and root.head.i != root.i else None
        verb = _governing_verb(counted if counted is not None else root)
    places, places_from = _own_places(span, counted) or _places(scope), "figure"
    if not places and (voter := _voting_place(sentence)):
        places, places_from = [voter], "figure"
    if not places:
        places, places_from = _places(sentence), "sentence"
    if not places:
        places, places_from = _nationality_places(sentence), "sentence"
    if not places:
        places, places_from = _places(_previous_sentence(sentence)), "before"
    sayer = attribution(span)
    # "According to Bloomberg", "seen by AFP": who says so is not where, though the tagger may
    # take its name for a place (a place the gazetteer knows stays: "Texas said").
    places = not_said_by(places, {sayer})
    if not places:
        places_from = ""
    organisations = _places(sentence, "organisation_labels")
    if _counts_staff(quantity.kind, subject, predicate):
        # "2,300 Amazon employees in the Seattle region": an employer's jobs are the employer's,
        # wherever they are; the company is the scope its cuts are compared in.
        if employer := _employer(span, counted):
            places, places_from = [employer], "employer"
        elif organisations:
            places, places_from = organisations[:1], "organisation"
    refers = _refers_to(quantity, span, scope, dates)
    event = event_near(span, sentence)
    if quantity.kind == "measure" and not subject and event:
        # "an earthquake measuring 7.8", "a 7.9-magnitude quake": a measure of nothing named in
        # its phrase measures the event of its sentence.
        subject = event.split()[-1].lower()
    said_of = scope_of(span, verb, counted)
    if said_of == "only":
        places = places[:1]  # "21,400 in Kardania alone, while 3,100 died in Veloria": Kardania's
    lex = lexicon()
    lowered = span_text(sentence).lower()
    running = predicate_class(predicate) in running_total_predicates() or bool(
        _running_total_markers().search(lowered))
    return ClaimData(
        quantity=quantity,
        sentence=span_text(sentence),
        sentence_start=sentence.start_char,
        subject=subject,
        predicate=predicate,
        attributed_to=sayer,
        places=places,
        places_from=places_from,
        organisations=[] if places else (
            organisations or _places(_previous_sentence(sentence), "organisation_labels")),
        refers_start=refers[0],
        refers_end=refers[1],
        running_total=quantity.kind != "date" and running,
        role=_role(span, quantity) if quantity.kind == "count" else "",
        event=event,
        scope=said_of,
    )


def as_share(quantity: Quantity) -> Quantity:
    """A count below one is a share of a whole ("half its staff", "a quarter of the jobs",
    "two-thirds of voters"), compared as the percentage it is with "50 per cent of its staff"."""
    if quantity.kind != "count" or quantity.value is None or not 0 < quantity.value < 1:
        return quantity

    def percent(value: float | None) -> float | None:
        return None if value is None else round(value * 100, 6)

    return replace(quantity, kind="percent", value=percent(quantity.value), low=percent(quantity.low),
                   high=percent(quantity.high))


def fill_ellipsis(claims: list[ClaimData]) -> list[ClaimData]:
    """Figures of a list that leave out what they count say it through the figure they follow in
    their sentence: "72 deaths were reported in India, including 57 in Bihar, 12 in Uttar
    Pradesh" (the 57 and the 12 are deaths), "Sierra Leone has 1,026 cases, Liberia 694"."""
    filled, last = [], None
    for claim in claims:
        kind = claim.quantity.kind
        if kind != "date" and last is not None and not (claim.subject or claim.predicate) \
                and last.sentence_start == claim.sentence_start and last.quantity.kind == kind \
                and last.quantity.unit == claim.quantity.unit:
            claim = replace(claim, subject=last.subject, predicate=last.predicate,
                            running_total=claim.running_total or last.running_total)
        if claim.subject or claim.predicate:
            last = claim
        filled.append(claim)
    return filled


def _role(span: Span, quantity: Quantity) -> str:
    """The figure's part in a sum the text states (see `facts.comparison.sum_check`)."""
    lex = lexicon()
    root = span.root
    of_object = _of_object(root)
    if of_object is not None and of_object.lower_ in lex["partitive_pronouns"]:
        return "share"
    chain = [root, *list(root.ancestors)[:3]]
    if any(t.lemma_.lower() in lex["total_markers"] for t in chain):
        return "total"
    counted = root.head if root.dep_ in ("nummod", "quantmod") else root
    if any(t.lower_ in lex["additive_markers"] for t in counted.lefts):
        return "part"
    return ""


def is_claim(span: Span, quantity: Quantity) -> bool:
    lex = lexicon()
    text = quantity.quote.lower().strip()
    if quantity.kind == "count" and text in lex["trivial_count_words"]:
        return False
    if any(t.ent_type_ in lex["non_claim_entity_labels"] for t in span):
        return False
    if any(t.tag_ == "JJ" and re.search(r"\d(st|nd|rd|th)$", t.text) for t in span):
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in lex["label_words_before"]:
        return False
    if quantity.kind == "measure":
        after = _next_word(span)
        if after and after.lower_ in lex["specification_words_after"]:
            return False
    return True


def _next_word(span: Span) -> Token | None:
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].text in ("-", "–"):
        i += 1
    return doc[i] if i < len(doc) else None


def _phrase(noun: Token, figure: Span | None = None) -> str:
    """The counted thing as an editor would name it: compounds and plain adjectives, lemmatised
    (not the words of the figure itself: "a four-month conflict" is a "conflict")."""
    stop = set(lexicon()["subject_modifier_stopwords"])
    words = [
        t.lower_
        for t in noun.lefts
        if (figure is None or t not in figure)
        and (
            (t.dep_ == "compound" and t.pos_ == "NOUN")
            or (t.dep_ == "amod" and t.pos_ == "ADJ" and t.text.islower() and t.lower_ not in stop)
        )
    ]
    return " ".join(words + [noun.lemma_.lower()])


def _read_counted(span: Span, kind: str = "count") -> tuple[str, str, Span]:
    """(subject, predicate, scope) for a count or measure: the noun it counts and its verb."""
    lex = lexicon()
    root = _figure_root(span)
    noun: Token | None = None
    partitive = False  # the figure is a part of what follows its "of" ("five of the dead")
    if root.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod", "appos") and root.head not in span:
        noun = root.head  # "64 deaths"; "the most cases, 8,939"
    elif (listed := _listed_in(root)) is not None:
        noun = listed
    elif kind in ("count", "percent") and (named := _named_by(root)) is not None:
        noun = named  # a count or share "of" a noun is its amount: "a death toll of 31", "a turnout of 72 per cent"
    elif root.pos_ in ("NOUN", "PROPN") or root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        noun = root
    if noun is not None and noun in span:
        # The number word or unit itself ("dozens", "72 hours"): what is counted follows "of",
        # or is the noun the figure modifies ("a four-month conflict"), or is not named.
        of_object = _of_object(noun)
        if of_object is not None:
            noun, partitive = of_object, True
        elif noun.head not in span and noun.head.pos_ == "NOUN" and noun.dep_ in ("compound", "amod", "nmod"):
            noun = noun.head
        else:
            noun = None
    if noun is not None and noun.dep_ == "poss" and noun.head.pos_ == "NOUN":
        noun = noun.head  # "half the company's workforce" counts the workforce
    if noun is not None and noun.lower_ in lex["partitive_pronouns"]:
        noun = None
    if noun is not None and (noun.pos_ not in ("NOUN", "PROPN", "ADJ") or not noun.is_alpha):
        noun = None  # a symbol ("%") is the figure's unit, not what it counts
    if noun is not None and noun.pos_ == "PROPN" and noun.ent_type_ in lex["named_not_counted_labels"]:
        noun = None  # "Liberia has 7,830 and Guinea 2,571": a place is where, not what, is counted

    anchor = noun if noun is not None else root
    if noun is not None and noun.lemma_.lower() in lex["level_nouns"]:
        noun = None  # "the toll passed the 1,500 mark": the mark is the figure, the toll is counted
    verb = _copula(anchor) or _governing_verb(anchor)
    if verb is not None and _carries(verb):
        # "the death toll rose to 1,130", "officials confirmed 10 deaths", "1,130 people were
        # confirmed dead": the verb carries the figure; what it counts is elsewhere in the clause.
        noun = noun if noun is not None and not _level_of(verb, noun) else _carried_noun(verb, span)
    subject = _phrase(noun, span) if noun is not None else ""
    if noun is not None and (noun.ent_type_ in lex["people_entity_labels"] or noun.pos_ == "PRON"):
        subject = "people"  # "4,645 Americans died", "the number of those injured"
    predicate = ""
    if partitive and verb is not None and not _carries(verb) and verb.lemma_ != "be":
        predicate = _verb_predicate(verb, None)  # "five of the dead were identified": identified, of the dead
    elif verb is not None and _object_says(verb):
        predicate = _object_says(verb)  # "24 victims are receiving treatment": the treated, not the dead
    elif noun is not None and noun.lemma_.lower() in lex["implied_predicate"]:
        predicate = lex["implied_predicate"][noun.lemma_.lower()]
    elif verb is not None and _carries(verb):
        predicate = _carried_predicate(verb, noun)
    elif verb is not None:
        predicate = _verb_predicate(verb, noun)
    predicate = _condition(root, noun, verb) or predicate
    sized = root.head if root.dep_ in ("advmod", "npadvmod") and root.head.pos_ == "ADJ" else None
    if sized is not None and sized.lower_ in lex["size_adjectives"] and sized.head.pos_ == "NOUN":
        # "half of its 7,500-strong staff": the staff's size, whatever was done to half of it.
        subject, predicate = _phrase(sized.head, span), lex["size_adjectives"][sized.lower_]
    scope = _scope(verb if verb is not None else anchor)
    return subject, predicate, scope


def _condition(figure: Token, noun: Token | None, verb: Token | None) -> str:
    """The condition a figure is said to be in ("12 who are in critical care", "17 in intensive
    care", "14 remain in a critical condition"), as a predicate; "" when none is said. Read on
    the figure, its noun, what describes them and a verb of being they are the subject of."""
    states = lexicon()["condition_states"]
    holders = [t for t in (figure, noun) if t is not None]
    holders += [c for h in list(holders) for c in h.children if c.dep_ in ("relcl", "acl")]
    if verb is not None and any(c.dep_ in ("nsubj", "nsubjpass") and c in holders for c in verb.children):
        holders.append(verb)
    if figure.dep_ in ("nsubj", "nsubjpass") and figure.head.lemma_ == "be":
        holders.append(figure.head)  # "of whom 600 were in a serious condition"
    # "injured 500, including 120 seriously"
    said = [states["adverbs"][c.lower_] for h in holders for c in h.children
            if c.dep_ == "advmod" and c.lower_ in states["adverbs"]]
    if said:
        return said[0]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            for state in prep.children:
                if state.dep_ == "pobj" and state.lemma_.lower() in states["nouns"]:
                    said = [states["words"][w.lower_] for w in state.lefts if w.lower_ in states["words"]]
                    if said:
                        return said[0]
    return ""


def _level_of(verb: Token, noun: Token) -> bool:
    """Whether a carrier's subject is a noun that numbers something and the figure is the level
    it reached ("the death toll rose to 40 people"; "rose to 11 and three people were missing",
    where the tagger may hang "people" on the 12 too): the subject says what is counted."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    numbering = any(s.lemma_.lower() in lexicon()["container_nouns"] and _numbered(s) is not None for s in subjects)
    return numbering and noun.dep_ == "pobj" and noun.head.lower_ in ("to", "at") and noun.head.head.i == verb.i


def _figure_root(span: Span) -> Token:
    """The token of a figure's phrase that attaches it to its sentence: the number itself when
    a word before it hangs on the same noun ("an estimated 2,975 excess deaths": the article
    and "estimated" are the noun's too, and spaCy may take either for the phrase's root)."""
    root = span.root
    if root.like_num or root.pos_ == "NUM":
        return root
    numbers = [t for t in span if (t.like_num or t.pos_ == "NUM") and t.head not in span and t.head.i == root.head.i]
    return numbers[-1] if numbers else root


def _listed_in(figure: Token) -> Token | None:
    """The noun a figure is listed under: "the number of deaths, including 1130 in Kathmandu",
    through "the number of" to what is numbered."""
    head = figure.head
    if figure.dep_ != "pobj" or head.lower_ not in lexicon()["listing_words"] or head.head.pos_ != "NOUN":
        return None
    noun = head.head
    numbered = _of_object(noun) if noun.lemma_.lower() in lexicon()["container_nouns"] else None
    return numbered if numbered is not None else noun


def _named_by(figure: Token) -> Token | None:
    """The noun a figure is the amount of: "a death toll of 30", "the official death count of 64",
    "a crowd of 10,000" (through a noun that only numbers something to what it numbers)."""
    lex = lexicon()
    figure = _past_level_preposition(figure)
    head = figure.head
    if figure.dep_ != "pobj" or head.head.pos_ != "NOUN" or head.head.i == head.i:
        return None
    # "Death toll over 60": a preposition of level puts a number to a noun that numbers something.
    numbering = head.head.lemma_.lower() in lex["container_nouns"] or head.head.lemma_.lower() in lex["implied_predicate"]
    if head.lower_ != "of" and not (head.lower_ in lex["level_prepositions"] and numbering):
        return None
    return _numbered(head.head)


def _past_level_preposition(token: Token) -> Token:
    """The number a preposition of level that the figure's quote holds ("over 60", "around
    900") puts to what it numbers; the token itself otherwise."""
    if token.dep_ in ("prep", "advmod") and token.lower_ in lexicon()["level_prepositions"]:
        return next((c for c in token.children if c.dep_ == "pobj"), token)
    return token


def _carries(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    lex = lexicon()
    return lemma in lex["carrier_verbs"] or lemma in lex["say_verbs"]


def _carried_noun(verb: Token, figure: Span) -> Token | None:
    """What a figure standing alone is the level of: the subject of its carrier verb ("the toll
    rose to 64"), else its object ("put the toll at 64"); through "the number of" to what is
    numbered. None for a pronoun or a name."""
    lex = lexicon()
    # Who says so is not what is counted: "with 11 in intensive care, officials said".
    sayer = "nsubj" if verb.lemma_.lower() in lex["say_verbs"] else ""
    # The object first: "the government raised the toll to 2,975" is about the toll.
    for deps in (("dobj",), ("nsubj", "nsubjpass")):
        for child in verb.children:
            # Nor is the event that brought it: "by Friday the hurricane had reached 45".
            if child.dep_ not in deps or child.dep_ == sayer or child in figure or child.pos_ != "NOUN" \
                    or child.lemma_.lower() in lex["level_nouns"] or child.lemma_.lower() in lex["event_nouns"]:
                continue
            return _numbered(child)
    return None


def _numbered(noun: Token) -> Token | None:
    """What a noun that only numbers something numbers ("the number of people who have died",
    "the number of dead", "the death count"), the noun itself when it says what happened ("the
    toll") or numbers nothing; None for "the number is now 17", which names nothing."""
    lex = lexicon()
    lemma = noun.lemma_.lower()
    if lemma not in lex["container_nouns"]:
        return noun
    of_object = _of_object(noun)
    if of_object is not None and of_object.pos_ in ("NOUN", "ADJ"):
        return of_object
    # "the number of those injured": the people a state describes.
    if of_object is not None and of_object.pos_ == "PRON" and any(
            c.dep_ in ("acl", "relcl", "amod") for c in of_object.children):
        return of_object
    # "the death count" numbers deaths; "the quake toll" is the toll of the quake, not a count
    # of quakes.
    named = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"
             and c.lemma_.lower() not in lex["event_nouns"]]
    if named:
        return named[-1]
    return noun if lemma in lex["implied_predicate"] else None


def _copula(token: Token) -> Token | None:
    """The "is" a figure is the complement of: what its subject amounts to ("the number of
    people who have died is now 17")."""
    head = token.head
    if token.dep_ in ("attr", "acomp", "npadvmod", "dobj") and head.i != token.i and head.lemma_ == "be":
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            return head
    # "the number of those injured was around 900": a preposition of level between them.
    token = _past_level_preposition(token)
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in lexicon()["level_prepositions"] and head.head.lemma_ == "be" \
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.head.children):
        return head.head
    # "more than 70 are unaccounted for": the figure is the subject of a state.
    if token.dep_ == "nsubj" and head.i != token.i and head.lemma_ == "be" and any(
            c.dep_ == "acomp" for c in head.children):
        return head
    return None


def _carried_predicate(verb: Token, noun: Token | None) -> str:
    """What happened to what a carrier verb's figure counts: the state the carrier gives it
    ("were confirmed dead", said before an earlier state: "people listed as missing have been
    confirmed dead"), else a verb or a state word describing the noun or the noun that numbers it
    ("people who died", "the number of people injured"); else nothing (the carrier itself, "rise",
    "confirm", says nothing of the fact)."""
    # "people reported as missing have now been confirmed dead": the tagger may take the later
    # verb for a conjunct of the earlier; the state it gives is the one they are in now.
    # Not a conjunct with a subject of its own ("and five were missing"), nor one said of a toll
    # (a toll is not missing: "the toll climbed to 11 and three people were missing", misparsed).
    subjects = [c.lemma_.lower() for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    lex = lexicon()
    of_a_total = any(s in lex["container_nouns"] or s in lex["implied_predicate"] for s in subjects)
    later = [] if of_a_total else [c for c in verb.children if c.dep_ == "conj" and _carries(c)
                                   and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    for carrier in [*later, verb]:
        for child in carrier.children:
            if child.dep_ in ("acomp", "oprd", "xcomp") and child.pos_ in ("ADJ", "VERB") and not _carries(child):
                return child.lemma_.lower()
    return _described_by(noun) if noun is not None else ""


def _described_by(noun: Token) -> str:
    """What a verb or a state word hanging on a counted noun says happened to it: "people who
    died", "people injured", "the number of people dead or missing" (the state hangs on the
    noun that numbers the people). A state word counts only when it names what happens to the
    things counted (claims/rules/facts.json): "people old enough" says nothing of the kind."""
    holders = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lexicon()["container_nouns"]:
        holders.append(noun.head.head)
    for holder in holders:
        for child in holder.children:
            if child.dep_ not in ("relcl", "acl", "amod") or (child.i < holder.i and child.dep_ != "amod"):
                continue
            verb = child.pos_ == "VERB" and child.dep_ != "amod"
            if child.lemma_ == "be" or (verb and _carries(child)):
                # The state "is" or a verb of reporting gives them: "79 people who are either dead
                # or missing", "473 people reported missing".
                state = next((c for c in child.children if c.dep_ in ("oprd", "acomp", "xcomp")
                              and c.lemma_.lower() in lexicon()["predicate_of"]), None)
                if state is not None:
                    return state.lemma_.lower()
                continue
            if verb:
                return _verb_predicate(child, noun)
            if child.pos_ in ("ADJ", "VERB") and child.lemma_.lower() in lexicon()["predicate_of"]:
                return child.lemma_.lower()
    return ""


def _verb_predicate(verb: Token, noun: Token | None) -> str:
    """A verb's lemma, or what it and its object say happened ("lose/cost/claim lives" is
    killing, "lost their jobs" job cuts: claims/rules/facts.json)."""
    # "let go of half its staff": the verb it completes, or that the tagger took for its auxiliary.
    completed = [verb.head] if verb.dep_ in ("xcomp", "ccomp") else []
    completed += [c for c in verb.children if c.dep_ == "aux"]
    phrasal = next((lexicon()["phrasal_predicates"][said] for c in completed
                    if (said := f"{c.lemma_.lower()} {verb.lemma_.lower()}") in lexicon()["phrasal_predicates"]), "")
    return _object_says(verb, noun) or phrasal or verb.lemma_.lower()


def _object_says(verb: Token, noun: Token | None = None) -> str:
    """What a verb with its object (or the noun it is said of) says happened, when the pair has
    a meaning of its own (claims/rules/facts.json); "" otherwise."""
    objects = lexicon()["predicate_with_object"].get(verb.lemma_.lower())
    if objects:
        dobjs = [c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"]
        if noun is not None:
            dobjs.append(noun.lemma_.lower())
        for obj in dobjs:
            if obj in objects:
                return objects[obj]
    return ""


def _of_object(noun: Token) -> Token | None:
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _governing_verb(token: Token) -> Token | None:
    for ancestor in [token, *token.ancestors]:
        if ancestor.pos_ == "VERB":
            return ancestor
    return None


def _read_event(span: Span) -> tuple[str, str, Span]:
    """(subject, predicate, scope) for a date: the event it dates ("the November 13 attacks",
    "downed a plane on October 31") and what the event happened to."""
    lex = lexicon()
    token = span.root.head
    # Out of the date phrase: through its preposition and past a place ("in Paris on ...").
    # Compared by index and bounded by the sentence's length: spaCy makes a new Token object on
    # every access, so `token.head is not token` never fails at a root such as the place of a
    # dateline ("New Delhi, May 1, 2015").
    for _ in range(len(span.sent)):
        if is_root(token) or token in span or not (
            token.dep_ == "prep"
            or (token.pos_ == "PROPN" and token.ent_type_ in lex["place_labels"])
            or token.lower_ in lex["parts_of_day"]  # "on Friday night", "Tuesday morning"
        ):
            break
        token = token.head
    if token in span:
        return "", "", span.sent
    # "the attacks in Paris on November 13" read as dating the verb before it: the event noun
    # named just before the date, with no verb in between, is what the date belongs to.
    if token.pos_ != "NOUN" or token.lemma_.lower() not in lex["event_nouns"]:
        for left in reversed(span.doc[max(span.sent.start, span.start - 6) : span.start]):
            if left.pos_ in ("VERB", "AUX") or left.is_punct:
                break
            if left.pos_ == "NOUN" and left.lemma_.lower() in lex["event_nouns"]:
                token = left
                break
    if token.pos_ == "VERB" and (event := _event_acting(token)) is not None:
        # "the earthquake that struck Nepal last Saturday", "Hurricane Maria hit Puerto Rico on
        # Sept. 20": the date is the event's, whatever the verb says it did.
        return "", event.lemma_.lower(), _scope(token)
    if token.pos_ == "VERB":
        # Not a number word ("cut half its staff on Friday": the half is a figure, not what was cut).
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")
                   and not (c.like_num or c.pos_ == "NUM" or c.lower_ in lex["fraction_objects"])]
        if objects and _carries(token) and objects[0].lemma_.lower() in lex["event_nouns"]:
            # "Harvey made landfall on Friday", "the vote took place on June 23": a light verb
            # with an event for its object dates the event.
            return "", objects[0].lemma_.lower(), _scope(token)
        subject = _phrase(objects[0]) if objects else ""
        return subject, token.lemma_.lower(), _scope(token)
    if token.pos_ in ("NOUN", "PROPN"):
        of_object = _of_object(token)
        subject = _phrase(of_object) if of_object is not None else ""
        return subject, token.lemma_.lower(), _scope(token)
    return "", "", span.sent


def _event_acting(verb: Token) -> Token | None:
    """The event noun a verb is said of: its subject ("the quake struck"), the noun it describes
    ("the quake that struck"), or the event word of a named subject ("Hurricane Maria hit")."""
    events = lexicon()["event_nouns"]
    said_of = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and verb.head.i != verb.i:
        said_of.append(verb.head)
    for noun in said_of:
        for word in (noun, *[c for c in noun.children if c.dep_ == "compound"]):
            if word.pos_ in ("NOUN", "PROPN") and word.lemma_.lower() in events:
                return word
    return None


def is_root(token: Token) -> bool:
    """Whether a token heads its sentence. By index: spaCy Tokens are views made anew on each
    access, so identity (`token.head is token`) is never true."""
    return token.head.i == token.i


def _scope(token: Token) -> Span:
    """The phrase a claim belongs to: a relative clause reaches up to the noun it describes
    ("the attacks in Paris, in which 130 people were killed")."""
    if token.dep_ in ("relcl", "acl") and not is_root(token):
        token = token.head
    doc = token.doc
    left, right = token.left_edge.i, token.right_edge.i + 1
    return doc[left:right]


def _places(span: Span | None, labels_of: str = "place_labels") -> list[str]:
    """The places named in a span (or, with "organisation_labels", the organisations)."""
    if span is None:
        return []
    labels = set(lexicon()[labels_of])
    found: list[str] = []
    dateline_end = _dateline_end(span)
    named = [(ent.start, ent.text) for ent in entities(span.doc)
             if ent.label_ in labels and ent.start >= span.start and ent.end <= span.end
             and ent.start_char >= dateline_end]
    if labels_of == "place_labels":
        named = sorted(named + _named_areas(span))
    for _, text in named:
        name = normalise_place(text)
        if labels_of == "organisation_labels":
            name = _organisation_suffix().sub("", name).strip()
        # "Hurricane Maria", "Storm Ciara": the tagger's place is the event's name.
        if name and name.split()[0].lower() in lexicon()["event_nouns"]:
            continue
        if name and name not in found:
            found.append(name)
    return found


def places_named(span: Span) -> list[str]:
    """The places a span names, whatever figure there is in it (none, in a headline)."""
    return _places(span)


def _named_areas(span: Span) -> list[tuple[int, str]]:
    """Places a phrase names as areas, whatever the tagger made of the name: "the German state
    of Rhineland-Palatinate", "the province of Idlib" (claims/rules/places.json)."""
    nouns = _area_of_nouns()
    found = []
    for token in span:
        if token.lemma_.lower() in nouns and token.i + 2 < span.end and token.nbor().lower_ == "of" \
                and token.nbor(2).pos_ == "PROPN":
            words, at = [], token.i + 2
            while at < span.end and (span.doc[at].pos_ == "PROPN" or span.doc[at].text in ("-", "–")):
                words.append(span.doc[at].text_with_ws)
                at += 1
            name = "".join(words).strip(" -–")
            if name:
                found.append((token.i + 2, name))
    return found


@cache
def _area_of_nouns() -> frozenset[str]:
    return frozenset(place_rules()["area_of_nouns"])


# "BERLIN (AP) —", "SEATTLE, Jan 5 —", "Kyiv (Reuters) -": where a report was filed, written
# before its first sentence; not where its figures are counted.
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Z.'’-]+)*(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^()]{1,40}\))?|[A-Z][\w.'’-]+(?:[ ,]+[A-Z][\w.'’-]+)*\s*\([^()]{1,40}\))\s*(?:—|–|--?)(?:\s|$)")


def _dateline_end(span: Span) -> int:
    """The character offset where the dateline a span starts with ends (its start when none)."""
    # Matched in the Doc's text where the span lies (the same characters as `span.text`, which
    # spaCy joins anew from every token of the span on each call).
    match = _DATELINE.match(text_of(span.doc), span.start_char, span.end_char)
    return match.end() if match else span.start_char


@cache
def _organisation_suffix() -> re.Pattern:
    """The legal form or web suffix of a company's name ("Amazon.com Inc" is Amazon): one company,
    however an outlet writes it (claims/rules/facts.json)."""
    suffixes = "|".join(re.escape(s) for s in lexicon()["organisation_suffixes"])
    return re.compile(rf"(?:\.com)?(?:,?\s+(?:{suffixes})\.?)*$|\.com$", re.IGNORECASE)


def _own_places(span: Span, counted: Token | None) -> list[str]:
    """The place written with the figure itself, when there is one: "killed 56 in Bihar, 12 in
    Uttar Pradesh" gives each figure its own state, not every place of the sentence; "72 people
    in India", "56 deaths reported in Bihar", "72 deaths were reported in India". Only
    "in/across/at <place>" right after the figure, the noun it counts, the participle that noun
    takes or the verb it is the subject of. Right there, a name the tagger took for
    an organisation is a place too ("12 in Uttar Pradesh"): nothing else is "in" a figure."""
    doc = span.doc
    labels = set(lexicon()["place_labels"])
    ends = [span.end]
    # "a total of 31 deaths in Harris County": the figure's phrase is a numbering noun, and the
    # noun its number counts comes after it.
    counted = counted or next((t.head for t in span if t.dep_ == "nummod" and t.head.i >= span.end), None)
    if counted is not None and counted.i >= span.end:
        ends.append(counted.i + 1)
        participle = doc[counted.i + 1] if counted.i + 1 < len(doc) else None
        if participle is not None and participle.dep_ == "acl" and participle.head.i == counted.i:
            ends.append(participle.i + 1)
    if counted is not None and counted.dep_ in ("nsubj", "nsubjpass") and counted.head.i > counted.i:
        ends.append(counted.head.i + 1)  # "90 deaths were reported in Kenya"
    # "In Schleswig-Holstein, where at least 25 people died": the name "in" a "where" clause
    # describes is its figure's own place, whatever the tagger made of it (an organisation, a
    # person).
    verb = _governing_verb(counted if counted is not None else span.root)
    where = next((c for c in verb.children if c.lower_ == "where" and c.i < span.start), None) if verb else None
    # The name just before "where" (the tagger may hang the clause on it or on the main verb).
    described = next((t for t in reversed(doc[:where.i]) if not t.is_punct), None) if where is not None else None
    if described is not None and described.pos_ == "PROPN" and described.head.lower_ in ("in", "at"):
        ent = next((e for e in entities(doc) if e.start <= described.i < e.end), None)
        if name := normalise_place(ent.text if ent is not None else doc[described.left_edge.i : described.i + 1].text):
            return [name]
    for end in ends:
        if end + 1 < len(doc) and doc[end].lower_ in ("in", "across", "at", "on"):
            token = doc[end + 1]
            if token.lower_ == "the" and end + 2 < len(doc):
                token = doc[end + 2]
            # "45 in the province of Ruse": the area the figure is in, named after "of".
            named = [name for at, name in _named_areas(doc[token.i : min(len(doc), token.i + 8)]) if at == token.i + 2]
            if named and (name := normalise_place(named[0])):
                return [name]
            if token.ent_iob_ == "B" and token.ent_type_ in labels | {"ORG"}:
                ent = next((e for e in entities(doc) if e.start == token.i), None)
                if ent is not None and (ent.label_ in labels or doc[end].lower_ == "in"):
                    name = normalise_place(ent.text)
                    return [name] if name else []
    return []


def _voting_place(sentence: Span) -> str:
    """The place whose vote a sentence's figures count, when a name is the subject of its verb
    of voting ("Kelmore votes No: Yes 41,220 (38.5%), No 65,800"), whatever the tagger made of
    the name; "" otherwise."""
    verbs = lexicon()["voting_verbs"]
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        # The tagger may take "Kelmore votes" for a compound.
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "compound") and c.pos_ == "PROPN"
                        and c.i < verb.i), None)
        if subject is None or subject.ent_type_ == "NORP":
            continue
        if name := _name_not_a_person(subject):
            return normalise_place(name)
    return ""


def _name_not_a_person(token: Token) -> str:
    """The proper name a token ends ("Kelmore", "Korvath" of "Korvath Inc's"), without a legal
    form or possessive, or "" for a person's full name: the tagger takes names it does not know
    (a company, a council area) for people, but a person is named in full ("Elon Musk")."""
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
    name = _organisation_suffix().sub("", "".join(t.text_with_ws for t in words).strip()).strip()
    name = re.sub(r"['’]s$", "", name).strip()
    return "" if token.ent_type_ == "PERSON" and len(name.split()) > 1 else name


def _counts_staff(kind: str, subject: str, predicate: str) -> bool:
    """Whether a figure counts an employer's jobs or staff (or a share of them)."""
    return kind in ("count", "percent") and key_parts(fact_key(kind, subject, predicate))[1] == "jobs"


def _employer(span: Span, counted: Token | None) -> str:
    """Whose jobs a figure counts, read from the grammar whatever the tagger made of the name
    (it may take a company for a person): the name that owns or qualifies the staff counted
    ("half of Twitter's workforce", "300 Acme employees"), else the subject of the verb that cuts
    them ("Acme laid off 1,200 workers", "after laying off half its staff, Acme ..."). Not a
    person's full name ("Elon Musk lays off ..."): a person is not the employer."""
    noun = counted if counted is not None else _of_object(span.root)
    if noun is None and span.root.dep_ in ("amod", "compound", "nummod") and span.root.head not in span:
        noun = span.root.head  # "its 7,500-strong staff"
    names = [c for c in noun.children if c.dep_ in ("poss", "compound") and _a_name(c)] if noun else []
    verb = _governing_verb(noun if noun is not None else span.root)
    while verb is not None and not names:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            names = [t for t in subjects if _a_name(t)]
            break
        # A participle with no subject of its own is said of its clause's subject.
        if verb.dep_ == "pcomp":  # "after laying off half its staff, Acme ..."
            verb = verb.head.head
        elif verb.dep_ in ("advcl", "xcomp", "conj"):
            verb = verb.head
        else:
            verb = None
    return next((name for token in names if (name := _name_not_a_person(token))), "")


def _a_name(token: Token) -> bool:
    """A proper name, or a capitalised word the tagger took for a noun at the start of a sentence
    ("Twitter sacked half its staff"): one word, not inflected ("Workers" is not a name)."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper()
                                     and token.lemma_ == token.lower_)


def _nationality_places(span: Span) -> list[str]:
    """The countries the nationality adjectives of a span name, for a figure whose sentence names
    no place: "Belgian authorities said 12 had died", "12 Belgian deaths" (claims/rules/places.json).
    Not a nationality that is what is counted ("4,645 Americans died" in Puerto Rico): who died
    says less of where than the article does."""
    demonyms = place_rules()["demonyms"]
    found: list[str] = []
    for ent in entities(span.doc):
        if ent.label_ == "NORP" and ent.start >= span.start and ent.end <= span.end \
                and ent.root.dep_ in ("amod", "compound", "nmod"):
            country = demonyms.get(ent.text.strip())
            if country and country not in found:
                found.append(country)
    return found


@cache
def _place_aliases() -> dict[str, str]:
    aliases = place_rules()["aliases"]
    return {alias.casefold(): name for name, names in aliases.items() for alias in [name, *names]}


def normalise_place(name: str) -> str:
    """A place under one name: no article or possessive, and other names of one place as its
    first name in claims/rules/places.json ("the U.K." and "Britain" are "United Kingdom")."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    name = re.sub(r"['’]s$", "", name).strip()
    # "Mount Everest" and "Everest" are one mountain; "Mount Kenya" is not Kenya.
    mountain = re.match(r"(?:Mount|Mt\.?)\s+(\S.*)$", name)
    if mountain and located(_place_aliases().get(mountain[1].casefold(), mountain[1])) is None:
        name = mountain[1]
    return _place_aliases().get(name.casefold(), name)


def _previous_sentence(sentence: Span) -> Span | None:
    if sentence.start == 0:
        return None
    return sentence.doc[sentence.start - 1].sent


def _refers_to(
    quantity: Quantity, span: Span, scope: Span, dates: list[tuple[Quantity, Span]]
) -> tuple[date | None, date | None]:
    """The time a figure refers to: its own interval for a date, otherwise the date named in its
    phrase (or failing that in its sentence): "in the past few days", "last month"."""
    if quantity.kind == "date":
        return iso_day(quantity.low), iso_day(quantity.high)
    sentence = span.sent
    in_scope = [q for q, s in dates if s.start >= scope.start and s.end <= scope.end]
    in_sentence = [q for q, s in dates if s.start >= sentence.start and s.end <= sentence.end]
    say_verbs = lexicon()["say_verbs"]
    spans = dict((id(q), s) for q, s in dates)
    for q in in_scope or in_sentence:
        if q is quantity or not (q.low or q.high):
            continue
        # "Officials said on Tuesday that 40 people were killed": Tuesday dates the saying.
        if _read_event(spans[id(q)])[1] in say_verbs:
            continue
        return iso_day(q.low), iso_day(q.high)
    # "... on January 20, 2009, the day of the inauguration. Metro says 1,120,000 trips were taken
    # that day": a time said again by pointing back is the last one the sentence before named.
    if re.search(rf"\b(?:{'|'.join(map(re.escape, lexicon()['times_pointing_back']))})\b", span_text(sentence), re.IGNORECASE):
        before = _previous_sentence(sentence)
        earlier = [q for q, s in dates if before is not None and s.start >= before.start and s.end <= before.end
                   and (q.low or q.high)]
        if earlier:
            return iso_day(earlier[-1].low), iso_day(earlier[-1].high)
    return None, None


def attribution(span: Span) -> str:
    """Who the sentence says the figure comes from: the subject of a verb of saying above it, or
    "according to X". A pronoun is resolved to the last person or organisation named before."""
    lex = lexicon()
    sentence = span.sent
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(sentence.doc) and sentence.doc[token.i + 1].lower_ == "to":
            for pobj in sentence.doc[token.i + 1].children:
                if pobj.dep_ == "pobj":
                    return _speaker(pobj)
    for ancestor in span.root.ancestors:
        if ancestor.lemma_.lower() in lex["say_verbs"]:
            for child in ancestor.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("it", "there"):
                    return _speaker(child)
    # "A said" at the end of a quoted sentence: the root is the verb of saying.
    speaker = _say_subject(sentence)
    if speaker is None and _inside_quotation(span):
        # A quotation of several sentences is attributed where it closes ("... ," Fabius said).
        doc = span.doc
        for later in doc[sentence.end :].sents if sentence.end < len(doc) else []:
            speaker = _say_subject(later)
            if speaker is not None or any(t.text in ('"', "”") for t in later):
                break
    return _speaker(speaker) if speaker is not None else ""


def names_a_sayer(attribution: str) -> bool:
    """Whether an attribution names someone who says so, not words that name no one ("Reports",
    "sources", "media reports": claims/rules/facts.json)."""
    words = re.sub(r"^(?:the|some|several|many|local|unconfirmed|unnamed)\s+", "", attribution.strip().casefold())
    return bool(words) and words not in lexicon()["unnamed_sayers"]


def _say_subject(sentence: Span) -> Token | None:
    root = sentence.root
    if root.lemma_.lower() in lexicon()["say_verbs"]:
        for child in root.children:
            if child.dep_ == "nsubj":
                return child
    return None


def _inside_quotation(span: Span) -> bool:
    before = text_of(span.doc)[: span.start_char]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _speaker(token: Token) -> str:
    labels = set(lexicon()["attribution_labels"])
    if token.lower_ in PRONOUNS:
        return _last_named_before(token)
    subtree = token.doc[token.left_edge.i : token.right_edge.i + 1]
    inside = [e for e in entities(token.doc) if e.label_ in labels and e.start >= subtree.start and e.end <= subtree.end]
    # A person or organisation before a country, a country before a nationality:
    # "French President Francois Hollande" is Hollande.
    order = lexicon()["attribution_labels"]
    for ent in sorted(inside, key=lambda e: order.index(e.label_)):
        if ent.label_ == "NORP":
            break  # "The French president": the phrase says more than the nationality
        if ent.label_ == "GPE" and not (ent.start <= token.i < ent.end):
            break  # "Local officials in northern Peru" are not Peru
        return normalise_place(ent.text) if ent.label_ == "GPE" else ent.text
    return subtree.text.strip()[:200]


def _last_named_before(token: Token) -> str:
    for ent in reversed(entities(token.doc)):
        if ent.end <= token.i and ent.label_ in ("PERSON", "ORG"):
            return ent.text
    return ""
