"""The timeline and counts charts.

Timeline: a vertical time axis, earliest at the top; each event a dot at its
date, joined by a leader to its line of text (date, short label, note number).
Lines keep their order and never overlap: where events crowd, their lines are
spread out and the leaders fan out to the dates.

Counts: a bar per year (every year between the first and the last, so an empty
year shows as a gap), its count and note number above it.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Rect

from ...document.chart_text import decimal_year, number, short_date
from ...document.model import Figure
from .draw import GRID, MUTED, dot, labelled, nice_ticks, note_mark, text, tick_text
from .style import ChartStyle

PAD = 4.0


# ---------------------------------------------------------------- timeline
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


# ---------------------------------------------------------------- counts
def _slots(points) -> list[tuple[str, object]]:
    """(label, point or None) per bar: every year from the first to the last when
    the rows are years, else the rows as given."""
    rows = [p.row or p.label for p in points]
    if rows and all(r.isdigit() and len(r) == 4 for r in rows):
        by_year = {int(r): p for r, p in zip(rows, points)}
        return [(str(y), by_year.get(y)) for y in range(min(by_year), max(by_year) + 1)]
    return list(zip(rows, points))


def draw_counts(figure: Figure, style: ChartStyle) -> Drawing:
    points, width, size = figure.points, style.width, style.size
    slots = _slots(points)
    ticks = nice_ticks(max(p.value for p in points), most=5)
    left = style.text_width(tick_text(ticks[-1])) + 8
    plot_h = max(size * 14, 90.0)
    label_room = size * 1.2 + style.small  # count and note above the tallest bar
    axis_h = size * 2 + 2 + (size * 1.35 if figure.axis else 0)
    height = PAD + label_room + plot_h + axis_h + PAD
    d = Drawing(width, height)
    y0 = PAD + axis_h
    x0, x1 = left, width - 2
    scale = plot_h / (ticks[-1] or 1)
    for t in ticks:
        y = y0 + t * scale
        d.add(Line(x0, y, x1, y, strokeColor=GRID, strokeWidth=0.4))
        text(d, x0 - 4, y - size * 0.35, tick_text(t), style, anchor="end", colour=MUTED)
    slot = (x1 - x0) / len(slots)
    every = max(1, math.ceil(style.text_width("0000") * 1.5 / slot))
    for i, (label, p) in enumerate(slots):
        cx = x0 + (i + 0.5) * slot
        if i % every == 0 or i == len(slots) - 1:
            text(d, cx, y0 - 3 - size, style.fit(label, slot * every - 2), style, anchor="middle", colour=MUTED)
        if p is None:
            continue
        h = p.value * scale
        d.add(Rect(cx - slot * 0.35, y0, slot * 0.7, h, fillColor=style.colour(0), strokeColor=None))
        labelled(d, cx, y0 + h + 2.5, number(p.value), note_mark(p), style, anchor="middle")
    d.add(Line(x0, y0, x1, y0, strokeColor=MUTED, strokeWidth=0.7))
    if figure.axis:
        text(d, x1, y0 - 3 - size * 2.35, figure.axis, style, anchor="end", colour=MUTED)
    return d
