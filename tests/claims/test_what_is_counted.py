"""What a figure counts when its own verb only carries it ("the toll rose to", "officials
confirmed"), the place written with the figure itself, and the place an article is about for the
figures whose sentences name none. Sentences written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.about import inherit_places
from claims.nlp.pipeline import ArticleText, extract
from claims.nlp.reading import fact_key, key_variants, keys_compatible
from claims.nlp.types import ClaimData, Quantity

pytestmark = pytest.mark.model


def _claims(text: str) -> dict[str, ClaimData]:
    [claims] = extract([ArticleText(text, date(2024, 3, 10))])
    return {data.quantity.quote: data for _, data in claims}


def _key(data: ClaimData) -> str:
    return fact_key(data.quantity.kind, data.subject, data.predicate)


@pytest.mark.parametrize(
    "text, quote",
    [
        ("The death toll from the landslide rose to 412 on Tuesday.", "412"),
        ("Rescue officials confirmed 37 deaths in the valley.", "37"),
        ("At least 58 people were confirmed dead after the flood.", "At least 58"),
        ("The mudslide killed 58 people, the governor said.", "58"),
    ],
)
def test_a_carried_figure_counts_what_its_clause_names(text, quote):
    assert keys_compatible(_key(_claims(text)[quote]), "count|people|kill")


def test_a_verb_that_only_carries_the_figure_is_not_what_happened():
    # "reach" says nothing of the fact: a key with it would never meet "2.4 million voters".
    data = _claims("The number of registered voters has reached 2.4 million.")["2.4 million"]
    assert data.predicate != "reach"


def test_each_figure_keeps_the_place_written_with_it():
    claims = _claims("The floods killed 56 in Assam, 12 in Bihar and 3 in Sikkim, officials said.")
    assert claims["56"].places == ["Assam"]
    assert claims["12"].places == ["Bihar"]


def test_a_figure_whose_sentences_name_no_place_is_about_the_articles_place():
    text = (
        "A gas explosion tore through a market in Valparaiso on Monday, killing 14 people.\n\n"
        "Firefighters worked through the night.\n\n"
        "Another 40 people were taken to hospital, doctors said."
    )
    found = _claims(text)
    [later] = [c for q, c in found.items() if "40" in q]
    assert later.places == ["Valparaiso"]
    assert later.places_from == "article"
    assert found["14"].places_from in ("figure", "sentence")


def _data(quote: str, places: list[str]) -> tuple[int, ClaimData]:
    quantity = Quantity(quote, 0, len(quote), "count", 1.0, 1.0, 1.0)
    return 0, ClaimData(quantity=quantity, sentence=quote, sentence_start=0, places=places)


def test_the_articles_place_is_the_one_its_figures_name_most():
    claims = inherit_places([_data("a", ["Lima"]), _data("b", ["Cusco", "Lima"]), _data("c", [])])
    assert claims[2][1].places == ["Lima"]
    assert inherit_places([_data("a", []), _data("b", [])])[1][1].places == []


def test_in_an_article_that_names_no_place_the_organisations_stand_in_for_places():
    def said_by(quote, organisations):
        paragraph, data = _data(quote, [])
        data.organisations = organisations
        return paragraph, data

    claims = inherit_places([said_by("a", ["Orbitex"]), said_by("b", ["Orbitex", "Kalmar Bank"]), said_by("c", [])])
    assert [data.places for _, data in claims] == [["Orbitex"], ["Orbitex", "Kalmar Bank"], ["Orbitex"]]
    assert {data.places_from for _, data in claims} == {"organisation"}
    # A place anywhere in the article comes first.
    claims = inherit_places([said_by("a", ["Orbitex"]), _data("b", ["Lima"])])
    assert claims[0][1].places == ["Lima"]


def test_a_key_is_also_found_with_either_part_unsaid():
    assert key_variants("count|people|kill") == ["count|people|kill", "count|people|", "count||kill"]
    assert key_variants("count|people|") == ["count|people|"]
    assert key_variants("count||") == []
    assert key_variants("money|deal|buy|USD") == ["money|deal|buy|USD", "money|deal||USD", "money||buy|USD"]


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        ("count|people|kill", "count||kill", True),
        ("count|people|kill", "count|people|kill", True),
        ("count|people|kill", "count|people|", True),
        ("count|people|kill", "count|people|injure", False),
        ("count|people|kill", "count|soldier|kill", False),
        ("count|people|", "count||kill", False),
        ("money|deal|buy|USD", "money||buy|EUR", False),
        ("count||", "count||", False),
    ],
)
def test_compatible_keys(a, b, compatible):
    assert keys_compatible(a, b) is compatible
    assert keys_compatible(b, a) is compatible


def test_what_the_carrier_is_said_of_is_read_through_a_copula_and_a_container():
    claims = _claims("Police said the number of people who have died is now 23.")
    assert keys_compatible(_key(claims["23"]), "count|people|kill")
    claims = _claims("The official death count from the storm is 64.")
    assert keys_compatible(_key(claims["64"]), "count|people|kill")


@pytest.mark.parametrize(
    "text, quote, like",
    [
        ("A study found that 812 Canadians died in the heatwave.", "812", "count|people|kill"),
        ("The ministry has recorded 2,140 cases of cholera.", "2,140", "count||infect"),
        ("Some 1,900 people have been infected since June.", "Some 1,900", "count||infect"),
        ("The carmaker will cut 4,000 jobs.", "4,000", "count|jobs|cut"),
        ("The carmaker laid off 4,000 workers.", "4,000", "count|jobs|cut"),
    ],
)
def test_what_is_counted_is_read_by_its_class(text, quote, like):
    assert keys_compatible(_key(_claims(text)[quote]), like)


def test_other_names_of_one_place_are_one_place():
    from claims.nlp.reading import normalise_place

    assert normalise_place("the U.K.") == normalise_place("Britain") == "United Kingdom"
    assert normalise_place("the US") == "United States"
    assert normalise_place("England") == "England"  # a part is not the whole


@pytest.mark.parametrize(
    "text, quote",
    [
        ("Police said 812 deaths were counted in the province alone and 2,300 people were injured.", "812"),
        ("Officials counted 96 bodies in Tarragona alone by Sunday.", "96"),
    ],
)
def test_a_place_said_to_be_the_only_one_scopes_the_figure_however_far_after_it(text, quote):
    assert _claims(text)[quote].scope == "only"


def test_alone_that_is_not_said_of_a_place_is_no_scope():
    assert _claims("The 812 people who died were not alone, their families said.")["812"].scope == ""


def test_alone_after_there_scopes_the_figure_to_the_place_named_before():
    text = "Tarragona has seen most of the deaths in Catalonia, and 41 people have died there alone."
    assert _claims(text)["41"].scope == "only"


@pytest.mark.parametrize(
    "text, quote",
    [
        ("Officials said at least 2,310 people had died, all but 80 of them in Peru.", "at least 2,310"),
        ("The storm killed 45 people, most of them in Cuba.", "45"),
    ],
)
def test_a_figure_broken_down_by_place_is_a_total_across_places(text, quote):
    assert _claims(text)[quote].scope == "across"


@pytest.mark.parametrize(
    "text, quote",
    [
        ("The landslide that buried the village on Tuesday was the worst in decades.", "Tuesday"),
        ("Cyclone Ana hit the coast of Mozambique on 12 March, officials said.", "12 March"),
        ("The earthquake struck the province on Tuesday morning.", "Tuesday"),
    ],
)
def test_the_date_of_what_an_event_did_is_the_date_of_the_event(text, quote):
    # Keyed like "the Tuesday landslide": what the event did, and to what, is another matter.
    data = _claims(text)[quote]
    assert _key(data).startswith("date|") and _key(data).split("|")[2] == ""
    assert data.subject == ""


@pytest.mark.parametrize(
    "text, quote, key",
    [
        # A word before the number that hangs on the same noun is not what the figure is about.
        ("The flooding led to a spike in mortality, with an estimated 1,210 excess deaths in the valley.",
         "an estimated 1,210", "count|people|kill"),
        # The figure as the subject of a state.
        ("Rescuers said more than 40 are unaccounted for after the mudslide.", "more than 40", "count||miss"),
        # A figure listed under the noun it counts, through "the number of".
        ("The coast had the highest number of deaths, including 312 in Tumbes and 95 in Piura.", "312",
         "count|people|kill"),
    ],
)
def test_what_a_figure_counts_is_read_past_the_words_around_it(text, quote, key):
    assert keys_compatible(_key(_claims(text)[quote]), key)


def _unit_key(data: ClaimData) -> str:
    return fact_key(data.quantity.kind, data.subject, data.predicate, data.quantity.unit or "")


@pytest.mark.parametrize(
    "text, quote, key",
    [
        # A level the figure is said to pass stands for the figure: the toll is what is counted.
        ("The death toll from the cholera outbreak has passed the 2,000 mark, the ministry said.",
         "passed the 2,000", "count|people|kill"),
        # A noun that only numbers something gives way to what it numbers.
        ("The final death count stands at 212.", "212", "count|people|kill"),
        ("The insurers' latest damage estimate for the floods is $3.2 billion.", "$3.2 billion", "money|damage||USD"),
        # A count "of" a noun is the amount of it.
        ("The mudslide left a death toll of 31 in the valley.", "31", "count|people|kill"),
        ("Police estimated a crowd of 12,000 outside the parliament.", "12,000", "count|crowd|"),
        # People to whom something happens are counted as what it makes them.
        ("The virus has infected 5,400 people across the region.", "5,400", "count|case|infect"),
        ("The carmaker laid off 1,200 people at its two plants.", "1,200", "count|jobs|cut"),
        # A measure of nothing named in its phrase measures the event of its sentence.
        ("A tremor measuring 6.1 on the Richter scale shook the islands on Sunday.", "6.1 on the Richter scale",
         "measure|quake||magnitude"),
        # A light verb with an event for its object dates the event; event nouns share classes.
        ("Hurricane Selma made landfall near the port on Friday.", "Friday", "date|storm|"),
        ("The takeover closed on October 27, the buyer said.", "October 27", "date|deal|"),
        # A number word is not what an event is about.
        ("The carmaker cut half its staff on Friday.", "Friday", "date|cut|jobs"),
    ],
)
def test_what_a_figure_counts_when_its_own_noun_says_little(text, quote, key):
    assert _unit_key(_claims(text)[quote]) == key


def test_figures_of_a_list_that_leave_out_what_they_count_say_it_through_the_first():
    claims = _claims("The ministry reported 40 deaths in the province, including 25 in Sallet and 9 in Morrow.")
    for quote in ("40", "25", "9"):
        assert _key(claims[quote]) == "count|people|kill", quote
    # A figure that names its own counted thing keeps it.
    claims = _claims("Officials reported 40 deaths in the province and 300 homes destroyed.")
    assert _key(claims["300"]).split("|")[1] != "people"


def test_a_place_is_where_a_figure_is_counted_not_what_it_counts():
    claims = _claims("Kenya has confirmed 310 cases of the disease, while Uganda has 120 and Tanzania 45.")
    assert "tanzania" not in _key(claims["45"])


@pytest.mark.parametrize("text, quote, value", [
    ("The airline grounded roughly half its fleet on Monday.", "roughly half", 50),
    ("A quarter of the jobs will go by June, the union said.", "A quarter", 25),
])
def test_a_count_below_one_is_a_share_compared_as_its_percentage(text, quote, value):
    quantity = _claims(text)[quote].quantity
    assert (quantity.kind, quantity.value) == ("percent", value)


@pytest.mark.parametrize("text", [
    "Amazon.com Inc said it would cut 18,000 jobs.",
    "Amazon said it would cut 18,000 jobs.",
])
def test_a_company_standing_in_for_a_place_is_named_without_its_legal_form(text):
    [claim] = [c for c in _claims(text).values() if c.quantity.kind == "count"]
    assert claim.places == ["Amazon"] and claim.places_from == "organisation"


def test_an_event_s_name_the_tagger_takes_for_a_place_is_not_a_place():
    import spacy
    from spacy.tokens import Span

    from claims.nlp.reading import _places

    doc = spacy.blank("en")("Hurricane Selma hit Tavira on Friday.")
    doc.ents = [Span(doc, 0, 2, label="GPE"), Span(doc, 3, 4, label="GPE")]
    assert _places(doc[:]) == ["Tavira"]


@pytest.mark.parametrize("text, quote, happened", [
    # The state the carrier verb gives them, not an earlier one ("listed as missing").
    ("Five passengers previously listed as missing have since been confirmed dead.", "Five", "kill"),
    # A state word on the noun that numbers them, or on a clause about them.
    ("The number of people injured rose to 300.", "300", "injure"),
    ("Rescuers fear there are 40 people who are now dead or trapped.", "40", "kill"),
    # A part of the dead that something happened to is counted as what happened.
    ("Nine of the dead were named by police on Sunday.", "Nine", "name"),
    # The state a reporting verb gives them.
    ("The agency counted 210 people reported missing after the storm.", "210", "miss"),
])
def test_what_happened_to_the_counted_is_read_from_its_state(text, quote, happened):
    assert _key(_claims(text)[quote]).split("|")[2] == happened


def test_a_figure_of_growth_is_an_increment_not_the_total():
    assert _claims("Aid groups reported a jump of nearly 80 cases since Monday.")["nearly 80"].scope == "increment"


def test_each_figure_of_a_breakdown_has_its_own_place():
    claims = _claims("As many as 90 deaths were reported in Kenya, including 47 in Nairobi, 12 in Uttar Pradesh "
                     "and two in Mombasa.")
    places = {quote: claims[quote].places for quote in ("As many as 90", "47", "12", "two")}
    assert places == {"As many as 90": ["Kenya"], "47": ["Nairobi"], "12": ["Uttar Pradesh"], "two": ["Mombasa"]}
    claims = _claims("Officials counted 40 deaths reported in Oyo and 12 in Kano.")
    assert claims["40"].places == ["Oyo"]


def test_turnout_is_the_share_of_the_electorate_that_voted_and_a_part_left_unnamed_is_a_part():
    claims = _claims("In the referendum, turnout in the south stood at 58 per cent, while 66 per cent of the "
                     "electorate voted nationwide. With a turnout of 71 per cent, the plan won a 52 per cent vote.")
    assert keys_compatible(_key(claims["66 per cent"]), _key(claims["71 per cent"]))
    assert not keys_compatible(_key(claims["52 per cent"]), _key(claims["71 per cent"]))
    assert claims["58 per cent"].scope == "part of place"


def test_the_name_an_article_gives_its_event_is_not_a_place():
    # The tagger takes "Olwen" of "hurricane Olwen" for a place in one sentence: that figure is
    # about the article's place.
    storm = _data("a", ["Tavira"])
    storm[1].event = "hurricane Olwen"
    claims = inherit_places([storm, _data("b", ["Olwen"]), _data("c", ["Tavira"])])
    assert claims[1][1].places == ["Tavira"] and claims[1][1].places_from == "article"


def test_a_time_said_again_by_pointing_back_is_the_one_named_before():
    claims = _claims("The record was set on March 3, 2011, the day of the final. The operator says 820,000 trips "
                     "were taken that day.")
    assert (claims["820,000"].refers_start, claims["820,000"].refers_end) == (date(2011, 3, 3), date(2011, 3, 3))


@pytest.mark.parametrize("text, quote, key", [
    ("The airline has reached out to dozens of employees who lost their jobs.", "dozens", "count|jobs|cut"),
    ("The landslide claimed 12 lives.", "12", "count|people|kill"),
    # Victims receiving treatment are the treated, whatever "victims" alone would imply.
    ("Doctors said 31 victims were receiving treatment for burns.", "31", "count|people|treat"),
    # What the share is of: the workforce the company owns, not the company.
    ("The airline plans to cut about half the company's workforce.", "about half", "percent|jobs|cut"),
])
def test_a_verb_with_its_object_or_an_owned_noun_says_what_is_counted(text, quote, key):
    assert _key(_claims(text)[quote]) == key


def test_a_nationality_adjective_places_a_figure_whose_sentence_names_no_place():
    assert _claims("Belgian authorities said 12 people had died in the floods.")["12"].places == ["Belgium"]
    # A nationality that is what is counted is not where: the article says that.
    assert _claims("At least 40 Kenyans were killed.")["At least 40"].places == []


def test_a_figure_of_difference_is_not_the_count_and_an_employer_s_jobs_are_the_employer_s():
    claims = _claims("The carmaker will shed 9,000 jobs, 2,000 more than analysts had forecast.")
    assert claims["2,000"].scope == "increment" and claims["9,000"].scope == ""
    claims = _claims("Some 1,200 Orbitex Inc. employees in Manchester are losing their jobs.")
    assert claims["Some 1,200"].places == ["Orbitex"] and claims["Some 1,200"].places_from == "employer"


@pytest.mark.parametrize("text, quote, places", [
    ("NAIROBI — At least 12 people were killed in floods.", "At least 12", []),
    ("ATHENS, Aug 3 (Reuters) - At least 12 people were killed in the fires.", "At least 12", []),
    # A place written first with a dash is a place, not a dateline.
    ("Germany — where 170 died — is worst hit.", "170", ["Germany"]),
])
def test_where_a_report_was_filed_is_not_where_its_figure_is_counted(text, quote, places):
    assert _claims(text)[quote].places == places


def test_an_area_named_after_of_is_a_place_whatever_the_tagger_made_of_it():
    claims = _claims("Officials in the German state of Saxony-Anhalt said 9 people had died there.")
    assert claims["9"].places == ["Saxony-Anhalt"]


@pytest.mark.parametrize("text, quote", [
    ("Fifty residents were taken to hospital, including 9 who are in critical care.", "9"),
    ("Doctors are treating 31 people, with 8 in intensive care, the hospital said.", "8"),
    ("Of the injured, 6 remain in a serious condition.", "6"),
])
def test_a_figure_in_a_condition_counts_that_condition_not_the_treated(text, quote):
    assert _claims(text)[quote].predicate == "critical"


def test_who_says_so_is_not_what_a_bare_figure_counts():
    data = _claims("Twenty people are in hospital, with 8 in intensive care, doctors said.")["8"]
    assert data.subject != "doctor"


def test_the_place_after_the_noun_a_numbering_noun_counts_is_the_figure_s_own():
    data = _claims("The coroner has confirmed a total of 19 deaths in Essex County, which borders the city of "
                   "Springfield.")["a total of 19"]
    assert (data.places, data.places_from) == (["Essex County"], "figure")


@pytest.mark.parametrize("text, quote", [
    ("Korvath laid off 1,200 workers on Monday.", "1,200"),
    ("The chief executive, Mara Quint, cut roughly a third of Korvath's workforce.", "roughly a third"),
    ("After cutting close to 20 per cent of its staff, Korvath Inc is hiring again.",
     "close to 20 per cent"),
])
def test_whose_jobs_a_figure_counts_is_read_from_the_grammar(text, quote):
    data = _claims(text)[quote]
    assert (data.places, data.places_from) == (["Korvath"], "employer")


def test_a_person_who_cuts_jobs_is_not_the_employer():
    assert _claims("Mara Quint laid off 1,200 workers on Monday.")["1,200"].places_from != "employer"


def test_an_employer_s_article_gives_its_figures_the_employer_not_the_organisation_that_reports():
    text = ("Korvath laid off 1,200 workers on Monday.\n\n"
            "A memo seen by Reuters said 15 per cent of employees were affected.")
    data = _claims(text)["15 per cent"]
    assert (data.places, data.places_from) == (["Korvath"], "employer")


def test_who_says_so_is_not_a_place_unless_the_gazetteer_knows_it():
    said_by_a_name = _claims("Mirova reported that 40 people had died.")["40"]
    assert "Mirova" not in said_by_a_name.places


def test_a_figure_of_size_is_not_what_the_verb_did_to_a_part():
    data = _claims("Korvath sacked half of its 9,000-strong staff.")["9,000"]
    assert data.predicate == "size"


def test_the_toll_of_an_event_counts_people_not_events():
    assert _key(_claims("Valley quake toll crosses 900 as rescuers dig")["crosses 900"]) == "count|people|kill"


def test_a_verb_completed_by_another_means_what_the_pair_says():
    assert _key(_claims("On Monday, Korvath let go of nearly 30% of its employees.")["nearly 30%"]) == \
        "percent|jobs|cut"


@pytest.mark.parametrize("text, quote", [
    ("Organisers upgraded the turnout to 80,000.", "80,000"),
])
def test_a_verb_of_revising_carries_the_figure(text, quote):
    assert _claims(text)[quote].predicate not in ("bump", "upgrade")


def test_the_cost_and_the_damage_of_a_disaster_are_one_thing():
    cost = _claims("The governor said the cost of the floods could reach $9 billion.")["$9 billion"]
    damage = _claims("The latest damage estimate for the floods is $7 billion.")["$7 billion"]
    assert keys_compatible(fact_key("money", cost.subject, cost.predicate), fact_key("money", damage.subject,
                                                                                      damage.predicate))


@pytest.mark.parametrize("text, quote", [
    ("Records showed that about 900 more deaths than usual were registered.", "about 900"),
    ("New figures showed at least 600 more residents died in the months after the storm than first thought.",
     "at least 600"),
])
def test_how_many_more_than_another_figure_is_a_difference(text, quote):
    assert _claims(text)[quote].scope == "increment"


def test_the_state_the_later_verb_gives_is_the_one_they_are_in_now():
    data = _claims("Six hikers first reported as missing were later confirmed dead.")["Six"]
    assert data.predicate == "dead"


def test_the_headline_and_the_lead_say_where_a_story_is_though_they_hold_no_figure():
    text = ("Floods sweep across Portugal\n\n"
            "Rivers burst their banks overnight.\n\n"
            "The authorities said on Monday that 40 people had died.")
    data = _claims(text)["40"]
    assert (data.places, data.places_from) == (["Portugal"], "article")


def test_a_place_of_the_lead_counts_as_a_figure_s_place_in_the_article_s_place():
    claims = inherit_places([_data("a", ["Lima"]), _data("b", ["Cusco"]), _data("c", [])],
                            lead=[["Cusco"], ["Peru", "Cusco"]])
    assert claims[2][1].places == ["Cusco"]


def test_a_word_of_an_organisation_s_name_is_not_the_figure_s_event():
    data = _claims("The Dunmore County Flood Control District said 40 inches of rain fell.")["40 inches"]
    assert data.event == ""


@pytest.mark.parametrize("text, quote", [
    # A conjunct with a subject of its own says nothing of the figure before it.
    ("Officials said the toll in Carinthia had climbed to 11 and three people were still missing.", "11"),
    ("At least 40 people have been confirmed dead, but hundreds more remain missing.", "At least 40"),
])
def test_another_clause_s_state_is_not_the_figure_s(text, quote):
    assert _claims(text)[quote].predicate != "miss"


def test_the_place_a_where_clause_describes_is_its_figure_s_own():
    data = _claims("In Schleswig-Holstein, where at least 25 people died, several roads stayed closed.")[
        "at least 25"]
    assert (data.places, data.places_from) == (["Schleswig-Holstein"], "figure")


@pytest.mark.parametrize("text, quote, key", [
    ("Quake toll over 300 as rescuers search rubble", "over 300", "count|people|kill"),
    ("By Monday the number of those injured was near 900.", "near 900", "count|people|injure"),
])
def test_a_preposition_of_level_puts_the_number_to_what_is_numbered(text, quote, key):
    assert _key(_claims(text)[quote]) == key


def test_a_preposition_of_level_does_not_make_a_measure_a_toll():
    assert _key(_claims("A fire burned over 60 acres of forest.")["over 60 acres"]) != "count|people|kill"


@pytest.mark.parametrize("text, quote", [
    ("About 40,000 protesters filled the square on Sunday.", "About 40,000"),
    ("The union said 90,000 people marched on Sunday.", "90,000"),
    ("Organisers said 90,000 people joined the march on Sunday.", "90,000"),
])
def test_protesters_and_people_who_marched_are_one_crowd(text, quote):
    assert keys_compatible(_key(_claims(text)[quote]), "count|crowd|march")


def test_a_figure_of_one_place_alone_is_that_place_s_not_the_others_its_sentence_names():
    data = _claims("The toll in Kardania alone rose to 21,400, while 3,100 died in Veloria.")["21,400"]
    assert (data.scope, data.places) == ("only", ["Kardania"])


@pytest.mark.parametrize("text, quote", [
    ("The death toll rose to 40 people on Monday.", "40"),
    ("Officials said the toll in Carinthia had climbed to 11 and three people were still missing.", "11"),
])
def test_the_level_a_toll_reached_counts_what_the_toll_counts(text, quote):
    assert _key(_claims(text)[quote]) == "count|people|kill"


def test_job_cuts_are_a_total_that_only_grows_as_rounds_are_added():
    # A later, higher figure of one employer's cuts is then an update, not a contradiction.
    assert _claims("Korvath said it will cut 18,000 jobs.")["18,000"].running_total


def test_each_figure_of_a_list_of_areas_is_in_its_own_area():
    claims = _claims("Health officials reported 120 deaths in the province of Varna, 45 in the province of Ruse and 3 "
                     "in the city of Lovech.")
    assert [claims[q].places for q in ("120", "45", "3")] == [["Varna"], ["Ruse"], ["Lovech"]]


def test_what_an_event_caused_is_what_its_list_counts_to_the_last_figure():
    claims = _claims("The landslide caused 14 deaths in Ruse and 3 in Pleven.")
    assert {_key(claims[q]) for q in ("14", "3")} == {"count|people|kill"}


@pytest.mark.parametrize("text, quote", [
    ("Doctors said 600 of the injured were in a serious condition.", "600"),
    ("The crash injured 70 passengers, 25 of them seriously.", "25"),
])
def test_the_seriously_injured_among_the_injured_are_a_condition_of_their_own(text, quote):
    assert _claims(text)[quote].predicate == "critical"


def test_the_event_that_caused_a_figure_is_not_what_it_counts():
    assert _claims("By Friday the hurricane had reached 45, the coroner said.")["45"].subject != "hurricane"


def test_the_place_that_voted_is_where_its_results_are_counted():
    claims = _claims("Kelmore voted No, with 41,220 for Yes and 65,800 for No on a turnout of 85.1%.")
    assert {tuple(claims[q].places) for q in ("41,220", "65,800", "85.1%")} == {("Kelmore",)}
    assert claims["41,220"].places_from == "figure"


def test_a_person_who_voted_is_not_a_place():
    assert _claims("Senator Mara Quint voted against the bill, which 212 members backed.")["212"].places \
        != ["Mara Quint"]
