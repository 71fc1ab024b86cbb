"""Reads for facts/: the claims of facts, bounded."""
from __future__ import annotations

from collections import defaultdict

from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from facts.models import Fact, FactClaim


def first_claim_ids(fact_ids: list[int], limit: int) -> dict[int, list[int]]:
    """The first `limit` claim ids of each fact (by id), in one query whatever the facts' sizes:
    on PostgreSQL a UNION ALL of one range of the (fact, claim) index per fact; elsewhere the
    members numbered per fact."""
    found: dict[int, list[int]] = defaultdict(list)
    if not fact_ids:
        return found
    if connections[FactClaim.objects.db].features.supports_slicing_ordering_in_compound:
        parts = [FactClaim.objects.filter(fact_id=f).order_by("claim_id").values_list("fact_id", "claim_id")[:limit]
                 for f in fact_ids]
        for fact_id, claim_id in parts[0].union(*parts[1:], all=True):
            found[fact_id].append(claim_id)
        for ids in found.values():
            ids.sort()
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
