"""Cross-checking one claim against a place with many claims of its fact loads neither the
articles' texts nor every stored claim: its peak memory does not grow with the texts' size or
with the number of stored claims (tracemalloc, in the test process)."""
from __future__ import annotations

import hashlib
import tracemalloc
from datetime import date, timedelta

import pytest

from claims.models import Claim, ClaimPlace
from claims.nlp.reading import fact_key
from claims.services import place_rows
from facts.services import claim_crosscheck
from sources.models import Article, Outlet

pytestmark = pytest.mark.django_db
KEY = fact_key("count", "people", "kill")


def _store(n: int, body_chars: int) -> None:
    outlets = Outlet.objects.bulk_create([Outlet(name=f"Store outlet {body_chars} {i}") for i in range(20)])
    filler = ("The river rose through the night. " * (body_chars // 34 + 1))[:body_chars]
    articles = Article.objects.bulk_create([
        Article(outlet=outlets[i % 20], url=f"https://example.org/{body_chars}/{i}", headline=f"Floods {i}",
                published=date(2024, 1, 1) + timedelta(days=i % 30), raw=f"{i} {filler}", body=f"{i} {filler}",
                content_hash=hashlib.sha256(f"{body_chars}:{i}".encode()).hexdigest(), status=Article.Status.PROCESSED)
        for i in range(n)
    ])
    claims = Claim.objects.bulk_create([
        Claim(article=a, kind="count", quote=str(100 + i), sentence=f"The floods killed {100 + i} people in Porto.",
              start=0, end=3, value=100 + i, low=100 + i, high=100 + i, subject="people", predicate="kill",
              places=["Porto"], running_total=True, fact_key=KEY)
        for i, a in enumerate(articles)
    ])
    ClaimPlace.objects.bulk_create(place_rows(claims))


def _peak_of_one_crosscheck() -> int:
    article = Article.objects.create(
        outlet=Outlet.objects.get_or_create(name="Late Edition")[0], url="https://example.org/late", headline="Late",
        published=date(2024, 2, 15), raw="The floods killed 180 people in Porto.", body="The floods killed 180 people in Porto.",
        content_hash="late", status=Article.Status.EXTRACTED,
    )
    claim = Claim.objects.create(article=article, kind="count", quote="180", sentence=article.body, start=18, end=21,
                                 value=180, low=180, high=180, subject="people", predicate="kill", places=["Porto"],
                                 running_total=True, fact_key=KEY)
    ClaimPlace.objects.bulk_create(place_rows([claim]))
    tracemalloc.start()
    try:
        claim_crosscheck(claim_id=claim.id)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _fresh() -> None:
    Article.objects.all().delete()
    Outlet.objects.all().delete()


def test_the_peak_memory_of_one_cross_check_does_not_grow_with_the_stored_texts_or_claims():
    _store(400, body_chars=200)
    small = _peak_of_one_crosscheck()
    _fresh()
    _store(400, body_chars=40_000)  # 16 MB of article text in the store
    large_texts = _peak_of_one_crosscheck()
    _fresh()
    _store(4_000, body_chars=200)
    many_claims = _peak_of_one_crosscheck()
    # Loading the texts would add about 16 MB (twice, raw and body); every claim, ten times the rows.
    assert large_texts < small + 2_000_000, (small, large_texts)
    assert many_claims < small * 1.5 + 1_000_000, (small, many_claims)
