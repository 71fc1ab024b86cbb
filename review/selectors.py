"""Reads for the review desk (the admin): the mismatch queue, a check with everything needed to decide
on it, a fact's consensus and timeline, an article's claims by state, and the desk's home page.
Each returns plain data or a queryset with its joins done, so pages make a fixed number of queries."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from claims.models import Claim, Correction
from facts import comparison
from facts.models import Check, Fact, FactClaim
from facts.naming import fact_name, key_parts
from facts.matching import figure, same_fact
from review.models import ClaimReview, Decision, DecisionEvent, FactAssignment, QueueVisit, Review, ReviewEvent
from review.timeline_svg import format_figure
from sources.models import Article
from workbench.platform.roles import EDITORS

MISMATCH = (Check.Verdict.CONFLICT, Check.Verdict.UPDATED)
# Open reviews first, then the ones decided but maybe not finished, then the closed ones.
STATUS_RANK = {
    Review.Status.OPEN: 0,
    Review.Status.CONFIRMED: 1,
    Review.Status.DISMISSED: 2,
    Review.Status.RESOLVED: 2,
}


# --- the queue ------------------------------------------------------------------------------


def review_queue() -> QuerySet[Check]:
    """Every check with what the queue shows of it joined in; the queue's filters narrow it to the
    mismatches by default. `queue_rank` puts open reviews first."""
    return (
        Check.objects.select_related(
            "claim__article__outlet", "review__assigned_to", "review__reviewer"
        )
        .prefetch_related(
            Prefetch("others", queryset=Claim.objects.select_related("article__outlet").order_by("id"))
        )
        .annotate(
            queue_rank=Case(
                When(review__isnull=True, verdict__in=MISMATCH, then=Value(0)),
                *[When(review__status=status, then=Value(rank)) for status, rank in STATUS_RANK.items()],
                default=Value(3),
                output_field=IntegerField(),
            )
        )
    )


def queue_counts() -> dict[str, int]:
    """Mismatches per review status, every status present (0 when none)."""
    counts = {status: 0 for status in Review.Status.values}
    rows = (
        Review.objects.filter(check_obj__verdict__in=MISMATCH)
        .values("status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["status"]] = row["n"]
    # A mismatch without a review row yet is open.
    counts[Review.Status.OPEN] += Check.objects.filter(verdict__in=MISMATCH, review__isnull=True).count()
    return counts


def queue_facts() -> list[tuple[str, str]]:
    """The facts that have mismatches, as (fact key, readable label), for the queue's filter."""
    keys = (
        Check.objects.filter(verdict__in=MISMATCH)
        .values_list("claim__fact_key", flat=True)
        .distinct()
        .order_by("claim__fact_key")
    )
    return [(key, fact_label(key)) for key in keys if key]


def fact_label(key: str) -> str:
    """"count|people|kill" as "deaths": what a fact key counts, in words (facts/naming.py)."""
    if not key:
        return ""
    kind = key.split("|", 1)[0]
    subject, predicate, unit = key_parts(kind, key)
    return fact_name(kind, subject, predicate, unit=unit) or key


