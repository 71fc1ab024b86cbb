"""Every moment the admin shows is in the display time zone (CROSSCHECK_DISPLAY_TIME_ZONE), in one
format, with the zone named."""
import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from claims.models import Claim
from facts.models import Check
from review.models import ReviewEvent
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db
WINTER = dt.datetime(2025, 1, 15, 12, 30, tzinfo=dt.timezone.utc)
SUMMER = dt.datetime(2025, 7, 15, 12, 30, tzinfo=dt.timezone.utc)
# A moment's date and minutes, and what follows them.
MOMENT_START = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(.{0,4})")


@pytest.fixture
def paris_time(settings):
    settings.TIME_ZONE = "Europe/Paris"


def test_the_queue_and_the_compare_page_show_times_in_the_display_zone_with_its_name(editor_client, paris, paris_time):
    check = paris["check"]
    Check.objects.filter(id=check.id).update(updated_at=WINTER)
    event = ReviewEvent.objects.create(review=check.review, check_key=check.key, action="status",
                                       from_status="open", to_status="confirmed")
    ReviewEvent.objects.filter(id=event.id).update(at=SUMMER)
    listing = editor_client.get("/admin/facts/check/").content.decode()
    assert "2025-01-15 13:30 CET" in listing
    page = editor_client.get(f"/admin/facts/check/{check.id}/change/").content.decode()
    assert "checked 2025-01-15 13:30 CET" in page
    assert "2025-07-15 14:30 CEST" in page  # the history row, in summer time


def test_a_corrected_claim_says_when_in_the_display_zone(editor_client, editor, paris, paris_time):
    claim = paris["a"]
    Claim.objects.filter(id=claim.id).update(corrected_at=SUMMER, corrected_by=editor)
    page = editor_client.get(f"/admin/claims/claim/{claim.id}/change/").content.decode()
    assert f"Corrected by {editor.username} on 2025-07-15 14:30 CEST" in page


def test_in_utc_the_zone_is_named_too(editor_client, paris, settings):
    settings.TIME_ZONE = "UTC"
    Check.objects.filter(id=paris["check"].id).update(updated_at=WINTER)
    listing = editor_client.get("/admin/facts/check/").content.decode()
    assert "2025-01-15 12:30 UTC" in listing
    # Every moment on the page carries the zone (none is shown bare, or with seconds).
    after = MOMENT_START.findall(listing)
    assert after and all(tail.startswith(" UTC") for tail in after), after


def test_an_unknown_display_time_zone_is_refused_at_start():
    env = {**os.environ, "CROSSCHECK_DISPLAY_TIME_ZONE": "Mars/Olympus_Mons"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "CROSSCHECK_DISPLAY_TIME_ZONE 'Mars/Olympus_Mons' is not a time zone name" in result.stderr
