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
