"""Reads for facts/: whether two claims state one fact, and which fact a claim joins.

A claim's candidates come from an indexed blocking lookup (its fact key and its generalisations,
its kind, its places: `candidates`). Of those, the claims that state its fact are found pairwise
(`same_fact`), and the claim joins the existing fact that most independent sources among them
belong to, else founds a new one (`placement`). It is then judged against that fact's other
sources, so a fact of 300 articles makes at most CROSSCHECK_FACT_EVIDENCE_SOURCES checks per new
claim, and two reports that each agree with a third meet in one fact even when they would not
match each other directly (a toll that grew fivefold between them)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.db.models.functions import Right, Trim

from claims.models import Claim, ClaimPlace
from claims.nlp.about import event_names
from claims.nlp.gazetteer import areas_of, countries_of, index_names
from claims.nlp.reading import (
    key_is_specific, key_parts, key_variants, keys_compatible, level_predicates, names_a_sayer,
    recurring_events, running_total_predicates,
)
from claims.nlp.resolvers.scales import one_figure_within
from facts.comparison import Figure
from facts.models import Fact, FactClaim
from sources.models import Article


def figure(claim: Claim) -> Figure:
    """A claim as the comparison sees it: dates as day numbers, measures in SI units."""
    article = claim.article
    common = dict(
        claim_id=claim.id,
        kind=claim.kind,
        qualifier=claim.qualifier,
        published=article.published,
        running_total=claim.running_total,
        cumulative=_cumulative(claim),
        level=key_parts(claim.fact_key)[2] in level_predicates(),
        attributed_to=claim.attributed_to,
        sayer_named=names_a_sayer(claim.attributed_to),
        outlet=article.outlet.name,
        quote=claim.quote,
    )
    if claim.kind == "date":
        low = claim.date_low.toordinal() if claim.date_low else None
        high = claim.date_high.toordinal() if claim.date_high else None
        known = [d for d in (low, high) if d is not None]
        middle = sum(known) / len(known) if known else None
        return Figure(value=middle, low=low, high=high, display=claim.date_value, **common)
    if claim.si_unit and claim.si_value is not None:
        return Figure(value=claim.si_value, low=claim.si_low, high=claim.si_high, **common)
    return Figure(value=claim.value, low=claim.low, high=claim.high, **common)


def unit_of(claim: Claim) -> str:
    """The unit a claim's figure is compared in, as shown after the number ("%", " km")."""
    if claim.kind == "percent":
        return "%"
    if claim.si_unit:
        return f" {claim.si_unit}"
    return f" {claim.unit}" if claim.unit else ""


# --- two claims ---------------------------------------------------------------------------------


def same_fact(a: Claim, b: Claim) -> bool:
    """Two claims state the same fact when they are about one thing (`one_thing`) and their
    figures are close enough to be reports of one figure (`plausibly_one_figure`)."""
    return one_thing(a, b) and plausibly_one_figure(a, b)


def places_of(claim: Claim) -> set[str]:
    return {p.casefold() for p in claim.places}


def places_agree(a: Claim, b: Claim) -> bool:
    """Whether two claims are about one place: they share one, or the place of one is directly
    inside a place of the other (Houston in Texas, Liberia in West Africa; not Houston in the
    United States, which holds every other American story) and that smaller place only says
    where the story is: "1,130 in Kathmandu", written with its figure, is a part of Nepal's
    toll, not a report of it; and two parts (Liberia, Guinea) are two places."""
    mine, theirs = places_of(a), places_of(b)
    if _place_scopes_apart(a, b):
        return False
    if mine & theirs:
        return True
    # A place inside another is the same place only for one named event (hurricane Harvey's
    # dead in Houston and in Texas); otherwise a part is told apart from the whole.
    if not event_names(a.event) & event_names(b.event):
        return False
    return (not _scoped(a) and _inside(a, theirs)) or (not _scoped(b) and _inside(b, mine))


