"""Cross-references in the DOCX: a bookmark on the heading, an internal link holding the
words and a PAGEREF field to the bookmark; LibreOffice prints the page the heading is on."""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from readback import page_texts

from briefpack.document.model import (Anchor, BulletList, CrossRef, Document, Heading, Meta, PageBreak, Paragraph, Table,
                                      TableOfContents, Text)
from briefpack.writers import WriterOptions
from briefpack.writers.docx.writer import write_docx

needs_office = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice or poppler-utils missing")

FILLER = ("Border posts along the Ferghana valley were reinforced after the spring incidents, and the "
          "ministries of the three states exchanged notes on water, trade and the movement of people. ") * 3
COUNTRIES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"]
LONG = "Islamic State Khorasan Province and the groups that broke away from the Islamic Movement of Uzbekistan"


def anchor(name: str) -> str:
    return f"sec-{len(name)}-{name.lower().replace(' ', '-')}"


def document(house_style: str = "us") -> Document:
    blocks: list = [TableOfContents(), PageBreak()]
    for i, name in enumerate(COUNTRIES + [LONG]):
        blocks.append(Heading(1, [Text(name)], anchor=anchor(name)))
        if i == 0:
            blocks.append(Paragraph([Text("The outlook stands under "), CrossRef(anchor("Uzbekistan"), "Uzbekistan"),
                                     Text(".")]))
        blocks += [Paragraph([Text(FILLER)]) for _ in range(8)]
        if i:
            blocks.append(Paragraph([Text("See also "), CrossRef(anchor("Kazakhstan"), "Kazakhstan"), Text(".")]))
            blocks.append(BulletList([[Text("IS: see "), CrossRef(anchor(COUNTRIES[i - 1]), COUNTRIES[i - 1])]]))
    blocks.append(Table(header=[[Text("Group")], [Text("Where")]],
                        rows=[[[Text("ISKP")], [Text("see "), CrossRef(anchor(LONG), LONG)]]]))
    meta = Meta(title="Central Asia", marking="TLP:CLEAR", timestamp=1719878400, house_style=house_style)
    return Document(meta, blocks)


def written(tmp_path, house_style: str = "us"):
    path = tmp_path / f"xref-{house_style}.docx"
    write_docx(document(house_style), path, WriterOptions())
    return path


