"""`manage.py summary` lists as waiting only the mismatches nobody has decided on."""
from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from review.services import review_resolve
from tests.admin import factories
from tests.api import factories as api_factories

pytestmark = pytest.mark.django_db


def _pair(town: str, first: int, second: int):
    a = factories.article(f"The storm in {town} killed {first} people.", outlet=f"{town} Post", published=date(2022, 1, 3))
    b = factories.article(f"In {town}, {second} people died in the storm.", outlet=f"{town} Radio", published=date(2022, 1, 3))
    ca = factories.claim(a, f"{first} people", value=first, places=[town])
    cb = factories.claim(b, f"{second} people", value=second, places=[town])
    return api_factories.check(cb, [ca], verdict="conflict", explanation=f"{first} against {second} in {town}")


def test_only_open_mismatches_are_listed_as_waiting():
    open_one = _pair("Ardmore", 14, 19)
    confirmed = _pair("Belltown", 7, 31)
    dismissed = _pair("Cobham", 3, 9)
    editor = factories.editor("edna")
    review_resolve(check_id=confirmed.id, status="confirmed", note="31 is wrong.", actor=editor)
    review_resolve(check_id=dismissed.id, status="dismissed", note="Two storms.", actor=editor)
    out = StringIO()
    call_command("summary", stdout=out)
    waiting = out.getvalue().split("Mismatches waiting for review")[1]
    assert open_one.explanation in waiting
    assert confirmed.explanation not in waiting and dismissed.explanation not in waiting
    assert "Mismatches decided: confirmed 1, dismissed 1" in out.getvalue()
