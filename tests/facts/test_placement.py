"""A claim joins the fact most independent sources among its matches belong to, or founds one;
one fact key and place can hold several facts; a claim is judged against its fact's other
sources, also those its figure has grown away from; places are known with the areas that hold
them."""
from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.gazetteer import areas_of, countries_of, index_names
from claims.nlp.reading import fact_key
from claims.services import claim_places_sync
from facts.matching import article_candidates, places_agree, recent_candidates
from facts.models import Check, Fact, FactClaim
from facts.services import claim_crosscheck
from tests.admin import factories

pytestmark = pytest.mark.django_db


def _claim(text: str, quote: str, value: float, *, outlet: str, day: int, places=("Valencia",), event: str = "",
           places_from: str = "sentence", month: int = 9):
    article = factories.article(text, outlet=outlet, published=date(2023, month, day))
    claim = factories.claim(article, quote, value=value, places=list(places), running_total=True)
    claim.event, claim.places_from = event, places_from
    claim.save(update_fields=["event", "places_from"])
    return claim


def _fact(claim) -> Fact:
    return FactClaim.objects.get(claim=claim).fact


def _pairs(claim) -> set[frozenset]:
    checks = Check.objects.filter(check_type="pair").filter(claim=claim) | Check.objects.filter(
        check_type="pair", others=claim)
    return {frozenset((c.claim_id, *c.others.values_list("id", flat=True))) for c in checks.distinct()}


def test_a_toll_that_grew_past_a_pair_s_ratio_is_still_one_fact_judged_against_its_first_report():
    first = _claim("The floods have killed 20 people in Valencia.", "20", 20, outlet="Diario Uno", day=2)
    claim_crosscheck(claim_id=first.id)
    middle = _claim("The floods have killed 60 people in Valencia.", "60", 60, outlet="Radio Dos", day=4)
    claim_crosscheck(claim_id=middle.id)
    # 20 -> 150 is past CROSSCHECK_FACT_MAX_RATIO (4): on its own, not a report of one figure.
    latest = _claim("The floods have killed 150 people in Valencia.", "150", 150, outlet="Voz Tres", day=9)
    claim_crosscheck(claim_id=latest.id)

    assert _fact(first) == _fact(middle) == _fact(latest)
    assert frozenset((first.id, latest.id)) in _pairs(latest)
    verdicts = {c.verdict for c in Check.objects.filter(claim=latest)}
    assert verdicts == {"updated"}


def test_one_key_and_place_holds_two_facts_when_the_figures_are_of_two_events():
    war = _claim("The war has killed 300,000 people in Valencia.", "300,000", 300_000, outlet="Diario Uno", day=2,
                 event="war")
    claim_crosscheck(claim_id=war.id)
    quake = _claim("The earthquake killed 5,000 people in Valencia.", "5,000", 5_000, outlet="Radio Dos", day=3,
                   event="earthquake")
    claim_crosscheck(claim_id=quake.id)
    again = _claim("The earthquake's toll rose to 6,100 in Valencia.", "6,100", 6_100, outlet="Voz Tres", day=4,
                   event="earthquake")
    claim_crosscheck(claim_id=again.id)

    war_fact, quake_fact = _fact(war), _fact(quake)
    assert war_fact != quake_fact
    assert (war_fact.fact_key, war_fact.place_key) == (quake_fact.fact_key, quake_fact.place_key)
    assert sorted([war_fact.seq, quake_fact.seq]) == [0, 1]
    assert quake_fact.event == "earthquake"
    assert _fact(again) == quake_fact
    assert not any(war.id in pair for pair in _pairs(quake) | _pairs(again))


def test_the_claim_joins_the_fact_most_sources_share():
    a = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    claim_crosscheck(claim_id=a.id)
    b = _claim("The floods have killed 55 people in Valencia.", "55", 55, outlet="Radio Dos", day=3)
    claim_crosscheck(claim_id=b.id)
    c = _claim("The floods have killed 57 people in Valencia.", "57", 57, outlet="Voz Tres", day=4)
    claim_crosscheck(claim_id=c.id)
    assert _fact(a) == _fact(b) == _fact(c)
    assert _fact(c).claims_total == 3


