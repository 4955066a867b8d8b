"""A table row taller than a page: split across pages, each part's notes on its page;
a layout that still cannot be made names the brief, the section and the excerpt."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import textwrap

import pytest
from workspace_builder import Workspace

from briefpack.document.model import Document, Heading, Meta, Note, Paragraph, Table, Text
from briefpack.writers import WriterOptions
from briefpack.writers.pdf.writer import write_pdf
from pdf_check import misplaced_notes

pytest.importorskip("pypdf")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

WORDS = ("the group said its fighters crossed the border at night and that the attack in the "
         "province was a warning to the government Қазақстан Oʻzbekiston").split()


def _long_quote(n: int, seed: int) -> str:
    rnd = random.Random(seed)
    words, length = [], 0
    while length < n:
        words.append(rnd.choice(WORDS))
        length += len(words[-1]) + 1
    core = " ".join(words)[: n - 11].rstrip()
    return f"START {core}{'x' * (n - 11 - len(core))} END."


def _chronology_workspace(root, quote: str) -> None:
    ws = Workspace(root)
    ws.vocabulary("facets:\n  group:\n    label: Armed group\n    values:\n      ISKP: ISKP\n")
    ws.source("long-src", paragraphs=["Header.", quote, "ISKP claimed an attack in May."], title="Long")
    excerpts = [("e-before", "ISKP claimed an attack in May.", "2024-05"),
                ("e-long", quote, "2024-06"), ("e-after", "ISKP claimed an attack in May.", "2024-07")]
    ws.excerpts("".join(textwrap.dedent(f"""\
        - id: {eid}
          source: long-src
          quote: "{text}"
          tags: [group:ISKP]
          date: {date}
          credibility: 2
        """) for eid, text, date in excerpts))
    (root / "briefs").mkdir()
    (root / "briefs" / "hostile.yaml").write_text(textwrap.dedent("""\
        title: Long rows
        marking: TLP:CLEAR
        as_of: 2024-06-30
        formats: [docx, pdf]
        sections:
          - type: group_history
            group: ISKP
            title: History
        """), encoding="utf-8")


@needs_poppler
def test_a_7000_character_quote_in_a_chronology_row_splits_across_pages(tmp_path, run):
    quote = _long_quote(7000, 1)
    assert len(quote) == 7000
    _chronology_workspace(tmp_path, quote)
    result = run("build", "--root", tmp_path, "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "hostile.pdf"
    assert misplaced_notes(pdf, expected=3) == []
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    start = next(i for i, p in enumerate(pages) if "“START" in p)
    end = next(i for i, p in enumerate(pages) if "END." in p)
    assert end > start  # the row goes on over the page break
    assert "Date" in pages[start] and "Date" in pages[end]  # the header repeats
    text = "".join(pages)
    row = text[text.index("“START"):text.index("END.”") + 5]  # the row, from its first page to its last
    row = re.sub(r"-\n(?=[^\W\d_])", "", row)  # words hyphenated at a line's end, joined
    for word in ("START", "END.", "Қазақстан", "Oʻzbekiston", "fighters", "government", "border"):
        assert row.count(word) == quote.count(word), word  # no line lost or doubled


def _notes(rnd, count, start):
    return [Note(start + i, (Text(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 60)))),))
            for i in range(count)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_split_row_carries_each_part_notes_on_its_page(tmp_path, seed):
    """References all through a cell taller than two pages, and in its neighbours."""
    rnd = random.Random(seed)
    number = 0
    rows = []
    for r in range(4):
        cells = []
        for c in range(2):
            content = []
            for _ in range(rnd.choice([1, 3, 40 if r == 2 and c == 1 else 2])):
                words = [rnd.choice(WORDS + ["الدولة", "الإسلامية"]) for _ in range(rnd.randint(10, 40))]
                content.append(Text(" ".join(words) + " "))
                number += 1
                content.append(_notes(rnd, 1, number)[0])
            cells.append(content)
        rows.append(cells)
    doc = Document(Meta(title="Rows", timestamp=0), [
        Heading(1, [Text("Chronology")]), Paragraph([Text("Before the table. " * 30)]),
        Table([[Text("Date")], [Text("Event")]], rows, widths=[0.3, 0.7])])
    path = tmp_path / "rows.pdf"
    stats = write_pdf(doc, path, WriterOptions())
    assert stats["notes"] == number and stats["pages"] >= 3
    assert misplaced_notes(path, expected=number) == []


def test_a_layout_error_names_the_section_and_the_excerpt(tmp_path):
    # A header row cannot be split (it repeats on every page): taller than a page, it fails.
    header = [[Text("Date " * 2000), Note(1, (Text("Source."),), keys=("e-long",))], [Text("Event")]]
    doc = Document(Meta(title="Rows", timestamp=0), [
        Heading(1, [Text("History")]), Heading(2, [Text("Chronology")]),
        Table(header, [[[Text("May")], [Text("Attack.")]]], caption="Events")])
    from briefpack.errors import BuildError

    with pytest.raises(BuildError) as error:
        write_pdf(doc, tmp_path / "x.pdf", WriterOptions())
    message = str(error.value)
    assert "section “Chronology”" in message and "excerpt e-long" in message, message
    assert "the header of “Events”" in message and ".tmp" not in message
