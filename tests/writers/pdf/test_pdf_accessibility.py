"""The tagged PDF read back: the `pdfua` checker (16 machine-checkable PDF/UA-1 rules),
and, independently of it, pikepdf (every piece of text an artifact or owned by an
element of the structure tree; notes, figures, tables and headings as the document
has them) and poppler's `pdfinfo -struct-text`, on every bundled PDF and on a pack
citing Arabic, Persian and Russian sources."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap

import pikepdf
import pytest
from pdf_check import note_pages
from pdf_tags import link_annotations, read_tree, unowned_content
from workspace_builder import Workspace

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")

QUOTES = {
    "ar": "أعلن تنظيم الدولة الإسلامية مسؤوليته عن الهجوم.",
    "fa": "دولت اسلامی خراسان در افغانستان فعال است.",
    "ru": "Исламское государство взяло на себя ответственность за нападение.",
}
VOCABULARY = """\
facets:
  group:
    label: Armed group
    values:
      ISKP: {label: Islamic State Khorasan Province}
  topic:
    label: Topic
    values:
      origins: {label: Origins}
      propaganda: {label: Propaganda}
"""
RUNNING = """\
{% for e in excerpts %}
<p>In {{ e.source.title }}, the group's media wrote “{{ e.quote }}”{{ cite(e) }} and repeated it.</p>
{% endfor %}
"""
BRIEF = """\
title: Propaganda in three languages
marking: TLP:AMBER
as_of: 2024-06-30
formats: [pdf]
sections:
  - type: group_history
    group: ISKP
    title: History
  - type: excerpts
    title: In running text
    select: "topic:propaganda"
    template: templates/running.xml.j2
