"""A rebuild that renders again only the sections whose inputs changed, read back as files:
whatever kind of input changes, the DOCX and the PDF equal a forced full build's bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rebuilt_pack import batched_library, damage, build, outputs, pack_fixtures, replace_in, synthetic_paragraph
from workspace_builder import Workspace

BATCHES = 4
PER_BATCH = 4
WORDS = ("the group said officials reported fighters border province security network recruitment "
         "propaganda online channel attack plot members support region authorities government "
         "operation militants estimated several hundred local foreign returned").split()
BRIEF = """title: Sections
marking: TLP:CLEAR
as_of: 2024-12-31
formats: [docx, pdf]
variables:
  desk: Central desk
sections:
  - type: excerpts
    title: Batch 0
    select: batch:b0
    limit: 2
    new_page: true
  - type: excerpts
    title: Batch 1
    select: batch:b1
    new_page: true
  - type: excerpts
    title: Both
    select: batch:b0 or batch:b2
    new_page: true
  - type: excerpts
    title: Own
    select: batch:b3
    template: templates/own.xml.j2
    new_page: true
"""
OWN = """{% for e in excerpts %}
<p>{{ desk }}, {{ label("batch", "b3") }}: {{ e.quote }} ({{ format_date(e.source.published) }}){{ cite(e) }}</p>
{% endfor %}
<table><tr><th>Date</th><th>Text</th></tr>{% for e in excerpts %}<tr><td>{{ e.date }}</td><td>{{ e.quote }}</td></tr>{% endfor %}</table>
<p>Excerpt ex-2 stands under {{ printed_in("ex-2") }}.</p>
{% include "part.xml.j2" %}
{% include "linked/extra.xml.j2" %}
{% include "parts/closing.xml.j2" %}
"""


def paragraph(seed: int) -> str:
    return synthetic_paragraph(WORDS, seed, 40)


def make_pack(root: Path) -> None:
    ws = Workspace(root)
    batched_library(ws, BATCHES, PER_BATCH, paragraph,
                    lambda n: "  marking: TLP:GREEN\n" if n == PER_BATCH + 1 else "")
    (root / "briefs").mkdir()
    (root / "briefs" / "pack.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "own.xml.j2").write_text(OWN, encoding="utf-8")
    (root / "templates" / "part.xml.j2").write_text("<p>Compiled by {{ desk }}.</p>\n", encoding="utf-8")
    (root / "templates" / "parts").mkdir()
    (root / "templates" / "parts" / "closing.xml.j2").write_text("<p>Closing words.</p>\n", encoding="utf-8")
    (root / "shared").mkdir()  # a folder of the workspace the templates folder links to
    (root / "shared" / "extra.xml.j2").write_text("<p>Shared text.</p>\n", encoding="utf-8")
    (root / "templates" / "linked").symlink_to(Path("..") / "shared")


built, pack = pack_fixtures(make_pack, "sections")



def edit_quote(root: Path, n: int, new: str) -> None:
    """Change excerpt ``n``'s quote and its source's text alike (the quote stays the source's words):
    its third word becomes ``new``."""
    quote = paragraph(n)
    words = quote.split(" ")
    for path in (root / "seeds" / "excerpts" / "excerpts.yaml", root / "seeds" / "sources" / f"s{n}.txt"):
        replace_in(path, quote, " ".join(words[:2] + [new] + words[3:]))


def entries(root: Path) -> set[str]:
    return {p.name for p in (root / ".briefpack-cache" / "sections").glob("*/*.section")}






def change(root: Path, kind: str) -> None:
    brief = root / "briefs" / "pack.yaml"
    if kind == "quote":  # an excerpt of the first section, printed again by the third
        edit_quote(root, 1, "safety")
    elif kind == "source date":  # what the second section's lead-ins say of when it was written
        replace_in(root / "seeds" / "sources" / f"s{PER_BATCH + 2}.txt", "published: 2024-", "published: 2023-")
    elif kind == "own source date":  # printed by the last section's own template
        replace_in(root / "seeds" / "sources" / f"s{3 * PER_BATCH}.txt", "published: 2024-", "published: 2022-")
    elif kind == "included template":
        replace_in(root / "templates" / "part.xml.j2", "Compiled by", "Prepared by")
    elif kind == "linked template":  # included through a folder linked inside the workspace
        replace_in(root / "shared" / "extra.xml.j2", "Shared text", "Shared words")
    elif kind == "template in a folder":
        replace_in(root / "templates" / "parts" / "closing.xml.j2", "Closing words", "Last words")
    elif kind == "variable":
        replace_in(brief, "desk: Central desk", "desk: Regional desk")
    elif kind == "sort":
        replace_in(brief, "    select: batch:b1\n", "    select: batch:b1\n    sort: -date\n")
    elif kind == "earlier section":  # the first section (2 of b0, oldest first) prints ex-2, not the third:
        replace_in(root / "seeds" / "excerpts" / "excerpts.yaml",  # the last knows it, its own inputs unchanged
                   "  date: 2024-03\n", "  date: 2023-03\n")  # the first of that date: ex-2's
    elif kind == "vocabulary":
        replace_in(root / "seeds" / "vocabulary.yaml", "{label: Batch 3}", "{label: Third batch}")
    elif kind == "house style":
        replace_in(brief, "as_of: 2024-12-31\n", "as_of: 2024-12-31\nhouse_style: british\n")
    elif kind == "as_of":
        replace_in(brief, "as_of: 2024-12-31", "as_of: 2025-01-31")


KINDS = ["quote", "source date", "own source date", "included template", "linked template", "template in a folder", "variable", "sort",
         "earlier section", "vocabulary", "house style", "as_of"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_rebuild_after_a_change_equals_a_full_build(run, pack, kind):
    before = entries(pack)
    assert len(before) == 4
    change(pack, kind)
    build(run, pack)
    rebuilt, after = outputs(pack), entries(pack)
    build(run, pack, "--force")
    assert rebuilt == outputs(pack)
    assert len(after) == 4
    if kind == "house style":  # set after the sections are composed: every section reused
        assert after == before
    else:  # what changed was rendered again, and kept
        assert after != before


def test_an_unchanged_section_is_reused_and_a_later_one_follows_the_state_it_leaves(run, pack):
    """An edit in the second section leaves the others' keys as they were; a quote of the
    first section changes the third too, which prints it again by reference."""
    before = entries(pack)
    edit_quote(pack, PER_BATCH + 2, "safety")
    build(run, pack)
    assert len(before & entries(pack)) == 3
    edit_quote(pack, 0, "cell")
    build(run, pack)
    assert len(before & entries(pack)) == 1  # the fourth section only


def test_warnings_of_a_document_are_reported_when_its_sections_are_reused(run, pack):
    edit_quote(pack, 3 * PER_BATCH + 1, "safety")
    result = build(run, pack)
    assert "marking raised from TLP:CLEAR to TLP:GREEN by excerpt ex-5" in result.stderr


def test_corrupt_or_foreign_entries_are_ignored(run, pack):
    files = sorted((pack / ".briefpack-cache" / "sections").glob("*/*.section"))
    damage(files, b"\x80\x04 not a section")
    (files[0].parent.parent / "hyphenation").write_bytes(b"briefpack sections 1\n" + bytes(32) + b"garbage")
    (pack / ".briefpack-cache" / "collation.marshal").write_bytes(b"\xff not marshal")
    change(pack, "variable")
    build(run, pack)
    rebuilt = outputs(pack)
    build(run, pack, "--force")
    assert rebuilt == outputs(pack)


def test_an_entry_of_the_wrong_shape_is_rendered_again(run, pack):
    """An entry written as briefpack writes them (its hash right) whose data is not the
    model's: a node where text belongs, an unknown node. It is never used."""
    import marshal

    from briefpack.compose.section_cache import Sections

    full = outputs(pack)
    folder = next(p for p in (pack / ".briefpack-cache" / "sections").iterdir() if p.is_dir())
    store = Sections(folder, "")
    assert len(list(folder.glob("*.section"))) == 4
    for path in sorted(folder.glob("*.section")):
        store.code = path.read_bytes()[len(b"briefpack sections 1\n"):][:16]
        blocks, change_ = marshal.loads(path.read_bytes()[len(b"briefpack sections 1\n") + 32:])
        blocks = [(7, [(0, (0, "x", False, False), False, False)], "body", False)] + blocks  # Text holding a Text
        store._write(path.name, marshal.dumps((blocks, change_)))
    (pack / "out" / "manifest.json").unlink()  # composed again, its inputs unchanged
    build(run, pack)
    assert outputs(pack) == full


def test_an_entry_citing_what_rendering_would_refuse_is_rendered_again(run, pack):
    """Entries sealed as briefpack seals them, whose blocks cite an excerpt the library does
    not hold, or draw a chart of no registered kind: rendering refuses both, and a kept
    entry is held to the same (never an internal error)."""
    import marshal

    from briefpack.compose.section_cache import Sections
    from briefpack.document.model import Cite, ChartPoint, Figure, Paragraph, Text
    from briefpack.document.plain_data import blocks_data, blocks_from_data

    full = outputs(pack)
    folder = next(p for p in (pack / ".briefpack-cache" / "sections").iterdir() if p.is_dir())
    store = Sections(folder, "")
    head = len(b"briefpack sections 1\n")
    planted = [Paragraph([Text("Planted."), Cite(("no-such-excerpt",))]),
               Figure("no-such-kind", [Text("Planted")], [ChartPoint(value=1.0)])]
    entries = sorted(folder.glob("*.section"))
    assert len(entries) == 4
    for path, block in zip(entries, planted * 2):
        store.code = path.read_bytes()[head:head + 16]
        data, change_ = marshal.loads(path.read_bytes()[head + 32:])
        store._write(path.name, marshal.dumps((blocks_data(blocks_from_data(data) + [block]), change_)))
    (pack / "out" / "manifest.json").unlink()  # composed again, its inputs unchanged
    result = build(run, pack)
    assert "Planted" not in result.output
    assert outputs(pack) == full


def test_force_neither_reads_nor_writes_the_entries(run, pack):
    """Two entries swapped: well formed, and wrong for their keys. --force renders every
    section, writes the same files as the first build and leaves the folder as it was."""
    full = outputs(pack)
    first, second = sorted((pack / ".briefpack-cache" / "sections").glob("*/*.section"))[:2]
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b), second.write_bytes(a)
    change(pack, "variable")
    build(run, pack, "--force")
    forced = outputs(pack)
    assert forced != full and first.read_bytes() == b and second.read_bytes() == a
    shutil.rmtree(pack / ".briefpack-cache" / "sections")
    (pack / ".briefpack-cache" / "collation.marshal").unlink()  # the annex's sort keys
    replace_in(pack / "briefs" / "pack.yaml", "desk: Regional desk", "desk: Central desk")
    build(run, pack, "--force")
    assert outputs(pack) == full and not (pack / ".briefpack-cache" / "sections").exists()
    assert not (pack / ".briefpack-cache" / "collation.marshal").exists()


def test_documents_composed_by_worker_processes_keep_and_reuse_their_sections(run, pack):
    """Two documents composed side by side in worker processes: each keeps its own folder,
    and after an edit each rebuilt file equals a forced build's."""
    brief = pack / "briefs" / "pack.yaml"
    (pack / "briefs" / "other.yaml").write_text(brief.read_text(encoding="utf-8").replace(
        "title: Sections", "title: Other sections"), encoding="utf-8")
    build(run, pack, "--jobs", "2")
    folders = {p.name.split("-")[0] for p in (pack / ".briefpack-cache" / "sections").iterdir() if p.is_dir()}
    assert folders == {"pack", "other"}
    before = entries(pack)
    edit_quote(pack, PER_BATCH + 2, "safety")
    build(run, pack, "--jobs", "2")
    assert len(before & entries(pack)) == 6  # three sections of each document reused
    rebuilt = outputs(pack) + tuple((pack / "out" / f"other.{f}").read_bytes() for f in ("docx", "pdf"))
    build(run, pack, "--jobs", "2", "--force")
    assert rebuilt == outputs(pack) + tuple((pack / "out" / f"other.{f}").read_bytes() for f in ("docx", "pdf"))