def _place_scopes_apart(a: Claim, b: Claim) -> bool:
    """Whether the place scopes of two figures make them different figures, though they name
    one place: "30 people have died there alone" is Harris County's figure, not the toll of the
    Texas its sentence also names (a figure of one place "only" meets figures of that place, the
    one its sentence names first, the one it is about); and a total broken down by place ("1,970
    had died, all but 60 of them in Nepal") is neither one place's figure alone nor a figure of
    one place, written with it ("nearly 900 people in Nepal") or read from its sentence or its
    article (not an organisation standing in for a place)."""
    if {a.scope, b.scope} == {"only", "across"}:
        return True
    # A figure of several countries ("the quake that hit Nepal and India has killed 4,000") is
    # their total, not one country's figure.
    if a.kind == "count" and "across" not in (a.scope, b.scope) \
            and {len(countries_of(a.places, named_only=True)) > 1, len(countries_of(b.places, named_only=True)) > 1} \
            == {True, False}:
        return True
    for one, other in ((a, b), (b, a)):
        if one.scope == "only" and other.scope != "only" and one.places[0].casefold() not in places_of(other):
            return True
        if one.scope == "across" and other.scope != "across" \
                and other.places_from in ("figure", "sentence", "article") and len(other.places) == 1:
            return True
    return False


def _scoped(claim: Claim) -> bool:
    """Whether a claim's places are the scope of its figure: written with it, or said to be the
    only ones ("30 in Harris County alone")."""
    return claim.places_from == "figure" or claim.scope == "only"


def _inside(claim: Claim, places: set[str]) -> bool:
    return any(areas[0].casefold() in places for place in claim.places if (areas := areas_of(place)))


def one_thing(a: Claim, b: Claim) -> bool:
    """Whether two claims of different articles are about one thing, whatever their figures say:
    compatible fact keys (see `keys_compatible`), the same hard scope, no two different named
    events, a shared place, and, if both say when, the same stretch of time."""
    if a.article_id == b.article_id or not keys_compatible(a.fact_key, b.fact_key):
        return False
    if not at_a_glance(a, scope=b.scope, event=b.event, day=as_of(b)) or not places_agree(a, b):
        return False
    if a.kind != "date" and a.refers_end and b.refers_end and (a.refers_start or b.refers_start) \
            and not _totals_as_of_days(a, b):
        # A stretch open at its start ("985 deaths through October") still ends: a month after
        # it is another stretch of time.
        start = max(day for day in (a.refers_start, b.refers_start) if day)
        end = min(a.refers_end, b.refers_end)
        if start > end:
            return False
        if a.refers_start and b.refers_start:
            shared = (end - start).days + 1
            longest = max((a.refers_end - a.refers_start).days, (b.refers_end - b.refers_start).days) + 1
            # "16 attacks last month" is not the same figure as "329 attacks since 2011".
            if shared / longest < 0.5:
                return False
    return True


def at_a_glance(claim: Claim, *, scope: str, event: str, day: date | None) -> bool:
    """What `one_thing` asks first of another claim, from its scope, event and as-of day (`as_of`)
    alone: the same hard scope, no two different named events, the same stretch of time. A
    candidate that fails it is not built as a Claim (`article_candidates`): in the benchmark's
    uniform store of a million claims nine in ten of a claim's candidates are of another time."""
    # A forecast is not a count, the trips by 11 a.m. are not the day's, 140 new deaths are not
    # the toll; and hurricane Maria's dead are not hurricane Harvey's.
    if hard_scope(claim.scope) != hard_scope(scope):
        return False
    names_a, names_b = event_names(claim.event), event_names(event)
    if names_a and names_b and not names_a & names_b:
        return False
    mine = as_of(claim)
    return mine is None or day is None or abs((mine - day).days) <= AS_OF_APART_DAYS


def _one_day(claim: Claim) -> bool:
    """Whether a figure is said of one day: of a total that only grows ("raised its toll to 2,975
    on Wednesday") that is the day it stood as of, not a stretch of time it counts, so another
    day's figure of the total is a later report of it (`at_a_glance` keeps them within a year)."""
    return claim.refers_start == claim.refers_end


def _totals_as_of_days(a: Claim, b: Claim) -> bool:
    """Two running totals of what only adds up, one said as of a day and neither counting a
    closed stretch of time: a later day's figure is a later report of the total, whatever the
    two times overlap."""
    return _cumulative(a) and _cumulative(b) and (_one_day(a) or _one_day(b)) \
        and not (_closed_stretch(a) or _closed_stretch(b))


