"""The timeline chart: events by date (``date`` and a short ``label`` per point).

A vertical time axis, earliest at the top; each event a dot at its date,
joined by a leader to its line of text (date, short label, note number).
Lines keep their order and never overlap: where events crowd, their lines are
spread out and the leaders fan out to the dates. A long timeline may be split
between two events, each part with at least SPLIT_LEAST of them.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line

from ...document.chart_text import decimal_year, short_date
from ...document.model import Figure
from .draw import GRID, MUTED, dot, labelled, note_mark, text
from .style import ChartStyle

PAD = 4.0
SPLIT_LEAST = 4  # events in each part of a split timeline, at least


def describe(figure: Figure) -> str:
    points = figure.points
    items = [f"{short_date(p.date)}: {p.label}" for p in points]
    head = f"Timeline of {len(points)} event{'s' if len(points) != 1 else ''}"
    return f"{head}: " + "; ".join(items) + "."


def cuts(points) -> list[int]:
    return list(range(SPLIT_LEAST, len(points) - SPLIT_LEAST + 1))


def _years(points) -> tuple[int, int]:
    years = [decimal_year(p.date) for p in points]
    return math.floor(min(years)), math.floor(max(years)) + 1


def _year_step(span: int, room: float, size: float) -> int:
    fits = max(int(room / (size * 2.2)), 1)
    return next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if span / s <= fits)


def spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` (sorted) as possible, at least ``gap`` apart,
    within ``low``..``high`` (room permitting)."""
    out = []
    for y in wanted:
        out.append(max(y, low, out[-1] + gap if out else low))
    for i in range(len(out) - 1, -1, -1):
        limit = high if i == len(out) - 1 else out[i + 1] - gap
        out[i] = min(out[i], limit)
    return out


def draw_timeline(figure: Figure, style: ChartStyle) -> Drawing:
    points, width, size = figure.points, style.width, style.size
    line = size * 1.35
    first, last = _years(points)
    axis_len = max(len(points) * line, 120.0)
    height = PAD + size + axis_len + size + PAD
    d = Drawing(width, height)
    top = height - PAD - size * 0.6  # y of the first year on the axis (y grows upwards)

    def y_of(point) -> float:
        return top - (decimal_year(point.date) - first) / (last - first) * axis_len

    year_w = style.text_width("0000") + 4
    ax = year_w + 4
    lx = ax + 34
    step = _year_step(last - first, axis_len, size)
    d.add(Line(ax, top, ax, top - axis_len, strokeColor=MUTED, strokeWidth=0.8))
    for year in range(first, last + 1):
        y = top - (year - first) / (last - first) * axis_len
        major = step == 1 or year % step == 0
        d.add(Line(ax - (3 if major else 1.5), y, ax, y, strokeColor=MUTED, strokeWidth=0.6))
        if step == 1 and year < last:  # each year named in the middle of its stretch
            y -= axis_len / (last - first) / 2
        elif not major or year == last:
            continue
        text(d, ax - 5, y - size * 0.35, str(year), style, anchor="end", colour=MUTED)
    wanted = [top - y_of(p) for p in points]  # distances from the top, increasing
    placed = spread(wanted, line, -size * 0.3, axis_len + size * 0.3)
    date_w = max(style.text_width(short_date(p.date), bold=True) for p in points) + 5
    for p, offset in zip(points, placed):
        y_dot, y_text = y_of(p), top - offset
        d.add(Line(ax + 3, y_dot, lx - 3, y_text, strokeColor=GRID, strokeWidth=0.5))
        dot(d, ax, y_dot, style, r=2.3)
        base = y_text - size * 0.35
        text(d, lx, base, short_date(p.date), style, bold=True)
        note = note_mark(p)
        room = width - lx - date_w - style.text_width(note, False, style.small) - 2
        labelled(d, lx + date_w, base, style.fit(p.label, room), note, style)
    return d
