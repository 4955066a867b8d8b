"""Read a built DOCX and PDF back as a reader sees them: section headings and note texts."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _flat(text: str) -> str:
    """One line, single spaces, and no line-end hyphen breaks."""
    return re.sub(r"(?<=-) ", "", " ".join(text.split()))


def docx_notes(path: Path) -> dict[int, str]:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" not in z.namelist():
            return {}
        root = etree.fromstring(z.read("word/footnotes.xml"))
    notes = {}
    for note in root.iter(f"{W}footnote"):
        number = int(note.get(f"{W}id"))
        if note.get(f"{W}type") is None and number > 0:
            notes[number] = _flat("".join(t.text or "" for t in note.iter(f"{W}t")))
    return notes


def docx_headings(path: Path) -> list[str]:
    """The body's paragraphs in a style Word names "Heading ..." (a style's name from styles.xml)."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    names = {style.get(f"{W}styleId"): name.get(f"{W}val")
             for style in styles.iter(f"{W}style") if (name := style.find(f"{W}name")) is not None}
    headings = []
    for paragraph in body.iterchildren(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if names.get(style.get(f"{W}val") if style is not None else None, "").lower().startswith("heading"):
            headings.append(_flat("".join(t.text or "" for t in paragraph.iter(f"{W}t"))))
    return headings


def pdf_headings(path: Path) -> list[str]:
    """The PDF's outline, in order, without the contents page's own entry."""
    from pypdf import PdfReader

    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(_flat(item.title))

    walk(PdfReader(str(path)).outline)
    return [t for t in titles if t != "Contents"]


def pdf_text(path: Path) -> str:
    return _flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                check=True).stdout)


def pdf_notes(path: Path, texts: dict[int, str]) -> dict[int, str]:
    """The notes of the PDF whose text is ``texts[n]``, found as "n. text" in the
    PDF's text (each note is printed at the foot of its page)."""
    from pdf_check import note_pages

    found, text = {}, pdf_text(path)
    for number in note_pages(path):
        wanted = texts.get(number)
        if wanted is not None and f"{number}. {wanted}" in text:
            found[number] = wanted
        else:
            found[number] = None  # a note the PDF has whose text differs (or that the DOCX lacks)
    return found


def assert_same_document(docx: Path, pdf: Path) -> None:
    """The DOCX and the PDF carry the same section headings and the same notes."""
    assert docx_headings(docx) == pdf_headings(pdf), f"{docx.name} and {pdf.name} differ in headings"
    notes = docx_notes(docx)
    assert pdf_notes(pdf, notes) == notes, f"{docx.name} and {pdf.name} differ in notes"


def page_texts(pdf) -> list[str]:
    """The text of each page of ``pdf``, as pdftotext reads it."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, count + 1)]


def office_pdf(docx: list, tmp_path: Path) -> list[Path]:
    """``docx`` files converted to PDF by LibreOffice, which finds the fonts the DOCX names among
    those shipped for the PDF (a machine without Noto fonts would print some scripts as boxes)."""
    import os

    from briefpack.writers.fonts import FONT_DIR

    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f'<dir>{FONT_DIR}</dir><cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>', encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docx)],
                   capture_output=True, check=True, timeout=300,
                   env={**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")})
    return [tmp_path / (Path(p).stem + ".pdf") for p in docx]
