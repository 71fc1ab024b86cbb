"""A fact's figures over publication dates as an inline SVG, drawn in Python (nothing fetched from
outside): one colour per outlet, each claim a dot with its low-high interval as a bar, the
consensus range as a band and outliers ringed in red. "129, then 130" reads as a gentle step; a
real outlier stands apart from the band. Pure functions: no database, every label escaped."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]
OUTLIER = "#d62728"


@dataclass(frozen=True)
class Point:
    claim_id: int
    outlet: str
    published: date | None
    value: float | None
    low: float | None
    high: float | None
    label: str
    outlier: bool = False
    current: bool = False
    href: str = ""


def format_figure(value: float | None, *, kind: str = "count", unit: str = "") -> str:
    """A figure as an editor reads it: dates (held as day numbers) as ISO dates."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "?"
    if kind == "date":
        try:
            return date.fromordinal(round(value)).isoformat()
        except (ValueError, OverflowError):
            return "?"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def timeline_svg(
    points: list[Point],
    *,
    kind: str = "count",
    unit: str = "",
    consensus: tuple[float | None, float | None, float | None] | None = None,
    width: int = 760,
    height: int = 320,
    title: str = "",
) -> SafeString:
    dated = [p for p in points if p.published is not None and p.value is not None]
    if not dated:
        return format_html('<p class="cc-empty">{}</p>', "No dated figures to draw for this fact.")
    left, right, top, bottom = 90, 180, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom

    ys: list[float] = []
    for p in dated:
        ys += [v for v in (p.value, p.low, p.high) if v is not None and math.isfinite(v)]
    if consensus:
        ys += [v for v in consensus if v is not None and math.isfinite(v)]
    y_min, y_max = min(ys), max(ys)
    if y_max == y_min:
        pad = abs(y_max) * 0.1 or 1.0
    else:
        pad = (y_max - y_min) * 0.12
    y_min, y_max = y_min - pad, y_max + pad
    if kind != "date" and min(ys) >= 0:
        y_min = max(y_min, 0.0)

    days = [p.published.toordinal() for p in dated]
    x_min, x_max = min(days), max(days)
    if x_max == x_min:
        x_min, x_max = x_min - 1, x_max + 1
    x_pad = (x_max - x_min) * 0.06
    x_min, x_max = x_min - x_pad, x_max + x_pad

    def x(day: float) -> float:
        return left + (day - x_min) / (x_max - x_min) * plot_w

    def y(value: float) -> float:
        value = min(max(value, y_min), y_max)
        return top + (1 - (value - y_min) / (y_max - y_min)) * plot_h

    outlets = sorted({p.outlet for p in dated})
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(outlets)}
    parts: list[SafeString] = []

    # Consensus band and best estimate.
    if consensus and consensus[0] is not None and consensus[2] is not None:
        low, best, high = consensus
        y_hi, y_lo = y(high), y(low)
        parts.append(format_html(
            '<rect class="cc-consensus" x="{}" y="{}" width="{}" height="{}" fill="#2ca02c" fill-opacity="0.12">'
            "<title>{}</title></rect>",
            left, _n(y_hi), plot_w, _n(max(y_lo - y_hi, 1.5)),
            f"consensus range {format_figure(low, kind=kind, unit=unit)} – {format_figure(high, kind=kind, unit=unit)}",
        ))
        if best is not None:
            parts.append(format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#2ca02c" stroke-dasharray="5 4"/>'
                '<text x="{}" y="{}" font-size="11" fill="#2ca02c">best {}</text>',
                left, left + plot_w, _n(y(best)), _n(y(best)),
                left + plot_w + 6, _n(y(best) + 4), format_figure(best, kind=kind, unit=unit),
            ))

    # Axes and ticks.
    parts.append(format_html(
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#555"/>'
        '<line x1="{0}" y1="{2}" x2="{3}" y2="{2}" stroke="#555"/>',
        left, top, top + plot_h, left + plot_w,
    ))
    for tick in _ticks(y_min, y_max, 5):
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>'
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#333">{}</text>',
            left, left + plot_w, _n(y(tick)), _n(y(tick)),
            left - 6, _n(y(tick) + 4), format_figure(tick, kind=kind, unit=unit if unit == "%" else ""),
        ))
    for day in sorted(set(days))[:: max(1, math.ceil(len(set(days)) / 6))]:
        parts.append(format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#555"/>'
            '<text x="{0}" y="{3}" font-size="11" text-anchor="middle" fill="#333">{4}</text>',
            _n(x(day)), top + plot_h, top + plot_h + 5, top + plot_h + 18, date.fromordinal(day).isoformat(),
        ))
    parts.append(format_html(
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#555">publication date</text>',
        left + plot_w / 2, height - 6,
    ))

    # Each outlet's figures, joined in date order.
    for name in outlets:
        own = sorted((p for p in dated if p.outlet == name), key=lambda p: (p.published, p.claim_id))
        if len(own) > 1:
            path = " ".join(f"{_n(x(p.published.toordinal()))},{_n(y(p.value))}" for p in own)
            parts.append(format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-opacity="0.5"/>', path, colour[name]
            ))

    # Claims: an interval bar (an arrow where a side is open) and a dot; several claims of one day
    # are spread a little so none hides another.
    seen: dict[int, int] = {}
    for p in sorted(dated, key=lambda p: (p.published, p.claim_id)):
        day = p.published.toordinal()
        nudge = seen.get(day, 0)
        seen[day] = nudge + 1
        cx = x(day) + (nudge * 7 if nudge % 2 else -nudge * 7)
        stroke = colour[p.outlet]
        top_y = y(p.high) if p.high is not None and math.isfinite(p.high) else top
        bottom_y = y(p.low) if p.low is not None and math.isfinite(p.low) else top + plot_h
        parts.append(format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}" stroke-width="2" stroke-opacity="0.6"/>',
            _n(cx), _n(top_y), _n(bottom_y), stroke,
        ))
        if p.high is None:
            parts.append(_arrow(cx, top, up=True, colour=stroke))
        if p.low is None:
            parts.append(_arrow(cx, top + plot_h, up=False, colour=stroke))
        tip = f"{p.outlet}, {p.published.isoformat()}: {p.label}" + (" — outlier" if p.outlier else "")
        dot = format_html(
            '<circle class="cc-point{}" cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}"'
            ' data-claim="{}"><title>{}</title></circle>',
            " cc-outlier" if p.outlier else "", _n(cx), _n(y(p.value)), 6 if p.current else 5, stroke,
            OUTLIER if p.outlier else ("#000" if p.current else "#fff"), 3 if (p.outlier or p.current) else 1,
            p.claim_id, tip,
        )
        parts.append(format_html('<a href="{}">{}</a>', p.href, dot) if p.href else dot)

    # Legend.
    legend_x = left + plot_w + 16
    parts.append(format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="5" fill="{}"/><text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
        (
            (legend_x, top + 40 + 18 * i, colour[name], legend_x + 10, top + 44 + 18 * i, name)
            for i, name in enumerate(outlets)
        ),
    ))
    legend_y = top + 44 + 18 * len(outlets) + 8
    parts.append(format_html(
        '<circle cx="{}" cy="{}" r="5" fill="#fff" stroke="{}" stroke-width="3"/>'
        '<text x="{}" y="{}" font-size="12" fill="#222">outlier</text>',
        legend_x, legend_y, OUTLIER, legend_x + 10, legend_y + 4,
    ))
    if any(p.current for p in dated):
        parts.append(format_html(
            '<circle cx="{}" cy="{}" r="5" fill="#fff" stroke="#000" stroke-width="3"/>'
            '<text x="{}" y="{}" font-size="12" fill="#222">in this check</text>',
            legend_x, legend_y + 18, legend_x + 10, legend_y + 22,
        ))

    return format_html(
        '<svg class="cc-timeline" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {0} {1}"'
        ' width="{0}" height="{1}"><title>{2}</title>{3}</svg>',
        width, height, title or "figures over publication dates", mark_safe("".join(parts)),
    )


def _arrow(cx: float, at_y: float, *, up: bool, colour: str) -> SafeString:
    tip = at_y
    base = at_y + 7 if up else at_y - 7
    return format_html(
        '<polygon points="{},{} {},{} {},{}" fill="{}" fill-opacity="0.7"/>',
        _n(cx), _n(tip), _n(cx - 4), _n(base), _n(cx + 4), _n(base), colour,
    )


def _ticks(low: float, high: float, count: int) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _n(value: float) -> str:
    return f"{value:.1f}"
