"""The editor's rules, read back from both formats: note numbers after punctuation, paragraph
ranges in notes."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefpack.notes.citations import grade_parts, notes_after_punctuation, resolve_citations
from briefpack.library.model import Excerpt, Library, Source, Vocabulary
from briefpack.document.model import BulletList, Cite, Document, Meta, Note, Paragraph, Quote, Table, Text
from briefpack.writers import WriterOptions, write_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOLLOWERS = tuple(".,;:?!”’")


def library() -> Library:
    source = Source(id="s", title="A Source", author=["Ann Writer"], publisher="Desk",
                    published="2024-05-01", reliability="B")
    excerpts = {f"e{i}": Excerpt(id=f"e{i}", source="s", quote="...", tags=[], date="2024",
                                 credibility=2, locator=i) for i in range(1, 8)}
    return Library(sources={"s": source}, excerpts=excerpts, vocabulary=Vocabulary(), root=Path("."))


def document() -> Document:
    def cite(i):
        return Cite((f"e{i}",))
    blocks = [
        Paragraph([Text("Recruiters feature prominently"), cite(1), Text(". Then “rather impossible”"),
                   cite(2), Text(", as in 2016"), cite(3), cite(4), Text("; and why"), cite(5),
                   Text("? A dash"), cite(6), Text("— stays after.")]),
        Quote([Text("Quoted words"), cite(7), Text(".")]),
        BulletList([[Text("A bullet"), cite(1), Text(":")]]),
        Table(header=[[Text("Event")]], rows=[[[Text("A cell"), cite(2), Text("!")]]]),
    ]
    meta = Meta(title="Punctuation", timestamp=1719878400)
    return resolve_citations(Document(meta, blocks), library())


def test_punctuation_moves_before_a_run_of_notes():
    content = notes_after_punctuation([Text("in 2016"), Note(1, ()), Note(2, ()), Text("; then")])
    assert [type(n).__name__ for n in content] == ["Text", "Note", "Note", "Text"]
    assert content[0].text == "in 2016;" and content[3].text == " then"


def test_no_doubled_period_and_dash_stays():
    content = notes_after_punctuation([Text("end."), Note(1, ()), Text(". Next"), Note(2, ()), Text("—x")])
    assert content[0].text == "end." and content[2].text == " Next" and content[4].text == "—x"


@pytest.mark.parametrize("places, expected", [
    ([(20, "B3"), (21, "B3"), (22, "B3")], [("paras. 20–22", "B3")]),
    ([(20, "B3"), (21, "B3"), (22, "B4")], [("paras. 20–21", "B3"), (22, "B4")]),
    ([(5, "F2"), (7, "F1"), (7, "F2")], [("paras. 5, 7", "F2"), (7, "F1")]),
    ([(6, "B2"), (7, "B2")], [("paras. 6–7", "B2")]),
    ([(6, "B2"), (9, "B2"), (6, "B2")], [("paras. 6, 9", "B2")]),
    ([(4, "C3"), (4, "C3")], [(4, "C3")]),
    ([(None, "C3"), (4, "C3")], [(4, "C3")]),
])
def test_paragraphs_once_and_ranges_one_part_per_grade(places, expected):
    assert grade_parts(places) == expected


def test_a_sentence_period_gives_way_to_a_semicolon_an_abbreviation_keeps_it():
    content = notes_after_punctuation([Text("(Noah Tucker)."), Note(1, ()), Text("; April")])
    assert content[0].text == "(Noah Tucker);" and content[2].text == " April"
    content = notes_after_punctuation([Text("the U.S."), Note(1, ()), Text(", then")])
    assert content[0].text == "the U.S.,"


def test_docx_has_no_note_reference_before_punctuation(tmp_path):
    path = tmp_path / "p.docx"
    write_document(document(), "docx", path, WriterOptions())
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    references = 0
    for paragraph in body.iter(W + "p"):
        runs = list(paragraph.iter(W + "r"))
        for i, run in enumerate(runs):
            if run.find(W + "footnoteReference") is None:
                continue
            references += 1
            following = "".join(t.text or "" for r in runs[i + 1:] for t in r.iter(W + "t"))
            assert not following.startswith(FOLLOWERS), following
    assert references == 8  # two Cites side by side make one note
    text = "".join(t.text or "" for t in body.iter(W + "t"))
    assert "prominently." in text and "“rather impossible”," in text and "2016;" in text


def test_pdf_has_no_note_number_before_punctuation(tmp_path):
    path = tmp_path / "p.pdf"
    write_document(document(), "pdf", path, WriterOptions())
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    body = text.split("Source annex")[0]
    flat = re.sub(r"\s+", "", body)  # superscripts come on lines of their own
    for found in ("prominently.1Then", "impossible”,2as", "2016;3and", "why?4A", "dash5—",
                  "words.6", "bullet:7", "cell!8"):
        assert found in flat, found
    lines = body.splitlines()
    for line, following in zip(lines, lines[1:] + [""]):
        assert not re.search(r"[a-z”’]\d+[.,;:?!”’]", line), line
        if re.fullmatch(r"\d+", line.strip()):
            assert not following.startswith(FOLLOWERS), following


def test_inferred_date_in_brackets_and_an_organization_in_roman():
    from briefpack.notes import chicago
    source = Source(id="b", title="ISIS and Central Asia", author=["Uran Botobekov"], inferred_date="2016",
                    publisher="Bloomsbury Intelligence & Security Institute", publisher_type="organization",
                    reliability="B")
    note = chicago.join_citations([chicago.full_citation(source, 4)])
    assert "".join(n.text for n in note) == ("Uran Botobekov, “ISIS and Central Asia,” Bloomsbury Intelligence "
                                             "& Security Institute, [2016?], para. 4.")
    assert not any(n.italic for n in note)
    entry = "".join(n.text for n in chicago.bibliography_entry(source))
    assert entry.endswith("Bloomsbury Intelligence & Security Institute, [2016?].")
    source.publisher_type = "publication"
    assert [n.text for n in chicago.join_citations([chicago.full_citation(source)]) if n.italic] == ["Bloomsbury Intelligence & Security Institute"]


def test_a_bad_publisher_type_is_reported_at_its_line(tmp_path, run):
    from workspace_builder import make_workspace
    make_workspace(tmp_path).source("s1", ["Para one."], publisher_type="agency")
    result = run("check", "--root", tmp_path)
    assert result.exit_code == 1
    assert "seeds/sources/s1.txt:" in result.output and "bad publisher_type 'agency'" in result.output


# ---------------------------------------------------------------- the bundled packs, as an editor reads them
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled_docx(bundled):
    """The bundled packs as DOCX (built once for the test run), and the library they quote."""
    from briefpack.library.check import load_checked_library

    library, _ = load_checked_library(ROOT, strict=False)
    return sorted(bundled.out.glob("*.docx")), library


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        parts = [etree.fromstring(z.read(name)) for name in ("word/document.xml", "word/footnotes.xml")]
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for part in parts for p in part.iter(W + "p"))


def test_no_straight_quote_in_text_the_desk_wrote(bundled_docx):
    paths, library = bundled_docx
    quotes = sorted({e.quote for e in library.excerpts.values()}, key=len, reverse=True)
    for path in paths:
        text = docx_text(path)
        for quote in quotes:  # quotations keep the source's own characters
            text = text.replace(quote, "")
        straight = [line for line in text.splitlines() if "'" in line or '"' in line]
        assert not straight, (path.name, straight[:3])


def test_no_label_with_a_code_readers_do_not_use(bundled_docx):
    paths, library = bundled_docx
    codes = [value for facet in library.vocabulary.facets.values() for value, term in facet.values.items()
             if not term.abbreviation and value.isupper() and len(value) > 2]
    assert "TALIBAN" in codes and "MALHAMA" in codes
    for path in paths:
        text = docx_text(path)
        assert not [code for code in codes if f"({code})" in text], path.name
        assert "Islamic Movement of Uzbekistan (IMU)" in text or "central-asia" not in path.name


def test_an_excerpt_stands_in_one_subsection_of_a_chapter():
    from briefpack.briefs.read import load_brief
    from briefpack.library.check import load_checked_library
    from briefpack.compose.composer import compose_document
    from briefpack.compose.expand import expand_brief
    from briefpack.document.model import Heading
    from briefpack.document.walk import iter_inlines

    library, _ = load_checked_library(ROOT, strict=False)
    for brief_file in ("central-asia.yaml", "country-handout.yaml"):
        for brief in expand_brief(load_brief(ROOT / "briefs" / brief_file), library):
            document = compose_document(brief, library, root=ROOT, produced="July 1, 2024", timestamp=0)
            places: dict[tuple, set] = {}
            chapter = subsection = ""
            for block in document.blocks:
                if isinstance(block, Heading):
                    text = "".join(getattr(n, "text", "") for n in block.content)
                    chapter, subsection = (text, "") if block.level == 1 else (chapter, text)
                    continue
                single = Document(document.meta, [block])
                for node in iter_inlines(single):
                    if isinstance(node, Cite):
                        for key in node.keys:
                            places.setdefault((chapter, key), set()).add(subsection)
            # the analyst's introduction to a chapter ("") sums up what its subsections give
            repeated = {k: v - {""} for k, v in places.items() if len(v - {""}) > 1}
            assert not repeated, (brief.name, list(repeated.items())[:3])


def test_a_chronology_gives_one_event_one_row_with_every_source_note():
    from briefpack.briefs.read import load_brief
    from briefpack.library.check import load_checked_library
    from briefpack.compose.composer import compose_document
    from briefpack.compose.expand import expand_brief
    from briefpack.document.model import plain_text

    library, _ = load_checked_library(ROOT, strict=False)
    [brief] = expand_brief(load_brief(ROOT / "briefs" / "central-asia.yaml"), library)
    document = compose_document(brief, library, root=ROOT, produced="July 1, 2024", timestamp=0)
    crocus = {e.id for e in library.excerpts.values() if e.event == "crocus-city-hall-2024"}
    assert len(crocus) >= 3
    seen_crocus = 0
    for table in (b for b in document.blocks if isinstance(b, Table)):
        if [plain_text(c) for c in table.header][:1] != ["Date"]:
            continue
        events_of_rows = []
        for row in table.rows:
            cited = {k for n in row[-1] if isinstance(n, Cite) for k in n.keys}
            events_of_rows.append({library.excerpts[k].event for k in cited} - {""})
            if cited & crocus:
                seen_crocus += 1
                assert plain_text(row[0]).replace("\u00a0", " ") == "March 22, 2024"  # the event's most precise date
                assert len(cited & crocus) >= 2  # every excerpt's note in the one row
        for i, events in enumerate(events_of_rows):  # no event in two rows of one chronology
            assert not any(events & other for other in events_of_rows[i + 1:]), events
    assert seen_crocus
