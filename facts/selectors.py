"""Reads for facts/: the claims of facts, bounded."""
from __future__ import annotations

from collections import defaultdict

from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from claims.models import Claim
from facts.models import Fact, FactClaim

# What `figure`, `latest_per_source` and the counts read of a member.
CONSENSUS_FIELDS = (
    "id", "article_id", "kind", "qualifier", "running_total", "attributed_to", "quote", "value", "low", "high",
    "date_value", "date_low", "date_high", "si_unit", "si_value", "si_low", "si_high", "refers_start",
    "article__id", "article__published", "article__copy_of_id", "article__outlet_id", "article__outlet__id",
    "article__outlet__name",
)

_RECENT_MEMBERS = f"""
    SELECT wanted.fact_id, recent.claim_id FROM unnest(%s::bigint[]) AS wanted(fact_id)
    CROSS JOIN LATERAL (
        SELECT member.id, member.claim_id FROM {FactClaim._meta.db_table} AS member
        WHERE member.fact_id = wanted.fact_id ORDER BY member.id DESC LIMIT %s
    ) AS recent
    ORDER BY wanted.fact_id, recent.id DESC
"""


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


def members_recent(fact_ids: list[int], limit: int, *, known: dict[int, Claim] | None = None) -> dict[int, list[Claim]]:
    """Each fact's `limit` newest members (by membership), newest first, with what the consensus
    reads of them. On PostgreSQL in two statements for all the facts (one range of the (fact, -id)
    index each, then their claims), instead of one per fact; elsewhere fact by fact. `known` are
    claims the caller holds already with at least those fields, read in this transaction (an
    article's own claims and its candidates, mostly its facts' newest members): they are not
    read again."""
    found: dict[int, list[Claim]] = {fact_id: [] for fact_id in fact_ids}
    if not fact_ids:
        return found
    claims = Claim.objects.select_related("article__outlet").only(*CONSENSUS_FIELDS)
    connection = connections[FactClaim.objects.db]
    if connection.vendor != "postgresql":
        for fact_id in fact_ids:
            found[fact_id] = list(claims.filter(fact_membership__fact_id=fact_id).order_by("-fact_membership__id")[:limit])
        return found
    with connection.cursor() as cursor:
        cursor.execute(_RECENT_MEMBERS, [list(fact_ids), limit])
        rows = cursor.fetchall()
    known = known or {}
    read = known | claims.in_bulk([claim_id for _, claim_id in rows if claim_id not in known])
    for fact_id, claim_id in rows:
        found[fact_id].append(read[claim_id])
    return found
