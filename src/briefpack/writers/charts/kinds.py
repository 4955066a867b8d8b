"""The chart kinds: one registry that every stage reads.

A kind is a module of this package and its entry here. The entry says what a
``<figure kind="...">`` block's points need (the composer checks them,
:mod:`briefpack.compose.figure_xml`), how the chart reads to someone who
cannot see it (the default alt text), how it is drawn (one reportlab Drawing
for both writers, :mod:`.draw`), and how a writer lays it out: where the PDF
may split a long chart across pages, the value axis every part of it keeps,
and the height the DOCX reckons with before drawing it. The document model
holds only the kind's name (``Figure.kind``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ...document.model import Figure, plain_text
from . import counts, estimates, timeline

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing


def _no_cuts(points) -> list[int]:
    return []


@dataclass(frozen=True)
class ChartKind:
    name: str  # as a <figure kind="..."> names it
    draw: Callable  # draw(figure, ChartStyle) -> reportlab Drawing, ChartStyle.width wide
    describe: Callable  # describe(figure) -> "Timeline of 3 events: Mar. 2024: ...; ..." (the alt text)
    needs: tuple[str, ...] = ("value",)  # the attributes every <point> must give ("value" or "date")
    cuts: Callable = _no_cuts  # cuts(points) -> how many points a first part may hold (the PDF splits there)
    value_top: Callable | None = None  # value_top(points) -> the axis top every part of a split chart keeps
    rough_height: tuple[float, float] = (60.0, 14.3)  # points: base + per plotted point, caption included


CHART_KINDS: dict[str, ChartKind] = {}


def register(kind: ChartKind) -> ChartKind:
    CHART_KINDS[kind.name] = kind
    return kind


register(ChartKind("estimates", estimates.draw_estimates, estimates.describe, needs=("value",),
                   cuts=estimates.cuts, value_top=estimates.top_value, rough_height=(60.0, 14.3)))
register(ChartKind("timeline", timeline.draw_timeline, timeline.describe, needs=("date",), cuts=timeline.cuts,
                   rough_height=(60.0, 11.3)))
register(ChartKind("counts", counts.draw_counts, counts.describe, needs=("value",), rough_height=(150.0, 0.0)))


def chart_kind(figure: Figure) -> ChartKind:
    """The registered kind of ``figure``."""
    return CHART_KINDS[figure.kind]


def draw_figure(figure: Figure, style) -> Drawing:
    """The chart of ``figure``, ``style.width`` wide: the one picture both writers show."""
    drawing = chart_kind(figure).draw(figure, style)
    # The renderer's starting state names a font; the chart's own, else Helvetica is referenced.
    drawing.__dict__.update(initialFontName=style.font, initialFontSize=style.size)
    return drawing


def alt_text(figure: Figure) -> str:
    """The default alt text: the caption, then what the chart shows, every value with its label."""
    caption = plain_text(figure.caption).strip().rstrip(".")
    text = chart_kind(figure).describe(figure)
    return f"{caption}. {text}" if caption else text