def editors() -> QuerySet:
    """Who a review can be assigned to: active editors and administrators."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name=EDITORS) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


# --- one check --------------------------------------------------------------------------------


def check_for_review(check_id) -> Check | None:
    return (
        Check.objects.select_related(
            "claim__article__outlet", "claim__corrected_by", "review__assigned_to", "review__reviewer"
        )
        .prefetch_related(
            Prefetch(
                "others",
                queryset=Claim.objects.select_related("article__outlet", "corrected_by").order_by("id"),
            )
        )
        .filter(id=check_id)
        .first()
    )


def next_open_mismatch(check: Check) -> int | None:
    """The id of the open mismatch an editor would take up next (the queue's order), not this one."""
    return (
        Check.objects.filter(verdict__in=MISMATCH)
        .filter(Q(review__status=Review.Status.OPEN) | Q(review__isnull=True))
        .exclude(id=check.id)
        .order_by("-updated_at", "-id")
        .values_list("id", flat=True)
        .first()
    )


def check_history(check: Check) -> QuerySet[ReviewEvent]:
    """Every change to the check's review, newest first, including events kept by key from an
    earlier check of the same pair."""
    return (
        ReviewEvent.objects.filter(Q(review__check_obj=check) | Q(check_key=check.key))
        .select_related("actor")
        .order_by("-at", "-id")
    )


def claim_checks(claim: Claim) -> list[Check]:
    """The checks a claim takes part in, either side."""
    return list(
        Check.objects.filter(Q(claim=claim) | Q(id__in=Check.others.through.objects.filter(claim=claim).values("check_id")))
        .select_related("claim__article__outlet", "review")
        .order_by("-updated_at", "-id")
    )


# --- a fact -----------------------------------------------------------------------------------


@dataclass
class FactRow:
    claim: Claim
    value: float | None
    low: float | None
    high: float | None
    outlier: bool
    in_check: bool
    shown: str = ""


@dataclass
class FactSummary:
    key: str
    kind: str
    unit: str
    label: str
    place: str = ""
    rows: list[FactRow] = field(default_factory=list)
    consensus: comparison.Consensus | None = None

    @property
    def outliers(self) -> list[Claim]:
        return [row.claim for row in self.rows if row.outlier]


def claims_of_fact(key: str, kind: str, place: str = "") -> list[Claim]:
    """The claims with one fact key, narrowed to those about `place` when given: claims of one
    key about different places (Paris's toll, Syria's toll) are different facts."""
    claims = list(
        Claim.objects.filter(fact_key=key, kind=kind)
        .select_related("article__outlet")
        .order_by("article__published", "id")
    )
    if place:
        wanted = place.casefold()
        claims = [c for c in claims if wanted in {p.casefold() for p in c.places}]
    return claims


def fact_groups(*, min_claims: int = 2, q: str = "") -> list[dict]:
    """Facts reported by more than one article: (key, kind, place) with their numbers of claims
    and outlets, most reported first; `q` keeps those whose name, place or kind contain it."""
    groups: dict[tuple[str, str, str], dict] = {}
    rows = (
        Claim.objects.exclude(fact_key="")
        .values_list("fact_key", "kind", "places", "article_id", "article__outlet_id")
    )
    for key, kind, places, article_id, outlet_id in rows:
        for place in {p.strip() for p in (places or []) if p.strip()} or {""}:
            group = groups.setdefault((key, kind, place.casefold()), {
                "key": key, "kind": kind, "place": place, "claims": 0, "articles": set(), "outlets": set(),
            })
            group["claims"] += 1
            group["articles"].add(article_id)
            group["outlets"].add(outlet_id)
    found = [
        {**g, "articles": len(g["articles"]), "outlets": len(g["outlets"]), "label": fact_label(g["key"])}
        for g in groups.values()
        if g["claims"] >= min_claims and len(g["articles"]) >= 2
    ]
    if q:
        wanted = q.casefold()
        found = [g for g in found if any(wanted in text.casefold() for text in (g["label"], g["place"], g["kind"], g["key"]))]
    return sorted(found, key=lambda g: (-g["claims"], g["key"], g["place"]))


def shared_place(claims: list[Claim]) -> str:
    """The place the claims of a check share (the first in order), or the first claim's."""
    if not claims:
        return ""
    common = {p.casefold(): p for p in claims[0].places}
    for claim in claims[1:]:
        common = {k: v for k, v in common.items() if k in {p.casefold() for p in claim.places}}
    if common:
        return sorted(common.values())[0]
    return claims[0].places[0] if claims[0].places else ""


def fact_of_check(check: Check) -> FactSummary:
    """The fact a check is about: its own claims and every claim elsewhere that states the same
    fact (same key, and the same place and time as the check's claim)."""
    members = [check.claim, *check.others.all()]
    member_ids = {c.id for c in members}
    claims = [
        c for c in claims_of_fact(check.claim.fact_key, check.claim.kind)
        if c.id in member_ids or same_fact(check.claim, c)
    ]
    known = {c.id for c in claims}
    claims += [c for c in members if c.id not in known]
    claims.sort(key=lambda c: (c.article.published is None, c.article.published, c.id))
    summary = fact_summary(check.claim.fact_key, check.claim.kind, claims, in_check=member_ids)
    summary.place = shared_place(members)
    return summary


def fact_summary(
    key: str, kind: str, claims: list[Claim], *, in_check: set[int] = frozenset(), place: str = ""
) -> FactSummary:
    """Consensus (low / best / high, outliers named) over the claims of one fact."""
    figures = [figure(c) for c in claims]
    consensus = comparison.consensus(figures) if figures else None
    outliers = set(consensus.outliers) if consensus else set()
    rows = [
        FactRow(claim=c, value=f.value, low=f.low, high=f.high, outlier=c.id in outliers, in_check=c.id in in_check)
        for c, f in zip(claims, figures)
    ]
    unit = display_unit(claims[0]) if claims else ""
    for row in rows:
        row.shown = format_figure(row.value, kind=kind, unit=unit)
    return FactSummary(
        key=key, kind=kind, unit=unit, label=fact_label(key), place=place, rows=rows, consensus=consensus
    )


def display_unit(claim: Claim) -> str:
    if claim.kind == "percent":
        return "%"
    return claim.si_unit or claim.unit


# --- an article -----------------------------------------------------------------------------

# What an article's claims look like inline, worst first.
STATE_ORDER = ["conflict-open", "updated-open", "confirmed", "reviewed", "consistent", "unchecked"]
STATE_LABELS = {
    "conflict-open": "open conflict",
    "updated-open": "open update",
    "confirmed": "confirmed mismatch",
    "reviewed": "mismatch dismissed or resolved",
    "consistent": "consistent with other reports",
    "unchecked": "not compared with anything",
}


@dataclass
class ClaimState:
    claim: Claim
    state: str
    check_id: int | None  # the check that decides the state, for a link

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def _state(verdict: str, status: str | None) -> str:
    if verdict == Check.Verdict.CONSISTENT:
        return "consistent"
    if status in (None, Review.Status.OPEN):
        return "conflict-open" if verdict == Check.Verdict.CONFLICT else "updated-open"
    if status == Review.Status.CONFIRMED:
        return "confirmed"
    return "reviewed"


def article_claim_states(article: Article) -> list[ClaimState]:
    """Each claim of the article with the state of the worst check it takes part in. Three
    queries whatever the number of claims."""
    claims = list(Claim.objects.filter(article=article).select_related("corrected_by").order_by("start", "id"))
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    own = Check.objects.filter(claim__article=article).values_list("claim_id", "verdict", "review__status", "id")
    other = Check.others.through.objects.filter(claim__article=article).values_list(
        "claim_id", "check__verdict", "check__review__status", "check_id"
    )
    for claim_id, verdict, status, check_id in [*own, *other]:
        found[claim_id].append((_state(verdict, status), check_id))
    states = []
    for claim in claims:
        options = sorted(found.get(claim.id, []), key=lambda s: (STATE_ORDER.index(s[0]), -s[1]))
        state, check_id = options[0] if options else ("unchecked", None)
        states.append(ClaimState(claim, state, check_id))
    return states


# --- the desk's home --------------------------------------------------------------------------


@dataclass
class DeskSummary:
    counts: dict[str, int]
    open_mismatches: list[Check]
    mine: int
    failed_articles: list[Article]
    articles_by_status: dict[str, int]
    activity: list[ReviewEvent]
    corrections: list[Claim]
    facts_new: int = 0  # facts to decide whose disagreement changed since the editor last looked
    facts_mine: int = 0  # facts to decide assigned to the editor


def desk_summary(user, *, limit: int = 8) -> DeskSummary:
    open_checks = (
        review_queue()
        .filter(verdict__in=MISMATCH)
        .filter(Q(review__status=Review.Status.OPEN) | Q(review__isnull=True))
        .order_by("-updated_at", "-id")
    )
    by_status = dict(Article.objects.values_list("status").annotate(n=Count("id")).order_by())
    return DeskSummary(
        counts=queue_counts(),
        open_mismatches=list(open_checks[:limit]),
        mine=open_checks.filter(review__assigned_to=user).count() if user.is_authenticated else 0,
        failed_articles=list(
            Article.objects.filter(status=Article.Status.FAILED).select_related("outlet").order_by("-status_changed_at")[:limit]
        ),
        articles_by_status={label: by_status.get(value, 0) for value, label in Article.Status.choices if by_status.get(value)},
        activity=list(
            ReviewEvent.objects.select_related("actor", "review").order_by("-at", "-id")[: limit + 4]
        ),
        corrections=list(
            Claim.objects.filter(corrected_at__isnull=False)
            .select_related("article__outlet", "corrected_by")
            .order_by("-corrected_at")[:limit]
        ),
        facts_new=new_since_count(user) if user.is_authenticated else 0,
        facts_mine=facts_to_decide(filters=QueueFilters(assignee="me"), user=user).count() if user.is_authenticated else 0,
    )


# --- decisions ----------------------------------------------------------------------------------


def decisions() -> QuerySet[Decision]:
    """Decisions with their author, history and ClaimReviews joined (a fixed number of queries)."""
    return Decision.objects.select_related("made_by").prefetch_related(
        Prefetch("events", queryset=DecisionEvent.objects.select_related("actor").order_by("at", "id")),
        Prefetch("claim_reviews", queryset=ClaimReview.objects.order_by("id")),
    )


def fact_decisions(fact_id: int) -> QuerySet[Decision]:
    """The decisions about a fact: made on it, or about a claim that is now one of its members
    (a claim regrouped into another fact takes its decision along)."""
    return decisions().filter(Q(fact_id=fact_id) | Q(claim__fact_membership__fact_id=fact_id)).distinct().order_by("-made_at", "-id")


def _per_fact(reviews: QuerySet) -> Subquery:
    """The number of the reviews of each fact (the fact of the check's claim), as a subquery."""
    return Coalesce(Subquery(
        reviews.filter(check_obj__claim__fact_membership__fact=OuterRef("pk"))
        .order_by()
        .values("check_obj__claim__fact_membership__fact")
        .annotate(n=Count("id"))
        .values("n")[:1]
    ), 0)


def _within_fact(reviews: QuerySet) -> QuerySet:
    """The reviews of checks whose claims are all in one fact: a claim an editor moved out of a
    fact ("not this fact") no longer disagrees with it, whatever its old checks say."""
    crossing = FactClaim.objects.filter(claim__checked_against=OuterRef("check_obj")).exclude(
        fact_id=OuterRef("check_obj__claim__fact_membership__fact")
    )
    return reviews.filter(check_obj__verdict__in=MISMATCH).filter(~Exists(crossing))


def _undecided(reviews: QuerySet) -> QuerySet:
    """Open reviews of mismatches none of whose claims has a standing decision."""
    standing = Decision.objects.filter(status=Decision.Status.ACTIVE)
    return reviews.filter(status=Review.Status.OPEN).filter(
        ~Exists(standing.filter(claim_id=OuterRef("check_obj__claim_id"))),
        ~Exists(standing.filter(claim__checked_against=OuterRef("check_obj"))),
    )


QUEUE_STATUSES = [("open", "waiting for a decision"), ("decided", "decided"), ("all", "all")]


@dataclass
class QueueFilters:
    """What the queue of facts is narrowed to; every field optional."""

    kind: str = ""
    place: str = ""
    outlet: int | None = None
    story: str = ""
    assignee: str = ""  # "me", "none" or a user id
    status: str = "open"
    since: object = None  # only facts whose disagreement changed after this time


def facts_to_decide(*, kind: str = "", place: str = "", filters: QueueFilters | None = None, user=None) -> QuerySet:
    """Facts whose sources disagree and wait for an editor: facts with an open mismatch among
    their claims' checks (between claims of the fact) that no standing decision answers, the
    latest change of their disagreement first, each with its numbers of open and undecided
    mismatches, its assignee and when its disagreement last changed. `status` "decided" gives
    the facts whose mismatches are all answered, "all" both."""
    filters = filters or QueueFilters(kind=kind, place=place)
    reviews = _within_fact(Review.objects.all())
    standing = Decision.objects.filter(status=Decision.Status.ACTIVE, claim__fact_membership__fact=OuterRef("pk"))
    changed = (
        Check.objects.filter(verdict__in=MISMATCH, claim__fact_membership__fact=OuterRef("pk"))
        .order_by("-updated_at").values("updated_at")[:1]
    )
    latest_assignment = FactAssignment.objects.filter(fact=OuterRef("pk")).order_by("-at", "-id")
    facts = Fact.objects.filter(merged_into__isnull=True).annotate(
        mismatches=_per_fact(reviews),
        open_mismatches=_per_fact(reviews.filter(status=Review.Status.OPEN)),
        undecided=_per_fact(_undecided(reviews)),
        decided=Exists(standing),
        changed_at=Coalesce(Subquery(changed), "updated_at"),
        assignee_id=Subquery(latest_assignment.values("assigned_to")[:1]),
    )
    if filters.status == "decided":
        facts = facts.filter(Q(mismatches__gt=0) | Q(decided=True), undecided=0)
    elif filters.status == "all":
        facts = facts.filter(Q(mismatches__gt=0) | Q(decided=True))
    else:
        facts = facts.filter(undecided__gt=0)
    if filters.kind:
        facts = facts.filter(kind=filters.kind)
    if filters.place:
        facts = facts.filter(place__icontains=filters.place.strip())
    if filters.outlet:
        facts = facts.filter(Exists(FactClaim.objects.filter(fact=OuterRef("pk"), claim__article__outlet_id=filters.outlet)))
    if filters.story:
        words = filters.story.strip()
        facts = facts.filter(Exists(FactClaim.objects.filter(fact=OuterRef("pk")).filter(
            Q(claim__article__headline__icontains=words) | Q(claim__article__url__icontains=words)
        )))
    if filters.assignee == "me" and user is not None:
        facts = facts.filter(assignee_id=user.id)
    elif filters.assignee == "none":
        facts = facts.filter(assignee_id__isnull=True)
    elif filters.assignee.isdigit():
        facts = facts.filter(assignee_id=int(filters.assignee))
    if filters.since is not None:
        facts = facts.filter(changed_at__gt=filters.since)
    return facts.order_by("-changed_at", "-id")


def last_seen(user):
    """When the editor last looked at the queue of facts (None: never)."""
    return QueueVisit.objects.filter(user_id=user.id).values_list("seen_at", flat=True).first()


def new_since_count(user) -> int:
    """Facts waiting for a decision whose disagreement changed since the editor last looked (all of
    them if never)."""
    return facts_to_decide(filters=QueueFilters(since=last_seen(user)), user=user).count()


def fact_title(fact: Fact) -> str:
    """A fact's readable name: "deaths · Paris · 13 Nov 2015"."""
    subject, predicate, unit = key_parts(fact.kind, fact.fact_key)
    return fact_name(fact.kind, subject, predicate, "", [fact.place], fact.event_date, fact.unit or unit)


def fact_assignee(fact_id: int):
    """The fact's latest assignment (None if it was never assigned)."""
    return FactAssignment.objects.filter(fact_id=fact_id).select_related("assigned_to", "actor").first()


def fact_claims(fact_id: int) -> list[Claim]:
    """The claims that are members of a fact, earliest report first."""
    return list(
        Claim.objects.filter(fact_membership__fact_id=fact_id)
        .select_related("article__outlet", "fact_membership__placed_by")
        .order_by("article__published", "id")
    )


def placed_elsewhere(claims: list[Claim], fact: Fact | None) -> set[int]:
    """Of these claims, those an editor placed in another fact than this one."""
    rows = FactClaim.objects.filter(claim__in=claims, placed_at__isnull=False)
    if fact is not None:
        rows = rows.exclude(fact=fact)
    return set(rows.values_list("claim_id", flat=True))


def merge_candidates(fact: Fact, *, limit: int = 50) -> list[tuple[int, str]]:
    """Facts this one could be merged into: of its kind, sharing its place or what it counts."""
    subject, predicate, _ = key_parts(fact.kind, fact.fact_key)
    base = fact.fact_key.split("#", 1)[0]
    rows = (
        Fact.objects.filter(kind=fact.kind, merged_into__isnull=True)
        .filter(Q(place_key=fact.place_key) | Q(fact_key__startswith=base))
        .exclude(id=fact.id)
        .order_by("-articles", "id")[:limit]
    )
    return [(f.id, f"{fact_title(f)} (fact {f.id}, {f.articles} article{'s' if f.articles != 1 else ''})") for f in rows]


def claim_corrections(claim: Claim) -> QuerySet[Correction]:
    return Correction.objects.filter(claim=claim).select_related("actor").order_by("-at", "-id")


def correction_text(correction: Correction) -> str:
    """"value 1370 → 137; places Paris → Paris, Saint-Denis"."""
    def shown(value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "—"
        if isinstance(value, float):
            return format_figure(value)
        return str(value)

    return "; ".join(f"{name} {shown(c.get('before'))} → {shown(c.get('after'))}"
                     for name, c in sorted(correction.changes.items()))


@dataclass
class HistoryEntry:
    at: object
    actor: object
    what: str
    note: str = ""
    kind: str = ""


def fact_history(fact_id: int, *, limit: int = 200) -> list[HistoryEntry]:
    """Everything editors did to a fact, newest first: decisions (made, replaced, withdrawn, claims
    moved out or merged), assignments and corrections of its claims with before and after."""
    entries: list[HistoryEntry] = []
    events = (
        DecisionEvent.objects.filter(
            Q(decision__fact_id=fact_id) | Q(decision__claim__fact_membership__fact_id=fact_id)
            | Q(decision__merge_with_id=fact_id)
        )
        .select_related("actor", "decision").distinct().order_by("-at", "-id")[:limit]
    )
    for e in events:
        entries.append(HistoryEntry(e.at, e.actor, f"“{e.decision.quote}”: {e.decision.get_kind_display()} — {e.action}",
                                    e.note, kind="decision"))
    for a in FactAssignment.objects.filter(fact_id=fact_id).select_related("actor", "assigned_to")[:limit]:
        entries.append(HistoryEntry(a.at, a.actor, f"assigned to {a.assigned_to}" if a.assigned_to else "unassigned",
                                    a.note, kind="assignment"))
    corrections = (
        Correction.objects.filter(claim__fact_membership__fact_id=fact_id)
        .select_related("actor").order_by("-at", "-id")[:limit]
    )
    for c in corrections:
        entries.append(HistoryEntry(c.at, c.actor, f"“{c.quote}” corrected: {correction_text(c)}", c.reason,
                                    kind="correction"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def fact_corrections(fact_id: int) -> QuerySet[Correction]:
    """Corrections of a fact's claims, newest first."""
    return Correction.objects.filter(claim__fact_membership__fact_id=fact_id).select_related("actor").order_by("-at", "-id")
