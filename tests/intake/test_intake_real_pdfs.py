"""Real PDFs (``real_pdfs/``, with their licences in its README): each imports with at least 95%
of the words poppler's pdftotext finds, the page furniture the importer sets aside (running
heads, page and line numbers, a slide's footline) counted, and none is reported short. The
furniture stays what a page's margins hold: at most 40 words a page (the Federal Register's
running head, printer's slug and margin note come nearest, then a transcript's line numbers 1-25
and a slide's footline). One of them, its pages after the first moved where the importer cannot read
them, is imported with a warning naming those pages, and refused with --strict. A Title field that
is a typesetter's job number is not taken for the title."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pdf_files import pages_into_annotations

from briefpack.intake.importers import import_file
from briefpack.intake.pdf_count import count_words
from briefpack.intake.pdf_pages import open_document

FOLDER = Path(__file__).parent / "real_pdfs"
PDFS = sorted(p.name for p in FOLDER.glob("*.pdf"))

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")


def test_the_collection_holds_ten_pdfs_each_with_its_licence():
    licences = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert len(PDFS) >= 10
    assert all(f"`{name}`" in licences for name in PDFS)


def pdf_page_count(path: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in PDFPage.create_pages(open_document(path.read_bytes())))


@pytest.mark.parametrize("name", PDFS)
def test_a_real_pdf_imports_its_words(name):
    path = FOLDER / name
    reference = pdftotext_words(path)
    capture = import_file(path)
    body = count_words("\n".join(capture.paragraphs))
    assert not capture.warnings
    assert body + capture.left_out_words >= 0.95 * reference, (body, capture.left_out_words, reference)
    assert capture.left_out_words <= 40 * pdf_page_count(path), capture.left_out_words


def pdftotext_words(path: Path) -> int:
    return count_words(subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
                                      capture_output=True, check=True).stdout.decode("utf-8"))


def test_a_real_pdf_whose_later_pages_the_importer_cannot_read_is_a_warning_naming_them(run, ws, tmp_path):
    pdf = pages_into_annotations(FOLDER / "pdflatex-4-pages.pdf", tmp_path / "stamped.pdf")
    reference = pdftotext_words(pdf)
    assert reference == pdftotext_words(FOLDER / "pdflatex-4-pages.pdf")  # poppler still reads every page
    refused = run("add-source", pdf, "--root", ws.root, "--id", "stamped", "--strict")
    assert refused.exit_code == 1 and "(refused with --strict)" in refused.stderr
    assert not (ws.root / "seeds/sources/stamped.txt").exists()
    result = run("add-source", pdf, "--root", ws.root, "--id", "stamped")
    assert result.exit_code == 0, result.output
    said = re.search(r"Warning: stamped\.pdf: only ([\d,]+) of the ([\d,]+) words poppler's pdftotext finds in this "
                     r"PDF were extracted; pages 2\u20134 came out empty", result.stderr)
    assert said, result.stderr
    taken, counted = (int(n.replace(",", "")) for n in said.groups())
    assert counted == reference and taken < 0.3 * reference


def test_a_title_field_without_a_word_is_not_taken_for_the_title():
    capture = import_file(FOLDER / "bmc-health-services-2014-kamuzu.pdf")  # its Title: "6489122611071476 1..10"
    assert capture.title == ""
    assert "the PDF's title '6489122611071476 1..10' has no word in it (a job number?): not taken" in capture.notes
