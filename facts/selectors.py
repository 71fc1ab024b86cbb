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
    return f"""
    SELECT recent.fact_id, {_columns("claim", Claim, _MEMBER_CLAIM)}, {_columns("article", Article, _MEMBER_ARTICLE)},
           outlet.name
    FROM ({" UNION ALL ".join([_RECENT_MEMBERS_BRANCH] * facts)}) AS recent
    JOIN {Claim._meta.db_table} AS claim ON claim.id = recent.claim_id
    JOIN {Article._meta.db_table} AS article ON article.id = claim.article_id
    JOIN {Outlet._meta.db_table} AS outlet ON outlet.id = article.outlet_id
    ORDER BY recent.fact_id, recent.id DESC
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


def members_recent(fact_ids: list[int], limit: int) -> dict[int, list[Claim | Member]]:
    """Each fact's `limit` newest members (by membership), newest first, with what the consensus
    reads of them. On PostgreSQL in one statement for all the facts (one range of the (fact, -id)
    index each, a UNION ALL, joined to the claims, articles and outlets) and as `Member` rows, not Claims: a
    fact of a large story has a window of 200 members, mostly claims the article's cross-checking
    never read, and building each as a Claim with its article and outlet cost ten times its read.
    Elsewhere fact by fact, as Claims."""
    found: dict[int, list] = {fact_id: [] for fact_id in fact_ids}
    if not fact_ids:
        return found
    fact_ids = list(found)  # each fact once
    connection = connections[FactClaim.objects.db]
    if connection.vendor != "postgresql":
        claims = Claim.objects.select_related("article__outlet").only(*CONSENSUS_FIELDS)
        for fact_id in fact_ids:
            found[fact_id] = list(claims.filter(fact_membership__fact_id=fact_id).order_by("-fact_membership__id")[:limit])
        return found
    with connection.cursor() as cursor:
        cursor.execute(_recent_members_sql(len(fact_ids)),
                       [value for fact_id in fact_ids for value in (fact_id, fact_id, limit)])
        rows = cursor.fetchall()
    claim_end = 1 + len(_MEMBER_CLAIM)
    articles: dict[int, MemberArticle] = {}
    for row in rows:
        article_id, published, copy_of_id, outlet_id, outlet_name = row[claim_end:]
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = MemberArticle(article_id, published, copy_of_id, outlet_id,
                                                           MemberOutlet(outlet_id, outlet_name))
        found[row[0]].append(Member(*row[1:claim_end], article=article))
    return found
