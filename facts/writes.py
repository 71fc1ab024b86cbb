"""Batched writes of facts/: checks with their links upserted in a few statements whatever their
number, and the counts of facts (claims, articles, outlets) kept by what changed instead of
counted again over every member. `facts.services` calls these; nothing here decides a verdict."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef

from claims.models import Claim
from facts.comparison import Verdict
from facts.models import Check, Fact, FactClaim
from facts.signals import mismatches_saved

# --- checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    """A check to store: its unique key, what it compares and the verdict."""

    key: str
    check_type: str
    claim: Claim
    others: list[Claim]
    verdict: Verdict


UPSERTED = ["claim", "check_type", "verdict", "score", "explanation", "updated_at"]


def checks_save(rows: list[CheckRow]) -> list[Check]:
    """Store checks in bulk: one upsert on the unique key (a re-run updates, never duplicates),
    their `others` links put in step in two statements, and one `mismatches_saved` signal for
    the mismatches among them. Returns the checks in the order of `rows` (a key given twice is
    stored once, as given last)."""
    if not rows:
        return []
    # In key order: two workers upserting overlapping checks lock their rows in one order, so
    # neither waits for a row the other holds while holding one it wants.
    latest = dict(sorted({row.key: row for row in rows}.items()))
    checks = Check.objects.bulk_create(
        [
            Check(key=row.key, claim=row.claim, check_type=row.check_type, verdict=row.verdict.verdict,
                  score=row.verdict.score, explanation=row.verdict.explanation[:500])
            for row in latest.values()
        ],
        update_conflicts=True, unique_fields=["key"], update_fields=UPSERTED,
    )
    by_key = {check.key: check for check in checks}
    _others_set({by_key[key].id: {o.id for o in row.others} for key, row in latest.items()})
    mismatched = [check.id for check in checks if check.is_mismatch]
    if mismatched:
        # The desk opens reviews for new mismatches and webhooks announce them (review/ and
        # webhooks/ listen: this stage comes before them and imports neither), once per batch.
        mismatches_saved.send(sender=Check, check_ids=mismatched)
    return [by_key[row.key] for row in rows]


_OTHERS_SET = f"""
    WITH wanted AS MATERIALIZED (
        SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS wanted(check_id, claim_id)
    ), gone AS (
        DELETE FROM {Check.others.through._meta.db_table} AS link
        WHERE link.check_id = ANY(%s::bigint[])
          AND NOT EXISTS (SELECT 1 FROM wanted WHERE wanted.check_id = link.check_id AND wanted.claim_id = link.claim_id)
    )
    INSERT INTO {Check.others.through._meta.db_table} (check_id, claim_id)
    SELECT check_id, claim_id FROM wanted ORDER BY check_id, claim_id
    ON CONFLICT (check_id, claim_id) DO NOTHING
"""


def _others_set(wanted: dict[int, set[int]]) -> None:
    """Each check's `others` exactly as wanted: the links that are no longer wanted deleted, the
    missing ones added (the through table's unique pair makes a concurrent duplicate harmless).
    On PostgreSQL in one statement (the delete and the insert touch different links), elsewhere
    a read and the two writes."""
    through = Check.others.through
    connection = connections[through.objects.db]
    if connection.vendor == "postgresql":
        pairs = sorted((check_id, claim_id) for check_id, claims in wanted.items() for claim_id in claims)
        with connection.cursor() as cursor:
            cursor.execute(_OTHERS_SET, [[p[0] for p in pairs], [p[1] for p in pairs], sorted(wanted)])
        return
    stale, have = [], defaultdict(set)
    for link_id, check_id, claim_id in through.objects.filter(check_id__in=wanted).values_list("id", "check_id", "claim_id"):
        if claim_id in wanted[check_id]:
            have[check_id].add(claim_id)
        else:
            stale.append(link_id)
    if stale:
        through.objects.filter(id__in=stale).delete()
    missing = [through(check_id=check_id, claim_id=claim_id)
               for check_id, claims in wanted.items() for claim_id in sorted(claims - have[check_id])]
    if missing:
        through.objects.bulk_create(missing, ignore_conflicts=True)


# --- counts of facts ----------------------------------------------------------------------------


@dataclass
class CountChange:
    """What a fact's counts gained or lost: claims, articles and outlets (each may be negative)."""

    claims: int = 0
    articles: int = 0
    outlets: int = 0

    def __bool__(self) -> bool:
        return bool(self.claims or self.articles or self.outlets)


@dataclass
class Snapshot:
    """How many claims of one article each fact holds, taken before the article's claims are
    resolved; compared with the same after, it says how each fact's counts changed."""

    article_id: int
    outlet_id: int | None
    claims_per_fact: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, article_id: int, outlet_id: int | None, fact_ids: Iterable[int | None]) -> Snapshot:
        """The snapshot of the facts of each of the article's claims (None: of no fact), when the
        caller holds them already (its memberships, or where its resolution put each claim)."""
        return cls(article_id, outlet_id, dict(Counter(fact_id for fact_id in fact_ids if fact_id is not None)))