def _closed_stretch(claim: Claim) -> bool:
    """Whether a figure counts a stretch of time with a start and an end ("900 excess deaths in
    January and February"): a part of a running total, not the total as of a day."""
    return bool(claim.refers_start and claim.refers_end and claim.refers_start != claim.refers_end)


def _cumulative(claim: Claim) -> bool:
    """A running total of what only adds up (deaths, cases, arrests), not one day's count that a
    word such as "total" marks ("a total of 1.2 million marched on Tuesday")."""
    return claim.running_total and key_parts(claim.fact_key)[2] in running_total_predicates()


def plausibly_one_figure(a: Claim, b: Claim) -> bool:
    """Whether two figures are close enough to be reports of one figure: a toll grows between
    reports and outlets disagree, but 5 victims identified are not a toll of 30, nor 64 official
    deaths a study's estimate of 4,645 (at most CROSSCHECK_FACT_MAX_RATIO apart). Dates are
    told apart by the time they refer to."""
    if a.kind == "date":
        return _same_occurrence(a, b)
    within = one_figure_within(a.unit) if a.kind == "measure" and a.unit == b.unit else None
    if within is not None:  # a magnitude 5.1 aftershock is not a report of the 7.8 quake
        return a.value is not None and b.value is not None and abs(a.value - b.value) <= within + 1e-9
    low, high = sorted(abs(f.value or 0) for f in (figure(a), figure(b)))
    if low == 0:
        return high == 0
    return high / low <= settings.CROSSCHECK_FACT_MAX_RATIO


def _same_occurrence(a: Claim, b: Claim) -> bool:
    """Two dates of one kind of event more than AS_OF_APART_DAYS apart are two occurrences of it
    ("the 1934 quake" beside "Saturday's quake", the 2009 and the 2017 inaugurations), not two
    reports of one date that disagree; a date misreported by a year or less is still compared."""
    spans = [(c.date_low, c.date_high or c.date_low) for c in (a, b)]
    if any(low is None for low, _ in spans):
        return True
    (low_a, high_a), (low_b, high_b) = spans
    gap = max((low_b - high_a).days, (low_a - high_b).days, 0)
    # Strikes, marches and attacks happen again: the strike of January 19 and that of January 31
    # are two strike days, not two reports that disagree on one.
    if key_parts(a.fact_key)[1] in recurring_events() or key_parts(b.fact_key)[1] in recurring_events():
        return gap == 0
    return gap <= AS_OF_APART_DAYS


# Figures standing as of dates farther apart than this are of different times, whatever else
# agrees: "the 1934 quake killed 8,500" is not this week's toll of the quake.
AS_OF_APART_DAYS = 365


def as_of(claim: Claim) -> date | None:
    """The day a figure stands as of: the end of the time it refers to, else the day its article
    was published (a figure with no time said, or "since 2011", is a figure of now)."""
    return _as_of(claim.kind, claim.refers_end, claim.article.published)


def _as_of(kind: str, refers_end: date | None, published: date | None) -> date | None:
    return None if kind == "date" else refers_end or published


def hard_scope(scope: str) -> str:
    """Scopes that make another fact whatever else agrees ("only" is told by the places)."""
    return scope if scope in ("forecast", "part of day", "increment", "part of place") else ""


def syndicated(a: Article, b: Article) -> bool:
    """Two printings of one wire story are one source: they never confirm or contradict each
    other."""
    return a.story_id == b.story_id


def likeness(claim: Claim, other: Claim) -> tuple:
    """How much another figure reads like this one: the nearer in value, then said in a sentence
    of the body rather than a headline or caption (where its article says it with its context,
    as `repeated_in_article` judges it), then the same places, counted thing, predicate; then the
    earlier in its article (a story leads with its figure)."""
    return (_closeness(claim, other), not in_title(other), places_of(claim) == places_of(other),
            claim.subject == other.subject, claim.predicate == other.predicate, -other.start)


def _closeness(claim: Claim, other: Claim) -> float:
    """How near two figures are, 1 for the same figure: an article that gives 51.9 % for Leave
    and 48.1 % for Remain confirms a report of 51.9 % with the first, it does not contradict it
    with the second."""
    a, b = figure(claim).value, figure(other).value
    if a is None or b is None:
        return 0.0
    low, high = sorted((abs(a), abs(b)))
    return low / high if high else 1.0


