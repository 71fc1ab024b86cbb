"""The five seed articles through the whole pipeline (in-process): what the foundation promises."""
import pytest
from django.core.management import call_command

from claims.models import Claim
from facts.models import Check
from sources.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.model]

PARIS_001 = "https://www.france24.com/en/20151126-putin-hollande-talks-moscow-syria-islamic-state-group"
MEE_002 = "https://www.middleeasteye.net/news/france-says-russia-sincere-cooperation-fight"
NEWSHUB_003 = "https://www.newshub.co.nz/home/world/2015/11/russia-france-to-up-battle-against-islamic-state.html"
FRANCE24_000 = "https://www.france24.com/en/20151127-fabius-syrian-forces-france-syria-coalition-islamic-state-group"
TOI_004 = "http://www.timesofisrael.com/france-rules-out-cooperation-with-syria-against-islamic-state/"


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    # Tasks are queued after commit; inside a test transaction, run them as the commit would.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open("/dev/null", "w"))
    return {a.url: a for a in Article.objects.all()}


def claim(url, quote_start, **filters):
    found = Claim.objects.filter(article__url=url, quote__startswith=quote_start, **filters)
    assert found.count() >= 1, f"no claim {quote_start!r} in {url}: {list(Claim.objects.filter(article__url=url).values_list('quote', flat=True))}"
    return found.first()


def checks_between(a, b):
    return Check.objects.filter(claim__in=[a, b], others__in=[a, b]).exclude(claim__in=[a], others__in=[a]).distinct()


def test_every_seed_is_processed_without_page_furniture(seeded):
    assert len(seeded) == 5
    for article in seeded.values():
        assert article.status == Article.Status.PROCESSED, article.error
        assert article.claims.exists()
        for furniture in ("Skip to main content", "This page is not available", "read more:", "photo credit", "AFP / Yuri"):
            assert furniture not in article.body


def test_some_500_fuel_trucks_is_an_approximate_count_of_500(seeded):
    trucks = claim(MEE_002, "some 500")
    assert (trucks.kind, trucks.qualifier, trucks.value) == ("count", "approximate", 500)
    assert trucks.low < 500 < trucks.high
    assert trucks.subject == "fuel truck" and trucks.predicate == "destroy"
    assert trucks.attributed_to == "Russia"


def test_nearly_700_medical_personnel_is_at_most_700(seeded):
    personnel = claim(MEE_002, "nearly 700")
    assert (personnel.qualifier, personnel.high) == ("at_most", 700)
    assert personnel.low < 700
    assert personnel.subject == "medical personnel" and personnel.predicate == "kill"


def test_more_than_2200_people_is_more_than_2200(seeded):
    people = claim(TOI_004, "more than 2,200")
    assert (people.qualifier, people.low, people.high) == ("more_than", 2200, None)
    assert people.predicate == "kill"


def test_last_friday_in_the_19_november_2015_article_is_13_november(seeded):
    friday = claim(MEE_002, "last Friday", kind="date")
    assert friday.date_value == "2015-11-13"


def test_the_paris_toll_of_130_in_two_articles_is_consistent(seeded):
    a, b = claim(PARIS_001, "130"), claim(NEWSHUB_003, "130")
    checks = checks_between(a, b)
    assert [c.verdict for c in checks] == ["consistent"]


def test_the_paris_attack_date_is_the_same_written_either_way(seeded):
    friday = claim(MEE_002, "last Friday", kind="date")
    november = claim(NEWSHUB_003, "November 13", kind="date")
    assert [c.verdict for c in checks_between(friday, november)] == ["consistent"]


def test_the_syria_toll_mismatch_waits_for_review(seeded):
    deaths = claim(FRANCE24_000, "300,000")
    lives = claim(MEE_002, "250,000")
    checks = list(checks_between(deaths, lives))
    assert len(checks) == 1 and checks[0].is_mismatch
    assert checks[0].review.status == "open"


def test_raqqa_population_is_never_compared_with_a_death_toll(seeded):
    population = claim(MEE_002, "At least 300,000")
    assert population.predicate == "live"
    assert not Check.objects.filter(claim=population).exists()
    assert not Check.objects.filter(others=population).exists()


def test_the_jet_downing_last_month_is_consistent_with_october_31(seeded):
    last_month = claim(MEE_002, "last month", kind="date", subject="passenger jet")
    october = claim(NEWSHUB_003, "October 31", kind="date")
    assert [c.verdict for c in checks_between(last_month, october)] == ["consistent"]


def test_the_ten_and_six_attacks_add_up_to_sixteen(seeded):
    total = claim(MEE_002, "16")
    sums = Check.objects.filter(claim=total, check_type="sum")
    assert [c.verdict for c in sums] == ["consistent"]
    assert sorted(int(c.value) for c in sums[0].others.all()) == [6, 10]


def test_labels_and_specifications_are_not_claims(seeded):
    quotes = set(Claim.objects.filter(article__url=MEE_002).values_list("quote", flat=True))
    assert not {"120th", "152mm", "2A65"} & quotes


def test_loading_the_seeds_again_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = (Article.objects.count(), Claim.objects.count(), Check.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open("/dev/null", "w"))
    assert (Article.objects.count(), Claim.objects.count(), Check.objects.count()) == before
