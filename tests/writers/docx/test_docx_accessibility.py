"""The DOCX read back for what Word's accessibility checker and a screen reader need:
header rows, table titles, alt text, unbroken heading levels, the language of runs
in other scripts, the title."""

from __future__ import annotations

import zipfile

import docx
import pytest
from lxml import etree

from briefpack.document.model import (ChartPoint, Document, Figure, Heading, Meta, Note, Paragraph, Quote, Table,
                                      TableOfContents, Text)
from briefpack.writers import WriterOptions
from briefpack.writers.docx.writer import write_docx
from briefpack.writers.languages import language_runs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture"}
ARABIC = "قال المتحدث إن التنظيم يجند الشباب"
PERSIAN = "گروه داعش خراسان در افغانستان فعال است"
RUSSIAN = "Вербовка мигрантов продолжается"


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def accessible_document() -> Document:
    note = Note(1, (Text("Source, "), Text(ARABIC), Text(".")))
    chart = Figure("estimates", [Text("Estimates of fighters")],
                   [ChartPoint(300, label="Ministry, 2016", row="KZ"), ChartPoint(500, label="Soufan, 2017", row="KZ")],
                   alt="A bar chart of two estimates: 300 and 500 fighters.", axis="fighters", number=1)
    return Document(Meta(title="Accessible Brief", timestamp=1719878400), [
        TableOfContents(),
        Heading(1, [Text("Overview")], anchor="overview"),
        Heading(3, [Text("Skipped a level")], anchor="skipped"),  # written as level 2
        Paragraph([Text(f"The statement said: {ARABIC}."), note]),
        Quote([Text(PERSIAN)]),
        Paragraph([Text(f"A Russian source: {RUSSIAN}.")]),
        Table(header=[[Text("Year")], [Text("Count")]], rows=[[[Text("2016")], [Text("300")]]], caption=""),
        Table(header=[[Text("Name")]], rows=[[[Text("ISKP")]], [[Text("IMU")]]], caption="Table 2. Groups"),
        Heading(1, [Text("Figures")], anchor="figures"),
        chart,
    ])


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("a11y") / "brief.docx"
    write_docx(accessible_document(), path, WriterOptions())
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    return path, body, notes, styles


def test_every_table_has_a_header_row_a_title_and_a_summary(written):
    _, body, _, _ = written
    tables = body.findall(".//w:tbl", NS)
    assert len(tables) == 2
    for tbl in tables:
        assert tbl.find("w:tr[1]/w:trPr/w:tblHeader", NS) is not None
        assert tbl.find("w:tr[2]/w:trPr/w:tblHeader", NS) is None
    captions = [t.find("w:tblPr/w:tblCaption", NS).get(q("w:val")) for t in tables]
    descriptions = [t.find("w:tblPr/w:tblDescription", NS).get(q("w:val")) for t in tables]
    assert captions == ["Table: Year, Count", "Table 2. Groups"]
    assert descriptions == ["1 row; columns: Year, Count", "2 rows; columns: Name"]


def test_every_picture_has_a_description(written):
    _, body, _, _ = written
    pictures = body.findall(".//wp:docPr", NS)
    assert pictures, "the chart is a picture"
    assert [p.get("descr") for p in pictures] == ["A bar chart of two estimates: 300 and 500 fighters."]


def test_no_heading_level_is_skipped(written):
    levels = heading_levels(written[0])
    assert levels == [1, 2, 1]
    assert all(b <= a + 1 for a, b in zip([0] + levels, levels))


def runs_of(element):
    for r in element.iter(q("w:r")):
        yield "".join(t.text or "" for t in r.iter(q("w:t"))), r.find("w:rPr/w:lang", NS)


def test_every_arabic_script_run_carries_its_language(written):
    _, body, notes, _ = written
    seen = {}
    for element in (body, notes):
        for text, lang in runs_of(element):
            if any("\u0600" <= ch <= "\u06ff" for ch in text):
                assert lang is not None and lang.get(q("w:bidi")), text
                seen[text.strip()] = lang.get(q("w:bidi"))
    assert seen[ARABIC] == "ar" and seen[PERSIAN] == "fa"
    russian = [lang.get(q("w:val")) for text, lang in runs_of(body) if text == RUSSIAN]
    assert russian == ["ru"]
    english = [lang for text, lang in runs_of(body) if text.startswith("A Russian source")]
    assert english == [None]  # the document's own language is the default's


def test_the_title_is_in_the_core_properties(written):
    assert docx.Document(str(written[0])).core_properties.title == "Accessible Brief"


def test_the_schema_holds(written):
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(written[0]))
    assert [str(e) for e in result.errors if e.error_type.value == "schema"] == []


@pytest.mark.parametrize("text, tag", [
    (ARABIC, "ar"), (PERSIAN, "fa"), ("پاکستان میں حملے ہوئے", "ur"), ("د افغانستان ښار", "ps"),
    (RUSSIAN, "ru"), ("Қазақстан әскері", "kk"), ("Ҷумҳурии Тоҷикистон", "tg"), ("भारत", "hi"),
])
def test_language_told_by_script(text, tag):
    runs = [(lang, piece) for _, lang, piece in language_runs(f"In the source: {text}.") if lang]
    assert runs == [(tag, text)]


def test_a_quote_takes_its_sources_language(tmp_path):
    """Uzbek in Latin letters has no script of its own: the source's language names it;
    the quote's note stays in the document's language."""

    uzbek = "Oʻzbekiston Respublikasi hujumni qoraladi"
    document = Document(Meta(title="Quotes", timestamp=0), [
        Quote([Text(uzbek), Note(1, (Text("Gazeta, “Hujum,” 2024."),))], lang="uz"),
        Quote([Text(PERSIAN)], lang="prs"),
    ])
    path = tmp_path / "quotes.docx"
    write_docx(document, path, WriterOptions())
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    langs = {text: (lang.get(q("w:val")), lang.get(q("w:bidi"))) for text, lang in runs_of(body)
             if lang is not None}
    assert langs[uzbek] == ("uz", None)
    assert langs[PERSIAN] == (None, "prs")
    assert all(lang is None for text, lang in runs_of(notes) if "Gazeta" in text)


def heading_levels(path) -> list[int]:
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    names = {s.get(q("w:styleId")): s.find("w:name", NS).get(q("w:val")) for s in styles.findall("w:style", NS)}
    levels = []
    for p in body.iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        name = names.get(style.get(q("w:val")), "") if style is not None else ""
        if name.lower().startswith("heading "):
            levels.append(int(name.split()[-1]))
    return levels


def test_every_bundled_docx_reads_well(bundled):
    paths = sorted(bundled.out.glob("*.docx"))
    assert paths
    for path in paths:
        with zipfile.ZipFile(path) as z:
            body = etree.fromstring(z.read("word/document.xml"))
        for tbl in body.iter(q("w:tbl")):
            assert tbl.find("w:tr[1]/w:trPr/w:tblHeader", NS) is not None, path.name
            assert tbl.find("w:tblPr/w:tblCaption", NS).get(q("w:val")), path.name
        assert all(p.get("descr") for p in body.iter(q("wp:docPr"))), path.name
        levels = heading_levels(path)
        assert levels and levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), path.name
        for text, lang in runs_of(body):
            if any("\u0600" <= ch <= "\u06ff" for ch in text):
                assert lang is not None and lang.get(q("w:bidi")), (path.name, text)
        assert docx.Document(str(path)).core_properties.title, path.name