def latest_per_source(claims: list[Claim]) -> list[Claim]:
    """The latest figure of each independent source, latest first: an outlet counts once, and
    so do the copies of one wire story printed by several outlets."""
    chosen, outlets, stories = [], set(), set()
    for claim in sorted(claims, key=_published_order, reverse=True):
        article = claim.article
        if article.outlet_id in outlets or article.story_id in stories:
            continue
        outlets.add(article.outlet_id)
        stories.add(article.story_id)
        chosen.append(claim)
    return chosen


def _published_order(claim: Claim) -> tuple:
    return (claim.article.published or date.min, claim.id)


def repeated_in_article(claim: Claim, article_claims: list[Claim]) -> Claim | None:
    """The figure of the claim's own article that the claim repeats, if any: of the article's
    figures that state the same thing (a compatible key, a shared place, the same value:
    "Seventeen ... 17"), the statement is the first one said in a sentence of the body, else
    the first; a repeated figure is one statement, judged once, and judged where the article
    says it with its context, not in its headline, standfirst or a caption. None when the claim
    is that statement. `article_claims` are the article's claims (any order, any of them)."""
    places = places_of(claim)
    same = [claim] + [
        other for other in article_claims
        if other.article_id == claim.article_id and other.id != claim.id and other.kind == claim.kind
        and other.value == claim.value and other.date_value == claim.date_value
        and keys_compatible(claim.fact_key, other.fact_key) and places & places_of(other)
    ]
    statement = min(same, key=lambda c: (in_title(c), c.start))
    return None if statement.id == claim.id else statement


# How a sentence of running text ends (a closing quote or bracket may follow): a headline, a
# standfirst or a caption has none.
_SENTENCE_ENDS = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def in_title(claim: Claim) -> bool:
    """Whether a figure is said in a line that is not a sentence of the article's body: its
    headline, a standfirst, a caption ("Death toll rises after 7.9 magnitude earthquake"). A
    candidate (`candidates`) carries only its sentence's end."""
    end = getattr(claim, "sentence_end", None)
    return not _SENTENCE_ENDS.search(claim.sentence if end is None else end)


# --- which fact ---------------------------------------------------------------------------------


def resolvable(claim: Claim) -> bool:
    """Whether a claim's key and places say enough for it to state a fact at all."""
    return key_is_specific(claim.fact_key) and bool(claim.places)


# Each row with the candidate's own fact key: a claim is indexed under the generalisations of its
# key too, so a range holds claims of keys that cannot name the claim's fact ("count|people|" holds
# the people injured beside the people killed), which are left unread (see `_compatible_ids`).
_RECENT_PER_KEY_AND_PLACE = f"""
    SELECT found.claim_id, claim.fact_key FROM (
        SELECT DISTINCT recent.claim_id FROM unnest(%s::text[], %s::text[]) AS wanted(fact_key, place)
        CROSS JOIN LATERAL (
            SELECT row.claim_id FROM {ClaimPlace._meta.db_table} AS row
            WHERE row.fact_key = wanted.fact_key AND row.kind = %s AND row.place = wanted.place
            ORDER BY row.claim_id DESC LIMIT %s
        ) AS recent
        ORDER BY recent.claim_id DESC LIMIT %s
    ) AS found JOIN {Claim._meta.db_table} AS claim ON claim.id = found.claim_id
"""


