"""Writes for review/: editors' decisions on mismatches and their history."""
from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim
from facts.editing import FactEditError, fact_merge, fact_move_claim, fact_release_claim
from facts.models import Check, Fact, FactClaim
from review.models import (
    ClaimReview,
    ClaimReviewEvent,
    Decision,
    DecisionEvent,
    FactAssignment,
    QueueVisit,
    Review,
    ReviewEvent,
)
from review.ratings import scale
from review.signals import claimreview_published, decision_made, review_changed


class ReviewError(ValueError):
    """A review change that is not allowed (unknown status, a check that is not a mismatch)."""


@transaction.atomic
def review_resolve(*, check_id: int, status: str, note: str = "", actor=None) -> Review:
    """Set the review of a check (open, confirmed, dismissed, resolved) with a note; the change is
    kept in the history with who and when."""
    if status not in Review.Status.values:
        raise ReviewError(f"unknown review status {status!r}: use one of {', '.join(Review.Status.values)}")
    check = Check.objects.select_for_update().get(id=check_id)
    if not check.is_mismatch:
        raise ReviewError(f"check {check_id} is {check.verdict}: only mismatches are reviewed")
    review, _ = Review.objects.select_for_update().get_or_create(check_obj=check)
    previous = review.status
    review.status = status
    review.note = note
    review.reviewer = actor
    review.reviewed_at = timezone.now()
    review.save()
    # Pollers read `checks/?updated_after=`: a review change is a change of its check.
    Check.objects.filter(id=check.id).update(updated_at=timezone.now())
    ReviewEvent.objects.create(
        review=review, check_key=check.key, action="review", from_status=previous,
        to_status=status, note=note, actor=actor,
    )
    review_changed.send(sender=Review, check_id=check.id)
    return review


@transaction.atomic
def review_assign(*, check_id: int, assignee, actor=None) -> Review:
    check = Check.objects.select_for_update().get(id=check_id)
    review, _ = Review.objects.select_for_update().get_or_create(check_obj=check)
    review.assigned_to = assignee
    review.save(update_fields=["assigned_to"])
    ReviewEvent.objects.create(
        review=review, check_key=check.key, action="assign", from_status=review.status,
        to_status=review.status, note=f"assigned to {assignee}" if assignee else "unassigned",
        actor=actor,
    )
    return review


def review_open(*, check_id: int) -> bool:
    """Open a review for a mismatch that has none. True if one was opened now."""
    return Review.objects.get_or_create(check_obj_id=check_id)[1]


def reviews_open(*, check_ids: list[int]) -> list[int]:
    """Open reviews for the mismatches that have none, in one statement; the checks whose review
    was opened now, in the order given. INSERT ... ON CONFLICT DO NOTHING RETURNING: a review
    another worker opened meanwhile is neither duplicated nor announced twice."""
    ids = list(dict.fromkeys(check_ids))
    if not ids:
        return []
    table = connection.ops.quote_name(Review._meta.db_table)
    opened: set[int] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 1000):  # within every database's limit on parameters
            chunk = ids[start : start + 1000]
            cursor.execute(
                f"INSERT INTO {table} (check_id, status, note) VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))} "
                "ON CONFLICT (check_id) DO NOTHING RETURNING check_id",
                [value for check_id in chunk for value in (check_id, Review.Status.OPEN, "")],
            )
            opened.update(row[0] for row in cursor.fetchall())
    return [i for i in ids if i in opened]


# --- decisions about one claim of a fact ------------------------------------------------------

NOTE_MAX = 5000


class DecisionError(ValueError):
    """A decision that cannot be made or changed: no note, an unknown kind, a missing figure."""


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DecisionError("a note is required: say why (what the sources say, who confirmed it)")
    if len(note) > NOTE_MAX:
        raise DecisionError(f"the note is {len(note)} characters long: at most {NOTE_MAX}")
    return note


def _touch_checks(claim_ids: list[int]) -> None:
    """Checks the claims take part in changed for pollers (`checks/?updated_after=`)."""
    ids = [i for i in claim_ids if i is not None]
    if ids:
        Check.objects.filter(
            Q(claim_id__in=ids) | Q(id__in=Check.others.through.objects.filter(claim_id__in=ids).values("check_id"))
        ).update(updated_at=timezone.now())


