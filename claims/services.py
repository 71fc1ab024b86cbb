"""Writes for claims/: extraction, cross-checking, review and corrections. Keyword-only, typed;
tasks, commands, admin actions and API views call these and nothing else writes claims or checks."""
from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims import comparison
from claims.comparison import Figure, Verdict
from claims.models import Check, Claim, ClaimPlace, Review, ReviewEvent
from claims.nlp.reading import fact_key
from claims.nlp.types import ClaimData, iso_day
from hooks.events import mismatch_found, review_changed
from sources.models import Article

NUMBER_FIELDS = ("value", "low", "high")


# --- extraction -----------------------------------------------------------------------------


def claims_extract(*, article_ids: list[int]) -> dict[int, int]:
    """Extract the claims of articles (in one batch through the pipeline) and store them.

    Re-extraction keeps claims found at the same place (so their checks and reviews survive),
    keeps every claim an editor corrected, and deletes the rest (their checks go with them).
    Returns the number of claims per article."""
    from claims.nlp.pipeline import ArticleText, extract

    articles = list(Article.objects.filter(id__in=article_ids).order_by("id"))
    texts = [ArticleText(a.body, a.published) for a in articles]
    counts: dict[int, int] = {}
    for article, found in zip(
        articles, extract(texts, batch_size=settings.CROSSCHECK_NLP_BATCH_SIZE)
    ):
        counts[article.id] = _store_claims(article, found)
    return counts


@transaction.atomic
def _store_claims(article: Article, found: list[tuple[int, ClaimData]]) -> int:
    existing = {(c.start, c.end): c for c in Claim.objects.select_for_update().filter(article=article)}
    keep: set[int] = set()
    for paragraph, data in found:
        fields = claim_fields(data, paragraph=paragraph)
        span = (data.quantity.start, data.quantity.end)
        claim = existing.get(span)
        if claim is None:
            claim = Claim.objects.create(article=article, **fields)
            claim_places_sync(claim=claim)
        elif claim.corrected_at is None:
            for name, value in fields.items():
                setattr(claim, name, value)
            claim.save()
            claim_places_sync(claim=claim)
        keep.add(claim.id)
    claims_delete(claim_ids=[c.id for c in existing.values() if c.id not in keep and c.corrected_at is None])
    return Claim.objects.filter(article=article).count()


def claims_delete(*, claim_ids: list[int]) -> None:
    """Delete claims with every check they take part in, on either side (a check whose other
    claim is gone would compare with nothing)."""
    Check.objects.filter(others__id__in=claim_ids).delete()
    Claim.objects.filter(id__in=claim_ids).delete()


def claim_places_sync(*, claim: Claim) -> None:
    """Keep the claim's rows in the place index in step with its fact key and places."""
    ClaimPlace.objects.filter(claim=claim).delete()
    ClaimPlace.objects.bulk_create(place_rows([claim]))


def place_rows(claims: list[Claim]) -> list[ClaimPlace]:
    """The place-index rows of stored claims (also used to fill stores in bulk)."""
    return [
        ClaimPlace(claim=claim, fact_key=claim.fact_key, kind=claim.kind, place=place[:200])
        for claim in claims
        for place in {p.casefold() for p in claim.places if p.strip()}
    ]


def claim_fields(data: ClaimData, *, paragraph: int) -> dict:
    """The model fields of an extracted claim."""
    q = data.quantity
    fields = dict(
        kind=q.kind,
        quote=q.quote[:300],
        sentence=data.sentence,
        start=q.start,
        end=q.end,
        qualifier=q.qualifier,
        unit=(q.unit or "")[:20],
        subject=data.subject[:200],
        predicate=data.predicate[:100],
        attributed_to=data.attributed_to[:200],
        places=data.places,
        refers_start=data.refers_start,
        refers_end=data.refers_end,
        running_total=data.running_total,
        paragraph=paragraph,
        role=data.role,
        si_unit=(q.si_unit or "")[:10],
        value=None, low=None, high=None, date_value="", date_low=None, date_high=None,
        si_value=None, si_low=None, si_high=None,
    )
    if q.kind == "date":
        fields.update(date_value=str(q.value or ""), date_low=iso_day(q.low), date_high=iso_day(q.high))
    else:
        fields.update(value=q.value, low=q.low, high=q.high)
        if q.si_value is not None and q.value:
            factor = q.si_value / q.value
            fields.update(
                si_value=q.si_value,
                si_low=q.low * factor if q.low is not None else None,
                si_high=q.high * factor if q.high is not None else None,
            )
    fields["fact_key"] = fact_key(q.kind, data.subject, data.predicate, fields["si_unit"] or fields["unit"])[:200]
    return fields


