"""Moments as people read them: in the display time zone (CROSSCHECK_DISPLAY_TIME_ZONE, Django's
TIME_ZONE), in the one format of workbench/formats, with the zone named. Templates get the same
with `|date:"DATETIME_FORMAT"`."""
from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def shown_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
