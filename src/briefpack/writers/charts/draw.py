"""The pieces every chart is drawn with, as reportlab shapes: text and labels with
their note numbers, value axes, marks and their key.

The PDF writer draws it as vector graphics with the house fonts embedded; the
DOCX writer rasterises the same Drawing (:mod:`.png`). Only flat shapes
are used (Line, Rect, Circle, Polygon, String: no groups or transforms), so the
two renderings match. Each kind of chart draws with these pieces in a module
of its own, named in the registry of kinds (:mod:`.kinds`).

Every plotted value is labelled with its note number, set as a superscript
after its label.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from ...document.model import Note
from ..glyphs import line_runs
from .style import GRID, MUTED, TEXT, ChartStyle, clean

WHITE = colors.white


def note_numbers(point) -> list[int]:
    """The note numbers of a plotted point (after the citation transform)."""
    return [int(n.number) for n in point.note if isinstance(n, Note)]


def note_mark(point) -> str:
    return ",".join(str(n) for n in note_numbers(point))


# ---------------------------------------------------------------- text
def text(d: Drawing, x: float, y: float, s: str, style: ChartStyle, *, anchor="start",
         bold=False, size=None, colour=TEXT) -> float:
    """A line of text with its baseline at ``y``; returns its width."""
    s = clean(s)
    size = size or style.size
    font = style.bold if bold else style.font
    if s and not s.isascii():
        return _runs(d, x, y, s, font, size, anchor, colour, style.direction)
    if s:
        d.add(String(x, y, s, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor))
    return style.text_width(s, bold, size)


def _runs(d: Drawing, x: float, y: float, s: str, font: str, size: float, anchor, colour,
          direction: str) -> float:
    """A line holding other scripts, in the document's ``direction``: one String a run
    in visual order (see :func:`.glyphs.line_runs`), each in the font that has it,
    complex scripts shaped (``bp_text`` keeps a shaped run's characters for the PNG)."""
    runs = line_runs(s, font, direction)
    total = sum(run.width for run in runs) * size
    x -= {"middle": total / 2, "end": total}.get(anchor, 0.0)
    for run in runs:
        string = String(x, y, run.drawn, fontName=run.font, fontSize=size, fillColor=colour)
        # String refuses unknown attributes through setattr; the PNG draws the rest as it stands
        string.__dict__["bp_text"] = run.text if run.shaped else str(run.drawn)
        d.add(string)
        x += run.width * size
    return total


def labelled(d: Drawing, x: float, y: float, s: str, note: str, style: ChartStyle, *,
             anchor="start", bold=False, colour=TEXT) -> float:
    """``s`` followed by the superscript note number ``note``; returns the total width.
    ``anchor`` "end" puts the whole label's right edge at ``x``."""
    s = clean(s)
    small = style.small
    width = style.text_width(s, bold) + (style.text_width(note, False, small) + 0.6 if note else 0)
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    w = text(d, left, y, s, style, bold=bold, colour=colour)
    if note:
        nx, ny = left + w + 0.6, y + style.size * 0.38
        text(d, nx, ny, note, style, size=small, colour=colour)
        links = d.__dict__.setdefault("bp_links", [])  # where each note number is, for links
        links.append((nx, ny - 1, width - w, small + 1, note.split(",")[0]))
    return width


def label_width(s: str, note: str, style: ChartStyle, bold=False) -> float:
    return style.text_width(clean(s), bold) + (style.text_width(note, False, style.small) + 0.6 if note else 0)


# ---------------------------------------------------------------- axes
def nice_ticks(top: float, most: int = 6) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 times a power of ten) up to at least ``top``."""
    top = max(float(top), 1.0)
    raw = top / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1 and top >= 1:
        step = 1.0
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def value_axis(d: Drawing, style: ChartStyle, x0: float, x1: float, y_top: float, y_axis: float,
               ticks: list[float]) -> float:
    """Vertical grid lines and a horizontal axis with tick labels under ``y_axis``;
    returns the baseline of the tick labels."""
    scale = (x1 - x0) / (ticks[-1] or 1)
    for t in ticks:
        x = x0 + t * scale
        d.add(Line(x, y_axis, x, y_top, strokeColor=GRID, strokeWidth=0.4))
        d.add(Line(x, y_axis, x, y_axis - 2.5, strokeColor=MUTED, strokeWidth=0.6))
        text(d, x, y_axis - 2.5 - style.size, tick_text(t), style, anchor="middle", colour=MUTED)
    d.add(Line(x0, y_axis, x1, y_axis, strokeColor=MUTED, strokeWidth=0.6))
    return y_axis - 2.5 - style.size


def key_line(d: Drawing | None, style: ChartStyle, kinds: list[str], x1: float, y: float, title: str) -> int:
    """The line under the axis: the axis title at the right, ending at ``x1``, and the
    key to the marks from the left, wrapped to the room left of the title. Returns
    the number of lines it takes (draws nothing when ``d`` is None)."""
    room = x1 - (style.text_width(title) + 12 if title else 0)
    if d is not None and title:
        text(d, x1, y, title, style, anchor="end", colour=MUTED)
    return legend(d, kinds, style, 0, y, room)




def tick_text(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


# ---------------------------------------------------------------- marks
def dot(d: Drawing, x: float, y: float, style: ChartStyle, hollow=False, r=3.0, colour=None):
    colour = colour or style.colour(0)
    d.add(Circle(x, y, r, fillColor=WHITE if hollow else colour, strokeColor=colour,
                 strokeWidth=1.1 if hollow else 0.5))


def arrow(d: Drawing, x: float, y: float, length: float, style: ChartStyle, colour=None):
    """A horizontal arrow from ``x`` of ``length`` (negative: to the left)."""
    colour = colour or style.colour(0)
    tip = x + length
    head = 4.0 if length > 0 else -4.0
    d.add(Line(x, y, tip - head, y, strokeColor=colour, strokeWidth=1.1))
    d.add(Polygon([tip, y, tip - head, y + 2.4, tip - head, y - 2.4], fillColor=colour,
                  strokeColor=colour, strokeWidth=0.3))


def range_bar(d: Drawing, x0: float, x1: float, y: float, style: ChartStyle):
    """A range: a light bar with dark ends."""
    dark = style.colour(0)
    d.add(Rect(x0, y - 2.6, max(x1 - x0, 0.5), 5.2, fillColor=style.colour(1), strokeColor=dark,
               strokeWidth=0.5))
    for x in (x0, x1):
        d.add(Line(x, y - 4.2, x, y + 4.2, strokeColor=dark, strokeWidth=1.2))


GLYPH_WIDTH = {"exact": 7.0, "approx": 7.0, "lower": 20.0, "upper": 20.0, "range": 16.0}
MARK_NAMES = {"exact": "stated value", "approx": "about", "lower": "more than, at least",
              "upper": "up to, nearly", "range": "range"}


def mark(d: Drawing, kind: str, x: float, y: float, style: ChartStyle, x_high: float = 0.0) -> float:
    """Draw one estimate's mark; returns the x where its label may start."""
    if kind == "range":
        range_bar(d, x, x_high, y, style)
        return x_high + 5
    if kind == "lower":
        arrow(d, x, y, 14, style)
        dot(d, x, y, style)
        return x + 17
    if kind == "upper":
        arrow(d, x, y, -14, style)
        dot(d, x, y, style)
        return x + 6
    dot(d, x, y, style, hollow=kind == "approx")
    return x + 6


def legend(d: Drawing | None, kinds: list[str], style: ChartStyle, x: float, y: float, width: float) -> int:
    """A key to the marks used, wrapped to ``width``; returns its number of lines
    (only counts them when ``d`` is None)."""
    cx, lines = x, 1
    for kind in kinds:
        name = MARK_NAMES[kind]
        glyph = GLYPH_WIDTH[kind]
        need = glyph + 4 + style.text_width(name)
        if cx > x and cx + need > x + width:
            cx, y, lines = x, y - style.size * 1.6, lines + 1
        if d is None:
            cx += need + 10
            continue
        mid = y + style.size * 0.32
        if kind == "range":
            range_bar(d, cx + 1, cx + glyph - 1, mid, style)
        elif kind == "lower":
            mark(d, kind, cx + 3, mid, style)
        elif kind == "upper":
            mark(d, kind, cx + glyph - 3, mid, style)
        else:
            mark(d, kind, cx + glyph / 2, mid, style)
        text(d, cx + glyph + 4, y, name, style, colour=MUTED)
        cx += need + 10
    return lines
