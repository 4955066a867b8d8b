"""Notes and bibliography entries kept from one build to the next (notes/kept_notes.py), read
back as files: whatever a note is made of changes, the rebuilt DOCX and PDF equal a forced
full build's bytes, and a damaged or foreign file of kept notes costs only the keeping."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from rebuilt_pack import build, outputs, pack_fixtures, replace_in
from workspace_builder import Workspace

VOCABULARY = "facets:\n  batch:\n    label: Batch\n    values:\n      b0: {label: Batch 0}\n      b1: {label: Batch 1}\n"
BRIEF = """title: Notes
marking: TLP:CLEAR
as_of: 2024-12-31
formats: [docx, pdf]
sections:
  - type: excerpts
    title: First
    select: batch:b0
  - type: excerpts
    title: Second
    select: batch:b1
    new_page: true
"""
PARAGRAPHS = {
    "s0": ["Officials reported several hundred fighters near the border.",
           "The group said its network recruited members online.",
           "Fighters crossed the border at night."],
    "s1": ["Authorities described a plot against the province.",
           "Security services estimated the support of local militants."],
}


def excerpt(n: int, source: str, paragraph: int, batch: str, credibility: int = 2) -> str:
    return (f"- id: ex-{n}\n  source: {source}\n  quote: \"{PARAGRAPHS[source][paragraph]}\"\n"
            f"  tags: [batch:{batch}]\n  date: 2024-0{n + 1}\n  credibility: {credibility}\n")


def make_pack(root: Path) -> None:
    ws = Workspace(root)
    ws.vocabulary(VOCABULARY)
    ws.source("s0", PARAGRAPHS["s0"], title="Border report", author="Lucas Webber", reliability="B")
    ws.source("s1", PARAGRAPHS["s1"], title="Province plot", author="Ana Ruiz", reliability="C")
    ws.excerpts(excerpt(0, "s0", 0, "b0") + excerpt(1, "s1", 0, "b0") + excerpt(2, "s0", 1, "b1")
                + excerpt(3, "s1", 1, "b1"))
    (root / "briefs").mkdir()
    (root / "briefs" / "pack.yaml").write_text(BRIEF, encoding="utf-8")


built, pack = pack_fixtures(make_pack, "notes")




def kept(root: Path) -> Path:
    return root / ".briefpack-cache" / "notes.marshal"





def change(root: Path, kind: str) -> None:
    excerpts = root / "seeds" / "excerpts" / "excerpts.yaml"
    if kind == "cited earlier or not":  # s0 first cited by the second section: ex-2 in full, ex-0 short after it
        replace_in(excerpts, "  tags: [batch:b0]\n  date: 2024-01", "  tags: [batch:b1]\n  date: 2024-09")
    elif kind == "cited earlier":  # s1 first cited by ex-3, moved before ex-1: ex-3 in full, ex-1 short
        replace_in(excerpts, "  tags: [batch:b1]\n  date: 2024-04", "  tags: [batch:b0]\n  date: 2024-01")
    elif kind == "source record":
        replace_in(root / "seeds" / "sources" / "s0.txt", "title: Border report", "title: Border account")
    elif kind == "author":
        replace_in(root / "seeds" / "sources" / "s1.txt", "author: Ana Ruiz", "author: Ana Ruiz Soto")
    elif kind == "reliability":
        replace_in(root / "seeds" / "sources" / "s1.txt", "reliability: C", "reliability: A")
    elif kind == "credibility":
        replace_in(excerpts, "  date: 2024-03\n  credibility: 2", "  date: 2024-03\n  credibility: 4")
    elif kind == "locator":  # the same excerpt quoting the source's other paragraph
        replace_in(excerpts, PARAGRAPHS["s0"][0], PARAGRAPHS["s0"][2])


KINDS = ["cited earlier or not", "cited earlier", "source record", "author", "reliability", "credibility", "locator"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_rebuild_after_a_change_equals_a_full_build(run, pack, kind):
    before = kept(pack).read_bytes()
    change(pack, kind)
    build(run, pack)
    rebuilt = outputs(pack)
    assert kept(pack).read_bytes() != before  # a note made again, and kept
    build(run, pack, "--force")
    assert rebuilt == outputs(pack)


def test_kept_notes_are_used_and_a_forced_build_neither_reads_nor_writes_them(run, pack, monkeypatch):
    from briefpack.notes import chicago

    made = []
    for name in ("full_citation", "short_citation", "bibliography_entry"):
        monkeypatch.setattr(chicago, name, lambda *args, _made=getattr(chicago, name), _name=name:
                            made.append(_name) or _made(*args))
    before = kept(pack).read_bytes()
    replace_in(pack / "briefs" / "pack.yaml", "title: Notes", "title: Notes again")  # no note changes
    build(run, pack)
    assert kept(pack).read_bytes() == before
    assert made == []  # every note and entry found
    kept(pack).unlink()
    build(run, pack, "--force")
    assert not kept(pack).exists()
    assert sorted(set(made)) == ["bibliography_entry", "full_citation", "short_citation"]


def sealed_with(root: Path, entries) -> None:
    """A file of kept notes sealed as briefpack seals it (its code), holding ``entries``."""
    from briefpack.cache_files import write_sealed
    from briefpack.pipeline.documents import NOTES_MAGIC, _version
    from briefpack.pipeline.fingerprints import code_key

    write_sealed(kept(root), NOTES_MAGIC, _version(code_key()), marshal.dumps(entries))


def test_damaged_or_foreign_kept_notes_are_ignored(run, pack):
    stored = marshal.loads(kept(pack).read_bytes()[len(b"briefpack notes 1\n") + 32:])
    assert len(stored) == 6
    wrong_node = [(4, ("ex-9",), ())]  # a Cite where a note's text is kept
    cases = [
        kept(pack).read_bytes()[:-20],  # cut short
        {key: wrong_node for key in stored},
        {key: [(0, 5, False, False)] for key in stored},  # a Text holding a number
        {key: [] for key in stored},
        {key: "text" for key in stored},
        ["not", "a", "mapping"],
    ]
    for n, case in enumerate(cases):
        if isinstance(case, bytes):
            kept(pack).write_bytes(case)
        else:
            sealed_with(pack, case)
        replace_in(pack / "briefs" / "pack.yaml", "title: Notes", f"title: Notes {n}")
        build(run, pack)
        rebuilt = outputs(pack)
        build(run, pack, "--force")
        assert rebuilt == outputs(pack)
