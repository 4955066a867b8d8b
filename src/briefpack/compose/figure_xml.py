"""The ``<figure>`` block of the template vocabulary, read into a model Figure.

::

    <figure kind="estimates" axis="fighters" alt="optional text for readers who cannot see it">
      <caption>Estimates of foreign fighters from Kazakhstan</caption>
      <point value="400" qualifier="about" label="Security services, 2016"><cite keys="id"/></point>
      <point value="2000" high="5000" label="..." row="Central Asia"><cite keys="id"/></point>
    </figure>

``kind``: a name in the registry of chart kinds (``writers/charts/kinds.py``),
which says what each point must give: ``estimates`` (a point or range per
estimate; with ``row`` on the points, one line per row), ``timeline``
(``date`` and a short ``label`` per event) or ``counts`` (a bar per ``row``,
e.g. a year, of height ``value``). Every point cites its source with one ``<cite>``. The caption may also be given
as ``caption="..."``; without ``alt`` the alt text lists every plotted value.
"""

from __future__ import annotations

import datetime
import math

from ..document.chart_text import parse_date
from ..document.model import ChartPoint, Cite, Figure, Text

POINT_ATTRS = {"value", "high", "qualifier", "label", "row", "date"}
FIGURE_ATTRS = {"kind", "axis", "alt", "caption"}
MAX_POINTS = 200
MAX_YEARS = 1000  # from a timeline's first date to its last: its time axis is drawn year by year


def read_figure(reader, node) -> Figure | None:
    """The Figure for a ``<figure>`` node; ``reader`` is the BlockReader (its
    ``fail``, ``elements`` and ``inlines``). None when it has no point."""
    from ..writers.charts.kinds import CHART_KINDS, alt_text  # charts load reportlab: only for a figure

    unknown = sorted(set(node.attrs) - FIGURE_ATTRS)
    if unknown:
        reader.fail(f"<figure> has no attribute {unknown[0]!r} (attributes: "
                    f"{', '.join(sorted(FIGURE_ATTRS))})", node.line)
    name = node.attrs.get("kind", "")
    kind = CHART_KINDS.get(name)
    if kind is None:
        reader.fail(f'<figure kind="{name}">: kinds are {", ".join(CHART_KINDS)}', node.line)
    caption = [Text(node.attrs["caption"])] if node.attrs.get("caption", "").strip() else []
    points = []
    for child in reader.elements(node, {"caption", "point"}):
        if child.tag == "caption":
            caption = reader.inlines(child)
        else:
            points.append(_point(reader, child, kind))
    if not points:
        return None
    if len(points) > MAX_POINTS:
        reader.fail(f"a figure plots at most {MAX_POINTS} points, not {len(points)}", node.line)
    years = [parse_date(p.date)[0] for p in points if p.date]
    if "date" in kind.needs and years and max(years) - min(years) > MAX_YEARS:
        reader.fail(f"a {name} spans at most {MAX_YEARS:,} years, not {min(years)} to {max(years)}", node.line)
    if not caption:
        reader.fail("a <figure> needs a caption (<caption>...</caption> or caption=\"...\")", node.line)
    figure = Figure(kind=name, caption=caption, points=points, axis=" ".join(node.attrs.get("axis", "").split()))
    figure.alt = " ".join(node.attrs.get("alt", "").split()) or alt_text(figure)
    return figure


def _point(reader, node, kind) -> ChartPoint:
    """The ChartPoint of a ``<point>``, with what its ``kind`` (a ChartKind) needs."""
    unknown = sorted(set(node.attrs) - POINT_ATTRS)
    if unknown:
        reader.fail(f"<point> has no attribute {unknown[0]!r} (attributes: "
                    f"{', '.join(sorted(POINT_ATTRS))})", node.line)
    attrs = {k: " ".join(v.split()) for k, v in node.attrs.items()}
    content = reader.inlines(node)
    if any(not isinstance(n, Cite) for n in content) or len(content) != 1:
        reader.fail('a <point> holds its citation only: <cite keys="excerpt-id"/>', node.line)
    date = attrs.get("date", "")
    if date and not _real_date(date):
        reader.fail(f'<point date="{date[:40]}">: a date is YYYY, YYYY-MM or YYYY-MM-DD, one the calendar has '
                    "(year 1 to 9999)", node.line)
    for name in kind.needs:
        if name != "value" and not attrs.get(name):
            reader.fail(f"a {kind.name} <point> needs a {name}", node.line)
    value = _number(reader, node, attrs, "value", required=True) if "value" in kind.needs else 0.0
    high = _number(reader, node, attrs, "high", required=False)
    if high is not None and high < value:
        reader.fail(f"<point>: high ({attrs['high']}) is below value ({attrs['value']})", node.line)
    return ChartPoint(value=value, high=high, qualifier=attrs.get("qualifier", ""),
                      label=attrs.get("label", ""), row=attrs.get("row", ""), date=date, note=content)


def _real_date(text: str) -> bool:
    parts = parse_date(text)
    if parts is None:
        return False
    year, month, day = parts
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return not (day and not month)


def _number(reader, node, attrs, name: str, required: bool) -> float | None:
    text = attrs.get(name, "").replace(",", "")
    if not text:
        if required:
            reader.fail(f"a <point> needs a {name}", node.line)
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        reader.fail(f'<point {name}="{attrs[name]}">: a number, 0 or more', node.line)
    return value
