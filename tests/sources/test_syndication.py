from datetime import date

import pytest

from facts.models import Check
from sources import syndication
from sources.services import article_ingest

WIRE = (
    "Rescuers said on Tuesday that at least 57 people were killed when a landslide buried a village "
    "in the mountains of northern Peru after days of heavy rain.\n\n"
    "Some 300 homes were destroyed and the regional governor said the toll could rise as teams "
    "searched the mud for survivors through the night.\n\n"
    "The government declared a state of emergency in the region and sent soldiers and heavy "
    "machinery to clear the roads leading to the village."
)
# The same story as another outlet prints it: its own first line, a sentence trimmed.
COPY = "LIMA (Reuters) - " + WIRE.replace(" through the night", "") + "\n\nRead our coverage of Peru."
RIVAL = (
    "Local officials in northern Peru said on Wednesday that 61 people were killed in the "
    "landslide that buried a village in the mountains, and that more than 300 homes were destroyed."
)


def test_copies_of_one_story_are_similar_and_different_stories_are_not():
    assert syndication.similarity(WIRE, COPY) >= syndication.COPY_THRESHOLD
    assert syndication.similarity(WIRE, RIVAL) < 0.2
    assert set(syndication.bands(WIRE)) & set(syndication.bands(COPY))


@pytest.mark.django_db
@pytest.mark.model
def test_a_wire_story_printed_by_two_outlets_is_one_source(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = article_ingest(raw=WIRE, outlet="AP News", published=date(2024, 3, 5)).article
        copy = article_ingest(raw=COPY, outlet="Daily Courier", published=date(2024, 3, 5)).article
        rival = article_ingest(raw=RIVAL, outlet="Andina", published=date(2024, 3, 6)).article
    copy.refresh_from_db()
    rival.refresh_from_db()
    assert copy.copy_of_id == first.id and rival.copy_of_id is None
    between_copies = Check.objects.filter(claim__article=copy, others__article=first) | Check.objects.filter(
        claim__article=first, others__article=copy
    )
    assert not between_copies.exists()
    # The rival report is checked against the story: 57 (at least) vs 61 deaths overlap.
    rival_checks = Check.objects.filter(claim__article=rival)
    assert rival_checks.filter(verdict="consistent").exists()


# A morning digest that retells the wire story in its own words around two of its paragraphs,
# printed among other news.
DIGEST = (
    "Morning briefing: what you need to know today.\n\n"
    "Storms closed schools across the south on Monday and the central bank is expected to hold rates "
    "when its board meets later this week, analysts told the paper.\n\n"
    "In Peru, a landslide has buried a mountain village and killed at least 57 people, rescuers said.\n\n"
    "Some 300 homes were destroyed and the regional governor said the toll could rise as teams "
    "searched the mud for survivors.\n\n"
    "The government declared a state of emergency in the region and sent soldiers and heavy "
    "machinery to clear the roads leading to the village.\n\n"
    "Elsewhere, the national football team named a new coach after a run of six defeats, and the city "
    "council approved a budget that doubles spending on buses and bicycle lanes next year."
)
# Another outlet's own report that prints the same statement of the governor.
QUOTING = (
    "Andean villagers dug with their hands on Wednesday as the army struggled up the washed-out "
    "mountain road towards the landslide, where 61 people are now known to have died.\n\n"
    "Some 300 homes were destroyed and the regional governor said the toll could rise as teams "
    "searched the mud for survivors.\n\n"
    "Relatives waited at the school in the valley below, where doctors had set up a clinic for the "
    "injured and volunteers handed out blankets and hot soup through the cold night."
)


def test_a_digest_that_retells_a_wire_story_shares_its_passages_and_is_a_copy():
    assert syndication.similarity(WIRE, DIGEST) < syndication.COPY_THRESHOLD  # not alike as a whole
    assert set(syndication.passage_bands(WIRE)) & set(syndication.passage_bands(DIGEST))
    assert syndication.is_copy(DIGEST, WIRE)


def test_one_statement_printed_by_two_reports_does_not_make_them_copies():
    assert syndication.shared_passages(QUOTING, WIRE) == 1
    assert not syndication.is_copy(QUOTING, WIRE)
    assert not syndication.is_copy(RIVAL, WIRE)


@pytest.mark.django_db
def test_a_digest_is_recorded_as_a_copy_of_the_wire_story_it_retells():
    first = article_ingest(raw=WIRE, outlet="AP News", published=date(2024, 3, 5)).article
    digest = article_ingest(raw=DIGEST, outlet="Morning Post", published=date(2024, 3, 6)).article
    quoting = article_ingest(raw=QUOTING, outlet="Andina", published=date(2024, 3, 6)).article
    digest.refresh_from_db()
    quoting.refresh_from_db()
    assert digest.copy_of_id == first.id and quoting.copy_of_id is None


def test_passages_read_are_bounded_for_hostile_texts():
    one_line = " ".join(f"w{n}" for n in range(700_000))  # about 5 MB in one paragraph
    assert syndication.passages(one_line) == []  # no news paragraph: the whole text's bands cover it
    many = "\n".join(" ".join(f"line{n} word{k}" for k in range(12)) for n in range(20_000))
    assert len(syndication.passages(many)) == syndication.PASSAGES_READ
    bands_each = syndication.PERMUTATIONS // syndication.ROWS_PER_BAND
    assert len(syndication.passage_bands(many)) <= syndication.PASSAGES_READ * bands_each
