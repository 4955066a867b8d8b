"""Every cross-reference of the regional pack resolves to where its target is printed. A later
use of an excerpt points to the excerpt's text: in the PDF its page is the page where that text
stands (a named destination there) and its link goes there; in the DOCX it is a PAGEREF to a
bookmark at the start of the text, and LibreOffice prints the page where it lays the text out.
A reference that names a section points to the section's heading, in both."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from readback import page_texts

from briefpack.document.model import Anchor, Cite, plain_text
from briefpack.document.walk import block_inlines, cross_references

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REFERENCE = re.compile(r"“([^”]+),” p\.\s(\d+)")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


def letters(text: str) -> str:
    """The letters and digits of ``text``: the same whether a line ends in a hyphen or runs on."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", ""))


def printed(texts: list[str]) -> Counter:
    """(the section named, the page given) of every reference the pages print."""
    return Counter((title, int(page)) for text in texts for title, page in REFERENCE.findall(" ".join(text.split())))


def holds_heading(texts: list[str], title: str, page: int) -> bool:
    """Whether page ``page`` holds the heading ``title`` (a line of its own, or its first line)."""
    target = texts[page - 1] if 0 < page <= len(texts) else ""
    return any(title.startswith(line.strip()) for line in target.splitlines()
               if len(line.strip()) >= min(len(title), 12))


def holds_text(texts: list[str], words: str, page: int) -> bool:
    """Whether page ``page`` holds the start of ``words`` (its first 40 letters)."""
    return 0 < page <= len(texts) and letters(words)[:40] in letters(texts[page - 1])


@pytest.fixture(scope="module")
def composed():
    """The regional pack's cross-references, and the words each Anchor stands at (up to the citation)."""
    from briefpack.briefs.read import load_brief
    from briefpack.compose.composer import compose_document
    from briefpack.compose.expand import expand_brief
    from briefpack.library.load import load_library

    library, _ = load_library(ROOT)
    [brief] = expand_brief(load_brief(ROOT / "briefs" / "central-asia.yaml"), library)
    document = compose_document(brief, library, root=ROOT, produced="2024-07-01", timestamp=0)
    words = {}
    for content in (c for block in document.blocks for c in block_inlines(block)):
        for i, node in enumerate(content):
            if isinstance(node, Anchor):
                end = next((j for j in range(i, len(content)) if isinstance(content[j], Cite)), len(content))
                words[node.name] = plain_text(content[i:end])
    return list(cross_references(document)), words


def test_a_later_use_of_an_excerpt_points_to_its_text(composed):
    refs, words = composed
    assert all(ref.target in words for ref in refs if ref.keys)  # no excerpt's reference points to a heading
    assert sum(1 for ref in refs if ref.target in words) >= 20
    assert all(len(letters(w)) >= 40 for w in words.values())  # enough words to find the text by


def test_every_reference_in_the_pdf_gives_the_page_of_its_target(bundled, composed):
    import pikepdf

    refs, words = composed
    texts = page_texts(bundled / "central-asia.pdf")
    with pikepdf.open(bundled / "central-asia.pdf") as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        dests = {str(name)[1:]: index[dest[0].objgen] for name, dest in pdf.Root.Dests.items()}
    at = {name: dests[f"at-{name}"] for name in words}  # each Anchor's destination, where it is drawn
    assert all(holds_text(texts, words[name], page) for name, page in at.items()), at
    found = printed(texts)
    assert sum(found.values()) == len(refs)
    anchored = Counter((ref.text, at[ref.target]) for ref in refs if ref.target in words)
    assert anchored <= found  # each later use of an excerpt: the page where its text stands
    rest = found - anchored  # the others: the page of the heading they name
    assert sum(rest.values()) == len(refs) - sum(anchored.values())
    assert [(title, page) for title, page in rest if not holds_heading(texts, title, page)] == []


