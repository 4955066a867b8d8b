"""The estimates chart: conflicting estimates of one measure on one value axis.

One line per estimate, ordered as given (by date), its estimator and date on
the left, its mark (a dot; hollow for "about"; an arrow for "more than" or "up
to"; a bar for a range) and its value with the note number on the right. With
``row`` set on the points (the regional version), one line per row (a place):
all its estimates on that line, each mark topped by its note number.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors

from ...document.chart_text import bound, value_text
from ...document.model import Figure
from .draw import (GRID, key_line, label_width, labelled, mark, nice_ticks, note_mark, text,
                   value_axis)
from .style import ChartStyle, clean

PAD = 4.0
SHADE = colors.HexColor("#F0F0F0")
SPLIT_LEAST = 3  # lines in each part of a split chart (one per estimate), at least


def describe(figure: Figure) -> str:
    points = figure.points
    items = [", ".join(x for x in (p.row, value_text(p), p.label) if x) for p in points]
    head = f"Chart of {len(points)} estimate{'s' if len(points) != 1 else ''}"
    if figure.axis:
        head += f" of {figure.axis}"
    return f"{head}: " + "; ".join(items) + "."


def cuts(points) -> list[int]:
    """Between two bands (rows) when there are rows, else between two lines."""
    n = len(points)
    if any(p.row for p in points):
        return [k for k in range(1, n) if points[k].row != points[k - 1].row]
    return list(range(SPLIT_LEAST, n - SPLIT_LEAST + 1))


def kind_of(point) -> str:
    return "range" if point.high is not None else bound(point.qualifier)


def draw_estimates(figure: Figure, style: ChartStyle) -> Drawing:
    if any(p.row for p in figure.points):
        return _by_row(figure, style)
    return _one_per_line(figure, style)


def fit_label(style: ChartStyle, label: str, room: float) -> str:
    """An estimate's label in ``room`` points: its last clause (after the last comma:
    the date) kept whole where it can be, the words before it shortened."""
    head, comma, tail = label.rpartition(", ")
    whole = style.fit(label, room)
    if not comma or whole == clean(label) or style.text_width(clean(tail) + "…, ") > room / 2:
        return whole
    return style.fit(head, room - style.text_width(", " + clean(tail))) + ", " + clean(tail)


def _kinds(points) -> list[str]:
    order = ["exact", "approx", "lower", "upper", "range"]
    used = {kind_of(p) for p in points}
    return [k for k in order if k in used]


def top_value(points) -> float:
    return max((p.high if p.high is not None else p.value) for p in points)


def _ticks(points, x0: float, x1: float, least: float = 0.0) -> tuple[list[float], float]:
    """Ticks covering every value (and ``least``), and the scale (points per unit)."""
    top = max(top_value(points), least)
    ticks = nice_ticks(top)
    return ticks, (x1 - x0) / (ticks[-1] or 1)


def _foot(figure: Figure, style: ChartStyle, x1: float) -> float:
    """Height under the plot: the tick labels, then the axis title and the key."""
    lines = key_line(None, style, _kinds(figure.points), x1, 0.0, figure.axis)
    return 2.5 + style.size * 1.1 + lines * style.size * 1.6


def _one_per_line(figure: Figure, style: ChartStyle) -> Drawing:
    points, width, size = figure.points, style.width, style.size
    labels = [p.label for p in points]
    left = min(max((style.text_width(s) for s in labels), default=0) + 8, width * 0.36)
    values = [(value_text(p), note_mark(p)) for p in points]
    right = max(label_width(v, n, style) for v, n in values) + 20
    x0, x1 = left + 6, width - right
    ticks, scale = _ticks(points, x0, x1, style.value_top)
    line = size * 2.1
    height = PAD + len(points) * line + _foot(figure, style, x1) + PAD
    d = Drawing(width, height)
    top = height - PAD
    y_axis = top - len(points) * line
    low = value_axis(d, style, x0, x1, top, y_axis, ticks)
    key_line(d, style, _kinds(points), x1, low - size * 1.6, figure.axis)
    for i, (p, (value, note)) in enumerate(zip(points, values)):
        y = top - (i + 0.5) * line
        text(d, 0, y - size * 0.35, fit_label(style, p.label, left - 8), style)
        d.add(Line(x0, y, x1, y, strokeColor=GRID, strokeWidth=0.25, strokeDashArray=[1, 2]))
        kind = kind_of(p)
        x = x0 + p.value * scale
        start = mark(d, kind, x, y, style, x0 + (p.high or 0) * scale)
        labelled(d, start, y - size * 0.35, value, note, style)
    return d


def _by_row(figure: Figure, style: ChartStyle) -> Drawing:
    """One band per row (place), one line per estimate in it, bands shaded in turn."""
    points, width, size = figure.points, style.width, style.size
    rows: dict[str, list] = {}
    for p in points:
        rows.setdefault(p.row, []).append(p)
    left = min(max(style.text_width(r, bold=True) for r in rows) + 8, width * 0.3)
    values = [(value_text(p), note_mark(p)) for p in points]
    right = max(label_width(v, n, style) for v, n in values) + 20
    x0, x1 = left + 6, width - right
    ticks, scale = _ticks(points, x0, x1, style.value_top)
    line, gap = size * 1.9, size * 0.5
    plot_h = len(points) * line + (len(rows) - 1) * gap + gap
    height = PAD + plot_h + _foot(figure, style, x1) + PAD
    d = Drawing(width, height)
    top = height - PAD
    y_axis = top - plot_h
    bands, y = [], top - gap / 2
    for row, ps in rows.items():  # where each band starts, and its shading under everything
        if len(bands) % 2 == 0:
            d.add(Rect(0, y - len(ps) * line - gap / 2, width, len(ps) * line + gap, fillColor=SHADE,
                       strokeColor=None))
        bands.append(y)
        y -= len(ps) * line + gap
    low = value_axis(d, style, x0, x1, top, y_axis, ticks)
    key_line(d, style, _kinds(points), x1, low - size * 1.6, figure.axis)
    for y, (row, ps) in zip(bands, rows.items()):
        text(d, 2, y - line / 2 - size * 0.35, style.fit(row, left - 8, bold=True), style, bold=True)
        for i, p in enumerate(ps):
            mid = y - (i + 0.5) * line
            start = mark(d, kind_of(p), x0 + p.value * scale, mid, style, x0 + (p.high or 0) * scale)
            labelled(d, start, mid - size * 0.35, value_text(p), note_mark(p), style)
    return d
