"""Currency in the bundled regional pack, read back from the PDF: every bullet,
table row and quotation whose newest cited material was reported (its source's
date, not the event's) more than two years before the information cut-off carries
the mark, and each section that has one explains it once."""

from __future__ import annotations

import calendar
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from briefpack.document.model import BulletList, Cite, Quote, Table, Text

ROOT = Path(__file__).resolve().parents[2]
MARK = "\u2020"
CUTOFF = date(2022, 6, 30)  # as_of 2024-06-30, stale_after_years 2


def period_end(partial: str) -> date:
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


@pytest.fixture(scope="module")
def built(bundled):
    """(the PDF's text, white space squashed; the number of notes the manifest records)."""
    text = subprocess.run(["pdftotext", "-layout", str(bundled / "central-asia.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    notes = json.loads((bundled / "manifest.json").read_text())["outputs"]["central-asia.pdf"]["notes"]
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")), notes


@pytest.fixture(scope="module")
def pdf_text(built):
    return built[0]


def reported(library, key: str) -> str:
    """When an excerpt was reported: its source's date (stated or implied), else its own."""
    excerpt = library.excerpts[key]
    source = library.sources[excerpt.source]
    return source.published or source.inferred_date or excerpt.date


@pytest.fixture(scope="module")
def items():
    """(kind, words, stale) for every bullet, table row and quotation of the sections."""
    from briefpack.briefs.read import load_brief
    from briefpack.compose.composer import compose_document
    from briefpack.compose.expand import expand_brief
    from briefpack.library.load import load_library

    library, _ = load_library(ROOT)
    [brief] = expand_brief(load_brief(ROOT / "briefs" / "central-asia.yaml"), library)
    document = compose_document(brief, library, root=ROOT, produced="2024-07-01", timestamp=0)
    out = []
    first = next(i for i, b in enumerate(document.blocks) if getattr(b, "anchor", "").startswith("sec-"))
    for block in document.blocks[first:]:  # the sections' (the bottom line and key judgments are the desk's)
        if isinstance(block, BulletList):
            found = [("bullet", item) for item in block.items]
        elif isinstance(block, Table):  # a row by the first word of its first cell with text
            found = [("row", [n for cell in row for n in cell + [Text(" ")]]) for row in block.rows]
        elif isinstance(block, Quote):
            found = [("quote", block.content)]
        else:
            continue
        for kind, content in found:
            keys = [k for n in content if isinstance(n, Cite) for k in n.keys]
            if not keys:
                continue
            newest = max(period_end(reported(library, k)) for k in keys)
            text = "".join(n.text for n in content if isinstance(n, Text)).replace(MARK, "").replace("\u00ad", "")
            words = " ".join(text.replace("\u00a0", " ").split()[:1 if kind == "row" else 3])
            out.append((kind, words, newest < CUTOFF))
    return out


def test_no_old_bullet_row_or_quote_lacks_its_mark(pdf_text, items):
    stale = [i for i in items if i[2]]
    assert len(stale) >= 50 and {kind for kind, _, _ in stale} == {"bullet", "row", "quote"}
    joined = re.sub(r"(?<=[^\W\d_])-\n\s*(?=[a-z])", "", pdf_text)  # words hyphenated at a line's end
    missing = [(kind, words) for kind, words, _ in stale
               if not re.search(re.escape(MARK) + r" " + re.escape(words).replace(r"\ ", r"\s+"), joined)]
    assert not missing
    assert pdf_text.count(MARK) >= len(stale)


def test_current_items_carry_no_mark(pdf_text, items):
    fresh = [words for kind, words, stale in items if not stale and kind == "bullet"]
    assert fresh
    marked = [w for w in fresh if re.search(re.escape(MARK) + r" " + re.escape(w), pdf_text)
              and not re.search(r"• " + re.escape(w), pdf_text)]
    assert not marked


def test_the_mark_is_explained_once_in_each_section_that_has_it(pdf_text):
    explanation = (f"Currency: {MARK} marks an item resting on material reported before June 30, 2022, more "
                   "than 2 years before the information cut-off (June 30, 2024)")
    assert explanation in pdf_text


def test_events_long_past_but_reported_lately_are_not_marked(pdf_text):
    # a 2024 article on ISKP's founding in 2014 is current material
    assert re.search(r"Deutsche Welle describes the ISKP", pdf_text)
    assert not re.search(re.escape(MARK) + r" Deutsche Welle describes the ISKP", pdf_text)
    assert "Stated 2014." not in pdf_text


def test_the_introduction_counts_the_notes_of_the_document(built):
    pdf_text, notes_built = built
    found = re.search(r"This document cites (\d+) sources in (\d+) notes: (\d+) support quotations "
                      r"of the sources’ own words, and (\d+) the desk’s own paraphrases", pdf_text)
    assert found, "the introduction describes the document"
    sources, notes, quoted, other = map(int, found.groups())
    assert (sources, notes) == (5, notes_built)
    assert quoted + other == notes and 0 < quoted < notes
    assert "the excerpts are the sources’ own words" not in pdf_text
