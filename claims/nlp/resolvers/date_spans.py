"""Dates made of dates: the points found by `dates` joined into from-to periods ("between 2011
and October 2015", "from Tuesday to Thursday"), the week or month holding a day ("the week of
4 May"), spans counted from a day ("two weeks starting May 20"), periods up to now ("between
now and November 15") and open periods ("since 30 September", "until October", "before May")."""
from __future__ import annotations

from datetime import date, timedelta

from claims.nlp.resolvers import datemath as dm
from claims.nlp.resolvers import dates, numbers
from claims.nlp.resolvers.common import PRIO_DATE, Ctx, finditer_in, norm, windows
from claims.nlp.resolvers.datemath import DV
from claims.nlp.types import Quantity

# Dates look this far around their trigger word, and compose with what stands this far before.
_TRIGGER_MARGIN = 48
_BEFORE = 40


def date_q(text: str, start: int, end: int, dv: DV, qualifier: str | None = None) -> Quantity:
    q = qualifier or dv.qualifier
    if dv.prec == "period" and q == "exact":
        q = "range"
    return Quantity(text[start:end], start, end, "date", dv.value(), dv.low.isoformat(), dv.high.isoformat(), q)


def find_points(ctx: Ctx) -> list[tuple[int, int, DV]]:
    """Every date pattern in the windows around its trigger: each match a candidate."""
    text, r = ctx.text, dates.rules()
    wins = {name: windows(text, ctx.scan[name], _TRIGGER_MARGIN) for name in ("month", "digit", "weekday", "word", "the", "holiday")}
    points = []
    for kind, rx, trigger in r.points:
        for m in finditer_in(rx, text, wins[trigger]):
            dv = dates.resolve(kind, m, ctx.ref, text)
            if dv is None:
                continue
            s, e = m.start(), m.end()
            if kind == "year_range" and m.group("pre") and m.group("pre").lower() == "in":
                s = m.start("y1")  # "in 2014-2018": the period, not the preposition
            points.append((s, e, dv))
            ctx.add(s, e, PRIO_DATE, date_q(text, s, e, dv))
    return points


def _outermost(points):
    """Points not nested in a longer one, left to right."""
    points.sort(key=lambda p: (p[0], -p[1]))
    outer = []
    for p in points:
        if outer and p[0] < outer[-1][1]:
            if p[1] - p[0] > outer[-1][1] - outer[-1][0]:
                outer[-1] = p
            continue
        outer.append(p)
    return outer


def _from_to(ctx: Ctx, first, second) -> None:
    """[between|from] P1 (and|to|-) P2: one period from the start of P1 to the end of P2."""
    text, ref, comp = ctx.text, ctx.ref, dates.rules().comp
    s, e, dv = first
    s2, e2, dv2 = second
    if not comp["connector"].match(text[e:s2]) or s2 - e > 12:
        return
    conn = text[e:s2].strip().lower()
    bm = comp["range_opener"].search(text[max(0, s - 10):s])
    if conn == "and" and not (bm and bm.group("p").lower() == "between"):
        return  # "2011 and 2015" alone is two dates
    low, high = dv.low, dv2.high
    if low > high and not dv.explicit_year:
        low = dm.add_months(low, -12) or low
    if low > high and not dv2.explicit_year:
        high = dm.add_months(high, 12) or high
    per = dm.period(low, high)
    rs = s - (len(text[max(0, s - 10):s]) - bm.start("p")) if bm else s
    # "next week between Wednesday and Friday": the days of that week
    wk = comp["week_before"].search(text[max(0, rs - 24):rs])
    if wk and ref is not None and comp["weekday_only"].fullmatch(text[s:e]) and comp["weekday_only"].fullmatch(text[s2:e2]):
        week = dm.week_of(ref)
        monday = dm.add_days(week[0], dates.week_step(wk.group("mod"))) if week else None
        per = dm.period(dm.add_days(monday, dv.low.weekday()), dm.add_days(monday, dv2.low.weekday())) if monday else None
        rs -= len(text[max(0, rs - 24):rs]) - wk.start()
    if per is not None:
        ctx.add(rs, e2, PRIO_DATE, date_q(text, rs, e2, per))


def _holding(ctx: Ctx, s: int, e: int, dv: DV, window: str) -> None:
    """The week or month holding a day: "the week of the 18th", "the week beginning 4 February", "w/c 4 Feb";
    the seven days ending on a day: "the week that ended 8 March"."""
    if dv.prec != "day":
        return
    em = dates.rules().comp["week_ending"].search(window)
    if em:
        per = dm.period(dm.add_days(dv.low, -6), dv.low)
        es = s - (len(window) - em.start())
        if per is not None:
            ctx.add(es, e, PRIO_DATE, date_q(ctx.text, es, e, per))
        return
    wm = dates.rules().comp["week_of"].search(window)
    if not wm:
        return
    ws = s - (len(window) - wm.start())
    if (wm.group("u") or "week").lower() == "month":
        per = dm.month_dv(dv.low.year, dv.low.month)
    else:
        per = dm.week_dv(dv.low)
    if per is not None:
        ctx.add(ws, e, PRIO_DATE, date_q(ctx.text, ws, e, per))


