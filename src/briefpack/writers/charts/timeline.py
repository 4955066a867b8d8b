"""The timeline chart: events by date (``date`` and a short ``label`` per point).

A vertical time axis, earliest at the top; each event a dot at its date,
joined by a leader to its text (date, short label, note number): a label wider
than its room wraps between words, to three lines at most. Events keep their
order and never overlap: where they crowd, their text is spread out and the
leaders fan out to the dates. A long timeline may be split
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


def spread(wanted: list[float], gap, low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` (sorted) as possible, each at least ``gap`` before
    the next (one number, or one per position), within ``low``..``high`` (room permitting)."""
    gaps = gap if isinstance(gap, list) else [gap] * len(wanted)
    out: list[float] = []
    for i, y in enumerate(wanted):
        out.append(max(y, low, out[-1] + gaps[i - 1] if out else low))
    for i in range(len(out) - 1, -1, -1):
        limit = high if i == len(out) - 1 else out[i + 1] - gaps[i]
        out[i] = min(out[i], limit)
    return out


def draw_timeline(figure: Figure, style: ChartStyle) -> Drawing:
    points, width, size = figure.points, style.width, style.size
    line = size * 1.35
    first, last = _years(points)
    ax = style.text_width("0000") + 8
    lx = ax + 34
    date_w = max(style.text_width(short_date(p.date), bold=True) for p in points) + 5
    labels = [_label(p, style, width - lx - date_w - 2) for p in points]  # (lines, note mark)
    heights = [len(lines) * line for lines, _ in labels]
    axis_len = max(sum(len(lines) for lines, _ in labels) * line, 120.0)
    height = PAD + size + axis_len + size + PAD
    d = Drawing(width, height)
    top = height - PAD - size * 0.6  # y of the first year on the axis (y grows upwards)

    def y_of(point) -> float:
        return top - (decimal_year(point.date) - first) / (last - first) * axis_len

    _year_axis(d, style, ax, top, axis_len, first, last)
    wanted = [top - y_of(p) for p in points]  # distances from the top, increasing
    placed = spread(wanted, heights, -size * 0.3, axis_len + size * 0.3 - (heights[-1] - line))
    for p, offset, (lines, note) in zip(points, placed, labels):
        y_dot, y_text = y_of(p), top - offset
        d.add(Line(ax + 3, y_dot, lx - 3, y_text, strokeColor=GRID, strokeWidth=0.5))
        dot(d, ax, y_dot, style, r=2.3)
        base = y_text - size * 0.35
        text(d, lx, base, short_date(p.date), style, bold=True)
        for i, words in enumerate(lines[:-1]):
            text(d, lx + date_w, base - i * line, words, style)
        labelled(d, lx + date_w, base - (len(lines) - 1) * line, lines[-1], note, style)
    return d


def _label(point, style: ChartStyle, room: float) -> tuple[list[str], str]:
    """An event's label in lines of ``room`` (at most three, the note mark after the
    last), and its note mark."""
    note = note_mark(point)
    return style.wrap(point.label, room - style.text_width(note, False, style.small)) or [""], note


def _year_axis(d: Drawing, style: ChartStyle, ax: float, top: float, axis_len: float, first: int,
               last: int) -> None:
    """The time axis at ``ax``, from ``top`` down: a tick a year, the years named."""
    size = style.size
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
