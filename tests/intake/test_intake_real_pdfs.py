"""Real PDFs (``real_pdfs/``, with their licences in its README): each imports with at least 95%
of the words poppler's pdftotext finds, the page furniture the importer sets aside (running
heads, page and line numbers) counted, and none is reported short. The furniture stays a small
part: at most a quarter of the words (a transcript's line numbers 1-25 come nearest)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from briefpack.intake.importers import import_file
from briefpack.intake.pdf_count import count_words

FOLDER = Path(__file__).parent / "real_pdfs"
PDFS = sorted(p.name for p in FOLDER.glob("*.pdf"))

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")


def test_the_collection_holds_ten_pdfs_each_with_its_licence():
    licences = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert len(PDFS) >= 10
    assert all(f"`{name}`" in licences for name in PDFS)


@pytest.mark.parametrize("name", PDFS)
def test_a_real_pdf_imports_its_words(name):
    path = FOLDER / name
    reference = count_words(subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
                                           capture_output=True, check=True).stdout.decode("utf-8"))
    capture = import_file(path)
    body = count_words("\n".join(capture.paragraphs))
    assert not capture.warnings
    assert body + capture.left_out_words >= 0.95 * reference, (body, capture.left_out_words, reference)
    assert capture.left_out_words <= 0.25 * reference, (capture.left_out_words, reference)
