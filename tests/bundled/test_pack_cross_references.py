"""Every cross-reference of the regional pack resolves: in the PDF its page is the page its
heading is printed on and its link goes there; in the DOCX it is a PAGEREF to a bookmark on
that heading, and LibreOffice prints the heading's page."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REFERENCE = re.compile(r"“([^”]+),” p\.\s(\d+)")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


def page_texts(pdf) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, count + 1)]


def unresolved(texts: list[str]) -> tuple[int, list[str]]:
    """How many references the pages print, and those whose page does not hold their heading
    (a line of its own: the heading, or a heading's first line)."""
    problems, count = [], 0
    for number, text in enumerate(texts, 1):
        for title, page in REFERENCE.findall(" ".join(text.split())):
            count += 1
            target = texts[int(page) - 1] if 0 < int(page) <= len(texts) else ""
            if not any(line.strip() and title.startswith(line.strip()) for line in target.splitlines()
                       if len(line.strip()) >= min(len(title), 12)):
                problems.append(f"page {number}: “{title},” p. {page}")
    return count, problems


def test_every_reference_in_the_pdf_gives_the_page_of_its_heading(bundled):
    count, problems = unresolved(page_texts(bundled / "central-asia.pdf"))
    assert count >= 10 and problems == []


def test_every_reference_in_the_pdf_links_to_its_heading(bundled):
    import pikepdf

    texts = page_texts(bundled / "central-asia.pdf")
    checked = 0
    with pikepdf.open(bundled / "central-asia.pdf") as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", []):
                contents = str(annot.get("/Contents", ""))
                if not contents.startswith("Section: ") or "/Dest" not in annot:
                    continue
                title = contents[len("Section: "):]
                target = index[annot.Dest[0].objgen]
                assert any(title.startswith(line.strip()) for line in texts[target - 1].splitlines()
                           if line.strip()), (number, title, target)
                checked += 1
    assert checked >= 10


def test_every_reference_in_the_docx_is_a_pageref_to_a_bookmark_on_its_heading(bundled):
    with zipfile.ZipFile(bundled / "central-asia.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    headings = {}
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        for start in p.iter(f"{W}bookmarkStart"):
            if style is not None and style.get(f"{W}val").startswith("Heading"):
                headings[start.get(f"{W}name")] = "".join(t.text or "" for t in p.iter(f"{W}t"))
    found = 0
    for link in root.iter(f"{W}hyperlink"):
        instruction = "".join(t.text for t in link.iter(f"{W}instrText"))
        style = link.getparent().find(f"{W}pPr/{W}pStyle")
        if "PAGEREF" not in instruction or (style is not None and style.get(f"{W}val").upper().startswith("TOC")):
            continue
        words = "".join(t.text or "" for t in link.iter(f"{W}t"))
        title = REFERENCE.match(words).group(1)
        bookmark = link.get(f"{W}anchor")
        assert instruction == f" PAGEREF {bookmark} \\h " and headings.get(bookmark) == title, (words, bookmark)
        found += 1
    assert found >= 10


@needs_office
def test_libreoffice_prints_the_page_of_each_heading(bundled, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(bundled / "central-asia.docx")],
                   check=True, capture_output=True, timeout=300)
    count, problems = unresolved(page_texts(tmp_path / "central-asia.pdf"))
    assert count >= 10 and problems == []