def article_snapshot(*, article_id: int) -> Snapshot:
    """The facts an article's claims are members of now (one indexed query over its claims)."""
    rows = (
        FactClaim.objects.filter(claim__article_id=article_id).values("fact_id").annotate(n=Count("id"))
        .values_list("fact_id", "n", "claim__article__outlet_id")
    )
    outlet = None
    counts = {}
    for fact_id, n, outlet_id in rows:
        counts[fact_id] = n
        outlet = outlet_id
    if outlet is None:
        outlet = Claim.objects.filter(article_id=article_id).values_list("article__outlet_id", flat=True).first()
    return Snapshot(article_id, outlet, counts)


def article_changes(before: Snapshot, facts: set[int], *, after: Snapshot | None = None) -> dict[int, CountChange]:
    """How the counts of `facts` changed since `before` through the article's own claims: the
    claims it has in each fact now against then, whether the article joined or left it, and,
    when it did, whether another article of its outlet is in the fact (an indexed lookup from the
    outlet's articles' claims, never a scan of the fact's members). `after` is read when not
    given."""
    if after is None:
        after = article_snapshot(article_id=before.article_id)
    outlet = before.outlet_id if before.outlet_id is not None else after.outlet_id
    changes = {}
    for fact_id in facts | set(before.claims_per_fact) | set(after.claims_per_fact):
        was, now = before.claims_per_fact.get(fact_id, 0), after.claims_per_fact.get(fact_id, 0)
        change = CountChange(claims=now - was)
        if bool(was) != bool(now):
            change.articles = 1 if now else -1
        changes[fact_id] = change
    entered_or_left = [fact_id for fact_id, change in changes.items() if change.articles]
    elsewhere = (set() if outlet is None else
                 _outlet_elsewhere_in(entered_or_left, outlet, exclude_articles={before.article_id}))
    for fact_id in entered_or_left:
        if fact_id not in elsewhere:
            changes[fact_id].outlets = changes[fact_id].articles
    return changes


def leaving_changes(claim_ids: list[int]) -> dict[int, CountChange]:
    """How the counts of facts change when the memberships of these claims are deleted: their
    claims go, and an article (an outlet) goes when none of its claims is left in the fact."""
    rows = list(FactClaim.objects.filter(claim_id__in=claim_ids).values_list(
        "fact_id", "claim_id", "claim__article_id", "claim__article__outlet_id"))
    leaving = set(claim_ids)
    changes: dict[int, CountChange] = defaultdict(CountChange)
    gone_by_fact: dict[int, dict[int, int]] = defaultdict(dict)  # fact -> article -> outlet
    for fact_id, _claim_id, article_id, outlet_id in rows:
        changes[fact_id].claims -= 1
        gone_by_fact[fact_id][article_id] = outlet_id
    for fact_id, articles in gone_by_fact.items():
        left = {a for a in articles if not FactClaim.objects.filter(fact_id=fact_id, claim__article_id=a)
                .exclude(claim_id__in=leaving).exists()}
        changes[fact_id].articles -= len(left)
        for outlet_id in {articles[a] for a in left}:
            if fact_id not in _outlet_elsewhere_in([fact_id], outlet_id, exclude_articles=left):
                changes[fact_id].outlets -= 1
    return dict(changes)


