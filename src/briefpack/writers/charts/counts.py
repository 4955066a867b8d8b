"""The counts chart: a bar per ``row`` (usually a year) of height ``value``.

Every year between the first and the last is given its place, so an empty
year shows as a gap; each bar has its count and note number above it.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Rect

from ...document.chart_text import number
from ...document.model import Figure
from .draw import GRID, MUTED, labelled, nice_ticks, note_mark, text, tick_text
from .style import ChartStyle

PAD = 4.0


def describe(figure: Figure) -> str:
    items = [f"{p.row or p.label}: {number(p.value)}" for p in figure.points]
    return "Bar chart of " + (figure.axis or "counts") + ": " + "; ".join(items) + "."


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
