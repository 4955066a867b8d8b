"""The regional pack as an editor reads it, counted on both formats: one note at
one place (no two note references side by side, a figure's caption carrying one),
no period before a semicolon, no currency mark alone in a table cell, and the mark
explained at most once in each section."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARK = "\u2020"
SEPARATORS = re.compile(r"[\s,;]*")


@pytest.fixture(scope="module")
def body(bundled):
    """The DOCX's body paragraphs (tables' included), in order: (style, [run texts,
    a footnote reference as None])."""
    with zipfile.ZipFile(bundled / "central-asia.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        runs = []
        for r in p.iter(f"{W}r"):
            if r.find(f"{W}footnoteReference") is not None:
                runs.append(None)
            else:
                runs.append("".join(t.text or "" for t in r.iter(f"{W}t")))
        out.append((style.get(f"{W}val") if style is not None else "", runs))
    return out


@pytest.fixture(scope="module")
def pdf(bundled):
    path = bundled / "central-asia.pdf"
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                            check=True).stdout
    return layout


def test_docx_has_no_two_note_references_at_one_place(body):
    references = clusters = 0
    for _, runs in body:
        last_ref = None  # index of the last reference, while only separators follow it
        between = ""
        for i, run in enumerate(runs):
            if run is None:
                references += 1
                if last_ref is not None and SEPARATORS.fullmatch(between):
                    clusters += 1
                last_ref, between = i, ""
            elif last_ref is not None:
                between += run
    assert references > 150 and clusters == 0


def test_pdf_has_no_run_of_note_numbers(pdf):
    text = pdf.rsplit("Source annex", 1)[0]
    runs = [m.group(0) for m in re.finditer(r"(?<![\d,.–])(\d{1,3}), ?(\d{1,3})(?![\d,–])", text)
            if int(m.group(2)) == int(m.group(1)) + 1]
    assert runs == []
    # every figure's caption ends with one note number, not a list of them
    captions = re.findall(r"(?m)^Figure \d+\. .*$", text)
    assert len(captions) >= 5 and not any(re.search(r"\d+, \d+\s*$", c) for c in captions)


def test_no_period_before_a_semicolon_in_either_format(body, pdf):
    docx_text = "".join(r or "" for _, runs in body for r in runs)
    assert not re.search(r"[a-z)\]”]\.;", docx_text)
    assert not re.search(r"[a-z)\]”]\.;", pdf)
    assert not re.search(r"; [A-Z][a-z]+ source says", " ".join(pdf.split()))


def test_no_currency_mark_alone_in_a_table_cell(bundled, pdf):
    import docx

    document = docx.Document(str(bundled / "central-asia.docx"))
    cells = [cell.text.strip() for table in document.tables for row in table.rows for cell in row.cells]
    assert any(c.startswith(MARK) and len(c) > 2 for c in cells)  # marks stand in cells, with text
    assert not [c for c in cells if c in (MARK, MARK + "\u00a0")]
    assert not re.search(rf"(?m){MARK}[\s\u00a0]*(?: {{2,}}|$)", pdf)


def test_currency_is_explained_at_most_once_per_section(body, pdf):
    sections: list[list[str]] = [[]]
    titles = []
    for style, runs in body:
        text = "".join(r or "" for r in runs)
        if style.lower() in ("heading1", "heading 1"):
            sections.append([])
            titles.append(text.strip())
        sections[-1].append(text)
    counts = [sum(t.startswith("Currency:") for t in s) for s in sections]
    assert len(titles) >= 5 and sum(counts) >= 3 and max(counts) == 1
    # the PDF: between two explanations stands the heading of a new section
    flat = " ".join(pdf.rsplit("Source annex", 1)[0].split())
    start = flat.find(titles[0], flat.find(titles[-1]))  # after the contents
    positions = [m.start() for m in re.finditer("Currency: ", flat[start:])]
    assert len(positions) == sum(counts)
    for a, b in zip(positions, positions[1:]):
        assert any(title in flat[start + a:start + b] for title in titles), flat[start + a:start + a + 80]