# Each claim's newest `limit` candidates, numbered in the database; then each candidate once,
# however many of the article's claims read it, with the claims that did (`ns`), its own fact key
# and what `at_a_glance` reads of the claim row (scope, event, the end of its time). Its article
# and membership are read next (`_CANDIDATE_SOURCES`), only for the candidates whose key may name
# a reading claim's fact: in a store of a million claims half of what the ranges hold is of
# another key (the people injured under "count|people|" beside the people killed), read for
# nothing. The claims a glance rules out are not built, only their facts kept as seen.
_RECENT_PER_CLAIM = f"""
    WITH top AS MATERIALIZED (
        SELECT ranked.n, ranked.claim_id FROM (
            SELECT found.n, found.claim_id,
                   row_number() OVER (PARTITION BY found.n ORDER BY found.claim_id DESC) AS rank
            FROM (
                SELECT DISTINCT wanted.n, recent.claim_id
                FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[]) AS wanted(n, fact_key, kind, place)
                CROSS JOIN LATERAL (
                    SELECT row.claim_id FROM {ClaimPlace._meta.db_table} AS row
                    WHERE row.fact_key = wanted.fact_key AND row.kind = wanted.kind AND row.place = wanted.place
                    ORDER BY row.claim_id DESC LIMIT %s
                ) AS recent
            ) AS found
        ) AS ranked
        WHERE ranked.rank <= %s
    )
    SELECT one.claim_id, claim.fact_key, claim.scope, claim.event, claim.refers_end, claim.article_id, one.ns
    FROM (SELECT top.claim_id, array_agg(top.n) AS ns FROM top GROUP BY top.claim_id) AS one
    JOIN {Claim._meta.db_table} AS claim ON claim.id = one.claim_id
"""


# Of the candidates whose key may name the fact of a claim that read them, their articles (each
# article once, however many of its claims were read) and their memberships.
_CANDIDATE_SOURCES = f"""
    SELECT wanted.claim_id, article.published, article.copy_of_id, article.outlet_id, member.fact_id,
           member.placed_at IS NOT NULL
    FROM unnest(%s::bigint[], %s::bigint[]) AS wanted(claim_id, article_id)
    JOIN (SELECT id, published, copy_of_id, outlet_id FROM {Article._meta.db_table} WHERE id = ANY(%s::bigint[]))
         AS article ON article.id = wanted.article_id
    LEFT JOIN {FactClaim._meta.db_table} AS member ON member.claim_id = wanted.claim_id
"""


def _index_pairs(claim: Claim) -> list[tuple[str, str]]:
    """The (key variant, place) ranges of the place index a claim's candidates are read from."""
    keys, names = key_variants(claim.fact_key), sorted(index_names(claim.places))
    return [(key, place) for key in keys for place in names]


def recent_candidates(claim: Claim, limit: int) -> list[Claim]:
    """The `limit` most recent claims elsewhere that may state the same fact, newest first: those
    indexed under a variant of its fact key, its kind and one of its places or their areas. On
    PostgreSQL each (key, place) is one range of the index read backwards for at most `limit`
    rows, so the cost does not grow with the store, nor with a place that holds a third of it."""
    pairs = _index_pairs(claim)
    if not pairs:
        return []
    connection = connections[ClaimPlace.objects.db]
    if connection.vendor == "postgresql":
        # One statement, planned once: the ORM's UNION of as many sliced querysets cost more to
        # build than to run (about 8 ms a claim against well under 1 ms in the database).
        with connection.cursor() as cursor:
            cursor.execute(_RECENT_PER_KEY_AND_PLACE, [[k for k, _ in pairs], [p for _, p in pairs], claim.kind,
                                                       limit, limit])
            ids = _compatible_ids(claim, cursor.fetchall())
        return list(candidates(claim, ids).order_by("-id"))
    keys, names = {k for k, _ in pairs}, {p for _, p in pairs}
    ids = ClaimPlace.objects.filter(fact_key__in=keys, kind=claim.kind, place__in=names).values("claim_id")
    return [c for c in candidates(claim, ids).order_by("-id")[:limit] if keys_compatible(claim.fact_key, c.fact_key)]


def _compatible_ids(claim: Claim, rows) -> list[int]:
    """Of (candidate id, its fact key) rows, the ids of candidates whose key may name the claim's
    fact: the others could never be the same fact (`one_thing`), nor is their fact the claim's
    key's, so building them is left out (half an article's candidates in a store of 1M claims).
    Each key is judged once: the rows of a large store repeat a few keys hundreds of times."""
    verdicts: dict[str, bool] = {}
    for _, key in rows:
        if key not in verdicts:
            verdicts[key] = keys_compatible(claim.fact_key, key)
    return [claim_id for claim_id, key in rows if verdicts[key]]