def references(path) -> list[tuple[str, str, str, str]]:
    """(words before the field, its bookmark, the field's instruction, its cached result) of
    every internal link holding a PAGEREF field in the body (the contents' entries left out)."""
    body = docx.Document(str(path)).element.body
    out = []
    for link in body.iter(qn("w:hyperlink")):
        style = link.getparent().find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")).upper().startswith("TOC"):
            continue
        runs = list(link.iter(qn("w:r")))
        kinds = [r.find(qn("w:fldChar")).get(qn("w:fldCharType")) for r in runs if r.find(qn("w:fldChar")) is not None]
        assert kinds == ["begin", "separate", "end"]
        instruction = "".join(t.text for t in link.iter(qn("w:instrText")))
        begin = next(i for i, r in enumerate(runs) if r.find(qn("w:fldChar")) is not None)
        separate = next(i for i, r in enumerate(runs) if r.find(qn("w:fldChar")) is not None
                        and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate")
        words = "".join(t.text for r in runs[:begin] for t in r.iter(qn("w:t")))
        cached = "".join(t.text for r in runs[separate + 1:] for t in r.iter(qn("w:t")))
        out.append((words, link.get(qn("w:anchor")), instruction, cached))
    return out


def bookmarks(path) -> dict[str, str]:
    """Bookmark name -> the text of the paragraph it is on."""
    body = docx.Document(str(path)).element.body
    out = {}
    for start in body.iter(qn("w:bookmarkStart")):
        p = start.getparent()
        out[start.get(qn("w:name"))] = "".join(t.text for t in p.iter(qn("w:t")))
    return out


def test_each_reference_is_a_link_and_a_pageref_to_its_headings_bookmark(tmp_path):
    path = written(tmp_path)
    marks = bookmarks(path)
    found = references(path)
    assert len(found) == 1 + 2 * len(COUNTRIES) + 1
    for words, bookmark, instruction, cached in found:
        title = re.fullmatch(r"(?:)“(.+),” p.\xa0", words).group(1)
        assert marks[bookmark] == title  # the bookmark stands on the heading the words name
        assert instruction == f" PAGEREF {bookmark} \\h "
        assert cached.isdigit()  # shown until the field is updated
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", bookmark)  # a name Word takes
    assert any(len(b) == 40 for _, b, _, _ in found)  # the long heading's name cut to 40 characters


def test_british_style_puts_the_comma_outside(tmp_path):
    words = [w for w, _, _, _ in references(written(tmp_path, "british"))]
    assert "‘Kazakhstan’, p.\xa0" in words and not any("“" in w for w in words)


def test_a_reference_reads_as_one_sentence(tmp_path):
    text = [p.text for p in docx.Document(str(written(tmp_path))).paragraphs]
    assert any(re.fullmatch(r"See also “Kazakhstan,” p.\xa0\d+\.", t) for t in text)
    assert any(re.fullmatch(r"The outlook stands under “Uzbekistan,” p.\xa0\d+\.", t) for t in text)


@needs_office
def test_libreoffice_prints_the_page_where_each_heading_stands(tmp_path):
    path = written(tmp_path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo"), str(path)], check=True, capture_output=True, timeout=180)
    texts = page_texts(tmp_path / "lo" / (path.stem + ".pdf"))
    headings = {}
    for number, text in enumerate(texts, 1):
        for name in COUNTRIES:
            if number > 2 and re.search(rf"^{name}$", text, re.M):
                headings.setdefault(name, number)
    assert len(headings) == len(COUNTRIES)
    found = re.findall(r"“(\w+),” p.\s(\d+)", " ".join(" ".join(t.split()) for t in texts[2:]))
    assert len(found) == 1 + 2 * len(COUNTRIES)  # those to the long heading apart
    assert all(int(page) == headings[name] for name, page in found), (found, headings)


# ---------------------------------------------------------------- references to a point of the text
RAID = "Police detained nine men in a raid on a flat in Almaty"
QUOTE = "The cell recruited its members through closed channels run from abroad"


def anchored_document() -> Document:
    """A section of several pages whose excerpts stand on its third page and later; a later
    section refers to them, and to the section as a whole."""
    filler = [Paragraph([Text(FILLER)]) for _ in range(16)]
    blocks: list = [TableOfContents(), PageBreak(), Heading(1, [Text("Kazakhstan")], anchor="sec-kazakhstan"),
                    *filler, Paragraph([Anchor("text-raid"), Text(RAID + ".")]), *filler[:4],
                    BulletList([[Text("Earlier: "), Anchor("text-quote"), Text(QUOTE + ".")]]),
                    Heading(1, [Text("Kyrgyzstan")], anchor="sec-kyrgyzstan"),
                    Paragraph([Text("Orda, March 2024: see "), CrossRef("text-raid", "Kazakhstan"), Text(".")]),
                    BulletList([[Text("Webber: see "), CrossRef("text-quote", "Kazakhstan")]]),
                    Table(header=[[Text("Date")], [Text("Arrest")]],
                          rows=[[[Text("2024")], [Text("see "), CrossRef("text-raid", "Kazakhstan"), Text(".")]]]),
                    Paragraph([Text("The section as a whole: "), CrossRef("sec-kazakhstan", "Kazakhstan"), Text(".")])]
    return Document(Meta(title="Central Asia", marking="TLP:CLEAR", timestamp=1719878400), blocks)


def test_a_reference_to_a_point_of_the_text_is_a_pageref_to_a_bookmark_there(tmp_path):
    path = tmp_path / "anchored.docx"
    write_docx(anchored_document(), path, WriterOptions())
    body = docx.Document(str(path)).element.body
    after, points = {}, set()  # bookmark -> the text that follows its start in its paragraph; those of a point
    for start in body.iter(qn("w:bookmarkStart")):
        after[start.get(qn("w:name"))] = "".join(t.text for e in start.itersiblings() for t in e.iter(qn("w:t")))
        end = start.getnext()
        if end.tag == qn("w:bookmarkEnd") and end.get(qn("w:id")) == start.get(qn("w:id")):
            points.add(start.get(qn("w:name")))
    assert len({s.get(qn("w:id")) for s in body.iter(qn("w:bookmarkStart"))}) == len(after)  # ids unique too
    found = references(path)
    assert len(found) == 4
    targets = [bookmark for _, bookmark, _, _ in found]
    assert after[targets[0]] == RAID + "." and after[targets[2]] == RAID + "."
    assert after[targets[1]] == QUOTE + "."
    assert after[targets[3]] == "Kazakhstan"  # the heading's own bookmark
    assert points == {targets[0], targets[1]}  # the Anchors: a point before their text
    for words, bookmark, instruction, cached in found:
        assert words == "“Kazakhstan,” p.\xa0" and instruction == f" PAGEREF {bookmark} \\h " and cached.isdigit()
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", bookmark)


@needs_office
def test_libreoffice_prints_the_page_where_the_text_referred_to_stands(tmp_path, monkeypatch):
    from briefpack.writers.docx import references as docx_references

    monkeypatch.setattr(docx_references, "estimate_pages", lambda *args: {})  # no estimate: "?" until computed
    path = tmp_path / "anchored.docx"
    write_docx(anchored_document(), path, WriterOptions())
    assert {cached for _, _, _, cached in references(path)} == {"?"}
    texts = office_pages(path, tmp_path)
    joined = [" ".join(t.split()) for t in texts]
    heading = next(n for n, t in enumerate(texts, 1) if n > 2 and re.search(r"^Kazakhstan$", t, re.M))
    raid = next(n for n, t in enumerate(joined, 1) if RAID in t)
    quote = next(n for n, t in enumerate(joined, 1) if QUOTE in t)
    assert raid >= heading + 2  # the section runs over three pages or more
    text = " ".join(joined)
    assert f"Orda, March 2024: see “Kazakhstan,” p. {raid}." in text
    assert f"Webber: see “Kazakhstan,” p. {quote}" in text
    assert f"2024 see “Kazakhstan,” p. {raid}." in text
    assert f"The section as a whole: “Kazakhstan,” p. {heading}." in text


def office_pages(path, tmp_path) -> list[str]:
    """The text of each page of ``path`` as LibreOffice lays it out."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo"), str(path)], check=True, capture_output=True, timeout=180)
    return page_texts(tmp_path / "lo" / (path.stem + ".pdf"))