@transaction.atomic
def decision_make(
    *, claim_id: int, kind: str, note: str, actor=None, fact_id: int | None = None,
    other_claim_id: int | None = None, merge_with_id: int | None = None,
) -> Decision:
    """An editor's decision about one claim of its fact. A note is required. A claim has one
    standing decision: a new one replaces the old (both kept in the history)."""
    if kind not in Decision.Kind.values:
        raise DecisionError(f"unknown decision {kind!r}: use one of {', '.join(Decision.Kind.values)}")
    note = _note(note)
    claim = Claim.objects.select_for_update().select_related("article").filter(id=claim_id).first()
    if claim is None:
        raise DecisionError(f"there is no claim {claim_id}")
    member_of = FactClaim.objects.filter(claim_id=claim.id).values_list("fact_id", flat=True).first()
    if fact_id is not None and fact_id != member_of:
        raise DecisionError(f"claim {claim_id} is not a member of fact {fact_id}")
    fact_id = member_of if fact_id is None else fact_id
    other = None
    if other_claim_id is not None:
        other = Claim.objects.filter(id=other_claim_id).first()
        if other is None or other.id == claim.id:
            raise DecisionError(f"the other figure must be another existing claim, not {other_claim_id}")
    if kind == Decision.Kind.REVISION and other is None:
        raise DecisionError("a revision supersedes an earlier figure: give other_claim, the figure it revises")
    merge_with = None
    if kind == Decision.Kind.MERGE:
        merge_with = Fact.objects.filter(id=merge_with_id).first() if merge_with_id is not None else None
        if merge_with is None or merge_with.id == fact_id:
            raise DecisionError("a merge needs merge_with: another existing fact")
        if fact_id is None:
            raise DecisionError(f"claim {claim_id} is in no fact: there is nothing to merge")
    if kind == Decision.Kind.NOT_THIS_FACT and fact_id is None:
        raise DecisionError(f"claim {claim_id} is in no fact: there is nothing to move it out of")
    for standing in Decision.objects.select_for_update().filter(claim=claim, status=Decision.Status.ACTIVE):
        standing.status = Decision.Status.WITHDRAWN
        standing.save(update_fields=["status", "updated_at"])
        DecisionEvent.objects.create(decision=standing, action="replaced", kind=standing.kind,
                                     claim_id_then=claim.id, note=f"replaced by a new decision: {note}", actor=actor)
    decision = Decision.objects.create(
        fact_id=fact_id, claim=claim, article=claim.article, article_url=claim.article.url,
        quote=claim.quote, start=claim.start, end=claim.end, kind=kind, other_claim=other,
        merge_with=merge_with, note=note, made_by=actor,
    )
    DecisionEvent.objects.create(decision=decision, action="made", kind=kind, claim_id_then=claim.id,
                                 note=note, actor=actor)
    try:
        # The two decisions that regroup claims do it now, and for good (facts/editing.py).
        if kind == Decision.Kind.NOT_THIS_FACT:
            moved_to = fact_move_claim(claim_id=claim.id, actor=actor, note=note)
            DecisionEvent.objects.create(decision=decision, action="moved", kind=kind, claim_id_then=claim.id,
                                         note=f"moved out of fact {fact_id} into fact {moved_to.id}", actor=actor)
            # Its open mismatches with the fact it left compare two facts: not real mismatches.
            for check_id in _open_checks_across_facts(claim.id):
                review_resolve(check_id=check_id, status=Review.Status.DISMISSED, actor=actor,
                               note=f"not this fact: {note}")
        elif kind == Decision.Kind.MERGE:
            merged = fact_merge(source_fact_id=fact_id, target_fact_id=merge_with.id, actor=actor, note=note)
            DecisionEvent.objects.create(decision=decision, action="merged", kind=kind, claim_id_then=claim.id,
                                         note=f"fact {fact_id} merged into fact {merged.id}", actor=actor)
    except FactEditError as error:
        raise DecisionError(str(error)) from None
    _touch_checks([claim.id, other.id if other else None])
    transaction.on_commit(lambda: decision_made.send(sender=Decision, decision_id=decision.id))
    return decision


def _open_checks_across_facts(claim_id: int) -> list[int]:
    """The open mismatches a claim takes part in whose claims are not all in one fact."""
    checks = Check.objects.filter(
        Q(claim_id=claim_id) | Q(id__in=Check.others.through.objects.filter(claim_id=claim_id).values("check_id"))
    ).filter(Q(review__status=Review.Status.OPEN) | Q(review__isnull=True), verdict__in=[
        Check.Verdict.CONFLICT, Check.Verdict.UPDATED,
    ])
    found = []
    for check in checks.prefetch_related("others"):
        claim_ids = [check.claim_id, *(o.id for o in check.others.all())]
        facts = set(FactClaim.objects.filter(claim_id__in=claim_ids).values_list("fact_id", flat=True))
        if len(facts) > 1:
            found.append(check.id)
    return found