def _offset(ctx: Ctx, s: int, e: int, dv: DV, window: str) -> None:
    """A day counted from a date: "two weeks before May 1" (the day), "three days after 4 July"."""
    om = dates.rules().comp["offset"].search(window)
    if not om or dv.prec != "day":
        return
    n = numbers.small_number(om.group("n"))
    if not n or n > 1000:
        return
    sign = 1 if om.group("dir").lower().startswith(("after", "on")) else -1
    day = dm.shift(dv.low, sign * n, om.group("u").lower().rstrip("s"))
    if day is not None:
        os_ = s - (len(window) - om.start())
        ctx.add(os_, e, PRIO_DATE, date_q(ctx.text, os_, e, dm.day_dv(day)))


def _span_from(ctx: Ctx, s: int, e: int, dv: DV, window: str) -> None:
    """A span counted from a day: "for 3 days from today", "2 weeks starting May 20th"."""
    sm = dates.rules().comp["span_from"].search(window)
    if not sm or dv.prec != "day":
        return
    n = numbers.small_number(sm.group("n"))
    last = dm.shift(dv.low, n, sm.group("u").lower().rstrip("s")) if n and n <= 1000 else None
    if last is not None and last > dv.low:
        per = dm.period(dv.low, last - timedelta(days=1))
        ss = s - (len(window) - sm.start())
        if per is not None:
            ctx.add(ss, e, PRIO_DATE, date_q(ctx.text, ss, e, per))


def _up_to_now(ctx: Ctx, s: int, e: int, dv: DV, window: str) -> None:
    """"between now and November 15th", "between Jan 22 and now"."""
    text, ref, comp = ctx.text, ctx.ref, dates.rules().comp
    nm = comp["between_now"].search(window)
    if nm:
        high = dv.high
        if high < ref and not dv.explicit_year:
            high = dm.add_months(high, 12) or high
        per = dm.period(ref, high)
        if per is not None:
            ns = s - (len(window) - nm.start())
            ctx.add(ns, e, PRIO_DATE, date_q(text, ns, e, per))
    am = comp["and_now"].match(text[e:e + 12])
    bm = comp["between"].search(window)
    if am and bm and dv.low <= ref:
        per = dm.period(dv.low, ref)
        if per is not None:
            ns = s - (len(window) - bm.start())
            ctx.add(ns, e + am.end(), PRIO_DATE, date_q(text, ns, e + am.end(), per))


def _open_period(ctx: Ctx, s: int, e: int, dv: DV, window: str) -> None:
    """"since 30 September" (at_least), "until/through/by October" (at_most), "before May"
    (less_than: up to the day before), "after May" (more_than)."""
    text = ctx.text
    pm = dates.rules().comp["open_before"].search(window)
    if not pm:
        return
    p = norm(pm.group("p"))
    ps = s - (len(window) - pm.start("p"))
    value = dv.value()
    if p in ("since", "ever since"):
        q = Quantity(text[ps:e], ps, e, "date", value, dv.low.isoformat(), None, "at_least")
    elif p in ("until", "till", "through", "throughout", "up to", "by"):
        q = Quantity(text[ps:e], ps, e, "date", value, None, dv.high.isoformat(), "at_most")
    elif p in ("before", "prior to", "after") and (dv.low == date.min or dv.high == date.max):
        return  # no day before the first / after the last representable one
    elif p in ("before", "prior to"):
        q = Quantity(text[ps:e], ps, e, "date", value, None, (dv.low - timedelta(days=1)).isoformat(), "less_than")
    elif p == "after":
        q = Quantity(text[ps:e], ps, e, "date", value, (dv.high + timedelta(days=1)).isoformat(), None, "more_than")
    else:
        return  # "from X" alone opens a from-to period, handled above
    ctx.add(ps, e, PRIO_DATE, q)


def find_dates(ctx: Ctx) -> None:
    points = find_points(ctx)
    if not points:
        return
    outer = _outermost(points)
    text, ref = ctx.text, ctx.ref
    for i, (s, e, dv) in enumerate(outer):
        if i + 1 < len(outer):
            _from_to(ctx, outer[i], outer[i + 1])
        window = text[max(0, s - _BEFORE):s]
        if ref is not None or dv.explicit_year:
            _holding(ctx, s, e, dv, window)
            _span_from(ctx, s, e, dv, window)
            _offset(ctx, s, e, dv, window)
        if ref is not None:
            _up_to_now(ctx, s, e, dv, window)
        _open_period(ctx, s, e, dv, window)
