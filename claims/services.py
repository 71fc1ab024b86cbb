"""Writes for claims/: extraction and corrections. Keyword-only, typed; tasks, commands, admin
actions and API views call these and nothing else writes claims."""
from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimPlace, Correction
from claims.nlp.gazetteer import index_names
from claims.nlp.pipeline import ArticleText, Limits, TooManyClaims, read
from claims.nlp.reading import fact_key, key_variants
from claims.nlp.types import ClaimData, iso_day
from claims.signals import claims_deleting, claims_stored
from sources.models import Article
from sources.services import article_set_reading
from workbench.queue import enqueue

log = logging.getLogger(__name__)

NUMBER_FIELDS = ("value", "low", "high")


# --- extraction -----------------------------------------------------------------------------


def extraction_limits() -> Limits:
    return Limits(
        paragraph_chars=settings.CROSSCHECK_MAX_PARAGRAPH_CHARS,
        figures_per_paragraph=settings.CROSSCHECK_MAX_FIGURES_PER_PARAGRAPH,
        claims_per_article=settings.CROSSCHECK_MAX_CLAIMS_PER_ARTICLE,
        paragraph_seconds=settings.CROSSCHECK_PARAGRAPH_SECONDS,
        years_before=settings.CROSSCHECK_DATE_YEARS_BEFORE,
        years_after=settings.CROSSCHECK_DATE_YEARS_AFTER,
    )


def claims_extract(*, article_ids: list[int]) -> dict[int, int]:
    """Extract the claims of articles (in one batch through the pipeline) and store them, with
    the paragraphs that could not be read counted on each article.

    Re-extraction keeps claims found at the same place (so their checks and reviews survive),
    keeps every claim an editor corrected, and deletes the rest (their checks go with them).
    Returns the number of claims per article. Raises TooManyClaims (Permanent) before storing
    anything if an article is over the claims limit."""
    articles = list(Article.objects.filter(id__in=article_ids).order_by("id"))
    texts = [ArticleText(a.body, a.published) for a in articles]
    readings = read(texts, batch_size=settings.CROSSCHECK_NLP_BATCH_SIZE, limits=extraction_limits())
    for article, reading in zip(articles, readings):
        if reading.refused:
            raise TooManyClaims(f"article {article.id}: {reading.refused}")
    counts: dict[int, int] = {}
    for article, reading in zip(articles, readings):
        if reading.unread:
            log.warning("article %s: %s paragraphs could not be read: %s", article.id, reading.unread_paragraphs,
                        "; ".join(f"paragraph {u.paragraph}: {u.reason}" for u in reading.unread[:10]))
        counts[article.id] = _store_claims(article, reading.claims)
        article_set_reading(
            article_id=article.id, unread_paragraphs=reading.unread_paragraphs,
            reading_errors=[{"paragraph": u.paragraph, "reason": u.reason} for u in reading.unread],
        )
        claims_stored.send(sender=Claim, article_id=article.id)
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


def claims_discard(*, article_id: int) -> None:
    """Drop the claims of an article that failed, so that nothing is compared with them: a
    failed article has no claims but those an editor corrected (kept, as re-extraction keeps them)."""
    claims_delete(claim_ids=list(
        Claim.objects.filter(article_id=article_id, corrected_at__isnull=True).values_list("id", flat=True)
    ))


def claims_delete(*, claim_ids: list[int]) -> None:
    """Delete claims. The later stages drop what they built on them first (facts/ the checks
    they take part in, on either side), told by the `claims_deleting` signal."""
    if not claim_ids:
        return
    claims_deleting.send(sender=Claim, claim_ids=claim_ids)
    Claim.objects.filter(id__in=claim_ids).delete()


def claim_places_sync(*, claim: Claim) -> None:
    """Keep the claim's rows in the place index in step with its fact key and places."""
    ClaimPlace.objects.filter(claim=claim).delete()
    ClaimPlace.objects.bulk_create(place_rows([claim]))


