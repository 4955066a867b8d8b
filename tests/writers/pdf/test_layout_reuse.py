"""A rebuild that lays out only the parts of the PDF that changed (sections starting a new
page), read back as files: the same bytes as a forced full build, in every case."""

from __future__ import annotations

from pathlib import Path

import pytest

from rebuilt_pack import batched_library, damage, pack_fixtures, synthetic_paragraph
from workspace_builder import Workspace

SECTIONS = 4
PER_SECTION = 6
WORDS = ("the group said officials reported fighters border province security network recruitment "
         "propaganda online channel attack plot members support region authorities government Қазақстан "
         "Душанбе Oʻzbekiston operation militants estimated several hundred local foreign returned").split()


def paragraph(seed: int) -> str:
    return synthetic_paragraph(WORDS, seed, 70)


def make_pack(root: Path, again: bool = False) -> Workspace:
    ws = Workspace(root)
    batched_library(ws, SECTIONS, PER_SECTION, paragraph)
    (root / "briefs").mkdir()
    sections = "".join(f"  - type: excerpts\n    title: Batch {b}\n    select: batch:b{b}\n    new_page: true\n"
                       for b in range(SECTIONS))
    if again:  # the first section's excerpts once more: it refers to where they stand, with its page
        sections += "  - type: excerpts\n    title: Again\n    select: batch:b0\n    new_page: true\n"
    (root / "briefs" / "pack.yaml").write_text(
        "title: Parts\nmarking: TLP:CLEAR\nas_of: 2024-12-31\nformats: [pdf]\nsections:\n" + sections,
        encoding="utf-8")
    return ws


built, pack = pack_fixtures(make_pack, "parts")


def edit_quote(root: Path, n: int, old: str, new: str) -> None:
    """Change excerpt ``n``'s quote and its source's text alike (the quote stays the source's words)."""
    for path in (root / "seeds" / "excerpts" / "excerpts.yaml", root / "seeds" / "sources" / f"s{n}.txt"):
        text = path.read_text(encoding="utf-8")
        quote = paragraph(n)
        assert quote in text and f" {old} " in quote
        path.write_text(text.replace(quote, quote.replace(f" {old} ", f" {new} ", 1)), encoding="utf-8")


def part_files(root: Path) -> set[str]:
    return {p.name for p in (root / ".briefpack-cache" / "layout").glob("*/*.part")}




def rebuild_and_force(run, root: Path, *args) -> tuple[bytes, bytes]:
    """The PDF rebuilt (the cache read), then built with --force (no cache): both files."""
    assert run("build", "--root", root, "--jobs", "1", "--quiet", *args).exit_code == 0
    rebuilt = (root / "out" / "pack.pdf").read_bytes()
    assert run("build", "--root", root, "--jobs", "1", "--quiet", "--force", *args).exit_code == 0
    return rebuilt, (root / "out" / "pack.pdf").read_bytes()


def test_a_rebuild_after_one_excerpt_edit_lays_out_only_its_part_and_equals_a_full_build(run, pack):
    before = part_files(pack)
    assert len(before) == SECTIONS  # each section a part; the cover and contents are laid out every time
    edit_quote(pack, PER_SECTION + 2, "security", "safety")  # in the second section
    assert run("build", "--root", pack, "--jobs", "1", "--quiet").exit_code == 0
    after = part_files(pack)
    assert len(after) == SECTIONS and len(after - before) == 1  # one part laid out again, the others reused
    rebuilt = (pack / "out" / "pack.pdf").read_bytes()
    assert run("build", "--root", pack, "--jobs", "1", "--quiet", "--force").exit_code == 0
    assert rebuilt == (pack / "out" / "pack.pdf").read_bytes()


