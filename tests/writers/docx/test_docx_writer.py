"""The DOCX writer, read back as a reader would: python-docx, zipfile + lxml,
pandoc, LibreOffice (to PDF) and openxml-audit."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt, RGBColor
from lxml import etree

from briefpack.errors import BuildError
from briefpack.document.model import (
    BulletList,
    Cite,
    Document,
    Heading,
    Link,
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Table,
    TableOfContents,
    Text,
)
from briefpack.document.walk import iter_notes
from briefpack.writers import WriterOptions, write_document
from briefpack.writers.docx.writer import write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
HOSTILE = "<b>bold?</b> & {{ name }} <unclosed **md** _x_ Привет oʻzbek tilida gʻalaba"
LONG_URL = "https://example.org/" + "a" * 300


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- fixtures
class Numbers:
    def __init__(self):
        self.n = 0

    def note(self, *content) -> Note:
        self.n += 1
        return Note(self.n, tuple(content) or (Text(f"Note text {self.n}."),))


def sample_document(marking: str = "TLP:AMBER") -> Document:
    """Notes in every kind of block that can hold one."""
    n = Numbers()
    meta = Meta(
        title="Central Asia Brief", subtitle="Weekly update", marking=marking,
        as_of="June 30, 2024", produced="July 2, 2024", organization="Example Analysis Unit",
        authors=["Ann Analyst", "Bob Reviewer"], subject="ISKP recruitment",
        keywords=["ISKP", "Uzbekistan"], timestamp=1719878400,
    )
    blocks = [
        TableOfContents(),
        PageBreak(),
        Heading(1, [Text("Key Judgments"), n.note(Text("Note in a heading."))], anchor="key-judgments"),
        Paragraph([Text("We judge it likely that recruitment continues."),
                   n.note(Text("Smith, \u201cRecruiting Online,\u201d "), Text("The Diplomat", italic=True),
                          Text(", June 1, 2024, para. 3."))], style="lead"),
        Heading(2, [Text("Background")], anchor="background"),
        Paragraph([Text("Plain "), Text("bold", bold=True), Text(" and "), Text("italic", italic=True),
                   Text(" with a "), Link("link", "https://example.org/a"), n.note()]),
        Quote([Text("A quoted passage of source text."), n.note(Text("Quoted from "),
                                                              Link("the source", "https://example.org/q"))]),
        BulletList([[Text("First point"), n.note()], [Text("Second point")]]),
        BulletList([[Text("Step one")], [Text("Step two")]], ordered=True),
        BulletList([[Text("Again one")], [Text("Again two")]], ordered=True),
        Heading(3, [Text("Details")], anchor="details"),
        Table(header=[[Text("Date")], [Text("Event")]],
              rows=[[[Text("2024-06-01")], [Text("Arrests"), n.note()]],
                    [[Text("2024-06-02")], [Text("Statement")]]],
              widths=[0.25, 0.75], caption="Table 1. Events"),
        Heading(2, [Text("Hidden from contents")], anchor="hidden", in_toc=False),
        Paragraph([Text("Annex entry")], style="small"),
    ]
    return Document(meta, blocks)


@pytest.fixture
def written(tmp_path):
    document = sample_document()
    path = tmp_path / "brief.docx"
    stats = write_docx(document, path, WriterOptions())
    return document, path, stats


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def text_of(element) -> str:
    return "".join(element.itertext())


def footnotes(path: Path):
    return part(path, "word/footnotes.xml").findall("w:footnote", NS)


# ---------------------------------------------------------------- footnotes
def test_footnotes_part_has_separators_and_notes_in_order(written):
    document, path, stats = written
    notes = list(iter_notes(document))
    found = footnotes(path)
    assert [(f.get(w("type")), f.get(w("id"))) for f in found[:2]] == [
        ("separator", "-1"), ("continuationSeparator", "0")]
    assert found[0].find(".//w:separator", NS) is not None
    assert found[1].find(".//w:continuationSeparator", NS) is not None
    ordinary = found[2:]
    assert [f.get(w("id")) for f in ordinary] == [str(n.number) for n in notes]
    for element, note in zip(ordinary, notes):
        p = element.find("w:p", NS)
        assert p.find("w:pPr/w:pStyle", NS).get(w("val")) == "FootnoteText"
        first_run = p.find("w:r", NS)
        assert first_run.find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"
        assert first_run.find("w:footnoteRef", NS) is not None
        expected = "".join(i.text for i in note.content)
        assert text_of(p).strip() == expected
    assert stats == {"notes": len(notes), "pages": None}


def test_body_references_every_note_once(written):
    document, path, _ = written
    body = part(path, "word/document.xml")
    refs = body.findall(".//w:footnoteReference", NS)
    assert [r.get(w("id")) for r in refs] == [str(n.number) for n in iter_notes(document)]
    for ref in refs:
        assert ref.getparent().find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"
    # notes sit in a heading, a quote, a list item and a table cell
    holders = {ref.getparent().getparent().find("w:pPr/w:pStyle", NS) is not None
               and ref.getparent().getparent().find("w:pPr/w:pStyle", NS).get(w("val")) for ref in refs}
    assert {"Heading1", "Quote", "ListBullet"} <= holders
    assert any(ref.xpath("ancestor::w:tc", namespaces=NS) for ref in refs)


def test_italic_publication_in_note(written):
    _, path, _ = written
    runs = footnotes(path)[3].findall(".//w:r", NS)
    italic = [text_of(r) for r in runs if r.find("w:rPr/w:i", NS) is not None]
    assert italic == ["The Diplomat"]


def test_link_in_note_is_related_from_the_footnotes_part(written):
    _, path, _ = written
    link = footnotes(path)[5].find(".//w:hyperlink", NS)
    rid = link.get(f"{{{NS['r']}}}id")
    rels = part(path, "word/_rels/footnotes.xml.rels")
    targets = {r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in rels}
    assert targets[rid] == ("https://example.org/q", "External")


# ---------------------------------------------------------------- styles
def test_styles_exist(written):
    _, path, _ = written
    styles = part(path, "word/styles.xml")
    by_id = {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}
    for sid in ("FootnoteText", "TOC1", "TOC2", "Heading1", "Heading2", "Heading3", "Quote",
                "ListBullet", "ListNumber", "Lead", "Small", "TableGrid", "Hyperlink"):
        assert sid in by_id, sid
    ref = by_id["FootnoteReference"]
    assert ref.get(w("type")) == "character"
    assert ref.find("w:rPr/w:vertAlign", NS).get(w("val")) == "superscript"
    assert by_id["Quote"].find("w:pPr/w:ind", NS) is not None  # set off by indentation


def test_paragraph_styles_used(written):
    _, path, _ = written
    d = docx.Document(str(path))
    styles = {p.style.name for p in d.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "Lead", "Small", "Quote", "List Bullet",
            "List Number", "toc 1", "toc 2", "Title", "Subtitle"} <= styles


def test_ordered_lists_restart(written):
    _, path, _ = written
    body = part(path, "word/document.xml")
    ids = []
    for p in body.findall(".//w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(w("val")) == "ListNumber":
            ids.append(p.find("w:pPr/w:numPr/w:numId", NS).get(w("val")))
    assert len(ids) == 4 and ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    numbering = part(path, "word/numbering.xml")
    for num_id in (ids[0], ids[2]):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(w("val")) == "1"


# ---------------------------------------------------------------- cover, header, footer
def test_cover_page(written):
    document, path, _ = written
    d = docx.Document(str(path))
    texts = []
    for p in d.paragraphs:
        texts.append(p.text)
        if p.runs and any(r.element.find(w("br")) is not None for r in p.runs):
            break
    cover = "\n".join(texts)
    for expected in ("Central Asia Brief", "Weekly update", "Example Analysis Unit", "TLP:AMBER",
                     "Information as of June 30, 2024", "Produced July 2, 2024", "Ann Analyst"):
        assert expected in cover


@pytest.mark.parametrize("marking, colour", [
    ("TLP:RED", "FF2B2B"), ("TLP:AMBER+STRICT", "FFC000"), ("TLP:AMBER", "FFC000"),
    ("TLP:GREEN", "33FF00"), ("TLP:CLEAR", "FFFFFF"),
])
def test_marking_in_header_and_footer(tmp_path, marking, colour):
    path = tmp_path / "m.docx"
    write_docx(sample_document(marking), path, WriterOptions())
    for name in ("word/header1.xml", "word/footer1.xml"):
        story = part(path, name)
        label = [p for p in story.findall("w:p", NS) if marking in text_of(p)]
        assert len(label) == 1, name
        p = label[0]
        if name == "word/header1.xml":  # the running title, then the label at a right tab stop
            assert text_of(p).strip("\u00a0 ") == "Central Asia Brief" + "\u00a0" + marking
            stops = {tab.get(w("val")): tab.get(w("pos")) for tab in p.findall("w:pPr/w:tabs/w:tab", NS)}
            assert stops["right"] and set(stops) == {"right", "clear"}  # the header style's stops cleared
            assert p.find("w:r/w:tab", NS) is not None
        else:
            assert text_of(p).strip("\u00a0 ") == marking
            assert p.find("w:pPr/w:jc", NS).get(w("val")) == "right"
        rpr = p.findall("w:r/w:rPr", NS)[-1]
        assert int(rpr.find("w:sz", NS).get(w("val"))) >= 24  # half-points: 12 pt or more
        assert rpr.find("w:color", NS).get(w("val")) == colour
        assert rpr.find("w:shd", NS).get(w("fill")) == "000000"
    footer = part(path, "word/footer1.xml")
    instructions = [i.text.strip() for i in footer.iter(w("instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    shown = "".join(t.text for t in footer.iter(w("t")))
    assert "Page 1 of 1" in shown


# ---------------------------------------------------------------- table of contents
def test_toc_cached_result_links_to_heading_bookmarks(written):
    document, path, _ = written
    body = part(path, "word/document.xml")
    instr = [i.text for i in body.iter(w("instrText")) if "TOC" in i.text]
    assert instr == [' TOC \\o "1-3" \\h \\z \\u ']
    bookmarks = {b.get(w("name")): b for b in body.iter(w("bookmarkStart"))}
    links = [h for h in body.iter(w("hyperlink")) if h.get(w("anchor"))]
    # each entry: the heading's text, a tab, a PAGEREF field with a cached page number
    entries = [([t.text for t in h.iter(w("t"))], h.get(w("anchor"))) for h in links]
    assert [e[0][0] for e in entries] == ["Key Judgments", "Background"]
    assert all(e[0][1].isdigit() and int(e[0][1]) >= 2 for e in entries)
    assert all(h.find("w:r/w:tab", NS) is not None for h in links)
    for _, anchor in entries:
        start = bookmarks[anchor]
        heading = start.getparent()
        assert heading.find("w:pPr/w:pStyle", NS).get(w("val")).startswith("Heading")
        ends = [e for e in heading.iter(w("bookmarkEnd")) if e.get(w("id")) == start.get(w("id"))]
        assert ends
    styles = [h.getparent().find("w:pPr/w:pStyle", NS).get(w("val")) for h in links]
    assert styles == ["TOC1", "TOC2"]
    settings = part(path, "word/settings.xml")
    assert settings.find("w:updateFields", NS) is None
    fld = [c.get(w("fldCharType")) for c in body.iter(w("fldChar"))]
    assert fld.count("begin") == fld.count("end")


def test_bookmark_names_are_valid_and_unique(tmp_path):
    anchors = ["1-intro", "intro", "intro", "x" * 80, "", "über–résumé"]
    blocks = [TableOfContents()] + [Heading(1, [Text(f"H{i}")], anchor=a) for i, a in enumerate(anchors)]
    path = tmp_path / "b.docx"
    write_docx(Document(Meta(title="t"), blocks), path, WriterOptions())
    names = [b.get(w("name")) for b in part(path, "word/document.xml").iter(w("bookmarkStart"))]
    assert len(names) == len(set(n.lower() for n in names)) == len(anchors)
    for name in names:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name


def test_twenty_thousand_headings_of_one_long_anchor_get_bookmarks_at_once():
    """Identical titles make anchors that differ only past a bookmark's 40 characters."""
    import time

    from briefpack.writers.docx.fields import Bookmarks

    bookmarks = Bookmarks()
    anchor = "sec-1-excerpts-the-same-rather-long-heading-repeated"
    started = time.perf_counter()
    names = [bookmarks.name_for(f"{anchor}-{i}", "x") for i in range(20_000)]
    assert time.perf_counter() - started < 2  # counted from the start each time, this took minutes
    assert len(set(n.lower() for n in names)) == 20_000
    assert names[0] == anchor[:40].replace("-", "_") and names[-1] == anchor[:34].replace("-", "_") + "_20000"
    assert all(len(n) <= 40 for n in names)


