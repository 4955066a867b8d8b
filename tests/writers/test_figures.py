"""Figures: the <figure> block, their numbers and notes, the chart helpers, the
chart drawing, and both writers' output read back."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections import namedtuple
from pathlib import Path

import pytest

from briefpack.compose.blockxml import BlockReader
from briefpack.document.names import UniqueNames
from briefpack.compose.chart_data import ChartHelpers, short_label
from briefpack.document.chart_text import bound, value_text
from briefpack.notes.citations import resolve_citations
from briefpack.errors import BriefpackError, TemplateError
from briefpack.library.model import Excerpt, Facet, Figure as LibraryFigure, Library, Source, Term, Vocabulary
from briefpack.document.model import (
    ChartPoint,
    Cite,
    Document,
    Figure,
    Heading,
    Meta,
    Note,
    Paragraph,
    Text,
)
from briefpack.document.walk import iter_notes
from briefpack.writers import WriterOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"

FIGURE_XML = """\
<p>Before.<cite keys="a"/></p>
<figure kind="estimates" axis="fighters">
  <caption>Estimates for Kazakhstan</caption>
  <point value="400" qualifier="about" label="Security services, 2016" date="2016"><cite keys="a"/></point>
  <point value="2,000" high="5000" label="A paper, Apr. 2017" date="2017-04"><cite keys="b"/></point>
  <point value="500" qualifier="more than" label="ICSR, 2016" date="2016"><cite keys="c"/></point>