def place_rows(claims: list[Claim]) -> list[ClaimPlace]:
    """The place-index rows of stored claims (also used to fill stores in bulk): under each of
    its places and the areas containing them, so that a figure about Houston is found from one
    about Texas (whether they state one fact is the matching's to say)."""
    return [
        ClaimPlace(claim=claim, fact_key=key[:200], kind=claim.kind, place=place[:200])
        for claim in claims
        for key in key_variants(claim.fact_key)
        for place in index_names(claim.places)
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
        places_from=data.places_from,
        refers_start=data.refers_start,
        refers_end=data.refers_end,
        running_total=data.running_total,
        paragraph=paragraph,
        role=data.role,
        event=data.event[:100],
        scope=data.scope,
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


# --- corrections -----------------------------------------------------------------------------


# Every field an editor may correct: the reading of the figure, and everything that decides which
# fact it states (places, event, the time it refers to, running total, scope).
CORRECTABLE = (
    "value", "low", "high", "qualifier", "unit", "kind", "subject", "predicate", "attributed_to",
    "places", "event", "refers_start", "refers_end", "running_total", "scope",
)
SCOPES = ("", "forecast", "only", "across", "part of day", "increment", "part of place")
REASON_MAX = 5000


class CorrectionError(ValueError):
    """A correction that is refused (no reason, a field that cannot be corrected, a bad value)."""


def _recorded(value):
    """A value as the correction's record keeps it (JSON): dates as ISO strings."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _clean_change(claim: Claim, name: str, value):
    if name == "places":
        if isinstance(value, str):
            value = value.split(",")
        return [p.strip()[:200] for p in (value or []) if p and p.strip()]
    if name == "kind":
        if value not in Claim.Kind.values:
            raise CorrectionError(f"unknown kind {value!r}")
        if Claim.Kind.DATE in (value, claim.kind) and value != claim.kind:
            raise CorrectionError("a date is read from the text: it cannot become a number, nor a number a date")
    if name == "qualifier" and value not in Claim.Qualifier.values:
        raise CorrectionError(f"unknown qualifier {value!r}")
    if name == "scope":
        value = (value or "").strip()
        if value not in SCOPES:
            raise CorrectionError(f"unknown scope {value!r}: use one of {', '.join(repr(s) for s in SCOPES)}")
    if name in ("subject", "predicate", "attributed_to", "event", "unit"):
        limit = Claim._meta.get_field(name).max_length
        value = (value or "").strip()[:limit]
    if name == "running_total":
        value = bool(value)
    return value


def claim_correct(*, claim_id: int, reason: str, actor=None, **changes) -> Claim:
    """An editor's correction of a mis-read claim, with the reason (required). Each field changed
    is recorded with its value before and after (a Correction: who, when, why). The claim keeps
    the correction through re-extraction, and the checks it touches, and the fact it states, run
    again (in the background, after commit)."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise CorrectionError(f"cannot correct {', '.join(sorted(unknown))}")
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionError("a reason is required: say what was mis-read and how you know")
    if len(reason) > REASON_MAX:
        raise CorrectionError(f"the reason is {len(reason)} characters long: at most {REASON_MAX}")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(id=claim_id)
        cleaned = {name: _clean_change(claim, name, value) for name, value in changes.items()}
        start = cleaned.get("refers_start", claim.refers_start)
        end = cleaned.get("refers_end", claim.refers_end)
        if start and end and start > end:
            raise CorrectionError(f"the time it refers to starts ({start}) after it ends ({end})")
        record = {
            name: {"before": _recorded(getattr(claim, name)), "after": _recorded(value)}
            for name, value in cleaned.items()
            if getattr(claim, name) != value
        }
        if not record:
            return claim
        # Keep the SI form in step with a corrected measure ("60 km" read as "6 km").
        factor = claim.si_value / claim.value if claim.si_value is not None and claim.value else None
        for name, value in cleaned.items():
            setattr(claim, name, value)
        if "places" in record:
            claim.places_from = "figure"  # an editor's places are the figure's own
        if factor is not None:
            claim.si_value, claim.si_low, claim.si_high = (
                None if v is None else v * factor for v in (claim.value, claim.low, claim.high)
            )
        claim.fact_key = fact_key(claim.kind, claim.subject, claim.predicate, claim.si_unit or claim.unit)[:200]
        claim.corrected_by = actor
        claim.corrected_at = timezone.now()
        claim.save()
        claim_places_sync(claim=claim)
        Correction.objects.create(claim=claim, article_id=claim.article_id, quote=claim.quote, changes=record,
                                  reason=reason, actor=actor)
        enqueue("crosscheck_claim", claim.id)
    return claim
