"""Batched writes of facts/: checks with their links upserted in a few statements whatever their
number, and the counts of facts (claims, articles, outlets) kept by what changed instead of
counted again over every member. `facts.services` calls these; nothing here decides a verdict."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

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
    latest = {row.key: row for row in rows}
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


def _others_set(wanted: dict[int, set[int]]) -> None:
    """Each check's `others` exactly as wanted: the links that are no longer wanted deleted, the
    missing ones added (the through table's unique pair makes a concurrent duplicate harmless)."""
    through = Check.others.through
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


def article_changes(before: Snapshot, facts: set[int]) -> dict[int, CountChange]:
    """How the counts of `facts` changed since `before` through the article's own claims: the
    claims it has in each fact now against then, whether the article joined or left it, and,
    when it did, whether another article of its outlet is in the fact (an indexed lookup from the
    outlet's articles' claims, never a scan of the fact's members)."""
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
