"""Chart labels: shortened to their room, however long (writers/charts/style.py, fit)."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import String

from briefpack.document.model import ChartPoint, Figure, Note, Text
from briefpack.writers.charts.kinds import draw_figure
from briefpack.writers.charts.style import chart_family, chart_settings, chart_style


@pytest.fixture(scope="module")
def style():
    settings = chart_settings(None)
    return chart_style(settings, chart_family(settings["font"]), 450.0)


def longest_fitting(style, text: str, width: float) -> str:
    """What fit keeps, found the slow way: every prefix from the longest down."""
    for k in range(len(text), -1, -1):
        if style.text_width(text[:k] + "…") <= width:
            return text[:k].rstrip(" ,;:–-") + "…"
    return "…"


@pytest.mark.parametrize("text", ["Officials in Astana reported new arrests of ISKP supporters in May",
                                  "Полиция Шымкента задержала трёх вербовщиков ИГИЛ-Х в июне",
                                  "x" * 300])
@pytest.mark.parametrize("width", [0.0, 4.0, 30.0, 100.0, 180.0])
def test_a_label_keeps_the_longest_prefix_that_fits(style, text, width):
    kept = style.fit(text, width)
    assert kept == longest_fitting(style, text, width)


def test_a_label_that_fits_is_kept_whole_and_cleaned(style):
    assert style.fit("Plot\u0000 stopped  in\nJalal-Abad", 450.0) == "Plot stopped in Jalal-Abad"


def test_a_timeline_label_of_40000_characters_is_drawn_within_the_chart(style):
    label = "ISKP recruiters were detained in Shymkent " * 1000
    points = [ChartPoint(date=f"2024-0{i}", label=label, note=[Note(i, (Text("x"),))]) for i in (1, 2)]
    drawing = draw_figure(Figure("timeline", [Text("Events")], points), style)
    labels = [s for s in drawing.contents if isinstance(s, String) and s.text.startswith("ISKP")]
    assert len(labels) == 2
    for s in labels:
        assert s.text.endswith("…") and len(s.text) < 200
        assert s.x + style.text_width(s.text) <= style.width