@transaction.atomic
def decision_withdraw(*, decision_id: int, note: str, actor=None) -> Decision:
    """Withdraw a decision (with a note); ClaimReviews published from it are withdrawn with it."""
    note = _note(note)
    decision = Decision.objects.select_for_update().filter(id=decision_id).first()
    if decision is None:
        raise DecisionError(f"there is no decision {decision_id}")
    if decision.status == Decision.Status.WITHDRAWN:
        raise DecisionError(f"decision {decision_id} is already withdrawn")
    decision.status = Decision.Status.WITHDRAWN
    decision.save(update_fields=["status", "updated_at"])
    DecisionEvent.objects.create(decision=decision, action="withdrawn", kind=decision.kind,
                                 claim_id_then=decision.claim_id, note=note, actor=actor)
    for review in decision.claim_reviews.exclude(state=ClaimReview.State.WITHDRAWN):
        _claimreview_move(review, ClaimReview.State.WITHDRAWN, note=f"decision withdrawn: {note}", actor=actor)
    if decision.kind == Decision.Kind.NOT_THIS_FACT and decision.claim_id is not None:
        # The claim goes back to the fact its reading states. (A merge stays: its claims are
        # moved out one by one, with "not this fact".)
        back_in = fact_release_claim(claim_id=decision.claim_id)
        DecisionEvent.objects.create(decision=decision, action="released", kind=decision.kind,
                                     claim_id_then=decision.claim_id, actor=actor,
                                     note=f"back in fact {back_in.id}" if back_in else "in no fact")
    _touch_checks([decision.claim_id, decision.other_claim_id])
    return decision


@transaction.atomic
def decisions_reattach(*, article_id: int) -> int:
    """After an article's claims were stored again: a standing decision whose claim was deleted
    goes back to the claim found at its place (same article and span, or the same quote in a new
    version at the same URL), and every decision on the article's claims follows its claim's
    fact. Returns how many were re-attached."""
    claims = list(Claim.objects.filter(article_id=article_id).select_related("article", "fact_membership"))
    if not claims:
        return 0
    url = claims[0].article.url
    by_span = {(c.start, c.end): c for c in claims}
    by_quote: dict[str, list[Claim]] = {}
    for c in claims:
        by_quote.setdefault(c.quote, []).append(c)
    decided = set(Decision.objects.filter(claim__in=claims, status=Decision.Status.ACTIVE).values_list("claim_id", flat=True))
    lost = Decision.objects.select_for_update().filter(claim__isnull=True, status=Decision.Status.ACTIVE).filter(
        Q(article_id=article_id) | (Q(article_url=url) & ~Q(article_url=""))
    ).order_by("made_at", "id")
    attached = 0
    for decision in lost:
        claim = by_span.get((decision.start, decision.end)) if decision.article_id == article_id else None
        if claim is None or claim.quote != decision.quote:
            same = by_quote.get(decision.quote, [])
            # A quote found more than once is ambiguous: leave the decision for an editor.
            claim = same[0] if len(same) == 1 else None
        if claim is None or claim.id in decided:
            continue
        membership = getattr(claim, "fact_membership", None)
        decision.claim = claim
        decision.article_id, decision.start, decision.end = claim.article_id, claim.start, claim.end
        decision.fact_id = membership.fact_id if membership else decision.fact_id
        decision.save()
        DecisionEvent.objects.create(decision=decision, action="reattached", kind=decision.kind,
                                     claim_id_then=claim.id, note=f"found again at {claim.start}-{claim.end}")
        if decision.kind == Decision.Kind.NOT_THIS_FACT:
            # The claim read again is still not of that fact: out of it again, before it is checked.
            moved_to = fact_move_claim(claim_id=claim.id, actor=decision.made_by, note=decision.note)
            DecisionEvent.objects.create(decision=decision, action="moved", kind=decision.kind, claim_id_then=claim.id,
                                         note=f"moved out again, into fact {moved_to.id}")
        decided.add(claim.id)
        attached += 1
    for c in claims:
        membership = getattr(c, "fact_membership", None)
        if membership:
            # A decision follows its claim's fact, except those about the fact itself: "not this
            # fact" and a merge stay with the fact they were about.
            Decision.objects.filter(claim=c).exclude(fact_id=membership.fact_id).exclude(
                kind__in=[Decision.Kind.NOT_THIS_FACT, Decision.Kind.MERGE]
            ).update(fact_id=membership.fact_id)
    return attached


# --- the queue of facts: assignment and what is new ---------------------------------------------


@transaction.atomic
def fact_assign(*, fact_id: int, assignee, actor=None, note: str = "") -> FactAssignment:
    """Give a fact to an editor (None: to nobody). Kept in the fact's history with who and when."""
    fact = Fact.objects.filter(id=fact_id).first()
    if fact is None:
        raise DecisionError(f"there is no fact {fact_id}")
    if len(note or "") > NOTE_MAX:
        raise DecisionError(f"the note is {len(note)} characters long: at most {NOTE_MAX}")
    return FactAssignment.objects.create(fact=fact, assigned_to=assignee, actor=actor, note=(note or "").strip())


def queue_seen(*, user, at=None) -> QueueVisit:
    """The editor looked at the queue of facts now (or at `at`): what changes after is new."""
    visit, _ = QueueVisit.objects.update_or_create(user=user, defaults={"seen_at": at or timezone.now()})
    return visit