@pytest.mark.parametrize("change", ["note count", "new glyph", "page count"])
def test_a_change_that_moves_what_follows_lays_out_the_parts_after_it_again(run, pack, change):
    """A note added in the first section renumbers the notes after it; a character never drawn
    before gives the fonts' subsets a new code, which the text after it is written with; a
    section that grows by a page moves every page after it (those parts are reused)."""
    before = part_files(pack)
    if change == "note count":
        path = pack / "seeds" / "excerpts" / "excerpts.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f'- id: ex-new\n  source: s0\n  quote: "{paragraph(0)}"\n'
                        "  tags: [batch:b0]\n  date: 2024-01\n  credibility: 2\n", encoding="utf-8")
    elif change == "new glyph":
        edit_quote(pack, 1, "border", "Ǯǯ-border")
    else:
        edit_quote(pack, 1, "border", " ".join(["border"] * 400))
    rebuilt, full = rebuild_and_force(run, pack)
    assert rebuilt == full
    reused = before & part_files(pack)
    assert len(reused) == (SECTIONS - 1 if change == "page count" else 0)


def test_a_house_style_change_lays_out_every_part_again(run, pack, tmp_path):
    style = tmp_path / "style.yaml"
    style.write_text("sizes:\n  body: 11.5\n", encoding="utf-8")
    before = part_files(pack)
    rebuilt, full = rebuild_and_force(run, pack, "--pdf-style", style)
    assert rebuilt == full and not before & part_files(pack)


def test_corrupt_or_foreign_cache_files_are_ignored(run, pack):
    full = (pack / "out" / "pack.pdf").read_bytes()
    files = sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part"))
    damage(files, b"\x80\x04 not a layout file")
    (files[3].parent / "streams").write_bytes(b"briefpack layout 1\n" + bytes(32) + b"garbage")
    edit_quote(pack, 3 * PER_SECTION + 1, "security", "safety")  # the last section: the others are read
    rebuilt, forced = rebuild_and_force(run, pack)
    assert rebuilt == forced != full
    assert len(part_files(pack)) == SECTIONS


def test_force_neither_reads_nor_writes_the_cache(run, pack):
    """Two parts' files swapped: well formed, and wrong for their keys. --force lays every
    part out, writes the same file as the first build and leaves the folder as it was."""
    full = (pack / "out" / "pack.pdf").read_bytes()
    first, second = sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part"))[:2]
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b), second.write_bytes(a)
    assert run("build", "--root", pack, "--jobs", "1", "--quiet", "--force").exit_code == 0
    assert (pack / "out" / "pack.pdf").read_bytes() == full
    assert first.read_bytes() == b and second.read_bytes() == a


def test_the_cache_keeps_only_what_the_last_build_used(run, pack):
    for n in (2, 3):  # two builds, each after an edit of the first section
        edit_quote(pack, n, "security", "safety")
        assert run("build", "--root", pack, "--jobs", "1", "--quiet").exit_code == 0
    folder = next((pack / ".briefpack-cache" / "layout").iterdir())
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".part")) == ["streams"]
    assert len(part_files(pack)) == SECTIONS


def test_a_part_with_cross_references_is_laid_out_again_and_its_page_numbers_follow(run, tmp_path):
    """A section drawing on the first section's excerpts again refers to that section and its
    page ("printed under “Batch 0,” p. 3"): a form filled in at the end, so the part is laid
    out on every build; after the first section grows by a page the rebuild equals a full one."""
    root = tmp_path / "ws"
    make_pack(root, again=True)
    assert run("build", "--root", root, "--jobs", "1", "--quiet").exit_code == 0
    before = part_files(root)
    assert len(before) == SECTIONS  # the fifth, with the references, is not kept
    edit_quote(root, 1, "border", " ".join(["border"] * 400))  # the first section grows by a page
    rebuilt, full = rebuild_and_force(run, root)
    assert rebuilt == full and len(before & part_files(root)) == SECTIONS - 1


def test_a_pdf_without_fixed_page_breaks_keeps_nothing(run, tmp_path):
    root = tmp_path / "ws"
    make_pack(root)
    brief = root / "briefs" / "pack.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("    new_page: true\n", ""), encoding="utf-8")
    assert run("build", "--root", root, "--jobs", "1", "--quiet").exit_code == 0
    assert (root / "out" / "pack.pdf").exists() and not (root / ".briefpack-cache" / "layout").exists()