def _outlet_elsewhere_in(fact_ids: list[int], outlet_id: int, *, exclude_articles: set[int]) -> set[int]:
    """Those of the facts where another article of the outlet has a claim: one statement, an
    EXISTS per fact (which stops at the first such claim however large the fact), rather than
    a query per fact."""
    if not fact_ids:
        return set()
    other = (FactClaim.objects.filter(fact_id=OuterRef("id"), claim__article__outlet_id=outlet_id)
             .exclude(claim__article_id__in=exclude_articles))
    return set(Fact.objects.filter(id__in=fact_ids).filter(Exists(other)).order_by().values_list("id", flat=True))


# --- facts ----------------------------------------------------------------------------------------


def fact_insert(fact: Fact) -> Fact | None:
    """Insert a new fact in one statement, or None when its key and number are taken (another
    worker founded it first). INSERT ... ON CONFLICT DO NOTHING RETURNING: one round trip, where
    a create inside a savepoint (to survive the unique key's error) took three."""
    opts = Fact._meta
    connection = connections[Fact.objects.db]
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(fact, add=True), connection) for f in fields]
    quote = connection.ops.quote_name
    unique = ", ".join(quote(opts.get_field(name).column) for name in ("kind", "fact_key", "place_key", "seq"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT ({unique}) DO NOTHING RETURNING {quote(opts.pk.column)}",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return None
    fact.pk = row[0]
    fact._state.adding, fact._state.db = False, connection.alias
    return fact


@dataclass(frozen=True)
class FactState:
    """What a refresh writes to a fact: its consensus, the day of its event, and its counts, as
    they are (`moved` False) or as the change to add to the stored ones (a fact larger than its
    consensus window, see `facts.services.fact_refresh`)."""

    fact_id: int
    low: float | None
    best: float | None
    high: float | None
    outliers: list
    event_date: date | None
    counts: CountChange
    moved: bool = False


_FACTS_UPDATE = f"""
    WITH locked AS MATERIALIZED (
        SELECT id FROM {Fact._meta.db_table} WHERE id = ANY(%s::bigint[]) ORDER BY id FOR UPDATE
    )
    UPDATE {Fact._meta.db_table} AS fact SET
        consensus_low = new.low, consensus_best = new.best, consensus_high = new.high,
        outliers = new.outliers::jsonb, event_date = new.event_date,
        claims_total = CASE WHEN new.moved THEN fact.claims_total + new.claims ELSE new.claims END,
        articles = CASE WHEN new.moved THEN fact.articles + new.articles ELSE new.articles END,
        outlets = CASE WHEN new.moved THEN fact.outlets + new.outlets ELSE new.outlets END
    FROM unnest(%s::bigint[], %s::float8[], %s::float8[], %s::float8[], %s::text[], %s::date[], %s::bool[],
                %s::int[], %s::int[], %s::int[])
         AS new(id, low, best, high, outliers, event_date, moved, claims, articles, outlets)
    WHERE fact.id = new.id AND fact.id IN (SELECT id FROM locked)
"""


def facts_write(states: list[FactState]) -> None:
    """Store the refreshed states of facts. On PostgreSQL one UPDATE for all of them (an
    article touches ten facts or so: one statement, not one each), their rows locked first in id
    order, as two articles updating the same facts one by one in that order would; elsewhere one
    UPDATE per fact."""
    if not states:
        return
    states = sorted(states, key=lambda s: s.fact_id)
    connection = connections[Fact.objects.db]
    if connection.vendor != "postgresql":
        for state in states:
            counts = state.counts
            moved = dict(claims_total=F("claims_total") + counts.claims, articles=F("articles") + counts.articles,
                         outlets=F("outlets") + counts.outlets) if state.moved else \
                dict(claims_total=counts.claims, articles=counts.articles, outlets=counts.outlets)
            Fact.objects.filter(id=state.fact_id).update(
                consensus_low=state.low, consensus_best=state.best, consensus_high=state.high,
                outliers=state.outliers, event_date=state.event_date, **moved,
            )
        return

    def floats(values):
        return [None if v is None else float(v) for v in values]

    ids = [s.fact_id for s in states]
    with connection.cursor() as cursor:
        cursor.execute(_FACTS_UPDATE, [
            ids, ids, floats(s.low for s in states), floats(s.best for s in states), floats(s.high for s in states),
            [json.dumps(s.outliers) for s in states], [s.event_date for s in states], [s.moved for s in states],
            [s.counts.claims for s in states], [s.counts.articles for s in states], [s.counts.outlets for s in states],
        ])