@dataclass
class Candidates:
    """A claim's recent candidates (`recent_candidates`) as resolution uses them: built, newest
    first, those that may be about the same thing (`at_a_glance`), and of each fact among them
    only the latest article of each independent source (`latest_per_fact_and_source`); of the
    others, only the facts they belong to (not those an editor placed them in), which are in view
    all the same (see `Placement.facts_in_view`). Those a glance rules out are never the same
    thing, so they never vote, nor are they evidence; a source's earlier reports of a fact are
    not what the claim is judged against (its latest is), nor does a source vote twice."""

    claims: list[Claim] = field(default_factory=list)
    facts_seen: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, claim: Claim, recent: list[Claim]) -> Candidates:
        """Built candidates sorted out as the database's read sorts them."""
        found, kept = cls(), []
        for other in recent:
            member = _membership(other)
            placed = member.fact_id if member is not None and member.placed_at is None else None
            if at_a_glance(claim, scope=other.scope, event=other.event, day=as_of(other)):
                article = other.article
                kept.append(Seen(other.id, other.article_id, article.published, _source(other), placed))
            elif placed is not None:
                found.facts_seen.add(placed)
        chosen = {seen.id for seen in latest_per_fact_and_source(kept)}
        found.claims = [other for other in recent if other.id in chosen]
        return found


@dataclass(frozen=True, slots=True)
class Seen:
    """What `latest_per_fact_and_source` reads of a candidate: its article, the article's day,
    its source (`_source`), the fact it belongs to (None: none, or one an editor placed it in)."""

    id: int
    article_id: int
    published: date | None
    source: tuple
    fact_id: int | None


def latest_per_fact_and_source(seen: list[Seen]) -> list[Seen]:
    """Of candidates, for each fact and each independent source, those of the source's latest
    article in that fact (by day, then the newest claim); every candidate of no fact. In a large
    store the newest claims of a claim's index ranges are a few facts reported hundreds of times
    by a few dozen outlets: the claim is compared with each source's latest figure of each fact,
    so its cost is bounded by facts and sources, not by their claims. In the order given."""
    latest: dict[tuple, tuple] = {}
    for one in seen:
        if one.fact_id is not None:
            group, order = (one.fact_id, one.source), (one.published or date.min, one.id)
            if group not in latest or order > latest[group][0]:
                latest[group] = (order, one.article_id)
    return [one for one in seen if one.fact_id is None or latest[(one.fact_id, one.source)][1] == one.article_id]


def article_candidates(claims: list[Claim], limit: int) -> dict[int, Candidates]:
    """`recent_candidates` of each of one article's claims, by claim id, as `Candidates`. On
    PostgreSQL in three statements for the whole article (the index ranges of every claim, each
    claim's newest `limit` of them numbered in the database with their keys and what a glance
    reads, each read once whichever claims read it; the articles and memberships of those whose
    key may name a reading claim's fact; then the claims kept read once) instead of two per
    claim; elsewhere claim by claim. In a store of a million claims an article's ranges hold
    hundreds of candidates, most of another time or earlier reports of a source: building each
    as a Claim cost more than the rest of its resolution."""
    wanted = {claim.id: _index_pairs(claim) for claim in claims}
    found: dict[int, Candidates] = {claim_id: Candidates() for claim_id in wanted}
    asked = [claim for claim in claims if wanted[claim.id]]
    if not asked:
        return found
    if len({claim.article_id for claim in asked}) > 1:
        raise ValueError("article_candidates reads the claims of one article")
    connection = connections[ClaimPlace.objects.db]
    if connection.vendor != "postgresql":
        return found | {claim.id: Candidates.of(claim, recent_candidates(claim, limit)) for claim in asked}
    columns: tuple[list, list, list, list] = ([], [], [], [])
    for claim in asked:
        for key, place in wanted[claim.id]:
            for column, item in zip(columns, (claim.id, key, claim.kind, place)):
                column.append(item)
    with connection.cursor() as cursor:
        cursor.execute(_RECENT_PER_CLAIM, [*columns, limit, limit])
        rows = cursor.fetchall()
    by_id = {claim.id: claim for claim in asked}
    # The exclusions of `candidates` (the article's own claims, its story's) are the same for
    # every claim of it.
    own, story = asked[0].article_id, asked[0].article.story_id
    verdicts: dict[tuple[int, str], bool] = {}  # each claim's verdict on each key, judged once

    def compatible(n: int, key: str) -> bool:
        if (verdict := verdicts.get((n, key))) is None:
            verdict = verdicts[(n, key)] = keys_compatible(by_id[n].fact_key, key)
        return verdict

    # Only the claims that may state the fact of a claim that read them count further (the others
    # are passed over for every claim, as if never read): their articles and memberships.
    rows = [(*row[:-1], ns) for row in rows if row[5] not in (own, story)
            and (ns := [n for n in row[-1] if compatible(n, row[1])])]
    sources = {}
    if rows:
        with connection.cursor() as cursor:
            cursor.execute(_CANDIDATE_SOURCES, [[row[0] for row in rows], [row[5] for row in rows],
                                                sorted({row[5] for row in rows})])
            sources = {row[0]: row[1:] for row in cursor.fetchall()}
    kept: dict[int, list[Seen]] = defaultdict(list)
    for candidate_id, _key, scope, event, refers_end, article_id, ns in sorted(rows, reverse=True):
        published, copy_of_id, outlet_id, fact_id, placed = sources[candidate_id]
        if copy_of_id == story:
            continue
        placed_in = None if fact_id is None or placed else fact_id
        source = ("story", copy_of_id) if copy_of_id else ("outlet", outlet_id)
        for n in ns:
            claim = by_id[n]
            if at_a_glance(claim, scope=scope, event=event, day=_as_of(claim.kind, refers_end, published)):
                kept[n].append(Seen(candidate_id, article_id, published, source, placed_in))
            elif placed_in is not None:
                found[n].facts_seen.add(placed_in)
    chosen = {n: [seen.id for seen in latest_per_fact_and_source(seen)] for n, seen in kept.items()}
    read = {c.id: c for c in candidates(asked[0], {i for ids in chosen.values() for i in ids})}
    for n, ids in chosen.items():
        found[n].claims = [read[i] for i in ids if i in read][:limit]
    return found