# ---------------------------------------------------------------- tables
def test_tables(written):
    _, path, _ = written
    body = part(path, "word/document.xml")
    tbl = body.find(".//w:tbl", NS)
    assert tbl.find("w:tblPr/w:tblStyle", NS).get(w("val")) == "TableGrid"
    assert [m.get(w("w")) for m in tbl.find("w:tblPr/w:tblCellMar", NS)] == ["40", "40"]
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    widths = [int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert widths[1] == pytest.approx(3 * widths[0], rel=0.01)
    assert [text_of(c) for c in rows[0].findall("w:tc", NS)] == ["Date", "Event"]
    d = docx.Document(str(path))
    assert d.tables[0].cell(1, 1).text == "Arrests"


# ---------------------------------------------------------------- properties, reproducibility
def test_core_properties(written):
    document, path, _ = written
    props = docx.Document(str(path)).core_properties
    assert props.title == "Central Asia Brief"
    assert props.subject == "ISKP recruitment"
    assert props.author == "Ann Analyst; Bob Reviewer"
    assert props.keywords == "ISKP, Uzbekistan"
    moment = dt.datetime.fromtimestamp(document.meta.timestamp, dt.timezone.utc).replace(tzinfo=None)
    assert props.created.replace(tzinfo=None) == moment == dt.datetime(2024, 7, 2)
    assert props.modified.replace(tzinfo=None) == moment
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
    assert core.count("2024-07-02T00:00:00Z") == 2


@pytest.mark.parametrize("language, expected", [("en", "en-US"), ("en-GB", "en-GB"), ("ru", "ru"),
                                                ("uz_Latn", "uz-Latn")])
def test_text_language_is_the_default_run_language(tmp_path, language, expected):
    document = sample_document()
    document.meta.language = language
    path = tmp_path / "lang.docx"
    write_docx(document, path, WriterOptions())
    langs = part(path, "word/styles.xml").findall("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert [lang.get(w("val")) for lang in langs] == [expected]


def test_two_writes_are_byte_identical(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(sample_document(), a, WriterOptions())
    write_docx(sample_document(), b, WriterOptions())
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(2024, 7, 2, 0, 0, 0)}


def test_registry_dispatches_to_docx(tmp_path):
    stats = write_document(sample_document(), "docx", tmp_path / "r.docx", WriterOptions())
    assert stats == {"notes": 6, "pages": None}


# ---------------------------------------------------------------- hostile text
def test_hostile_text_comes_out_literally(tmp_path):
    dirty = "ok\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\ud800done"
    blocks = [
        Heading(1, [Text(HOSTILE)], anchor="<h>&"),
        Paragraph([Text(HOSTILE), Text(dirty), Note(1, (Text(HOSTILE), Text(dirty, italic=True)))]),
        Paragraph([Link(LONG_URL, LONG_URL), Text(" " + "w" * 300)]),
        Table(header=[[Text(HOSTILE)]], rows=[[[Text(dirty)]]]),
    ]
    meta = Meta(title=HOSTILE + dirty, authors=[HOSTILE], subtitle="</w:t><w:r>")
    path = tmp_path / "h.docx"
    write_docx(Document(meta, blocks), path, WriterOptions())
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    assert texts.count(HOSTILE) >= 2  # title... and the heading
    assert HOSTILE + "okdone" in texts
    assert "</w:t><w:r>" in texts
    assert d.tables[0].cell(0, 0).text == HOSTILE and d.tables[0].cell(1, 0).text == "okdone"
    note = text_of(footnotes(path)[2]).strip()
    assert note == HOSTILE + "okdone"
    assert d.core_properties.title == HOSTILE + "okdone"
    body = part(path, "word/document.xml")
    assert LONG_URL in text_of(body)
    rels = part(path, "word/_rels/document.xml.rels")
    assert LONG_URL in [r.get("Target") for r in rels]


def test_tabs_and_newlines_become_word_breaks(tmp_path):
    path = tmp_path / "t.docx"
    write_docx(Document(Meta(title="t"), [Paragraph([Text("a\tb\nc\r\nd")])]), path, WriterOptions())
    body = part(path, "word/document.xml")
    run = [r for r in body.iter(w("r")) if "a" == (r.findtext("w:t", namespaces=NS) or "")][0]
    assert [etree.QName(c).localname for c in run] == ["t", "tab", "t", "br", "t", "br", "t"]


# ---------------------------------------------------------------- reference document
def make_reference(path: Path, *, first_page_header: bool = False) -> Path:
    ref = docx.Document()
    h1 = ref.styles["Heading 1"]
    h1.font.name = "Courier New"
    h1.font.color.rgb = RGBColor(0x7F, 0x00, 0xFF)
    h1.font.size = Pt(23)
    ref.sections[0].header.paragraphs[0].text = "House Name Ltd"
    if first_page_header:
        ref.sections[0].different_first_page_header_footer = True
        ref.sections[0].first_page_header.paragraphs[0].text = "First page house line"
    ref.add_paragraph("Body text of the reference document, to be dropped")
    ref.save(str(path))
    return path


def test_reference_doc_styles_are_taken(tmp_path):
    ref = make_reference(tmp_path / "ref.docx")
    out = tmp_path / "out.docx"
    write_docx(sample_document(), out, WriterOptions(reference_doc=ref))
    styles = part(out, "word/styles.xml")
    h1 = styles.find("w:style[@w:styleId='Heading1']", NS)
    assert h1.find("w:rPr/w:rFonts", NS).get(w("ascii")) == "Courier New"
    assert h1.find("w:rPr/w:color", NS).get(w("val")) == "7F00FF"
    assert h1.find("w:rPr/w:sz", NS).get(w("val")) == "46"
    ids = {s.get(w("styleId")) for s in styles.findall("w:style", NS)}
    assert {"FootnoteText", "FootnoteReference", "TOC1", "TOC2", "Lead", "Small"} <= ids
    d = docx.Document(str(out))
    assert "Body text of the reference document, to be dropped" not in [p.text for p in d.paragraphs]
    header = text_of(part(out, "word/header1.xml"))
    assert "House Name Ltd" in header and "TLP:AMBER" in header


def test_reference_doc_first_page_header_gets_marking(tmp_path):
    ref = make_reference(tmp_path / "ref.docx", first_page_header=True)
    out = tmp_path / "out.docx"
    write_docx(sample_document(), out, WriterOptions(reference_doc=ref))
    d = docx.Document(str(out))
    section = d.sections[0]
    assert section.different_first_page_header_footer
    for story in (section.header, section.first_page_header, section.footer, section.first_page_footer):
        assert "TLP:AMBER" in "".join(p.text for p in story.paragraphs)
    assert "First page house line" in "".join(p.text for p in section.first_page_header.paragraphs)


def test_reference_doc_with_footnotes_part_is_reused(tmp_path):
    ref = tmp_path / "ref.docx"
    write_docx(sample_document(), ref, WriterOptions())  # a .docx that has notes of its own
    one = Document(Meta(title="One note", timestamp=1), [Paragraph([Text("x"), Note(1, (Text("Only note"),))])])
    out = tmp_path / "out.docx"
    assert write_docx(one, out, WriterOptions(reference_doc=ref)) == {"notes": 1, "pages": None}
    with zipfile.ZipFile(out) as z:
        assert [n for n in z.namelist() if "footnotes" in n and n.endswith(".xml")] == ["word/footnotes.xml"]
        types = z.read("[Content_Types].xml").decode()
    assert types.count("footnotes+xml") == 1
    found = footnotes(out)
    assert [f.get(w("type")) for f in found] == ["separator", "continuationSeparator", None]
    assert text_of(found[2]).strip() == "Only note"
    # the reference's own marking and page numbers are replaced, not repeated
    footer = part(out, "word/footer1.xml")
    assert [i.text.strip() for i in footer.iter(w("instrText"))] == ["PAGE", "NUMPAGES"]
    assert text_of(footer).count("TLP:") == 1


def test_reference_doc_separators_numbered_from_zero(tmp_path):
    """LibreOffice numbers the separators 0 and 1: notes still get ids 1..n."""
    written_ref = tmp_path / "written.docx"
    write_docx(sample_document(), written_ref, WriterOptions())
    ref = tmp_path / "ref.docx"
    with zipfile.ZipFile(written_ref) as src, zipfile.ZipFile(ref, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/footnotes.xml":
                root = etree.fromstring(data)
                for note in root:
                    note.set(w("id"), {"-1": "0", "0": "1"}.get(note.get(w("id")), "9" + note.get(w("id"))))
                data = etree.tostring(root)
            elif name == "word/settings.xml":
                root = etree.fromstring(data)
                pr = etree.Element(w("footnotePr"))
                for i in ("0", "1"):
                    etree.SubElement(pr, w("footnote"), {w("id"): i})
                root.find("w:compat", NS).addprevious(pr)
                data = etree.tostring(root)
            dst.writestr(name, data)
    out = tmp_path / "out.docx"
    write_docx(sample_document(), out, WriterOptions(reference_doc=ref))
    assert [f.get(w("id")) for f in footnotes(out)] == ["-1", "0", "1", "2", "3", "4", "5", "6"]
    settings = part(out, "word/settings.xml")
    assert [f.get(w("id")) for f in settings.findall("w:footnotePr/w:footnote", NS)] == ["-1", "0"]
    refs = part(out, "word/document.xml").iter(w("footnoteReference"))
    assert [r.get(w("id")) for r in refs] == ["1", "2", "3", "4", "5", "6"]


@pytest.mark.parametrize("content", [b"", b"not a zip at all", None])
def test_invalid_reference_doc(tmp_path, content):
    ref = tmp_path / "house.docx"
    if content is not None:
        ref.write_bytes(content)
    with pytest.raises(BuildError) as info:
        write_docx(sample_document(), tmp_path / "out.docx", WriterOptions(reference_doc=ref))
    assert info.value.message.startswith("not a valid .docx: ")
    assert info.value.path == ref


def test_xlsx_is_not_a_reference_doc(tmp_path):
    ref = tmp_path / "sheet.docx"
    with zipfile.ZipFile(ref, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    with pytest.raises(BuildError, match="not a valid .docx"):
        write_docx(sample_document(), tmp_path / "out.docx", WriterOptions(reference_doc=ref))


# ---------------------------------------------------------------- other readers
def test_openxml_audit_reports_no_schema_errors(tmp_path, written):
    from openxml_audit import OpenXmlValidator

    ref = make_reference(tmp_path / "ref.docx", first_page_header=True)
    with_ref = tmp_path / "with_ref.docx"
    write_docx(sample_document(), with_ref, WriterOptions(reference_doc=ref))
    for path in (written[1], with_ref):
        result = OpenXmlValidator().validate(str(path))
        schema = [str(e) for e in result.errors if e.error_type.value == "schema"]
        assert schema == []
    assert OpenXmlValidator().validate(str(written[1])).errors == []


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_notes(written):
    document, path, _ = written
    out = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)],
                         check=True, capture_output=True, text=True).stdout

    def count(node) -> int:
        if isinstance(node, dict):
            return (node.get("t") == "Note") + sum(count(v) for v in node.values())
        if isinstance(node, list):
            return sum(count(v) for v in node)
        return 0

    assert count(json.loads(out)) == len(list(iter_notes(document)))


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils is not installed")
def test_libreoffice_puts_notes_at_the_foot_of_their_page(tmp_path):
    n = Numbers()
    filler = "The recruitment networks adapted their methods to new platforms. " * 12
    blocks = [TableOfContents(), PageBreak()]
    for i in range(1, 25):
        if i % 6 == 1:
            blocks.append(Heading(1, [Text(f"Section {i // 6 + 1}")], anchor=f"s{i}"))
        blocks.append(Paragraph([Text(filler + f"Marker{i}zz"), n.note(Text(f"Footnote{i}qq body."))]))
    path = tmp_path / "long.docx"
    write_docx(Document(Meta(title="Long", marking="TLP:GREEN"), blocks), path, WriterOptions())
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo_profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "long.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 4

    def page_of(word: str) -> int:
        found = [i for i, p in enumerate(pages) if word in p]
        assert len(found) == 1, word
        return found[0]

    for i in range(1, 25):
        page = page_of(f"Footnote{i}qq")
        assert page == page_of(f"Marker{i}zz")
        # the note is below the text on its page
        assert pages[page].index(f"Footnote{i}qq") > pages[page].index(f"Marker{i}zz")
    for page in pages[:-1]:
        assert "TLP:GREEN" in page and re.search(r"Page \d+ of \d+", page)
    # the contents page lists the headings before any field update, with their pages
    listed = dict(re.findall(r"(Section \d+)[ .]*(\d+)\s*$", pages[1], re.M))
    assert list(listed) == [f"Section {k}" for k in range(1, 5)]
    for title, page in listed.items():
        actual = [i + 1 for i, p in enumerate(pages) if i != 1 and re.search(rf"^\s*{title}\s*$", p, re.M)]
        assert actual and abs(int(page) - actual[0]) <= 1, (title, page, actual)


@pytest.mark.parametrize("block, message", [
    (Paragraph([Text("x"), Cite(("a-1", "b-2"))]), "citation a-1, b-2 was not resolved to a note"),
    ("not a block", "cannot write a str"),
])
def test_a_node_the_writer_has_no_clause_for_is_a_build_error(tmp_path, block, message):
    with pytest.raises(BuildError, match=message):
        write_docx(Document(Meta(title="T"), [block]), tmp_path / "x.docx", WriterOptions())


@pytest.mark.parametrize("paper, size", [("a4", (11906, 16838)), ("letter", (12240, 15840))])
def test_paper_size_and_print_margins_without_a_reference_doc(tmp_path, paper, size):
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx

    path = tmp_path / "p.docx"
    write_docx(sample_document(), path, WriterOptions(paper=paper))
    section = part(path, "word/document.xml").find(f".//{w('pgSz')}")
    assert (int(section.get(w("w"))), int(section.get(w("h")))) == size
    margins = part(path, "word/document.xml").find(f".//{w('pgMar')}")
    assert abs(int(margins.get(w("left"))) - 1247) <= 2  # 22 mm
    size_default = part(path, "word/styles.xml").find(f".//{w('rPrDefault')}//{w('sz')}")
    assert size_default.get(w("val")) == "21"  # 10.5 pt body, as the PDF


def test_the_package_holds_what_python_docx_would_save(tmp_path):
    """The DOCX is zipped once, from the members python-docx's own save would write: the same
    names, in the same order ([Content_Types].xml and the package relationships first), the same bytes."""
    import io

    from briefpack.writers.docx import writer as docx_writer
    from briefpack.writers.docx.package import save_reproducibly

    meta = Meta(title="One", marking="TLP:CLEAR", as_of="2024-06-30", produced="2024-07-01", authors=["A"],
                timestamp=1719792000)
    document = Document(meta, [Heading(1, [Text("Heading")]), Paragraph([Text("Text "), Note(1, (Text("A note."),))])])
    walk = docx_writer._DocxWriter(document, None)
    walk.write_body()
    save_reproducibly(walk.docx, tmp_path / "ours.docx", meta.timestamp)
    theirs = io.BytesIO()
    walk.docx.save(theirs)
    with zipfile.ZipFile(tmp_path / "ours.docx") as ours, zipfile.ZipFile(theirs) as saved:
        first = ["[Content_Types].xml", "_rels/.rels"]
        assert ours.namelist() == first + [n for n in saved.namelist() if n not in first]
        assert all(ours.read(name) == saved.read(name) for name in saved.namelist())