# --- cross-checking -------------------------------------------------------------------------


def figure(claim: Claim) -> Figure:
    """A claim as the comparison sees it: dates as day numbers, measures in SI units."""
    article = claim.article
    common = dict(
        claim_id=claim.id,
        kind=claim.kind,
        qualifier=claim.qualifier,
        published=article.published,
        running_total=claim.running_total,
        attributed_to=claim.attributed_to,
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


def _unit(claim: Claim) -> str:
    if claim.kind == "percent":
        return "%"
    if claim.si_unit:
        return f" {claim.si_unit}"
    return f" {claim.unit}" if claim.unit else ""


def same_fact(a: Claim, b: Claim) -> bool:
    """Two claims with one fact key state the same fact when they are about a shared place or
    event and, if both say when, about the same stretch of time."""
    if a.article_id == b.article_id:
        return False
    places_a = {p.casefold() for p in a.places}
    places_b = {p.casefold() for p in b.places}
    if not places_a & places_b:
        return False
    if a.kind != "date" and all((a.refers_start, a.refers_end, b.refers_start, b.refers_end)):
        start = max(a.refers_start, b.refers_start)
        end = min(a.refers_end, b.refers_end)
        if start > end:
            return False
        shared = (end - start).days + 1
        longest = max((a.refers_end - a.refers_start).days, (b.refers_end - b.refers_start).days) + 1
        # "16 attacks last month" is not the same figure as "329 attacks since 2011".
        if shared / longest < 0.5:
            return False
    return True


def candidates(claim: Claim):
    """Claims elsewhere that may state the same fact: an indexed equality on the fact key, so the
    cost does not grow with the number of claims stored."""
    story = claim.article.story_id
    places = {p.casefold() for p in claim.places}
    about_a_shared_place = ClaimPlace.objects.filter(
        fact_key=claim.fact_key, kind=claim.kind, place__in=places
    ).values("claim_id")
    return (
        Claim.objects.filter(id__in=about_a_shared_place)
        .exclude(article_id=story)
        .exclude(article__copy_of_id=story)
        .exclude(article_id=claim.article_id)
        .exclude(subject="", kind__in=["count", "measure"])
        .select_related("article__outlet")
    )


def claim_crosscheck(*, claim_id: int) -> list[Check]:
    """(Re)check one claim against every claim elsewhere that states the same fact. Idempotent:
    one check per pair (a unique key), and pair checks that no longer hold are deleted."""
    claim = Claim.objects.select_related("article__outlet").filter(id=claim_id).first()
    if claim is None:
        return []
    checks = []
    keys = []
    if claim.fact_key and (claim.subject or claim.kind == "date") and claim.places:
        for other in candidates(claim):
            if not same_fact(claim, other) or syndicated(claim.article, other.article):
                continue
            verdict = comparison.compare(figure(claim), figure(other), unit=_unit(claim))
            high, low = max(claim, other, key=lambda c: c.id), min(claim, other, key=lambda c: c.id)
            key = f"pair:{high.id}:{low.id}"
            checks.append(_save_check(key, Check.Type.PAIR, high, [low], verdict))
            keys.append(key)
    # Two indexed lookups (the claim's own checks, and the checks it is the other side of)
    # rather than one OR across a join, which the databases answer with a scan.
    pairs = Check.objects.filter(check_type=Check.Type.PAIR).exclude(key__in=keys)
    stale = set(pairs.filter(claim_id=claim.id).values_list("id", flat=True))
    stale |= set(pairs.filter(id__in=Check.others.through.objects.filter(claim_id=claim.id).values("check_id")).values_list("id", flat=True))
    if stale:
        Check.objects.filter(id__in=stale).delete()
    return checks


def syndicated(a: Article, b: Article) -> bool:
    """Two printings of one wire story are one source: they never confirm or contradict each
    other."""
    return a.story_id == b.story_id


def article_crosscheck(*, article_id: int) -> list[Check]:
    """All checks an article's claims take part in: against other articles, and inside it."""
    checks: list[Check] = []
    for claim_id in Claim.objects.filter(article_id=article_id).values_list("id", flat=True):
        checks.extend(claim_crosscheck(claim_id=claim_id))
    checks.extend(article_internal_checks(article_id=article_id))
    return checks


def article_internal_checks(*, article_id: int) -> list[Check]:
    """Parts that add up to a stated total, and unit conversions given in brackets."""
    claims = list(Claim.objects.filter(article_id=article_id).select_related("article__outlet"))
    by_paragraph: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_paragraph[claim.paragraph].append(claim)
    checks, keys = [], []
    body = claims[0].article.body if claims else ""
    for group in by_paragraph.values():
        group.sort(key=lambda c: c.start)
        for index, claim in enumerate(group):
            if claim.role == "total" and claim.kind == "count":
                parts = addends(group[:index])
                if parts:
                    verdict = comparison.sum_check(figure(claim), [figure(p) for p in parts])
                    key = f"sum:{claim.id}:{','.join(str(p.id) for p in parts)}"
                    checks.append(_save_check(key, Check.Type.SUM, claim, parts, verdict))
                    keys.append(key)
            following = group[index + 1] if index + 1 < len(group) else None
            if (
                following is not None
                and claim.kind == following.kind == "measure"
                and claim.si_unit and claim.si_unit == following.si_unit
                and claim.unit != following.unit
                and body[claim.end : following.start].strip() == "("
            ):
                verdict = comparison.conversion_check(
                    figure(claim), claim.si_value, figure(following), following.si_value,
                    si_unit=claim.si_unit,
                )
                key = f"conversion:{claim.id}:{following.id}"
                checks.append(_save_check(key, Check.Type.CONVERSION, claim, [following], verdict))
                keys.append(key)
    Check.objects.filter(claim__article_id=article_id).exclude(check_type=Check.Type.PAIR).exclude(
        key__in=keys
    ).delete()
    return checks


def addends(before: list[Claim]) -> list[Claim]:
    """The figures a stated total adds up: the counts marked as additional ("six other attacks")
    and the first figure they add to, of the same kind of thing; breakdowns ("five of which")
    are not addends."""
    counts = [c for c in before if c.kind == "count" and c.role in ("", "part") and c.subject]
    marked = [i for i, c in enumerate(counts) if c.role == "part"]
    if not marked:
        return []
    first = marked[0]
    base = [counts[first - 1]] if first > 0 else []
    parts = base + [counts[i] for i in marked]
    heads = {fact_key("count", c.subject, "").split("|")[1] for c in parts}
    return parts if len(parts) >= 2 and len(heads) == 1 else []


def _save_check(key: str, check_type: str, claim: Claim, others: list[Claim], verdict: Verdict) -> Check:
    check, _ = Check.objects.update_or_create(
        key=key,
        defaults=dict(
            claim=claim,
            check_type=check_type,
            verdict=verdict.verdict,
            score=verdict.score,
            explanation=verdict.explanation[:500],
        ),
    )
    check.others.set(others)
    if check.is_mismatch and Review.objects.get_or_create(check_obj=check)[1]:
        mismatch_found(check_id=check.id)
    return check


# --- review and corrections -----------------------------------------------------------------


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
    ReviewEvent.objects.create(
        review=review, check_key=check.key, action="review", from_status=previous,
        to_status=status, note=note, actor=actor,
    )
    review_changed(check_id=check.id)
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


def claim_correct(*, claim_id: int, actor=None, **changes) -> Claim:
    """An editor's correction of a mis-read claim. The claim keeps it through re-extraction, and
    the checks it touches run again (in the background, after commit)."""
    allowed = {"value", "low", "high", "qualifier", "subject", "predicate", "attributed_to", "unit"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot correct {', '.join(sorted(unknown))}")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(id=claim_id)
        # Keep the SI form in step with a corrected measure ("60 km" read as "6 km").
        factor = claim.si_value / claim.value if claim.si_value is not None and claim.value else None
        for name, value in changes.items():
            setattr(claim, name, value)
        if factor is not None:
            claim.si_value, claim.si_low, claim.si_high = (
                None if v is None else v * factor for v in (claim.value, claim.low, claim.high)
            )
        claim.fact_key = fact_key(claim.kind, claim.subject, claim.predicate, claim.si_unit or claim.unit)[:200]
        claim.corrected_by = actor
        claim.corrected_at = timezone.now()
        claim.save()
        claim_places_sync(claim=claim)
        from workers.queue import enqueue
        from workers.tasks import crosscheck_claim

        enqueue(crosscheck_claim, claim.id)
    return claim
