"""Chart labels: wrapped or shortened to their room between words, in time linear in
their length (writers/charts/style.py: fit, wrap)."""

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
    """What fit keeps, found the slow way: every prefix from the longest down, cut back
    to the end of a word when that keeps half of it."""
    for k in range(len(text), -1, -1):
        if style.text_width(text[:k] + "…") <= width:
            space = text.rfind(" ", 0, k)
            if k < len(text) and text[k] != " " and text[k - 1:k] != " " and space > k // 2:
                k = space
            return text[:k].rstrip(" ,;:–-") + "…"
    return "…"


@pytest.mark.parametrize("text", ["Officials in Astana reported new arrests of ISKP supporters in May",
                                  "Полиция Шымкента задержала трёх вербовщиков ИГИЛ-Х в июне",
                                  "x" * 300])
@pytest.mark.parametrize("width", [0.0, 4.0, 30.0, 100.0, 180.0])
def test_a_label_keeps_the_longest_prefix_that_fits_to_a_words_end(style, text, width):
    kept = style.fit(text, width)
    assert kept == longest_fitting(style, text, width)


def test_a_label_that_fits_is_kept_whole_and_cleaned(style):
    assert style.fit("Plot\u0000 stopped  in\nJalal-Abad", 450.0) == "Plot stopped in Jalal-Abad"


def test_a_shortened_label_ends_with_a_whole_word(style):
    assert style.fit("Kyrgyzstan’s State Committee for National Security", 120.0) == "Kyrgyzstan’s State…"
    assert style.fit("Antidisestablishmentarianism", 60.0) == "Antidisestabli…"  # one word: cut within it


def test_a_label_wraps_between_words_to_three_lines_at_most(style):
    text = "IMU emir Usman Gazi announced the movement had joined the Islamic State, whose Afghan branch"
    lines = style.wrap(text, 150.0)
    assert len(lines) == 3 and " ".join(lines) == text
    assert all(style.text_width(line) <= 150.0 for line in lines)
    assert style.wrap(text, 1000.0) == [text]
    short = style.wrap(text * 3, 150.0)
    assert len(short) == 3 and short[-1].endswith("…") and " ".join(short).startswith(text[:-7])
    assert style.wrap("", 100.0) == []


def test_a_timeline_label_wider_than_its_room_is_drawn_on_two_lines(style):
    label = "ISKP fired rockets at Uzbekistan in April 2022 and at Tajikistan in May 2022, its first attacks"
    points = [ChartPoint(date="2022-04", label=label, note=[Note(7, (Text("x"),))]),
              ChartPoint(date="2023-01", label="Arrests", note=[Note(8, (Text("x"),))])]
    drawing = draw_figure(Figure("timeline", [Text("Events")], points), style)
    texts = [s for s in drawing.contents if isinstance(s, String)]
    words = " ".join(s.text for s in texts if s.fontName == style.font and s.text not in ("7", "8"))
    assert label in words and "…" not in words
    first, second = (s for s in texts if s.text.startswith("ISKP") or s.text.endswith("attacks"))
    assert first.x == second.x and first.y > second.y  # the second line under the first
    arrests = next(s for s in texts if s.text == "Arrests")
    assert arrests.y < second.y  # the next event below both


def test_a_timeline_label_of_40000_characters_is_drawn_within_the_chart(style):
    label = "ISKP recruiters were detained in Shymkent " * 1000
    points = [ChartPoint(date=f"2024-0{i}", label=label, note=[Note(i, (Text("x"),))]) for i in (1, 2)]
    drawing = draw_figure(Figure("timeline", [Text("Events")], points), style)
    labels = [s for s in drawing.contents if isinstance(s, String) and s.text.startswith(("ISKP", "Shymkent"))]
    assert len(labels) == 6  # three lines each
    assert all(len(s.text) < 200 and s.x + style.text_width(s.text) <= style.width for s in labels)
    assert sum(s.text.endswith("…") for s in labels) == 2


def _drawn(style, label: str) -> list[tuple[str, str]]:
    """A label's Strings left to right, as ``(font, characters)`` (a shaped run's as written)."""
    from reportlab.graphics.shapes import Drawing

    from briefpack.writers.charts.draw import text

    d = Drawing(450, 40)
    text(d, 10, 10, label, style)
    runs = sorted((s for s in d.contents if isinstance(s, String)), key=lambda s: s.x)
    return [(s.fontName, s.__dict__.get("bp_text", s.text)) for s in runs]


def test_a_label_runs_in_the_documents_direction_not_its_first_letters(style):
    from dataclasses import replace

    # an English document: a label starting with a Persian title keeps the title first, at the left
    drawn = _drawn(style, "گزارش ایرنا: 12 attacks")
    assert drawn[0] == ("NotoNaskhArabic-Regular", "گزارش ایرنا")
    assert "".join(t for _, t in drawn[1:]) == ": 12 attacks"
    # a Persian document: an English name first in the label stands at the right, the Persian at the left
    drawn = _drawn(replace(style, direction="R"), "ISKP: 12 حمله")
    assert drawn[0] == ("NotoNaskhArabic-Regular", "حمله")
    assert "".join(t for _, t in drawn[1:]) == " ISKP: 12"  # the phrase with its number, as in a paragraph