</figure>
<p>After.<cite keys="b"/></p>
"""


def library() -> Library:
    vocab = Vocabulary({"country": Facet("country", "Country", {"KZ": Term("KZ", "Kazakhstan"),
                                                               "KG": Term("KG", "Kyrgyzstan")})})
    sources = {"s": Source("s", "A Report on Fighters", author=["Jane Roe"], publisher="Desk", published="2017-04-01",
                           reliability="B")}
    excerpts = {k: Excerpt(k, "s", f"Quote {k}.", [], "2017-04", 2, locator=i + 1)
                for i, k in enumerate("abcdef")}
    return Library(Path("."), sources, excerpts, vocab)


def read(text: str, tmp_path) -> list:
    template = tmp_path / "t.xml.j2"
    template.write_text(text, encoding="utf-8")
    return BlockReader(template, "sec", UniqueNames()).read(text)


def document(blocks) -> Document:
    return Document(Meta(title="Charts", timestamp=1719000000), blocks)


# ---------------------------------------------------------------- the block
def test_figure_block_reads_points_caption_and_default_alt(tmp_path):
    blocks = read(FIGURE_XML, tmp_path)
    figure = blocks[1]
    assert isinstance(figure, Figure) and figure.kind == "estimates" and figure.axis == "fighters"
    assert [(p.value, p.high, p.qualifier) for p in figure.points] == [
        (400.0, None, "about"), (2000.0, 5000.0, ""), (500.0, None, "more than")]
    assert [p.note for p in figure.points] == [[Cite(("a",))], [Cite(("b",))], [Cite(("c",))]]
    assert figure.caption == [Text("Estimates for Kazakhstan")]
    # the alt text names every plotted value with its label
    for words in ("about 400", "2,000–5,000", "more than 500", "Security services, 2016", "ICSR"):
        assert words in figure.alt


@pytest.mark.parametrize("text, message", [
    ('<figure kind="pie"><caption>x</caption><point value="1"><cite keys="a"/></point></figure>',
     'kinds are estimates, timeline, counts'),
    ('<figure kind="estimates"><caption>x</caption><point value="1"/></figure>',
     "a <point> holds its citation only"),
    ('<figure kind="estimates"><caption>x</caption><point value="lots"><cite keys="a"/></point></figure>',
     'a number, 0 or more'),
    ('<figure kind="estimates"><caption>x</caption><point value="9" high="3"><cite keys="a"/></point></figure>',
     'high (3) is below value (9)'),
    ('<figure kind="timeline"><caption>x</caption>\n<point label="x"><cite keys="a"/></point></figure>',
     'a timeline <point> needs a date'),
    ('<figure kind="estimates"><point value="1"><cite keys="a"/></point></figure>', 'needs a caption'),
    ('<figure kind="estimates" colour="red"><caption>x</caption></figure>', "no attribute 'colour'"),
])
def test_bad_figures_are_template_errors_at_their_line(tmp_path, text, message):
    with pytest.raises(TemplateError) as info:
        read(text, tmp_path)
    assert message in info.value.message
    assert info.value.path == tmp_path / "t.xml.j2"


def test_a_figure_without_points_is_left_out(tmp_path):
    assert read('<figure kind="counts"><caption>x</caption></figure>', tmp_path) == []


# ---------------------------------------------------------------- numbers and notes
def test_figures_are_numbered_and_their_points_cited_in_document_order(tmp_path):
    blocks = read(FIGURE_XML + FIGURE_XML.replace("Kazakhstan", "Kyrgyzstan"), tmp_path)
    resolved = resolve_citations(document(blocks), library())
    figures = [b for b in resolved.blocks if isinstance(b, Figure)]
    assert [f.number for f in figures] == [1, 2]
    # notes run through paragraphs and figures alike: before (1), the figure's one note on its
    # caption (2), after (3); the points carry no note of their own (one note at one place)
    assert all(not p.note for p in figures[0].points)
    [caption_note] = [n for n in figures[0].caption if isinstance(n, Note)]
    assert caption_note.number == 2 and caption_note.keys == ("a", "b", "c")
    assert [n.number for n in iter_notes(resolved)] == list(range(1, 7))
    # the figure's note is a Chicago note like any other: the source cited in full in
    # note 1 is cited short in the figure's, every passage of one grade in one part
    first = next(iter_notes(resolved))
    assert "Jane Roe, “A Report on Fighters,”" in "".join(t.text for t in first.content)
    assert "".join(t.text for t in caption_note.content) == "Roe, “Report on Fighters,” paras. 1–3 (B2)."


# ---------------------------------------------------------------- helpers
Row = namedtuple("Row", "figure excerpt")
View = namedtuple("View", "id date summary quote source event", defaults=("",))


def rows():
    src = Source("s", "Report", publisher="Desk")

    def row(key, value, qualifier="", place="KZ", as_of="2016", estimator="Ministry", measure="ff"):
        return Row(LibraryFigure(measure, value, qualifier, place, as_of, estimator),
                   View(key, "2016", "", "", src))

    return [row("a", 800, "about", as_of="2018", estimator="KNB (National Security Committee)"),
            row("b", 2000, "at least", as_of="2017-04", estimator=""),
            row("b", 5000, "up to", as_of="2017-04", estimator=""),
            row("c", 400, "about", estimator="Centre for the Study of Radicalisation (ICSR)"),
            row("d", 500, "more than", place="KG"),
            row("e", 15, measure="arrests")]


def test_estimates_pair_bounds_into_ranges_and_order_by_date():
    helpers = ChartHelpers(lambda facet, value: {"KZ": "Kazakhstan", "KG": "Kyrgyzstan"}.get(value, value))
    kz = [r for r in rows() if r.figure.place == "KZ"]
    points = helpers.estimates(kz, "ff")
    assert [(p.value, p.high, p.qualifier, p.label, p.keys) for p in points] == [
        (400.0, None, "about", "ICSR, 2016", ("c",)),
        (2000.0, 5000.0, "", "Desk, Apr. 2017", ("b",)),
        (800.0, None, "about", "KNB, 2018", ("a",)),
    ]
    regional = helpers.regional_estimates(rows(), "ff", ["KZ", "KG"])
    assert [p.row for p in regional] == ["Kazakhstan"] * 3 + ["Kyrgyzstan"]
    assert all(isinstance(v, (str, float, tuple, type(None))) for p in regional for v in p)  # plain data


def test_timeline_and_counts_helpers():
    helpers = ChartHelpers(lambda facet, value: value)
    src = Source("s", "Report")
    events = [View("x", "2024-03-22", "In late March 2024 gunmen attacked Crocus City Hall near Moscow.", "", src),
              View("y", "2015", "", "The group was founded in 2015 by former Taliban.", src),
              View("z", "2024", "", "Another event.", src)]
    points = helpers.timeline(events, length=30)
    assert [p.date for p in points] == ["2015", "2024", "2024-03-22"]
    assert points[2].label == "Gunmen attacked Crocus City…"
    assert [(p.row, p.value, p.keys) for p in helpers.counts(events)] == [
        ("2015", 1.0, ("y",)), ("2024", 2.0, ("x", "z"))]
    assert short_label("On 3 January 2024, a bombing in Kerman killed 95. More later.") == \
        "A bombing in Kerman killed 95"


def test_a_timeline_gives_one_point_to_the_excerpts_of_one_event():
    helpers = ChartHelpers(lambda facet, value: value)
    src = Source("s", "Report")
    events = [View("a", "2024-03", "", "Gunmen attacked a concert hall.", src, "crocus"),
              View("b", "2024-03-22", "The Crocus City Hall attack killed at least 143.", "", src, "crocus"),
              View("c", "2024", "", "Another event.", src)]
    points = helpers.timeline(events)
    assert [(p.date, p.label, p.keys) for p in points] == [
        ("2024", "Another event", ("c",)),
        ("2024-03-22", "The Crocus City Hall attack killed at least 143", ("a", "b")),  # the most precise date
    ]


def test_qualifiers_are_drawn_as_bounds_or_approximations():
    assert [bound(q) for q in ("more than", "At least", "up to", "approaching", "about", "", "some")] == [
        "lower", "lower", "upper", "upper", "approx", "exact", "approx"]
    assert value_text(ChartPoint(1500, None, "more than")) == "more than 1,500"
    assert value_text(ChartPoint(2000, 5000)) == "2,000–5,000"


# ---------------------------------------------------------------- the drawing
def chart_style(width=450.0):
    from briefpack.writers.charts.style import chart_style as make
    from briefpack.writers.pdf.style import load_house_style

    hs = load_house_style(None)
    return make(hs.charts, hs.chart_font, width)


def resolved_figure(tmp_path, xml=FIGURE_XML) -> Figure:
    resolved = resolve_citations(document(read(xml, tmp_path)), library())
    return next(b for b in resolved.blocks if isinstance(b, Figure))


def strings(drawing):
    from reportlab.graphics.shapes import String

    return [s for s in drawing.contents if isinstance(s, String)]


def test_every_plotted_value_is_drawn_with_its_label_and_no_note_number(tmp_path):
    from reportlab.graphics.shapes import Circle, Polygon, Rect

    from briefpack.writers.charts.kinds import draw_figure

    figure = resolved_figure(tmp_path)
    drawing = draw_figure(figure, chart_style())
    texts = strings(drawing)
    [note] = [n for n in figure.caption if isinstance(n, Note)]  # the figure's one note
    for point in figure.points:
        value = next(s for s in texts if s.text == value_text(point))
        assert not any(s.text == str(note.number) and s.fontSize < value.fontSize for s in texts)
        assert any(s.text == point.label for s in texts)  # its estimator and date
    circles = [c for c in drawing.contents if isinstance(c, Circle)]
    assert any(c.fillColor == c.strokeColor for c in circles)  # filled: a stated value
    assert any(str(c.fillColor) != str(c.strokeColor) for c in circles)  # hollow: "about"
    assert any(isinstance(s, Polygon) for s in drawing.contents)  # the arrow of "more than"
    assert any(isinstance(s, Rect) and s.width > 20 for s in drawing.contents)  # the range
    assert drawing.width == 450.0


def drawing_width(string) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(string.text, string.fontName, string.fontSize)


@pytest.mark.parametrize("kind, points", [
    ("timeline", '<point date="2015" label="Founded"><cite keys="a"/></point>'
                 '<point date="2024-03-22" label="Crocus City Hall attack"><cite keys="b"/></point>'
                 '<point date="2024-03" label="Claimed"><cite keys="c"/></point>'),
    ("counts", '<point row="2016" value="3"><cite keys="a"/></point>'
               '<point row="2019" value="12"><cite keys="b c"/></point>'),
])
def test_timelines_and_counts_label_every_value(tmp_path, kind, points):
    from briefpack.writers.charts.kinds import draw_figure

    figure = resolved_figure(tmp_path, f'<figure kind="{kind}"><caption>c</caption>{points}</figure>')
    texts = [s.text for s in strings(draw_figure(figure, chart_style()))]
    assert "1" not in texts  # the figure's note is on its caption, not at its values
    for point in figure.points:
        assert (point.label if kind == "timeline" else value_text(point)) in texts
    if kind == "counts":
        assert {"2016", "2019"} <= set(texts)  # years 2017-2018 are empty slots, not left out


def test_the_png_is_300_dpi_on_a_small_palette_and_the_same_every_time(tmp_path):
    from PIL import Image

    from briefpack.writers.charts.kinds import draw_figure
    from briefpack.writers.charts.png import drawing_to_png

    drawing = draw_figure(resolved_figure(tmp_path), chart_style())
    png, size = drawing_to_png(drawing)
    assert png == drawing_to_png(draw_figure(resolved_figure(tmp_path), chart_style()))[0]
    image = Image.open(io.BytesIO(png))
    assert image.size == size == (round(450 * 300 / 72), round(drawing.height * 300 / 72))
    assert round(image.info["dpi"][0]) == 300 and image.mode == "P"
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_default_palette_reads_in_grey_and_style_errors_name_the_file(tmp_path):
    from briefpack.writers.charts.style import DEFAULTS
    from briefpack.writers.pdf.style import load_house_style
    from briefpack.writers.style_sheet import StyleSheet

    def grey(colour):
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    first, second = DEFAULTS["palette"][:2]
    assert abs(grey(first) - grey(second)) > 40  # marks and range bars differ in grey
    style = tmp_path / "style.yaml"
    with pytest.raises(BriefpackError, match="charts.palette must be a list") as info:
        load_house_style(StyleSheet(style, {"charts": {"palette": ["red"]}}))
    assert info.value.path == style
    with pytest.raises(BriefpackError, match="charts.font must be a shipped family"):
        load_house_style(StyleSheet(style, {"charts": {"font": "Comic"}}))


# ---------------------------------------------------------------- both writers
def small_document(tmp_path) -> Document:
    blocks = [Heading(1, [Text("Figures")], anchor="figures")] + read(FIGURE_XML, tmp_path)
    blocks.append(Paragraph([Text("End.")]))
    return resolve_citations(document(blocks), library())


def write(doc, fmt, path, **options):
    from briefpack.writers import write_document

    return write_document(doc, fmt, path, WriterOptions(**options))


def test_pdf_figure_is_vector_with_its_notes_on_its_page(tmp_path):
    from pdf_check import misplaced_notes

    doc = small_document(tmp_path)
    pdf = tmp_path / "out.pdf"
    write(doc, "pdf", pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Figure 1. Estimates for Kazakhstan2" in text  # one note, at the end of the caption
    for point in next(b for b in doc.blocks if isinstance(b, Figure)).points:
        assert f"{value_text(point)}" in " ".join(text.split())
    assert misplaced_notes(pdf, expected=3) == []
    subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, check=True)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    assert not any("Helvetica" in row for row in rows)
    second = tmp_path / "again.pdf"
    write(small_document(tmp_path), "pdf", second)
    assert pdf.read_bytes() == second.read_bytes()


def test_docx_figure_is_a_picture_with_alt_text_caption_and_real_footnotes(tmp_path):
    from lxml import etree

    doc = small_document(tmp_path)
    path = tmp_path / "out.docx"
    write(doc, "docx", path)
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and media[0].endswith(".png")
    doc_prs = list(body.iter(f"{WP}docPr"))
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    assert len(doc_prs) == 1 and doc_prs[0].get("descr") == figure.alt and "about 400" in figure.alt
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    assert "Figure 1. Estimates for Kazakhstan" in paragraphs
    references = [r for r in body.iter(f"{W}footnoteReference")]
    assert len(references) == 3  # two paragraphs and the figure's one note, on its caption
    second = tmp_path / "again.docx"
    write(small_document(tmp_path), "docx", second)
    assert path.read_bytes() == second.read_bytes()


def test_docx_chart_takes_the_reference_docs_text_width(tmp_path):
    import docx
    from docx.shared import Mm
    from lxml import etree

    reference = docx.Document()
    section = reference.sections[0]
    section.page_width, section.left_margin, section.right_margin = Mm(200), Mm(40), Mm(40)
    reference.save(tmp_path / "house.docx")
    out = tmp_path / "out.docx"
    write(small_document(tmp_path), "docx", out, reference_doc=tmp_path / "house.docx")
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    extent = next(body.iter(f"{WP}extent"))
    assert abs(int(extent.get("cx")) - Mm(120)) < Mm(1)


def _timeline_pages(tmp_path, events: int) -> tuple[list[str], object]:
    points = "".join(f'<point date="{2000 + i // 2}-{1 + i % 12:02d}" label="Event {i}."><cite keys="{"abcdef"[i % 6]}"/></point>'
                     for i in range(events))
    filler = "".join(f"<p>Paragraph {i} of running text that fills the page before the chart.</p>" for i in range(10))
    blocks = [Heading(1, [Text("Chronology")], anchor="chronology")] + read(
        filler + f'<figure kind="timeline"><caption>Many events</caption>{points}</figure>', tmp_path)
    doc = resolve_citations(document(blocks), library())
    pdf = tmp_path / "out.pdf"
    write(doc, "pdf", pdf)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return pages, pdf


def test_a_timeline_that_fits_a_page_moves_whole_with_its_caption(tmp_path):
    pages, _ = _timeline_pages(tmp_path, 40)
    first = next(i for i, p in enumerate(pages) if "Event 0." in p)
    assert "Figure 1. Many events" in pages[first]  # the chart and its caption on one page
    assert "Event 39." in pages[first]
    assert not any("(continued)" in p for p in pages)


def test_a_timeline_longer_than_a_page_is_split_between_events_its_note_with_its_caption(tmp_path):
    from pdf_check import misplaced_notes

    pages, pdf = _timeline_pages(tmp_path, 160)
    first = next(i for i, p in enumerate(pages) if "Figure 1. Many events" in p)
    assert "Figure 1 (continued)." in pages[first + 1]
    text = " ".join(pages)
    assert all(f"Event {i}." in text for i in range(160))
    assert misplaced_notes(pdf, expected=1) == []  # the caption's one note at the foot of its page


def test_figures_are_cut_only_between_events_lines_or_bands():
    from briefpack.writers.pdf.figure import split_points

    def fig(kind, rows):
        return Figure(kind, [Text("c")], [ChartPoint(1, row=r, date="2020") for r in rows])

    assert split_points(fig("timeline", [""] * 9)) == [4, 5]
    assert split_points(fig("estimates", ["KZ", "KZ", "TJ", "UZ", "UZ", "UZ"])) == [2, 3]  # between bands
    assert split_points(fig("estimates", [""] * 6)) == [3]
    assert split_points(fig("counts", ["2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"])) == []
