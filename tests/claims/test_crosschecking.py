"""Cross-checking in the database: re-checks after corrections and re-extraction, no duplicates."""
import pytest
from django.core.management import call_command

from claims.models import Claim
from claims.services import claim_correct, claims_delete
from facts.models import Check
from facts.services import article_crosscheck
from sources.models import Article
from sources.services import article_requeue

pytestmark = [pytest.mark.django_db, pytest.mark.model]


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open("/dev/null", "w"))


def syria_check():
    deaths = Claim.objects.get(quote="300,000", kind="count")
    return deaths, Check.objects.get(check_type="pair", claim=deaths) if Check.objects.filter(claim=deaths).exists() else Check.objects.get(others=deaths)


def test_a_corrected_claim_runs_its_checks_again(seeded, django_capture_on_commit_callbacks):
    deaths, check = syria_check()
    assert check.is_mismatch
    with django_capture_on_commit_callbacks(execute=True):
        claim_correct(claim_id=deaths.id, value=250_000, low=250_000, high=250_000, reason="Fabius said 250,000")
    check.refresh_from_db()
    assert check.verdict == "consistent"
    deaths.refresh_from_db()
    assert deaths.corrected_at is not None


def test_a_correction_survives_extracting_the_article_again(seeded, django_capture_on_commit_callbacks):
    deaths, _ = syria_check()
    with django_capture_on_commit_callbacks(execute=True):
        claim_correct(claim_id=deaths.id, value=250_000, low=250_000, high=250_000, reason="Fabius said 250,000")
        article_requeue(article_id=deaths.article_id)
    deaths.refresh_from_db()
    assert deaths.value == 250_000
    assert Article.objects.get(id=deaths.article_id).status == "processed"


def test_running_the_checks_again_never_duplicates_them(seeded, django_capture_on_commit_callbacks):
    before = sorted(Check.objects.values_list("key", "verdict"))
    for article_id in Article.objects.values_list("id", flat=True):
        article_crosscheck(article_id=article_id)
    with django_capture_on_commit_callbacks(execute=True):
        for article_id in Article.objects.values_list("id", flat=True):
            article_requeue(article_id=article_id)
    assert sorted(Check.objects.values_list("key", "verdict")) == before


def test_checks_of_a_deleted_claim_go_away(seeded):
    paris = Claim.objects.filter(quote="130").order_by("id").first()
    touching = list(Check.objects.filter(claim=paris)) + list(Check.objects.filter(others=paris))
    assert touching
    claims_delete(claim_ids=[paris.id])
    assert not Check.objects.filter(id__in=[c.id for c in touching]).exists()
    assert all(check.others.exists() for check in Check.objects.all())


def test_a_new_article_is_checked_against_the_stored_ones(seeded, django_capture_on_commit_callbacks):
    from datetime import date

    from sources.services import article_ingest

    text = (
        "French officials said on Monday that the toll of the November 13 attacks in Paris had risen: "
        "a total of 131 people were killed, after a victim died in hospital."
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = article_ingest(raw=text, outlet="Le Figaro English", published=date(2015, 11, 30)).article
    toll = Claim.objects.get(article=article, quote__endswith="131")
    verdicts = {c.verdict for c in Check.objects.filter(claim=toll)}
    assert verdicts == {"updated"}