def candidates(claim: Claim, ids):
    """Of the claims `ids`, those of other articles and stories than the claim's, with what the
    comparison reads of them."""
    story = claim.article.story_id
    return (
        Claim.objects.filter(id__in=ids)
        .exclude(article_id=story)
        .exclude(article__copy_of_id=story)
        .exclude(article_id=claim.article_id)
        # Their facts in the same query: a claim's candidates are read in one round trip.
        .select_related("article__outlet", "fact_membership")
        # Only what resolution and the comparison read: an article's candidates are hundreds of
        # claims in a large store, and building each one's article, outlet and membership with
        # every column (texts, timestamps, JSON) was most of the time its cross-checking took.
        .only(*CANDIDATE_FIELDS)
        # Enough of the sentence's end for `in_title`, not the whole sentence.
        .annotate(sentence_end=Right(Trim("sentence"), SENTENCE_END_CHARS))
    )


# Characters enough for `in_title` to find a stop, its closing quotes or brackets and trailing blanks.
SENTENCE_END_CHARS = 8


# What `same_fact`, `placement`, `figure` and `latest_per_source` read of a candidate.
CANDIDATE_FIELDS = (
    "id", "article_id", "kind", "quote", "start", "end", "value", "low", "high", "date_value", "date_low",
    "date_high", "qualifier", "unit", "si_value", "si_low", "si_high", "si_unit", "subject", "predicate",
    "attributed_to", "places", "places_from", "refers_start", "refers_end", "running_total", "paragraph", "role",
    "event", "scope", "fact_key",
    "article__id", "article__outlet_id", "article__published", "article__copy_of_id",
    "article__outlet__id", "article__outlet__name",
    "fact_membership__id", "fact_membership__fact_id", "fact_membership__claim_id", "fact_membership__placed_at",
)


@dataclass
class Placement:
    """Where resolution puts a claim: the existing fact it joins (None: it founds one, or states
    no fact when not `resolvable`) and the claims of other sources it is judged against."""

    resolvable: bool
    fact_id: int | None = None
    evidence: list[Claim] = field(default_factory=list)
    # The other facts its candidates belong to: when the claim founds a fact, an existing fact of
    # its own key and place among these is another fact (its members were seen and did not fit).
    facts_in_view: set[int] = field(default_factory=set)


