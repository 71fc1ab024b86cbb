"""Silent edits: the figures that changed between two versions of the article at one URL.

Called once the new version's claims exist (workers.ingest_tasks.compare_versions). Claims are
paired by their sentence with the figures masked out (the same sentence with another number is the
same statement, edited), then by kind and position within the sentence; a pair whose figure differs
is recorded as an EditedFigure for editors."""
from __future__ import annotations

import difflib
import re

from django.db import transaction

from claims.models import Claim, EditedFigure
from sources.models import Article

S = Article.Status
READY = (S.EXTRACTED, S.CHECKING, S.PROCESSED)
# The same statement reworded a little still pairs; a different sentence that happens to share a
# subject needs much more in common.
SAME_SENTENCE = 0.85
SAME_SUBJECT = 0.6


def _mask(sentence: str) -> str:
    sentence = re.sub(r"\d[\d,.]*(\s*(million|billion|thousand|hundred))?", "#", sentence, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", sentence).strip().casefold()


def _figure(claim) -> tuple:
    return (claim.value, claim.low, claim.high, claim.date_value, claim.qualifier, claim.unit)


def _ordinal(claims) -> dict[int, int]:
    """Each claim's position among the claims of its kind in its sentence."""
    seen: dict[tuple, int] = {}
    out = {}
    for claim in sorted(claims, key=lambda c: c.start):
        key = (claim.sentence, claim.kind)
        out[claim.id] = seen.get(key, 0)
        seen[key] = out[claim.id] + 1
    return out


def edited_figures_find(new_claims, old_claims) -> list[tuple]:
    """Pairs (old, new) of claims stating the same thing with a different figure. Pure."""
    new_pos, old_pos = _ordinal(new_claims), _ordinal(old_claims)
    old_masked = {c.id: _mask(c.sentence) for c in old_claims}
    used: set[int] = set()
    pairs = []
    for new in sorted(new_claims, key=lambda c: c.start):
        masked = _mask(new.sentence)
        best, best_score = None, 0.0
        for old in old_claims:
            if old.id in used or old.kind != new.kind or old_pos[old.id] != new_pos[new.id]:
                continue
            score = 1.0 if old_masked[old.id] == masked else difflib.SequenceMatcher(
                None, old_masked[old.id], masked, autojunk=False
            ).ratio()
            same_subject = bool(new.subject) and old.subject == new.subject
            if score < SAME_SENTENCE and not (same_subject and score >= SAME_SUBJECT):
                continue
            if score > best_score:
                best, best_score = old, score
        if best is None:
            continue
        used.add(best.id)
        if _figure(best) != _figure(new) or _fold(best.quote) != _fold(new.quote):
            pairs.append((best, new))
    return pairs


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def article_compare_versions(*, article_id: int) -> list[EditedFigure] | None:
    """Record the figures that changed against the previous version. None while either version's
    claims are not extracted yet (the caller tries later); idempotent."""
    article = Article.objects.select_related("previous_version").get(id=article_id)
    previous = article.previous_version
    if previous is None:
        return []
    if {article.status, previous.status} & {S.FAILED, S.SKIPPED}:
        return []  # one side will never have claims: nothing to compare
    if article.status not in READY or previous.status not in READY:
        return None
    new_claims = list(Claim.objects.filter(article=article))
    old_claims = list(Claim.objects.filter(article=previous))
    pairs = edited_figures_find(new_claims, old_claims)
    with transaction.atomic():
        EditedFigure.objects.filter(article=article).delete()
        return EditedFigure.objects.bulk_create([
            EditedFigure(
                article=article, previous_article=previous, claim=new, previous_claim=old,
                kind=new.kind, subject=new.subject[:200], quote_before=old.quote[:300], quote_after=new.quote[:300],
                sentence_before=old.sentence, sentence_after=new.sentence, start=new.start, end=new.end,
            )
            for old, new in pairs
        ])
