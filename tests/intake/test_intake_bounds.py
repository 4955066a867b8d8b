"""add-source within bounds: a PDF that draws millions of operators or expands a thousandfold, a
Word file that expands to gigabytes, an oversized page, each refused quickly naming the limit
and its option; nothing is written."""

from __future__ import annotations

import time
import zipfile

import pytest
from hostile_files import (PARAGRAPH, files_in, text_stream, write_docx_bomb, write_encrypted_pdf, write_long_docx,
                           write_pdf, written)


def refused(run, ws, file, *options):
    before = files_in(ws.root)
    started = time.monotonic()
    result = run("add-source", file, "--root", ws.root, *options)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert written(before, ws.root) == set()
    assert elapsed < 20, elapsed
    return result.stderr


def test_a_pdf_of_ten_million_path_operators_is_refused_by_its_expanded_size(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "paths.pdf", b"0 0 m\n" + b"1 1 l\n" * 10_000_000 + b"S\n")
    assert pdf.stat().st_size < 100_000
    message = refused(run, ws, pdf)
    assert ("paths.pdf: a stream of this PDF (object 3) expands to more than 20,000,000 bytes: refused "
            "(to take it, raise the limit with --max-bytes)") in message


@pytest.mark.parametrize("content", [b"0 0 m\n" + b"1 1 l\n" * 200_000 + b"S\n",
                                     b"q\n" * 200_000,
                                     b"BT /F1 1 Tf 10 10 Td (" + b"a" * 200_000 + b") Tj ET\n"],
                         ids=["paths", "operators-without-operands", "characters"])
def test_a_pdf_page_drawing_too_much_is_refused_by_its_operations(run, ws, tmp_path, content):
    pdf = write_pdf(tmp_path / "drawing.pdf", content)
    message = refused(run, ws, pdf, "--max-operations", "20000")
    assert ("drawing.pdf: page 1 of this PDF draws more than 20,000 operators and characters: refused "
            "(to take it, raise the limit with --max-operations)") in message


def test_a_pdf_of_too_many_pages_is_refused(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "long.pdf", pages=30)
    message = refused(run, ws, pdf, "--max-pages", "20")
    assert "long.pdf: this PDF has more than 20 pages: refused (to take it, raise the limit with --max-pages)" \
        in message


def test_a_pdf_that_takes_too_long_is_refused(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "slow.pdf", pages=2_000)  # reading it takes seconds, whatever the machine
    message = refused(run, ws, pdf, "--max-seconds", "0.2")
    assert "slow.pdf: reading it took more than 0.2 s: refused (to take it, raise the limit with --max-seconds)" \
        in message


def test_a_pdf_within_the_bounds_is_taken(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "bazaar.pdf", text_stream() + b"0 0 m\n" + b"1 1 l\n" * 5_000 + b"S\n")
    result = run("add-source", pdf, "--root", ws.root, "--id", "bazaar", "--max-operations", "20000")
    assert result.exit_code == 0, result.output
    assert PARAGRAPH in (ws.root / "seeds/sources/bazaar.txt").read_text(encoding="utf-8")


def test_an_encrypted_pdf_is_refused_as_such(run, ws, tmp_path):
    message = refused(run, ws, write_encrypted_pdf(tmp_path / "locked.pdf"))
    assert "locked.pdf: this PDF is encrypted and needs a password to be read" in message
    assert "save a copy without the password" in message


def test_a_damaged_pdf_is_refused_with_what_is_wrong(run, ws, tmp_path):
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    message = refused(run, ws, pdf)
    assert "damaged.pdf: cannot read this PDF: " in message
    assert not message.rstrip().endswith("cannot read this PDF:")


def test_a_word_file_that_expands_past_the_limit_is_refused(run, ws, tmp_path):
    docx = write_docx_bomb(tmp_path / "bomb.docx", 30_000_000)
    assert docx.stat().st_size < 1_000_000
    message = refused(run, ws, docx)
    assert ("bomb.docx: the part 'word/document.xml' of this .docx file holds more than 20,000,000 bytes: "
            "refused (to take it, raise the limit with --max-bytes)") in message


def test_a_word_file_of_too_many_parts_is_refused(run, ws, tmp_path):
    docx = tmp_path / "parts.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"p{n}", b"")
    assert "parts.docx: this .docx file has 10,001 parts, more than a Word file holds (10,000): refused" \
        in refused(run, ws, docx)


def test_a_word_file_that_takes_too_long_is_refused(run, ws, tmp_path):
    docx = write_long_docx(tmp_path / "long.docx", 100_000)
    message = refused(run, ws, docx, "--max-seconds", "0.5")
    assert "long.docx: reading it took more than 0.5 s: refused (to take it, raise the limit with --max-seconds)" \
        in message


def test_a_page_that_takes_too_long_is_refused(run, ws, tmp_path):
    page = tmp_path / "long.html"
    page.write_text("<html><body><article>" + f"<p>{PARAGRAPH}</p>\n" * 20_000 + "</article></body></html>",
                    encoding="utf-8")
    message = refused(run, ws, page, "--max-seconds", "0.3")
    assert "long.html: reading it took more than 0.3 s: refused (to take it, raise the limit with --max-seconds)" \
        in message


def test_a_page_over_the_limit_is_refused(run, ws, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + f"<p>{PARAGRAPH}</p>" * 20_000 + "</body></html>", encoding="utf-8")
    message = refused(run, ws, page, "--max-bytes", "1000000")
    assert "page.html: this html file holds more than 1,000,000 bytes: refused (to take it, raise the limit " \
           "with --max-bytes)" in message