def placement(claim: Claim, *, within: int | None = None, recent: Candidates | None = None) -> Placement:
    """Which fact a claim states and what it is judged against. Of its most recent candidates
    (CROSSCHECK_FACT_RECENT_MEMBERS), those that state its fact pairwise vote for the facts they
    belong to, one vote per independent source; the fact with most votes is joined (the newer on
    a tie). The evidence is then that fact's members in view about the same thing (their figures
    may have moved further apart than a pair would allow: a toll followed for a week), and the
    claims that state its fact but belong to none, one figure per article, the latest of each
    source, at most CROSSCHECK_FACT_EVIDENCE_SOURCES sources. `within` names the fact to judge
    it in instead (one an editor placed it in); `recent` are its `recent_candidates` when the
    caller read them already (`article_candidates`), as `Candidates`: those a glance keeps, of
    each fact the latest article of each source; the others only facts in view."""
    if not resolvable(claim):
        return Placement(resolvable=False)
    if recent is None:
        recent = Candidates.of(claim, recent_candidates(claim, settings.CROSSCHECK_FACT_RECENT_MEMBERS))
    seen = recent.facts_seen
    recent = [o for o in recent.claims if not syndicated(claim.article, o.article)]
    # A fact an editor took a claim out into ("not this fact") is that claim's own: it does not
    # draw other claims.
    fact_of = {o.id: member.fact_id for o in recent
               if (member := _membership(o)) is not None and member.placed_at is None}
    fitting = [o for o in recent if same_fact(claim, o)]
    fitting_ids = {o.id for o in fitting}
    votes: dict[int, set] = defaultdict(set)
    for other in fitting:
        if other.id in fact_of:
            votes[fact_of[other.id]].add(_source(other))
    chosen = within or (max(votes, key=lambda f: (len(votes[f]), f)) if votes else None)
    if chosen is None:
        pool = [o for o in fitting if o.id not in fact_of]
    else:
        pool = [o for o in recent if (fact_of.get(o.id) == chosen and one_thing(claim, o)) or o.id in fitting_ids]
    return Placement(resolvable=True, fact_id=chosen, evidence=_one_per_source(claim, pool),
                     facts_in_view=(set(fact_of.values()) | seen) - {chosen})


def _membership(claim: Claim) -> FactClaim | None:
    try:
        return claim.fact_membership
    except FactClaim.DoesNotExist:
        return None


def _source(claim: Claim) -> tuple:
    """An independent source: an outlet, and the copies of one wire story as one."""
    return ("story", claim.article.story_id) if claim.article.copy_of_id else ("outlet", claim.article.outlet_id)


def _one_per_source(claim: Claim, pool: list[Claim]) -> list[Claim]:
    """One figure of each other article and day a running total is said to stand as of, the one
    that reads most like the claim (every other figure of that report in the pool would be
    compared too and raise a mismatch each), of the latest article of each source, at most
    CROSSCHECK_FACT_EVIDENCE_SOURCES sources. An article that gives a running total as of two days ("1,427 on August 20", "1,552 as
    of August 26") gives two reports of it, each judged."""
    by_report: dict[tuple, list[Claim]] = defaultdict(list)
    for other in pool:
        by_report[(other.article_id, other.refers_end if _cumulative(other) and _one_day(other) else None)].append(other)
    best = [max(group, key=lambda o: likeness(claim, o)) for group in by_report.values()]
    articles = [c.article_id for c in latest_per_source(best)][: settings.CROSSCHECK_FACT_EVIDENCE_SOURCES]
    rank = {article: n for n, article in enumerate(articles)}
    return sorted((c for c in best if c.article_id in rank), key=lambda c: (rank[c.article_id], -c.id))


def facts_of_keys(keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], list[Fact]]:
    """The existing facts of each (kind, fact key, place key), oldest first, for all the keys in
    one query: one range of the unique key's index per key. (Each column's values alone read
    every fact of any of the keys at any of the places, hundreds in a large store.)"""
    found: dict[tuple[str, str, str], list[Fact]] = {key: [] for key in keys}
    if not keys:
        return found
    wanted = Q()
    for kind, key, place_key in sorted(keys):
        wanted |= Q(kind=kind, fact_key=key, place_key=place_key)
    for fact in Fact.objects.filter(wanted).order_by("seq"):
        found[(fact.kind, fact.fact_key, fact.place_key)].append(fact)
    return found