def test_every_reference_in_the_pdf_links_to_its_target(bundled, composed):
    import pikepdf

    _, words = composed
    texts = page_texts(bundled / "central-asia.pdf")
    checked = Counter()
    with pikepdf.open(bundled / "central-asia.pdf") as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        points = {(dest[0].objgen, *map(float, dest[2:4])): str(name)[len("/at-"):]
                  for name, dest in pdf.Root.Dests.items() if str(name).startswith("/at-")}
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", []):
                contents = str(annot.get("/Contents", ""))
                if not contents.startswith("Section: ") or "/Dest" not in annot:
                    continue
                target = index[annot.Dest[0].objgen]
                name = points.get((annot.Dest[0].objgen, *map(float, annot.Dest[2:4])))
                if name is not None:
                    assert holds_text(texts, words[name], target), (number, name, target)
                else:
                    assert holds_heading(texts, contents[len("Section: "):], target), (number, contents, target)
                checked[name is not None] += 1
    assert checked[True] >= 20 and checked[False] >= 3


def docx_references(docx) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(the section named, the bookmark) of every PAGEREF in the body's text, and each bookmark's
    text: a heading's words, or those that follow a point in its paragraph."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    marks = {}
    for start in root.iter(f"{W}bookmarkStart"):
        p, name, end = start.getparent(), start.get(f"{W}name"), start.getnext()
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val").startswith("Heading"):
            marks[name] = "".join(t.text or "" for t in p.iter(f"{W}t"))
        elif end is not None and end.tag == f"{W}bookmarkEnd":
            marks[name] = "".join(t.text or "" for e in start.itersiblings() for t in e.iter(f"{W}t"))
    refs = []
    for link in root.iter(f"{W}hyperlink"):
        instruction = "".join(t.text for t in link.iter(f"{W}instrText"))
        style = link.getparent().find(f"{W}pPr/{W}pStyle")
        if "PAGEREF" not in instruction or (style is not None and style.get(f"{W}val").upper().startswith("TOC")):
            continue
        bookmark = link.get(f"{W}anchor")
        assert instruction == f" PAGEREF {bookmark} \\h " and bookmark in marks, (instruction, bookmark)
        refs.append((REFERENCE.match("".join(t.text or "" for t in link.iter(f"{W}t"))).group(1), bookmark))
    return refs, marks


def test_every_reference_in_the_docx_is_a_pageref_to_a_bookmark_on_its_target(bundled, composed):
    refs, words = composed
    found, marks = docx_references(bundled / "central-asia.docx")
    assert [title for title, _ in found] == [ref.text for ref in refs]
    for (title, bookmark), ref in zip(found, refs):
        if ref.target in words:  # a point before the excerpt's text
            assert letters(marks[bookmark]).startswith(letters(words[ref.target])[:40]), (bookmark, marks[bookmark])
        else:
            assert marks[bookmark] == title


@needs_office
def test_libreoffice_prints_the_page_of_each_target(bundled, composed, tmp_path):
    """Laid out by LibreOffice (its bookmarks kept as named destinations), each reference gives
    the page where its bookmark stands, which holds the heading or the excerpt's text."""
    import pikepdf

    export = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    export, "--outdir", str(tmp_path), str(bundled / "central-asia.docx")],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "central-asia.pdf"
    texts = page_texts(pdf)
    with pikepdf.open(pdf) as opened:
        index = {page.obj.objgen: n for n, page in enumerate(opened.pages, 1)}
        dests = {str(name)[1:]: index[dest[0].objgen] for name, dest in opened.Root.Dests.items()}
    refs, marks = docx_references(bundled / "central-asia.docx")
    expected = Counter()
    for title, bookmark in refs:
        page = dests[bookmark.replace("_", "5F")]  # LibreOffice writes a name's "_" as "5F"
        if marks[bookmark] == title:
            assert holds_heading(texts, title, page), (title, page)
        else:
            assert holds_text(texts, marks[bookmark], page), (bookmark, page)
        expected[(title, page)] += 1
    assert sum(1 for title, b in refs if marks[b] != title) >= 20
    assert printed(texts) == expected
    # the same document as the PDF: as many currency marks
    ours = page_texts(bundled / "central-asia.pdf")
    assert sum(t.count("\u2020") for t in texts) == sum(t.count("\u2020") for t in ours)