def test_the_gazetteer_knows_which_areas_hold_a_place():
    assert areas_of("Houston")[:2] == ("Texas", "United States")
    assert areas_of("Kathmandu")[0] == "Nepal"
    assert areas_of("Liberia")[0] == "West Africa"  # a region of claims/rules/places.json
    assert areas_of("England")[0] == "United Kingdom"  # a part the data does not list
    assert areas_of("west London")[0] == "London"
    assert areas_of("Grenfell Tower") == ()
    # Indexed under its areas but not its continent.
    assert index_names(["Houston"]) == {"houston", "texas", "united states"}


def test_a_place_inside_another_is_one_place_for_a_named_event_unless_written_with_the_figure():
    houston = _claim("Hurricane Vera has killed 18 people, including a Houston officer.", "18", 18,
                     outlet="Diario Uno", day=2, places=["Houston"], event="hurricane Vera")
    texas = _claim("Hurricane Vera has killed 24 people in Texas.", "24", 24, outlet="Radio Dos", day=3,
                   places=["Texas"], event="hurricane Vera", places_from="figure")
    assert places_agree(houston, texas)

    unnamed = _claim("The storm has killed 19 people, including a Houston officer.", "19", 19,
                     outlet="Voz Tres", day=3, places=["Houston"], event="storm")
    assert not places_agree(unnamed, texas)

    own = _claim("Hurricane Vera has killed 9 people in Houston.", "9", 9, outlet="Radio Cuatro", day=3,
                 places=["Houston"], event="hurricane Vera", places_from="figure")
    assert not places_agree(own, texas)  # a part of the state's toll, not a report of it


def test_two_parts_of_one_region_are_two_places():
    liberia = _claim("The epidemic has killed 400 people in Liberia.", "400", 400, outlet="Diario Uno", day=2,
                     places=["Liberia"], event="Ebola epidemic")
    guinea = _claim("The epidemic has killed 420 people in Guinea.", "420", 420, outlet="Radio Dos", day=3,
                    places=["Guinea"], event="Ebola epidemic")
    assert not places_agree(liberia, guinea)


def test_of_an_article_s_figures_of_one_fact_a_report_is_judged_against_the_nearest():
    text = "Officials said 48 people were killed in Valencia, and the mayor said 52 people were killed."
    article = factories.article(text, outlet="Diario Uno", published=date(2023, 9, 2))
    low = factories.claim(article, "48", value=48, places=["Valencia"], running_total=True)
    near = factories.claim(article, "52", value=52, places=["Valencia"], running_total=True)
    claim_crosscheck(claim_id=low.id)
    claim_crosscheck(claim_id=near.id)
    report = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Radio Dos", day=3)
    claim_crosscheck(claim_id=report.id)

    assert _pairs(report) == {frozenset((report.id, near.id))}
    assert Check.objects.get(claim=report).verdict == "consistent"


def test_the_countries_of_places_are_those_named_else_those_their_places_lie_in():
    assert countries_of(["Nepal", "India"]) == {"Nepal", "India"}
    assert countries_of(["Bihar", "West Bengal"]) == {"India"}
    assert countries_of(["Puerto Rico"]) == {"United States"}  # a territory: the outermost
    # A city beside a named country is that country's, whichever city of the name is larger.
    assert countries_of(["Valencia", "Spain"]) == {"Spain"}
    assert countries_of(["a street nobody knows"]) == set()
    # Only the countries named: a transit system's name is also a town somewhere, and a figure of
    # "Metro" and "Washington" is not one of two countries.
    assert countries_of(["Metro", "Washington"], named_only=True) == set()
    assert countries_of(["Nepal", "India"], named_only=True) == {"Nepal", "India"}