"""


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory):
    from briefpack.cli import main

    root = tmp_path_factory.mktemp("tagged")
    ws = Workspace(root)
    ws.vocabulary(VOCABULARY)
    excerpts = []
    for lang, quote in QUOTES.items():
        ws.source(f"src-{lang}", paragraphs=["Header.", quote], title=f"Media {lang}", language=lang)
        excerpts.append(textwrap.dedent(f"""\
            - id: q-{lang}
              source: src-{lang}
              quote: "{quote}"
              tags: [group:ISKP, topic:origins, topic:propaganda]
              date: 2024-06
              credibility: 2
            """))
    ws.excerpts("".join(excerpts))
    (root / "briefs").mkdir()
    (root / "briefs" / "scripts.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "running.xml.j2").write_text(RUNNING, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--root", str(root), "--jobs", "1", "--quiet"])
    assert exit_.value.code == 0
    return root / "out" / "scripts.pdf"


def all_pdfs(bundled, scripts_pdf):
    pdfs = sorted(bundled.out.glob("*.pdf"))
    assert len(pdfs) >= 2
    return pdfs + [scripts_pdf]


def test_pdfua_check_finds_nothing(bundled, scripts_pdf):
    pdfs = all_pdfs(bundled, scripts_pdf)
    result = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", *map(str, pdfs)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert '"rule_id"' not in result.stdout


def test_every_text_and_image_is_an_artifact_or_owned_by_the_tree(bundled, scripts_pdf):
    for path in all_pdfs(bundled, scripts_pdf):
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked is True
            assert unowned_content(pdf, read_tree(pdf)) == [], path.name


def test_notes_figures_and_tables_are_in_the_tree(bundled, scripts_pdf):
    for path in all_pdfs(bundled, scripts_pdf):
        with pikepdf.open(path) as pdf:
            tree = read_tree(pdf)
            notes = tree.find("Note")
            assert len(notes) == len(note_pages(path)) > 0, path.name
            for note in notes:  # each note follows its reference, and starts with its label
                parent = next(e for e in tree.walk() if note in e.kids)
                before = parent.kids[parent.kids.index(note) - 1]
                assert before.kind == "Reference" and before.kids[0].kind == "Link"
                assert note.kids[0].kind == "Lbl" and str(note.obj.ID).startswith("note-")
            for table in tree.find("Table"):
                first = table.find("TR")[0]
                assert first.kids and all(cell.kind == "TH" for cell in first.kids), path.name
                assert all(cell.obj.A.Scope == "/Column" for cell in first.kids)
            for figure in tree.find("Figure"):
                assert str(figure.obj.Alt).strip() and len(figure.obj.A.BBox) == 4
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            charts = set(re.findall(r"^Figure (\d+)\. ", text, re.M))
            assert len(tree.find("Figure")) == len(charts), path.name


def test_catalog_metadata_and_links_say_what_they_are(bundled, scripts_pdf):
    for path in all_pdfs(bundled, scripts_pdf):
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "en"
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            meta = pdf.open_metadata()
            assert meta["dc:title"] == str(pdf.docinfo.Title) != ""
            assert meta["pdfuaid:part"] == "1"
            links = list(link_annotations(pdf))
            assert links
            for page, annot in links:
                assert str(annot.Contents).strip() and "/StructParent" in annot
                assert page.obj.Tabs == "/S"
            contents = {str(a.Contents) for _, a in links}
            assert "Note 1" in contents


def test_other_languages_are_marked(scripts_pdf):
    with pikepdf.open(scripts_pdf) as pdf:
        tree = read_tree(pdf)
        langs = {str(e.obj.Lang) for e in tree.walk() if "/Lang" in e.obj}
        quotes = {str(e.obj.Lang) for e in tree.find("BlockQuote") if "/Lang" in e.obj}
        spans = set()
        for page in pdf.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/Lang" in operands[1]:
                    spans.add(str(operands[1].Lang))
    assert {"ar", "fa"} <= spans  # each shaped run of Arabic script
    assert "ru" in spans  # each Russian word in an English paragraph
    assert "ru" in langs  # the paragraph whose letters are mostly Russian
    assert quotes == set(QUOTES)  # each quotation block in its source's language


@needs_poppler
def test_pdfinfo_prints_the_headings_in_the_order_of_the_outline(bundled, scripts_pdf):
    from pypdf import PdfReader

    for path in all_pdfs(bundled, scripts_pdf):
        out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                             check=True).stdout
        lines = out.splitlines()
        headings = [lines[i + 1].strip().strip('"') for i, line in enumerate(lines)
                    if re.fullmatch(r"\s*H[1-6] \(block\)", line)]

        def flat(outline):
            for item in outline:
                yield from flat(item) if isinstance(item, list) else [item.title]

        outline = list(flat(PdfReader(str(path)).outline))
        assert squeeze(headings) == squeeze(outline) and len(headings) > 2, path.name


def squeeze(titles) -> list[str]:
    """Titles without white space: pdfinfo joins the lines of a long heading without one."""
    return [re.sub(r"\s+", "", t) for t in titles]


def test_split_paragraphs_and_tables_stay_balanced_and_owned(tmp_path):
    """A paragraph of Russian phrases and a table, each longer than a page: every page's
    marked content is balanced, a repeated header row is an artifact, each element keeps
    its parts on every page."""
    from briefpack.document.model import Document, Heading, Meta, Note, Paragraph, Table, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    phrase = "Исламское государство взяло на себя ответственность"
    long_text = " ".join(f"Sentence {i} quotes {phrase} again." for i in range(120))
    rows = [[[Text(f"Row {i}")], [Text("A cell of some words " * 3), Note(i + 2, (Text(f"Note {i}."),))]]
            for i in range(90)]
    document = Document(Meta(title="Long", timestamp=0), [
        Heading(1, [Text("Long parts")], anchor="long"),
        Paragraph([Text(long_text), Note(1, (Text("The first note."),))]),
        Table(header=[[Text("Name")], [Text("Text")]], rows=rows, caption="Table 1. Rows"),
    ])
    path = tmp_path / "long.pdf"
    stats = write_pdf(document, path, WriterOptions())
    assert stats["pages"] >= 4
    with pikepdf.open(path) as pdf:
        tree = read_tree(pdf)
        assert unowned_content(pdf, tree) == []  # also asserts each page's marks are balanced
        paragraph = tree.find("Sect")[0].find("P")[0]
        assert len({page for page, _ in paragraph.mcids}) >= 2
        headers = tree.find("TH")
        assert [len(th.mcids) for th in headers] == [1, 1]  # drawn again on later pages as artifacts
        assert len(tree.find("Note")) == 91
        spans = sum(1 for page in pdf.pages for operands, op in pikepdf.parse_content_stream(page)
                    if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/Lang" in operands[1])
        assert spans == 120 * len(phrase.split())


def test_language_spans_split_across_pages_stay_balanced(tmp_path):
    """Russian words filling pages, in a paragraph and in table cells split across pages:
    a page break falls between two marked words, and every page still opens and closes
    its marked content in pairs (pdftotext finds no mismatched EMC)."""
    from briefpack.document.model import Document, Meta, Note, Paragraph, Table, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    words = "Исламское государство взяло на себя ответственность за нападение".split()
    text = " ".join(words[i % len(words)] for i in range(900))
    rows = [[[Text(f"Row {i}")], [Text(text[: 1500 + 40 * i]), Note(i + 2, (Text(f"Note {i}."),))]]
            for i in range(3)]
    document = Document(Meta(title="Split", timestamp=0), [
        Paragraph([Text(text), Note(1, (Text("The first note."),))]),
        Table(header=[[Text("Name")], [Text("Text")]], rows=rows, caption="Table 1. Rows"),
    ])
    path = tmp_path / "split.pdf"
    stats = write_pdf(document, path, WriterOptions())
    assert stats["pages"] >= 4
    with pikepdf.open(path) as pdf:
        spans = 0
        for number, page in enumerate(pdf.pages, 1):
            depth = 0
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) in ("BDC", "BMC"):
                    depth += 1
                    spans += str(op) == "BDC" and "/Lang" in operands[1]
                elif str(op) == "EMC":
                    depth -= 1
                    assert depth >= 0, f"page {number}: EMC without its BDC"
            assert depth == 0, f"page {number}: marked content left open"
        assert spans >= 900
    if shutil.which("pdftotext"):
        result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        assert "Mismatched" not in result.stderr
        assert "ответственность" in result.stdout