def test_a_cached_link_that_is_not_a_web_address_is_never_played_again(run, pack):
    """A layout file is written by briefpack, but whoever can write to the workspace's cache
    could plant a link in it: a replayed page obeys the rule the writer made it by (http or
    https only), else its part is laid out again."""
    import marshal

    import pikepdf

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    for path in sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part")):
        entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
        entry["pages"][0][2].append(("U", "javascript:app.alert(1)", (10.0, 10.0, 90.0, 30.0), 0, "URI"))
        LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    edit_quote(pack, 3 * PER_SECTION + 1, "security", "safety")  # the last section: the others are read
    rebuilt, forced = rebuild_and_force(run, pack)
    assert b"javascript" not in rebuilt
    with pikepdf.open(pack / "out" / "pack.pdf") as pdf:
        uris = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert all(u.startswith(("http://", "https://")) for u in uris)
    assert rebuilt == forced


@pytest.mark.parametrize("bad", [-2, 10**6, 1.5, -2 - 10**6, ("B", 0), True, ("A", 3),
                                 ("O", "Planted", "sec-batch-0", 7, None), ("O", "Planted", "nowhere", 1, None),
                                 ("L", "Planted", "nowhere", (1.0, 1.0, 9.0, 9.0), 0, b"[ 1 1 9 9 ]"),
                                 ("L", "Planted", "note-1", (1.0, 1.0, 9.0, 9.0), 0, b"[ 1 1 9 9 ]>> /Planted"),
                                 ("M", "note-1", 1.0, 1.0, b"[ 1 1 0 ] /Planted"),
                                 ("M", "note-1", 1.0, 1.0, b"[ 1 1 ]")])