def test_a_count_of_several_countries_is_their_total_not_one_country_s_figure():
    both = _claim("The floods that hit Spain and Portugal have killed 90 people.", "90", 90, outlet="Diario Uno",
                  day=2, places=("Spain", "Portugal"), places_from="figure")
    claim_crosscheck(claim_id=both.id)
    spain = _claim("The floods have killed 70 people in Spain.", "70", 70, outlet="Radio Dos", day=3,
                   places=("Spain",), places_from="figure")
    claim_crosscheck(claim_id=spain.id)
    later_total = _claim("Floods in Spain and Portugal have now killed 96.", "96", 96, outlet="Voz Tres", day=4,
                         places=("Spain", "Portugal"), places_from="figure")
    claim_crosscheck(claim_id=later_total.id)

    assert frozenset((both.id, spain.id)) not in _pairs(spain)
    assert frozenset((both.id, later_total.id)) in _pairs(later_total)


def test_candidates_are_the_claims_whose_key_may_name_the_fact():
    killed = _claim("The floods have killed 52 people in Valencia.", "52", 52, outlet="Diario Uno", day=2)
    unsaid = _claim("The floods: 50 people in Valencia.", "50", 50, outlet="Radio Dos", day=3)
    injured = _claim("The floods have injured 300 people in Valencia.", "300", 300, outlet="Voz Tres", day=4)
    for claim, predicate in ((unsaid, ""), (injured, "injure")):
        claim.predicate = predicate
        claim.fact_key = fact_key(claim.kind, claim.subject, predicate)
        claim.save(update_fields=["predicate", "fact_key"])
        claim_places_sync(claim=claim)
    # The people injured are indexed under "count|people|" too, where the claim looks for
    # figures that name no predicate; they are not read as its candidates.
    report = _claim("The Valencia floods have killed 55 people.", "55", 55, outlet="Cinco", day=5)
    found = {c.id for c in recent_candidates(report, 200)}
    assert found == {killed.id, unsaid.id}
    assert {c.id for c in article_candidates([report], 200)[report.id].claims} == found


def test_an_article_s_running_total_as_of_two_days_is_two_reports_each_judged():
    text = "On September 1 the toll stood at 40 in Valencia. As of September 6, 63 people had died in Valencia."
    article = factories.article(text, outlet="Diario Uno", published=date(2023, 9, 7))
    earlier = factories.claim(article, "40", value=40, places=["Valencia"], running_total=True)
    later = factories.claim(article, "63", value=63, places=["Valencia"], running_total=True)
    for claim, day in ((earlier, 1), (later, 6)):
        claim.refers_start = claim.refers_end = date(2023, 9, day)
        claim.save(update_fields=["refers_start", "refers_end"])
        claim_crosscheck(claim_id=claim.id)
    report = _claim("The floods have killed 63 people in Valencia.", "63", 63, outlet="Radio Dos", day=8)
    claim_crosscheck(claim_id=report.id)

    assert _pairs(report) == {frozenset((report.id, earlier.id)), frozenset((report.id, later.id))}
    assert {c.verdict for c in Check.objects.filter(claim=report)} == {"updated", "consistent"}


def test_a_claim_is_judged_against_every_figure_that_states_its_fact_whichever_fact_holds_it():
    # One article's two figures of one toll found two facts (a figure never joins its own
    # article's other figure, and "killed 63" names no people): a report of the toll states both.
    text = "On September 1 the toll stood at 40 in Valencia. As of September 6, the floods had killed 63."
    article = factories.article(text, outlet="Diario Uno", published=date(2023, 9, 7))
    earlier = factories.claim(article, "40", value=40, places=["Valencia"], running_total=True)
    later = factories.claim(article, "63", value=63, places=["Valencia"], running_total=True, subject="")
    for claim, day in ((earlier, 1), (later, 6)):
        claim.refers_start = claim.refers_end = date(2023, 9, day)
        claim.save(update_fields=["refers_start", "refers_end"])
        claim_crosscheck(claim_id=claim.id)
    assert _fact(earlier) != _fact(later)
    report = _claim("The floods have killed 63 people in Valencia.", "63", 63, outlet="Radio Dos", day=8)
    claim_crosscheck(claim_id=report.id)

    assert _pairs(report) == {frozenset((report.id, earlier.id)), frozenset((report.id, later.id))}