# --- publishing: ClaimReview from a decision ------------------------------------------------

PUBLISHABLE = (Decision.Kind.WRONG, Decision.Kind.REVISION, Decision.Kind.DISAGREE)


def _claimreview_move(review: ClaimReview, state: str, *, note: str = "", actor=None) -> ClaimReview:
    previous = review.state
    review.state = state
    now = timezone.now()
    if state == ClaimReview.State.PUBLISHED:
        review.published_at = now
    elif state == ClaimReview.State.WITHDRAWN:
        review.withdrawn_at = now
    review.save()
    ClaimReviewEvent.objects.create(claim_review=review, from_state=previous, to_state=state, note=note, actor=actor)
    return review


@transaction.atomic
def claimreview_draft(*, decision_id: int, rating: str, url: str = "", headline: str = "", actor=None) -> ClaimReview:
    """A draft ClaimReview of the claim a decision is about, with the rating the editor picks."""
    decision = Decision.objects.select_related("claim__article__outlet").filter(id=decision_id).first()
    if decision is None:
        raise DecisionError(f"there is no decision {decision_id}")
    if decision.status != Decision.Status.ACTIVE:
        raise DecisionError(f"decision {decision_id} is withdrawn: nothing to publish")
    if decision.kind not in PUBLISHABLE:
        raise DecisionError(
            f"a {decision.get_kind_display()!r} decision rates no figure: publish from "
            f"{', '.join(PUBLISHABLE)} decisions"
        )
    try:
        scale().get(rating)
    except KeyError as error:
        raise DecisionError(error.args[0]) from None
    review = ClaimReview.objects.create(decision=decision, rating=rating, url=url.strip(),
                                        headline=headline.strip()[:300], created_by=actor)
    ClaimReviewEvent.objects.create(claim_review=review, from_state="", to_state=ClaimReview.State.DRAFT, actor=actor)
    return review


@transaction.atomic
def claimreview_publish(*, claim_review_id: int, url: str = "", actor=None) -> ClaimReview:
    """Publish a draft: it needs the public URL of the newsroom's fact-check, and its decision's
    claim still there (what it rates is copied from it now)."""
    review = ClaimReview.objects.select_for_update().filter(id=claim_review_id).first()
    if review is None:
        raise DecisionError(f"there is no ClaimReview {claim_review_id}")
    if review.state != ClaimReview.State.DRAFT:
        raise DecisionError(f"ClaimReview {claim_review_id} is {review.state}: only a draft is published")
    review.url = (url or review.url).strip()
    if not review.url.startswith(("https://", "http://")):
        raise DecisionError("publishing needs the public URL (http/https) of the newsroom's fact-check page")
    decision = Decision.objects.select_related("claim__article__outlet").get(id=review.decision_id)
    if decision.status != Decision.Status.ACTIVE:
        raise DecisionError(f"decision {decision.id} is withdrawn: nothing to publish")
    claim = decision.claim
    if claim is None:
        raise DecisionError(f"the claim of decision {decision.id} is gone (not found again after re-reading)")
    article = claim.article
    if not article.url:
        # Fact-check readers link the claim to where it appeared: a pasted text has nowhere.
        raise DecisionError(
            f"article {article.id} has no URL: a ClaimReview needs the public page where the claim appeared"
        )
    review.claim_reviewed = claim.sentence or claim.quote
    review.claim_author = claim.attributed_to or article.outlet.name
    review.claim_author_is_outlet = not claim.attributed_to
    # An undated article's claim is dated by when the desk received it (the date it was seen).
    review.claim_date = article.published or article.created_at.date()
    review.appearance = {
        "url": article.url, "headline": article.headline, "outlet": article.outlet.name,
        "datePublished": article.published.isoformat() if article.published else "",
    }
    _claimreview_move(review, ClaimReview.State.PUBLISHED, actor=actor)
    _touch_checks([claim.id])
    transaction.on_commit(lambda: claimreview_published.send(sender=ClaimReview, claim_review_id=review.id))
    return review


@transaction.atomic
def claimreview_withdraw(*, claim_review_id: int, note: str, actor=None) -> ClaimReview:
    note = _note(note)
    review = ClaimReview.objects.select_for_update().filter(id=claim_review_id).first()
    if review is None:
        raise DecisionError(f"there is no ClaimReview {claim_review_id}")
    if review.state == ClaimReview.State.WITHDRAWN:
        raise DecisionError(f"ClaimReview {claim_review_id} is already withdrawn")
    return _claimreview_move(review, ClaimReview.State.WITHDRAWN, note=note, actor=actor)


def claimreview_publisher() -> str:
    return settings.CROSSCHECK_CLAIMREVIEW_PUBLISHER