def test_cached_drawing_out_of_shape_is_never_played_again(run, pack, bad):
    """Marked content closed before it opens or owned by an element the part does not have, an
    outline entry deeper than the outline allows, an outline entry or a link to a destination
    nothing makes, a rectangle or a point kept as written that is not four or three numbers, in
    a layout file rewritten with a valid hash: its part is laid out again (and kept anew), and
    the build goes on."""
    import marshal

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    def entries():
        return {p: marshal.loads(p.read_bytes()[len(MAGIC) + 32:])
                for p in sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part"))}

    kept = entries()
    for path, entry in entries().items():
        entry["pages"][0][2].insert(0, bad)
        LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    edit_quote(pack, 3 * PER_SECTION + 1, "security", "safety")  # the last section: the others are read
    rebuilt, forced = rebuild_and_force(run, pack)
    assert rebuilt == forced
    after = entries()
    assert len(set(kept) & set(after)) == SECTIONS - 1  # the others laid out again, as they were
    assert all(after[path] == kept[path] for path in set(kept) & set(after))


@pytest.mark.parametrize("element", [("P/ActualText (planted)", ()), ("TH", (("Scope", "Column>> /Planted"),)),
                                     ("P", (("Lang", 7),)), ("Figure", (("BBox", ("0", "0", "1", "1")),))])
def test_a_cached_element_out_of_shape_is_never_played_again(run, pack, element):
    """An element's type and a header's scope are written as PDF names, its language and ID as
    strings: an element in a layout file that would write anything else lays its part out again."""
    import marshal

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    for path in sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part")):
        entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
        entry["elements"][-1] = (*element, entry["elements"][-1][2])  # in place of the part's last element
        LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    edit_quote(pack, 3 * PER_SECTION + 1, "security", "safety")  # the last section: the others are read
    rebuilt, forced = rebuild_and_force(run, pack)
    assert b"Planted" not in rebuilt and b"planted" not in rebuilt
    assert rebuilt == forced


@pytest.mark.parametrize("where", ["parent", "note", "stack"])
def test_a_cached_reference_among_elements_that_is_not_a_whole_number_is_never_played_again(run, pack, where):
    """An element's parent, a note's element and an open section's element are kept as whole
    numbers: one kept as a fraction (which compares as in range, but indexes nothing) lays its part
    out again, and the build goes on."""
    import marshal

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    for path in sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part")):
        entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
        if where == "parent":
            kind, attrs, _ = entry["elements"][-1]
            entry["elements"][-1] = (kind, attrs, 0.5)
        elif where == "note":
            entry["notes"] = [(number, i + 0.5 if i < len(entry["elements"]) - 1 else i)
                              for number, i in entry["notes"]]
        else:
            entry["stack"] = [(level, ref + 0.5 if 0 <= ref < len(entry["elements"]) - 1 else ref)
                              for level, ref in entry["stack"]]
        LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    edit_quote(pack, 3 * PER_SECTION + 1, "security", "safety")  # the last section: the others are read
    rebuilt, forced = rebuild_and_force(run, pack)
    assert rebuilt == forced


def test_a_cached_page_naming_a_font_not_registered_is_laid_out_again(run, pack):
    import marshal

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    for path in sorted((pack / ".briefpack-cache" / "layout").glob("*/*.part")):
        entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
        entry["pages"][0][1] = (["Nope"], entry["pages"][0][1][1])
        LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    edit_quote(pack, 3 * PER_SECTION + 1, "security", "safety")  # the last section: the others are read
    rebuilt, forced = rebuild_and_force(run, pack)
    assert rebuilt == forced


def test_what_playing_parts_left_out_of_collections_is_back_in_them_once_the_file_is_written(tmp_path):
    """Parts played again leave what they made out of the cycle collector's walks while the file
    is made; once it is written, all of it is back in them (a process writing many files does not
    keep each one's objects), and the file is the one a full build writes."""
    import gc

    from briefpack.document.model import Document, Heading, Meta, Note, PageBreak, Paragraph, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf
    from briefpack.writers.registry import CacheFolder

    blocks = []
    for s in range(3):
        if s:
            blocks.append(PageBreak())
        blocks.append(Heading(1, [Text(f"Section {s}")], anchor=f"s{s}"))
        blocks += [Paragraph([Text(paragraph(10 * s + i)), Note(10 * s + i + 1, (Text(f"Source {s}.{i}."),))])
                   for i in range(4)]
    document = Document(Meta(title="Parts", timestamp=1717200000), blocks)
    cache = tmp_path / "layout"
    write_pdf(document, tmp_path / "first.pdf", WriterOptions(), CacheFolder(cache, reuse=False))
    played = []  # how many objects were left out of collections as each part was played
    gc.unfreeze()
    gc.enable()
    try:
        import briefpack.writers.pdf.parts as parts

        play = parts.PartLayout._play
        parts.PartLayout._play = lambda self, *args: (played.append(gc.get_freeze_count()), play(self, *args))[1]
        try:
            write_pdf(document, tmp_path / "again.pdf", WriterOptions(), CacheFolder(cache))
        finally:
            parts.PartLayout._play = play
        assert len(played) == 2 and played[1] > 0  # the second played after the first was left out
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()


# ---------------------------------------------------------------- a long part laid out only up to where it meets the last
LONG = 36  # paragraphs in the long part: several pages of them, each with a note


def long_document(edit: str = "", at: int = LONG // 4):
    """A short part, then a long one whose paragraph ``at`` is edited: ``"word"`` (one word
    changed), ``"note"`` (a note added, the notes after it renumbered), ``"glyph"`` (a character
    drawn nowhere before), ``"grow"`` (a page's worth of words more), ``"short"`` (cut to two words)."""
    from briefpack.document.model import Document, Heading, Meta, Note, PageBreak, Paragraph, Text

    blocks = [Heading(1, [Text("Opening")], anchor="opening"), Paragraph([Text(paragraph(1))]), PageBreak(),
              Heading(1, [Text("Long")], anchor="long")]
    number = 0
    for i in range(LONG):
        text = synthetic_paragraph(WORDS, 100 + i, 14 + i * 37 % 50)  # of one to five lines: not all split
        if i == at and edit == "word":
            text = text.replace(" security ", " safety ", 1)
        elif i == at and edit == "glyph":
            text = text.replace(" security ", " Ǯǯ-security ", 1)
        elif i == at and edit == "grow":
            text = " ".join([text] * 8)
        elif i == at and edit == "short":
            text = "Two words."
        content = [Text(text)]
        if i == at and edit == "note":
            number += 1
            content.append(Note(number, (Text("An added source."),)))
        number += 1
        content.append(Note(number, (Text(f"Source {i}, a report of {2000 + i % 20}."),)))
        if i % 9 == 4:
            blocks.append(Heading(2, [Text(f"Part {i}")], anchor=f"part-{i}"))
        blocks.append(Paragraph(content))
    return Document(Meta(title="Parts", timestamp=1717200000), blocks)


def write_long(path: Path, document, cache: Path | None, reuse: bool = True) -> list[tuple[int, int]]:
    """``document`` written at ``path`` (with the layout folder ``cache``, or none): for each time
    pages of a part were played from its earlier layout, the page of the part they were played
    from (0: its first pages) and how many pages."""
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf import parts
    from briefpack.writers.pdf.writer import write_pdf
    from briefpack.writers.registry import CacheFolder

    played = []
    play = parts.PartLayout._play_earlier

    def counted(self, doc, pages, at, dropped):
        played.append((len(self.recorder.pages), len(pages)))
        return play(self, doc, pages, at, dropped)

    parts.PartLayout._play_earlier = counted
    try:
        write_pdf(document, path, WriterOptions(), CacheFolder(cache, reuse) if cache is not None else None)
    finally:
        parts.PartLayout._play_earlier = play
    return played


@pytest.fixture(scope="module")
def long_built(tmp_path_factory):
    """The long document written once, its layout folder kept."""
    root = tmp_path_factory.mktemp("long")
    assert write_long(root / "first.pdf", long_document(), root / "layout", reuse=False) == []
    return root


def rewrite(long_built, tmp_path, edit: str, at: int = LONG // 4) -> tuple[list, bytes, bytes]:
    """The long document edited, written with a copy of the first build's layout folder and
    written in full: what was played, both files."""
    import shutil

    cache = tmp_path / "layout"
    shutil.copytree(long_built / "layout", cache)
    played = write_long(tmp_path / "again.pdf", long_document(edit, at), cache)
    assert write_long(tmp_path / "full.pdf", long_document(edit, at), None) == []
    return played, (tmp_path / "again.pdf").read_bytes(), (tmp_path / "full.pdf").read_bytes()


def pages_of(data: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_an_edit_in_a_long_part_lays_out_its_pages_up_to_where_the_layout_meets_the_last(long_built, tmp_path):
    """One word changed on the long part's second page: the pages from the next page start where
    the text stands as it stood are the last build's, played; the file is a full build's."""
    first = (long_built / "first.pdf").read_bytes()
    played, again, full = rewrite(long_built, tmp_path, "word")
    assert again == full != first
    total = pages_of(full) - 2  # the cover and the short part's page before the long part
    rest = [(page, count) for page, count in played if page]
    assert total >= 5 and len(rest) == 1
    page, count = rest[0]
    assert 1 <= page <= 3 and page + count == total  # laid out up to page 3 at most, the rest played


def test_the_pages_played_are_kept_for_the_next_build(long_built, tmp_path):
    """The recording of a part laid out in part and played in part is whole: the edit undone,
    the part meets its first layout again, and the file is the first build's."""
    import shutil

    cache = tmp_path / "layout"
    shutil.copytree(long_built / "layout", cache)
    assert [page for page, _ in write_long(tmp_path / "edited.pdf", long_document("word"), cache) if page]
    played = write_long(tmp_path / "undone.pdf", long_document(), cache)
    assert [page for page, _ in played if page]
    assert (tmp_path / "undone.pdf").read_bytes() == (long_built / "first.pdf").read_bytes()


def test_an_edit_late_in_a_long_part_plays_the_pages_before_it(long_built, tmp_path):
    """One word changed near the long part's end: its pages up to one that starts with a block
    before the edit, which nothing from the edit on had been looked at before, are played; the
    file is a full build's."""
    played, again, full = rewrite(long_built, tmp_path, "word", at=LONG - 4)
    assert again == full
    assert played[0][0] == 0 and played[0][1] >= 2  # the first pages played, then laid out


def test_a_page_that_started_with_the_block_edited_is_laid_out_again_with_the_page_before(long_built, tmp_path):
    """The block a page started with in the last build cut short: it may now end the page
    before (which the last build ended when it did not fit), so that page is laid out again."""
    import marshal

    from briefpack.writers.pdf.layout_cache import MAGIC

    (path,) = (long_built / "layout").glob("*.part")
    entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
    page, _, _, _, block, reach = max((b for b in entry["bounds"] if b[4] == b[5] and b[4] > 1),
                                      key=lambda b: b[0])
    paragraphs = [i for i in range(LONG) for _ in range(1 + (i % 9 == 4))]  # the paragraph of each block
    at = paragraphs[block - 1]  # (the part's first block is its heading)
    assert long_document("short", at).blocks[3 + block].content[0].text == "Two words."  # (after the short part)
    played, again, full = rewrite(long_built, tmp_path, "short", at)
    assert again == full
    assert all(count < page for start, count in played if start == 0)


@pytest.mark.parametrize("edit", ["note", "glyph", "grow"])
def test_an_edit_that_moves_what_follows_in_its_part_still_gives_a_full_builds_file(long_built, tmp_path, edit):
    """A note added (the notes after it renumbered: nothing after it stands as it stood), a
    character the fonts' subsets had no code for (the text after it is written with other
    codes), a paragraph grown by pages (what follows starts its pages elsewhere)."""
    played, again, full = rewrite(long_built, tmp_path, edit)
    assert again == full
    if edit == "grow":
        assert pages_of(full) > pages_of((long_built / "first.pdf").read_bytes())
    else:  # the pages before the edit may be played, none after it
        assert all(page == 0 for page, _ in played)


@pytest.mark.parametrize("damage", ["page", "elements", "digest", "shape"])
def test_a_damaged_recording_of_a_part_is_laid_out_in_full(long_built, tmp_path, damage):
    """A recording rewritten with a valid seal: a page boundary past its pages, the elements
    before each numbered otherwise (its pages' marked content would go to other elements), each
    boundary's digest another one's, a boundary out of shape: nothing after the edit is played,
    and the file is a full build's."""
    import marshal
    import shutil

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    cache = tmp_path / "layout"
    shutil.copytree(long_built / "layout", cache)
    changed = 0
    for path in sorted(cache.glob("*.part")):
        entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
        bounds = entry["bounds"]
        if not bounds:
            continue
        page, digest, before, stack, block, reach = bounds[-1]
        if damage == "page":
            bounds[-1] = [len(entry["pages"]), digest, before, stack, block, reach]
        elif damage == "elements":
            entry["bounds"] = [[p, d, b + 1, *rest] for p, d, b, *rest in bounds]
        elif damage == "digest":  # each boundary given the next one's digest
            entry["bounds"] = [[p, d, *rest] for (p, _, *rest), (_, d, *_) in zip(bounds, bounds[1:] + bounds[:1])]
        else:
            bounds[-1] = [page, digest, before, [("0", 0)], block, reach]
        LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
        changed += 1
    assert changed == 1  # the long part's
    played = write_long(tmp_path / "again.pdf", long_document("word"), cache)
    assert write_long(tmp_path / "full.pdf", long_document("word"), None) == []
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()
    if damage in ("page", "shape"):  # the recording is not read at all
        assert played == []
    else:  # the first pages, whose numbering and boundary are whole, may be played; nothing after the edit
        assert all(page == 0 for page, _ in played)


@pytest.mark.parametrize("moved", ["page later", "block earlier", "block later"])
def test_a_recording_whose_boundaries_name_other_pages_or_blocks_gives_a_full_builds_file(long_built, tmp_path, moved):
    """A recording rewritten with a valid seal, each of its page boundaries said to stand a page
    later, or before the block before or after the one it stood before: played as they say, the
    pages would lose a page's text or draw a block twice or never. The file is a full build's."""
    import marshal
    import shutil

    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    cache = tmp_path / "layout"
    shutil.copytree(long_built / "layout", cache)
    (path,) = cache.glob("*.part")
    entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
    count, blocks = len(entry["pages"]), len(entry["blocks"])
    step = -1 if moved == "block earlier" else 1
    for bound in entry["bounds"]:
        page, _, _, _, block, reach = bound
        if moved == "page later":
            bound[0] = min(page + 1, count - 1)
        elif block == reach and 0 < block + step < blocks:
            bound[4] = bound[5] = block + step
    LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    write_long(tmp_path / "again.pdf", long_document("word"), cache)
    assert write_long(tmp_path / "full.pdf", long_document("word"), None) == []
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()


@pytest.mark.parametrize("edit", ["", "word"])
def test_a_recording_whose_headings_name_other_pages_gives_a_full_builds_contents(tmp_path, edit):
    """A recording rewritten with a valid seal, each heading said to stand a page later than the
    page that makes its destination: played whole, or in part around an edit, the contents would
    give wrong page numbers or none. The file is a full build's."""
    import marshal

    from briefpack.document.model import TableOfContents
    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    def document(change: str):
        doc = long_document(change)
        doc.blocks.insert(2, TableOfContents())  # in the short part, with the cover
        return doc

    cache = tmp_path / "layout"
    write_long(tmp_path / "first.pdf", document(""), cache, reuse=False)
    (path,) = cache.glob("*.part")
    entry = marshal.loads(path.read_bytes()[len(MAGIC) + 32:])
    assert entry["headings"]
    entry["headings"] = [[name, page + 1] for name, page in entry["headings"]]
    LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    write_long(tmp_path / "again.pdf", document(edit), cache)
    write_long(tmp_path / "full.pdf", document(edit), None)
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()


@pytest.mark.parametrize("damage", ["reference", "notes"])
def test_a_recording_whose_notes_or_references_are_not_its_pages_is_laid_out_again(tmp_path, damage):
    """A recording rewritten with a valid seal: saying it drew the first reference of a note a
    later part references (that part's reference would make no destination for the note's link
    back), or its last two notes' elements swapped (the structure tree would hold them out of
    order). The part is laid out again and the file is a full build's."""
    import marshal

    from briefpack.document.model import Note, PageBreak, Paragraph, Text
    from briefpack.writers.pdf.layout_cache import MAGIC, LayoutFolder

    def document(words: str):
        doc = long_document()
        last = max(note.number for block in doc.blocks if isinstance(block, Paragraph)
                   for note in block.content if isinstance(note, Note))
        doc.blocks += [PageBreak(), Paragraph([Text(words), Note(last, (Text(f"Source {LONG - 1}, a report of "
                                                                            f"{2000 + (LONG - 1) % 20}."),)),
                                               Note(last + 1, (Text("A late source."),))])]
        return doc, last + 1

    cache = tmp_path / "layout"
    first, late = document("The last part.")
    write_long(tmp_path / "first.pdf", first, cache, reuse=False)
    entries = {p: marshal.loads(p.read_bytes()[len(MAGIC) + 32:]) for p in cache.glob("*.part")}
    ((path, entry),) = [(p, e) for p, e in entries.items() if "sec-long" in dict(e["headings"])]
    if damage == "reference":
        entry["references"] = sorted(entry["references"] + [str(late)])
    else:
        notes = entry["notes"]
        (a, i), (b, j) = notes[-2:]
        notes[-2:] = [(a, j), (b, i)]
    LayoutFolder(path.parent, reuse=False)._write(path.name, entry)
    again, _ = document("The last part, changed.")  # laid out: its references drawn anew
    write_long(tmp_path / "again.pdf", again, cache)
    write_long(tmp_path / "full.pdf", document("The last part, changed.")[0], None)
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()
