"""Real PDFs (``real_pdfs/``, with their licences in its README): each imports with at least 95%
of the words poppler's pdftotext finds, the page furniture the importer sets aside (running
heads, page and line numbers, a slide's footline) counted, and none is reported short. The
furniture stays what a page's margins hold: at most 40 words a page (the Federal Register's
running head, printer's slug and margin note come nearest, then a transcript's line numbers 1-25
and a slide's footline)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

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
    reference = count_words(subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
                                           capture_output=True, check=True).stdout.decode("utf-8"))
    capture = import_file(path)
    body = count_words("\n".join(capture.paragraphs))
    assert not capture.warnings
    assert body + capture.left_out_words >= 0.95 * reference, (body, capture.left_out_words, reference)
    assert capture.left_out_words <= 40 * pdf_page_count(path), capture.left_out_words
