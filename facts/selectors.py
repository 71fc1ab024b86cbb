"""Reads for facts/: the claims of facts, bounded."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from claims.models import Claim
from facts.models import Fact, FactClaim
from sources.models import Article, Outlet

# What `figure`, `latest_per_source` and the counts read of a member.
CONSENSUS_FIELDS = (
    "id", "article_id", "kind", "qualifier", "running_total", "attributed_to", "quote", "value", "low", "high",
    "date_value", "date_low", "date_high", "si_unit", "si_value", "si_low", "si_high", "refers_start", "fact_key",
    "article__id", "article__published", "article__copy_of_id", "article__outlet_id", "article__outlet__id",
    "article__outlet__name",
)

# What the consensus reads of a member, by table: the claim, its article, the article's outlet.
_MEMBER_CLAIM = ("id", "article_id", "kind", "qualifier", "running_total", "attributed_to", "quote", "value", "low",
                 "high", "date_value", "date_low", "date_high", "si_unit", "si_value", "si_low", "si_high",
                 "refers_start", "fact_key")
_MEMBER_ARTICLE = ("id", "published", "copy_of_id", "outlet_id")


def _columns(alias: str, model, names) -> str:
    return ", ".join(f'{alias}."{model._meta.get_field(name).column}"' for name in names)


# One branch per fact with its id written in: for a parameter of a LATERAL join the planner
# assumes a fact of a few dozen members, and for the fact of a story reported 300,000 times it read
# all of them through the plain (fact) index and sorted them (130 ms) instead of reading the newest
# first; with the id known, the fact's frequency is in its statistics and 200 rows are read.
_RECENT_MEMBERS_BRANCH = f"""(
    SELECT %s::bigint AS fact_id, member.id, member.claim_id FROM {FactClaim._meta.db_table} AS member
    WHERE member.fact_id = %s ORDER BY member.id DESC LIMIT %s
)"""


def _recent_members_sql(facts: int) -> str:
    # Of the window, only the members `latest_per_source` can choose come back, with what the
    # refresh reads of the whole window (its size, its articles and outlets counted, its newest
    # member's kind, its first days) computed beside them: a fact of a large story has 200
    # members in its window from a few dozen sources. `latest_per_source` takes members latest
    # first (by day, then id) and passes over one whose outlet or story it has taken: of an
    # outlet's members, one whose story no other outlet printed in the window is taken unless its
    # outlet was, so every member of that outlet older than the latest such one is passed over
    # whatever else comes. Those are left out here (without wire copies: all but each outlet's
    # latest). Distinct counts as windows: a dense rank up plus a dense rank down, less one.
    order = "published DESC NULLS LAST, id DESC"
    return f"""
    SELECT * FROM (
        SELECT *, count(*) FILTER (WHERE NOT shared) OVER (
                   PARTITION BY fact_id, outlet_id ORDER BY {order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
               ) AS newer_unshared
        FROM (
            SELECT recent.fact_id, {_columns("claim", Claim, _MEMBER_CLAIM)},
                   {_columns("article", Article, _MEMBER_ARTICLE).replace('"id"', '"id" AS article_row_id')},
                   outlet.name, count(*) OVER fact AS size,
                   dense_rank() OVER (fact ORDER BY claim.article_id)
                       + dense_rank() OVER (fact ORDER BY claim.article_id DESC) - 1 AS articles,
                   dense_rank() OVER (fact ORDER BY article.outlet_id)
                       + dense_rank() OVER (fact ORDER BY article.outlet_id DESC) - 1 AS outlets,
                   first_value(claim.kind) OVER (fact ORDER BY recent.id DESC) AS newest_kind,
                   min(claim.date_low) OVER fact AS first_date_low, min(claim.refers_start) OVER fact AS first_refers_start,
                   dense_rank() OVER (story ORDER BY article.outlet_id)
                       + dense_rank() OVER (story ORDER BY article.outlet_id DESC) > 2 AS shared,
                   recent.id AS member_id
            FROM ({" UNION ALL ".join([_RECENT_MEMBERS_BRANCH] * facts)}) AS recent
            JOIN {Claim._meta.db_table} AS claim ON claim.id = recent.claim_id
            JOIN {Article._meta.db_table} AS article ON article.id = claim.article_id
            JOIN {Outlet._meta.db_table} AS outlet ON outlet.id = article.outlet_id
            WINDOW fact AS (PARTITION BY recent.fact_id),
                   story AS (PARTITION BY recent.fact_id, COALESCE(article.copy_of_id, article.id))
        ) AS window_rows
    ) AS choosable
    WHERE newer_unshared = 0
    ORDER BY fact_id, member_id DESC
"""


@dataclass(slots=True)
class MemberOutlet:
    id: int
    name: str


@dataclass(slots=True)
class MemberArticle:
    id: int
    published: date | None
    copy_of_id: int | None
    outlet_id: int
    outlet: MemberOutlet

    @property
    def story_id(self) -> int:
        return self.copy_of_id or self.id  # as `Article.story_id`


@dataclass(slots=True)
class Member:
    """A member of a fact as the consensus reads it (`figure`, `latest_per_source`, the counts):
    the fields of `CONSENSUS_FIELDS` under the names a Claim gives them."""

    id: int
    article_id: int
    kind: str
    qualifier: str
    running_total: bool
    attributed_to: str
    quote: str
    value: float | None
    low: float | None
    high: float | None
    date_value: str
    date_low: date | None
    date_high: date | None
    si_unit: str
    si_value: float | None
    si_low: float | None
    si_high: float | None
    refers_start: date | None
    fact_key: str  # `figure` reads whether the member's total is cumulative from its key
    article: MemberArticle


_FIRST_CLAIMS_PER_FACT = f"""
    SELECT wanted.fact_id, member.claim_id FROM unnest(%s::bigint[]) AS wanted(fact_id)
    CROSS JOIN LATERAL (
        SELECT row.claim_id FROM {FactClaim._meta.db_table} AS row
        WHERE row.fact_id = wanted.fact_id ORDER BY row.claim_id LIMIT %s
    ) AS member
    ORDER BY wanted.fact_id, member.claim_id
"""


def first_claim_ids(fact_ids: list[int], limit: int) -> dict[int, list[int]]:
    """The first `limit` claim ids of each fact (by id), in one query whatever the facts' sizes:
    on PostgreSQL one range of the (fact, claim) index per fact, read through a LATERAL join;
    elsewhere the members numbered per fact."""
    found: dict[int, list[int]] = defaultdict(list)
    if not fact_ids:
        return found
    connection = connections[FactClaim.objects.db]
    if connection.vendor == "postgresql":
        # One statement, planned once: an ORM UNION of one sliced queryset per fact cost more to
        # build in Python than to run.
        with connection.cursor() as cursor:
            cursor.execute(_FIRST_CLAIMS_PER_FACT, [list(fact_ids), limit])
            for fact_id, claim_id in cursor.fetchall():
                found[fact_id].append(claim_id)
        return found
    rows = (
        FactClaim.objects.filter(fact_id__in=fact_ids)
        .annotate(n=Window(RowNumber(), partition_by=[F("fact_id")], order_by=F("claim_id").asc()))
        .filter(n__lte=limit)
        .order_by("fact_id", "claim_id")
        .values_list("fact_id", "claim_id")
    )
    for fact_id, claim_id in rows:
        found[fact_id].append(claim_id)
    return found


def surviving_fact(fact):
    """The fact a merged-away fact went into (following merges of merges), or the fact itself."""
    seen = {fact.id}
    while fact.merged_into_id is not None and fact.merged_into_id not in seen:
        seen.add(fact.merged_into_id)
        fact = Fact.objects.get(id=fact.merged_into_id)
    return fact


@dataclass
class MemberWindow:
    """A fact's newest members (its consensus window) as the refresh reads them: `members` holds
    at least every member `latest_per_source` can choose (on PostgreSQL only those: each outlet
    and story's latest), newest membership first; the rest is of the whole window."""

    members: list
    size: int  # members in the window
    articles: int
    outlets: int
    kind: str  # of its newest member
    first_date_low: date | None
    first_refers_start: date | None

    @classmethod
    def of(cls, members: list) -> MemberWindow:
        """The window of members given in full, newest first."""
        return cls(
            members, len(members), len({c.article_id for c in members}), len({c.article.outlet_id for c in members}),
            members[0].kind if members else "", min((c.date_low for c in members if c.date_low), default=None),
            min((c.refers_start for c in members if c.refers_start), default=None),
        )

    @property
    def first_day(self) -> date | None:
        """The day of the fact's event: its earliest date, or the earliest start of the time its
        figures refer to."""
        return self.first_date_low if self.kind == "date" else self.first_refers_start


def members_recent(fact_ids: list[int], limit: int) -> dict[int, MemberWindow]:
    """Each fact's window of its `limit` newest members (by membership), with what the consensus
    reads of them. On PostgreSQL in one statement for all the facts (one range of the (fact, -id)
    index each, a UNION ALL, joined to the claims, articles and outlets), only each outlet and
    story's latest member returned (see `_recent_members_sql`), as `Member` rows, not Claims: a
    fact of a large story has a window of 200 members from a few dozen sources, mostly claims
    the article's cross-checking never read, and building each as a Claim with its article and
    outlet cost ten times its read. Elsewhere fact by fact, as Claims."""
    found: dict[int, MemberWindow] = {}
    if not fact_ids:
        return found
    fact_ids = list(dict.fromkeys(fact_ids))  # each fact once
    connection = connections[FactClaim.objects.db]
    if connection.vendor != "postgresql":
        claims = Claim.objects.select_related("article__outlet").only(*CONSENSUS_FIELDS)
        for fact_id in fact_ids:
            found[fact_id] = MemberWindow.of(
                list(claims.filter(fact_membership__fact_id=fact_id).order_by("-fact_membership__id")[:limit]))
        return found
    with connection.cursor() as cursor:
        cursor.execute(_recent_members_sql(len(fact_ids)),
                       [value for fact_id in fact_ids for value in (fact_id, fact_id, limit)])
        rows = cursor.fetchall()
    claim_end = 1 + len(_MEMBER_CLAIM)
    article_end = claim_end + len(_MEMBER_ARTICLE) + 1
    articles: dict[int, MemberArticle] = {}
    for row in rows:
        article_id, published, copy_of_id, outlet_id, outlet_name = row[claim_end:article_end]
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = MemberArticle(article_id, published, copy_of_id, outlet_id,
                                                           MemberOutlet(outlet_id, outlet_name))
        window = found.get(row[0])
        if window is None:
            size, n_articles, n_outlets, kind, first_date_low, first_refers_start = row[article_end : article_end + 6]
            window = found[row[0]] = MemberWindow([], size, n_articles, n_outlets, kind, first_date_low,
                                                  first_refers_start)
        window.members.append(Member(*row[1:claim_end], article=article))
    return {fact_id: found.get(fact_id) or MemberWindow.of([]) for fact_id in fact_ids}
