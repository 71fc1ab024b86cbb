"""Editors' placements of claims in facts: a claim moved out of a fact it does not state ("not
this fact"), a fact merged into another. The memberships they leave are marked as placed by an
editor, so resolving the claim again (re-extraction, a re-check, a correction) keeps them, and a
merged fact remembers where it went (`Fact.merged_into`). Keyword-only services; review/ calls them
from decisions."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from facts.models import Fact, FactClaim
from facts.naming import fact_name
from facts.selectors import surviving_fact
from facts.services import fact_refresh, fact_resolve

NOTE_MAX = 5000


class FactEditError(ValueError):
    """A move or merge that cannot be made (no such claim or fact, a fact merged into itself)."""


def own_fact_key(claim: Claim) -> str:
    """The key of the fact of its own a claim moved out of its fact founds: its fact key and its
    id, so that no other claim resolves into it by itself."""
    suffix = f"#{claim.id}"
    return (claim.fact_key or claim.kind)[: 200 - len(suffix)] + suffix


@transaction.atomic
def fact_move_claim(*, claim_id: int, to_fact_id: int | None = None, actor, note: str) -> Fact:
    """Move a claim out of its fact: into `to_fact_id`, or, without it, into a fact of its own.
    The membership is marked as placed by the editor; both facts get their consensus again (the
    one left empty goes)."""
    claim = Claim.objects.select_for_update().filter(id=claim_id).first()
    if claim is None:
        raise FactEditError(f"there is no claim {claim_id}")
    membership = FactClaim.objects.select_for_update().filter(claim=claim).select_related("fact").first()
    if to_fact_id is not None:
        target = Fact.objects.filter(id=to_fact_id).first()
        if target is None:
            raise FactEditError(f"there is no fact {to_fact_id}")
        target = surviving_fact(target)
        if target.kind != claim.kind:
            raise FactEditError(f"claim {claim_id} is a {claim.kind}; fact {target.id} is about a {target.kind}")
    else:
        place = (claim.places[0].strip() if claim.places else "") or (membership.fact.place if membership else "")
        unit = "%" if claim.kind == "percent" else (claim.si_unit or claim.unit)
        target, _ = Fact.objects.get_or_create(
            kind=claim.kind, fact_key=own_fact_key(claim), place_key=place[:200].casefold(),
            defaults={"place": place[:200], "unit": unit[:20],
                      "about": fact_name(claim.kind, claim.subject, claim.predicate, claim.event, [place],
                                         claim.refers_start, unit)[:300]},
        )
    placed = dict(placed_by=actor, placed_at=timezone.now(), placed_note=(note or "").strip()[:NOTE_MAX])
    left = membership.fact_id if membership else None
    if membership is None:
        FactClaim.objects.create(fact=target, claim=claim, **placed)
    else:
        FactClaim.objects.filter(id=membership.id).update(fact=target, **placed)
    if left is not None and left != target.id:
        fact_refresh(fact_id=left)
    return fact_refresh(fact_id=target.id) or target


@transaction.atomic
def fact_merge(*, source_fact_id: int, target_fact_id: int, actor, note: str) -> Fact:
    """Merge fact `source` into fact `target`: every member of the source moves to the target
    (placed by the editor), the source keeps no members and remembers the target, so a claim that
    would found or join it again goes to the target; facts merged into the source earlier follow."""
    facts = {f.id: f for f in Fact.objects.select_for_update().filter(id__in=[source_fact_id, target_fact_id])}
    source, target = facts.get(source_fact_id), facts.get(target_fact_id)
    if source is None or target is None:
        raise FactEditError(f"there is no fact {source_fact_id if source is None else target_fact_id}")
    target = surviving_fact(target)
    if target.id == source.id:
        raise FactEditError(f"fact {source_fact_id} cannot be merged into itself")
    if target.kind != source.kind:
        raise FactEditError(f"fact {source.id} is about a {source.kind}, fact {target.id} about a {target.kind}")
    FactClaim.objects.filter(fact=source).update(
        fact=target, placed_by=actor, placed_at=timezone.now(), placed_note=(note or "").strip()[:NOTE_MAX]
    )
    Fact.objects.filter(merged_into=source).update(merged_into=target)
    # Not refreshed: a fact left with no members is deleted, and this one must stay to be
    # remembered. It is emptied by hand instead, so no list shows it.
    Fact.objects.filter(id=source.id).update(
        merged_into=target, articles=0, outlets=0, consensus_low=None, consensus_best=None,
        consensus_high=None, outliers=[],
    )
    return fact_refresh(fact_id=target.id) or target


@transaction.atomic
def fact_release_claim(*, claim_id: int) -> Fact | None:
    """Undo an editor's placement (its decision withdrawn): the claim is resolved again as
    extraction reads it."""
    claim = Claim.objects.filter(id=claim_id).first()
    if claim is None:
        return None
    FactClaim.objects.filter(claim=claim).update(placed_by=None, placed_at=None, placed_note="")
    return fact_resolve(claim=claim)
