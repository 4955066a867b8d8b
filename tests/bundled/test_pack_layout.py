"""The regional pack's pages as a reader sees them, in the PDF and in LibreOffice's
rendering of the DOCX: every figure on one page with its caption, no chart label
cut short, no word of a table broken across lines without a hyphen nor a date broken at all, no heading left
alone at a page's foot, no table row that is one end of a range."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from layout_check import broken_words, lone_lead_ins, page_lines, split_dates, stranded_headings, words_of

CAPTION = re.compile(r"^Figure (\d+)\.")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


@pytest.fixture(scope="module")
def docx_path(bundled):
    return bundled / "central-asia.docx"


@pytest.fixture(scope="module")
def pdf_pages(bundled):
    return page_lines(bundled / "central-asia.pdf")


@pytest.fixture(scope="module")
def office_pdf(docx_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("office")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx_path)], capture_output=True, check=True, timeout=300)
    return out / "central-asia.pdf"


@pytest.fixture(scope="module")
def words(docx_path) -> set[str]:
    """Every word the pack prints, whole: from the DOCX's paragraphs and table cells."""
    import docx as python_docx

    document = python_docx.Document(str(docx_path))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return words_of(texts)


def caption_pages(pages) -> dict[int, int]:
    """Figure number -> the page (1-based) that holds its caption."""
    return {int(m.group(1)): n for n, lines in enumerate(pages, 1) for line in lines
            if (m := CAPTION.match(line.text))}


def chart_text(lines) -> list[str]:
    """The text drawn in the charts of a page (the chart font, smaller than the body)."""
    return [line.text for line in lines if "Sans" in line.font and "Bold" not in line.font and line.size < 8.6]


def test_pdf_figures_stand_whole_on_the_page_of_their_caption(pdf_pages):
    captions = caption_pages(pdf_pages)
    assert len(captions) >= 5
    assert not any("(continued)" in line.text for lines in pdf_pages for line in lines)
    for number, page in captions.items():
        assert chart_text(pdf_pages[page - 1]), number  # the chart is drawn on its caption's page


def test_timeline_labels_are_whole(pdf_pages, docx_path):
    import zipfile

    from lxml import etree

    timelines = 0
    for lines in pdf_pages:
        if any(CAPTION.match(line.text) and "by date" in line.text and "estimate" not in line.text for line in lines):
            timelines += 1
            assert not [t for t in chart_text(lines) if "…" in t]
    assert timelines >= 2
    with zipfile.ZipFile(docx_path) as z:  # the alt text lists every label as the chart has it
        body = etree.fromstring(z.read("word/document.xml"))
    alts = [p.get("descr") for p in body.iter("{*}docPr") if ". Timeline of " in (p.get("descr") or "")]
    assert len(alts) == timelines and not [a for a in alts if "…" in a]


def test_pdf_breaks_no_word_without_a_hyphen(pdf_pages, words):
    assert broken_words(pdf_pages, words) == []
    assert split_dates(pdf_pages) == []  # nor a date: "Decem-" / "ber 2023", "January" / "1, 2017"


def test_pdf_leaves_no_heading_alone_at_a_page_foot(pdf_pages):
    assert stranded_headings(pdf_pages) == []
    assert lone_lead_ins(pdf_pages) == []  # nor a quotation's lead-in


@needs_office
def test_libreoffice_breaks_no_word_without_a_hyphen_and_strands_no_heading(office_pdf, words):
    pages = page_lines(office_pdf)
    assert broken_words(pages, words) == []
    assert split_dates(pages) == []
    assert stranded_headings(pages) == []
    assert lone_lead_ins(pages) == []


@needs_office
def test_libreoffice_shows_each_figure_on_the_page_of_its_caption(office_pdf):
    listing = subprocess.run(["pdfimages", "-list", str(office_pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    picture_pages = [int(row.split()[0]) for row in listing if row.split()[2] == "image"]
    captions = caption_pages(page_lines(office_pdf))
    assert [captions[n] for n in sorted(captions)] == picture_pages


HANDOUTS = ("kg", "kz", "tj", "tm", "uz")


def annex_page(pages) -> int:
    """The page (1-based) whose lines hold the annex heading."""
    return next(n for n, lines in enumerate(pages, 1) for line in lines if line.text == "Source annex"
                and "Sans-Bold" in line.font)


def test_a_handouts_short_annex_is_not_spilt_onto_its_last_page(bundled):
    for code in HANDOUTS:
        pages = page_lines(bundled / f"country-handout-{code}.pdf")
        assert annex_page(pages) == len(pages), code  # heading and every entry on the last page
        assert stranded_headings(pages) == [], code


@needs_office
def test_libreoffice_keeps_a_handouts_short_annex_together(bundled, tmp_path):
    docx = bundled / "country-handout-kg.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], capture_output=True, check=True, timeout=300)
    pages = page_lines(tmp_path / "country-handout-kg.pdf")
    assert annex_page(pages) == len(pages)


def test_docx_keeps_headings_with_their_text_and_controls_widows(docx_path):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(docx_path) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert styles.find(f"{w}docDefaults/{w}pPrDefault/{w}pPr/{w}widowControl") is not None
    for level in (1, 2, 3):
        [style] = [s for s in styles.iter(f"{w}style") if s.get(f"{w}styleId") == f"Heading{level}"]
        assert style.find(f"{w}pPr/{w}keepNext") is not None


def bottom_line_page(pages) -> int:
    """The page (1-based) that holds the "Bottom Line" heading (not its contents line)."""
    return next(n for n, lines in enumerate(pages, 1) for line in lines
                if line.text == "Bottom Line" and line.size >= 11)


def test_the_contents_take_one_page_and_the_bottom_line_opens_the_next(pdf_pages):
    assert bottom_line_page(pdf_pages) == 3  # cover, contents: no near-empty page of contents between


@needs_office
def test_libreoffice_shows_the_contents_on_one_page(office_pdf):
    assert bottom_line_page(page_lines(office_pdf)) == 3
