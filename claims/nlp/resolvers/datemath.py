"""Calendar arithmetic for dates read in news: intervals of days, months and years, shifts,
weeks and parts of periods. Pure functions; every one returns None rather than leave the
calendar (year 1..9999)."""
from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(slots=True)
class DV:
    """A resolved date interval: low/high inclusive days; prec day|month|year|period."""

    low: date
    high: date
    prec: str
    explicit_year: bool = True
    qualifier: str = "exact"

    def value(self) -> str:
        if self.prec == "day":
            return self.low.isoformat()
        if self.prec == "month":
            return f"{self.low.year:04d}-{self.low.month:02d}"
        if self.prec == "year":
            return f"{self.low.year:04d}"
        return f"{self.low.isoformat()}/{self.high.isoformat()}"


def mk(y, m, d) -> date | None:
    try:
        return date(y, m, d)
    except (ValueError, OverflowError, TypeError):
        return None


def last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def month_dv(y, m, explicit=True) -> DV | None:
    if not (1 <= m <= 12) or not (1 <= y <= 9999):
        return None
    return DV(date(y, m, 1), last_day(y, m), "month", explicit)


def year_dv(y) -> DV | None:
    if not (1 <= y <= 9999):
        return None
    return DV(date(y, 1, 1), date(y, 12, 31), "year")


def day_dv(d: date | None, explicit=True) -> DV | None:
    return DV(d, d, "day", explicit) if d else None


def period(low: date | None, high: date | None, qualifier="range") -> DV | None:
    if low is None or high is None or low > high:
        return None
    return DV(low, high, "period", True, qualifier)


def years_dv(y1: int, y2: int) -> DV | None:
    """Whole calendar years y1..y2 (a decade, a from-to of years)."""
    if not (1 <= y1 <= y2 <= 9999):
        return None
    return period(date(y1, 1, 1), date(y2, 12, 31))


def months_dv(y: int, m1: int, m2: int) -> DV | None:
    """Whole months m1..m2 of year y (a quarter, a half)."""
    if not (1 <= y <= 9999 and 1 <= m1 <= m2 <= 12):
        return None
    return period(date(y, m1, 1), last_day(y, m2))


def add_months(d: date, n: int) -> date | None:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    if not 1 <= y <= 9999:
        return None
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_days(d: date | None, n: int) -> date | None:
    if d is None:
        return None
    try:
        return d + timedelta(days=n)
    except OverflowError:
        return None


def shift(d: date | None, n: float, unit: str) -> date | None:
    """`d` moved by n units (day, week, month, year, decade)."""
    if d is None:
        return None
    if unit == "day":
        return add_days(d, round(n))
    if unit == "week":
        return add_days(d, round(7 * n))
    months = {"month": 1, "year": 12, "decade": 120}.get(unit)
    return add_months(d, round(months * n)) if months else None


def week_of(d: date):
    """(Monday, Sunday) of the week holding `d`; None at the edges of the calendar."""
    monday = add_days(d, -d.weekday())
    sunday = add_days(monday, 6)
    if monday is None or sunday is None:
        return None
    return monday, sunday


def week_dv(d: date | None, weeks: int = 0) -> DV | None:
    """The Monday-Sunday week holding `d`, moved by `weeks`."""
    w = week_of(d) if d else None
    if w is None:
        return None
    return period(add_days(w[0], 7 * weeks), add_days(w[1], 7 * weeks))


def part(dv: DV, name: str, parts: dict, part_of_year: dict) -> DV:
    """Part of a period by its phrase ("early", "the end of"): fractions of the period
    (`parts`), but whole months for a calendar year (`part_of_year`)."""
    a, b = parts[name]
    months = part_of_year.get(name)
    if months and dv.low.month == 1 and dv.low.day == 1 and dv.high == date(dv.low.year, 12, 31):
        y = dv.low.year
        return DV(date(y, months[0], 1), last_day(y, months[1]), dv.prec, dv.explicit_year, dv.qualifier)
    days = (dv.high - dv.low).days + 1
    low = dv.low + timedelta(days=int(math.floor(a * days + 1e-9)))
    high = dv.low + timedelta(days=max(int(math.ceil(b * days - 1e-9)) - 1, 0))
    return DV(low, max(low, high), dv.prec, dv.explicit_year, dv.qualifier)


def two_digit_year(yy: int) -> int:
    return 2000 + yy if yy < 50 else 1900 + yy


def yearless(m: int, d: int, ref: date | None, future=False) -> DV | None:
    """A day without a year: the latest one on or before `ref` (news reports the past), or
    the next one on or after it when the text says future."""
    if ref is None:
        return None
    y = ref.year
    dd = mk(y, m, d)
    if future:
        if dd is None or dd < ref:
            y += 1
    elif dd is None or dd > ref:
        y -= 1
        if dd is None and mk(ref.year, m, d) is None:  # Feb 29: latest leap year on or before
            for back in range(0, 8):
                cand = mk(ref.year - back, m, d)
                if cand and cand <= ref:
                    return day_dv(cand, explicit=False)
            return None
    return day_dv(mk(y, m, d), explicit=False)


_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}


def nth(word: str) -> int | None:
    return _NTH.get(word.lower())


def nth_week(first: date, last: date, n: str) -> DV | None:
    """The n-th Monday-Sunday week of a month or year: weeks counted by their Thursday (ISO 8601)."""
    if n in ("last", "final"):
        monday = add_days(last, -last.weekday())
        if monday is not None and add_days(monday, 3) > last:
            monday = add_days(monday, -7)
    else:
        monday = add_days(first, -first.weekday())
        if monday is None:
            return None
        if monday + timedelta(days=3) < first:
            monday = add_days(monday, 7)
        monday = add_days(monday, 7 * (nth(n) - 1))
        if monday is None or add_days(monday, 3) is None or add_days(monday, 3) > last:
            return None
    return period(monday, add_days(monday, 6)) if monday else None
