"""The PDF writer, read back as a reader would see it: pages, notes, text, fonts."""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import pytest

from briefpack.errors import BuildError
from briefpack.document.model import (
    BulletList, Cite, Document, Heading, Link, Meta, Note, PageBreak, Paragraph, Quote, Table,
    TableOfContents, Text,
)
from briefpack.pipeline.house_style import read_style_sheet
from briefpack.writers import WriterOptions
from briefpack.writers.pdf.writer import write_pdf
from pdf_check import destination_pages, misplaced_notes, note_pages

pypdf = pytest.importorskip("pypdf")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

WORDS = ("Қазақстан Россия Тоҷикистон Oʻzbekiston gʻalaba border water security trade "
         "migration the of and in regional policy Bishkek Dushanbe reservoir").split()
HOSTILE = "<b>bold</b> <a href=\"http://evil\">x</a> AT&T <unclosed {{ var }} &amp; \x00\x07\x1b end"


class Notes:
    def __init__(self):
        self.count = 0

    def __call__(self, text):
        self.count += 1
        return Note(self.count, (Text(f"Source {self.count}. {text}"),))


def meta(**kw):
    base = dict(title="Water and Borders in Central Asia", subtitle="Quarterly brief",
                marking="TLP:AMBER", as_of="June 30, 2024", produced="July 2, 2024",
                organization="Regional Desk", authors=["A. Analyst", "B. Writer"],
                subject="Central Asia", keywords=["water", "borders"], timestamp=1719878400)
    base.update(kw)
    return Meta(**base)


def big_document() -> Document:
    """Many notes, paragraphs split across pages, a note continuing on the next page,
    tables with notes (one longer than a page), quotes and lists."""
    rnd = random.Random(7)
    note = Notes()

    def words(n):
        return " ".join(rnd.choice(WORDS) for _ in range(n))

    blocks = [TableOfContents()]
    for s in range(6):
        blocks.append(Heading(1, [Text(f"Section {s + 1}: {words(3)}")], anchor=f"s{s}"))
        for p in range(7):
            content = []
            for _ in range(rnd.randint(2, 7)):
                content += [Text(words(rnd.randint(15, 70)) + " "), note(words(rnd.choice([6, 12, 30, 60])))]
            if s == 2 and p == 3:
                content += [Text(words(40) + " "),
                            note("LONGNOTESTART " + words(1300) + " LONGNOTEEND")]
            blocks.append(Paragraph(content))
            if p == 2:
                blocks.append(Heading(2, [Text(f"Part {s + 1}.{p}: {words(2)}")]))
                blocks.append(Quote([Text(words(50)), note(words(10))]))
            if p == 4:
                rows = 40 if s == 1 else 5
                blocks.append(Table(
                    header=[[Text("Place")], [Text("Finding"), note("header note " + words(5))]],
                    rows=[[[Text(words(3))], [Text(words(rnd.randint(5, 25))), note(words(8))]]
                          for _ in range(rows)],
                    widths=[0.3, 0.7], caption=f"Table {s + 1}"))
            if p == 5:
                blocks.append(BulletList([[Text(words(12)), note(words(6))], [Text(words(20))]]))
    return Document(meta(), blocks)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    doc = big_document()
    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    stats = write_pdf(doc, path, WriterOptions())
    return doc, path, stats


def page_texts(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def pdftotext(path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def expected_notes(doc) -> int:
    from briefpack.document.walk import iter_notes

    return len(list(iter_notes(doc)))


# ---------------------------------------------------------------- notes
def test_every_note_is_on_its_reference_page(built):
    doc, path, stats = built
    n = expected_notes(doc)
    assert n > 250
    assert stats["notes"] == n
    assert misplaced_notes(path, expected=n) == []


def test_notes_follow_body_order_and_split_paragraphs_carry_their_own(built):
    doc, path, stats = built
    pages = note_pages(path)
    starts = [pages[n][1] for n in sorted(pages)]
    assert starts == sorted(starts)  # numbering order is page order
    # Paragraphs were split across pages: some pages begin with a note whose paragraph began earlier.
    assert stats["pages"] > 20


def test_long_note_continues_at_the_foot_of_the_next_page(built):
    doc, path, stats = built
    texts = page_texts(path)
    start = next(i for i, t in enumerate(texts) if "LONGNOTESTART" in t)
    end = next(i for i, t in enumerate(texts) if "LONGNOTEEND" in t)
    assert end > start
    number = next(n for n, (ref, note) in note_pages(path).items()
                  if note == start + 1 and f"{n}. Source {n}. LONGNOTESTART" in texts[start].replace("\n", " "))
    assert note_pages(path)[number] == (start + 1, start + 1)


def test_table_header_repeats_and_cell_notes_stay_with_their_rows(built):
    doc, path, stats = built
    texts = page_texts(path)
    with_header = [i for i, t in enumerate(texts) if re.search(r"Place\s*Finding", t)]
    assert len(with_header) >= 7  # six tables, one spanning two pages or more
    assert misplaced_notes(path) == []


def test_references_and_notes_link_to_each_other(built):
    doc, path, stats = built
    reader = pypdf.PdfReader(str(path))
    dests = reader.named_destinations
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}

    def target(d):
        return index[d.page.idnum], round(float(d.top), 1)

    links = {}
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            a = annot.get_object()
            if "/Dest" in a:
                dest = a["/Dest"]
                links.setdefault((index[dest[0].idnum], round(float(dest[3]), 1)), set()).add(i)
    for n in (1, 17, 120):
        ref, note = dests[f"/ref-{n}"], dests[f"/note-{n}"]
        # a link on the reference's page goes to the note, and one on the note's page goes back
        assert target(ref)[0] in links[target(note)]
        assert target(note)[0] in links[target(ref)]


# ---------------------------------------------------------------- pages
@needs_poppler
def test_qpdf_check_passes(built):
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf missing")
    result = subprocess.run(["qpdf", "--check", str(built[1])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_poppler
def test_every_font_is_embedded(built):
    out = subprocess.run(["pdffonts", str(built[1])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb, sub, uni
    names = " ".join(rows)
    for face in ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans-Bold"):
        assert f"+{face} " in names


def test_toc_page_numbers_match_the_headings(built):
    doc, path, stats = built
    texts = page_texts(path)
    dests = destination_pages(path)
    contents = next(i for i, t in enumerate(texts) if t.lstrip().splitlines()[1:2] == ["Contents"]
                    or "\nContents\n" in t)
    toc = texts[contents]
    headings = [h for h in doc.headings() if h.level <= 2]
    assert len(headings) == 12
    keys = [f"sec-{h.anchor}" if h.anchor else None for h in doc.headings()]
    checked = 0
    for i, h in enumerate(doc.headings()):
        title = h.content[0].text
        m = re.search(re.escape(title) + r"[\s.]*?(\d+)\s", toc)
        assert m, title
        page = int(m.group(1))
        key = keys[i] or f"sec-{i + 1}"
        assert dests[key] == page, title
        assert title in texts[page - 1]
        checked += 1
    assert checked == 12


def test_outline_mirrors_the_headings(built):
    doc, path, stats = built
    outline = pypdf.PdfReader(str(path)).outline
    titles = [item["/Title"] for item in outline if not isinstance(item, list)]
    assert titles[0] == "Contents"
    assert titles[1:] == [h.content[0].text for h in doc.headings() if h.level == 1]
    nested = [x for x in outline if isinstance(x, list)]
    assert [x["/Title"] for group in nested for x in group] == [
        h.content[0].text for h in doc.headings() if h.level == 2]


@needs_poppler
def test_marking_in_header_and_footer_of_every_page(built):
    doc, path, stats = built
    xml = pdftotext(path, "-bbox")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    assert len(pages) == stats["pages"]
    for width, height, body in pages:
        boxes = [tuple(map(float, m)) for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">TLP:AMBER</word>', body)]
        top = [b for b in boxes if b[3] < 80]
        bottom = [b for b in boxes if b[1] > float(height) - 80]
        assert len(top) == 1 and len(bottom) == 1, boxes
        for b in top + bottom:
            assert b[3] - b[1] >= 12  # 12 pt or larger
            assert b[2] > float(width) - 80  # right-aligned


@needs_poppler
def test_page_x_of_y_on_every_page(built):
    doc, path, stats = built
    texts = pdftotext(path).split("\f")[:-1]
    assert len(texts) == stats["pages"]
    for i, text in enumerate(texts, 1):
        assert f"Page {i} of {len(texts)}" in text


def test_metadata_from_meta(built):
    doc, path, stats = built
    info = pypdf.PdfReader(str(path)).metadata
    assert info.title == "Water and Borders in Central Asia"
    assert info.author == "A. Analyst, B. Writer"
    assert info.subject == "Central Asia"
    assert "water" in info["/Keywords"] and "borders" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20240702")


def test_cover_page(built):
    cover = page_texts(built[1])[0]
    for text in ("Water and Borders in Central Asia", "Quarterly brief", "Regional Desk",
                 "Information as of June 30, 2024", "Produced July 2, 2024", "A. Analyst, B. Writer"):
        assert text in cover


# ---------------------------------------------------------------- text
def small_document(*blocks, **kw) -> Document:
    return Document(meta(**kw), list(blocks))


@needs_poppler
def test_hostile_text_is_printed_literally(tmp_path):
    note = Note(1, (Text(HOSTILE),))
    doc = small_document(
        Heading(1, [Text(HOSTILE)]),
        Paragraph([Text(HOSTILE, bold=True), note]),
        Paragraph([Link(HOSTILE, "javascript:alert(1)")]),
        Table(header=[[Text(HOSTILE)]], rows=[[[Text(HOSTILE)]]]),
        title=HOSTILE, marking="TLP:CLEAR",
    )
    path = tmp_path / "h.pdf"
    write_pdf(doc, path, WriterOptions())
    text = pdftotext(path)
    literal = '<b>bold</b> <a href="http://evil">x</a> AT&T <unclosed {{ var }} &amp; end'
    assert text.replace("\n", " ").count(literal) >= 5
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text.replace("\x0c", ""))
    uris = [a.get_object().get("/A", {}).get("/URI") for p in pypdf.PdfReader(str(path)).pages
            for a in (p.get("/Annots") or [])]
    assert not any(u and "evil" in u or u and "javascript" in u for u in uris)


@needs_poppler
def test_central_asian_scripts_read_back(tmp_path):
    words = ["Қазақстан", "Россия", "Тоҷикистон", "Oʻzbekiston", "gʻalaba", "Ўзбекистон", "Ғарм"]
    doc = small_document(
        Heading(1, [Text(" ".join(words))]),
        Paragraph([Text(" ".join(words)), Text(" " + " ".join(words), bold=True),
                   Text(" " + " ".join(words), italic=True),
                   Text(" " + " ".join(words), bold=True, italic=True), Note(1, (Text(" ".join(words)),))]),
    )
    path = tmp_path / "s.pdf"
    write_pdf(doc, path, WriterOptions())
    text = pdftotext(path)
    for word in words:
        assert text.count(word) >= 6, word
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSerif-Italic" in fonts and "DejaVuSerif-BoldItalic" in fonts


@needs_poppler
def test_very_long_words_wrap_inside_the_frame(tmp_path):
    url = "https://example.org/" + "segment/" * 35 + "end"
    assert len(url) > 300
    doc = small_document(
        Paragraph([Text("See " + url + " and " + "x" * 320), Note(1, (Text(url),))]),
        Table(header=[[Text("Link")], [Text("Word")]], rows=[[[Text(url)], [Text("y" * 300)]]],
              widths=[0.5, 0.5]),
    )
    path = tmp_path / "u.pdf"
    write_pdf(doc, path, WriterOptions())
    xml = pdftotext(path, "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', xml).group(1))
    right_edge = width - 22 * 72 / 25.4  # the default right margin
    xmax = [float(x) for x in re.findall(r'xMax="([\d.]+)"', xml)]
    assert max(xmax) <= right_edge + 1
    assert "segment" in pdftotext(path)


# ---------------------------------------------------------------- build options
def test_two_builds_are_byte_identical(tmp_path):
    doc = big_document()
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_pdf(doc, a, WriterOptions())
    write_pdf(big_document(), b, WriterOptions())
    assert a.read_bytes() == b.read_bytes()


def test_letter_paper(tmp_path):
    path = tmp_path / "l.pdf"
    stats = write_pdf(small_document(Paragraph([Text("Letter")])), path, WriterOptions(paper="letter"))
    box = pypdf.PdfReader(str(path)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert stats == {"notes": 0, "pages": 2}


def test_a4_is_the_default(tmp_path):
    path = tmp_path / "a.pdf"
    write_pdf(small_document(Paragraph([Text("A4")]), PageBreak(), Paragraph([Text("two")])), path,
              WriterOptions())
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) == 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_house_style_file_changes_the_look(tmp_path):
    style = tmp_path / "style.yaml"
    style.write_text("fonts:\n  body: DejaVuSans\nmargins:\n  left: 40\n", encoding="utf-8")
    path = tmp_path / "s.pdf"
    options = WriterOptions(pdf_style=read_style_sheet(style))
    write_pdf(small_document(Paragraph([Text("Sans body")])), path, options)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSans " in fonts and "DejaVuSerif " not in fonts


@pytest.mark.parametrize("content, message", [
    ("sizes: [1, 2", "not valid YAML"),
    ("sizes:\n  body: big\n", "sizes.body must be a number"),
    ("colours:\n  text: red\n", "colours.text must be a colour"),
    ("fonts:\n  body: Comic\n", "unknown font family"),
    ("fonts:\n  body: {regular: a.ttf, bold: b.ttf, italic: c.ttf, bold_italic: d.ttf}\n", "font file not found"),
    ("page:\n  x: 1\n", "unknown section"),
    ("sizes:\n  marking: 9\n", "12 pt or more"),
    ("- a list\n", "mapping"),
])
def test_invalid_house_style_is_a_build_error(tmp_path, content, message):
    style = tmp_path / "bad.yaml"
    style.write_text(content, encoding="utf-8")
    with pytest.raises(BuildError) as info:
        write_pdf(small_document(Paragraph([Text("x")])), tmp_path / "x.pdf",
                  WriterOptions(pdf_style=read_style_sheet(style)))
    assert message in info.value.message
    assert str(info.value.path) == str(style)


def test_unknown_paper_is_a_build_error(tmp_path):
    with pytest.raises(BuildError, match="paper"):
        write_pdf(small_document(), tmp_path / "x.pdf", WriterOptions(paper="a5"))


def test_written_through_the_registry(tmp_path):
    from briefpack.writers import write_document

    stats = write_document(small_document(Paragraph([Text("x"), Note(1, (Text("n"),))])), "pdf",
                           tmp_path / "r.pdf", WriterOptions())
    assert stats == {"notes": 1, "pages": 2}


@needs_poppler
def test_characters_outside_the_body_font_do_not_fall_out(tmp_path):
    # Georgian is in the DejaVu fonts; a CJK character is in neither family.
    doc = small_document(Paragraph([Text("Georgia: საქართველო; Chinese: 中")]))
    path = tmp_path / "g.pdf"
    write_pdf(doc, path, WriterOptions())
    text = pdftotext(path)
    assert "საქართველო" in text
    assert "中" not in text and "\ufffd" in text


@needs_poppler
def test_running_title_falls_back_like_the_text(tmp_path):
    # U+02EF is in DejaVu Serif (body) only; a CJK character is in neither family.
    doc = small_document(Heading(1, [Text("Tone ˯")]), Paragraph([Text("Body.")]), title="Title ˯ 中")
    path = tmp_path / "t.pdf"
    write_pdf(doc, path, WriterOptions())
    for page in pdftotext(path).split("\f")[:-1]:
        header = page.strip().splitlines()[0]
        assert "Title ˯ \ufffd" in header and "中" not in header


def test_each_character_is_set_in_a_family_that_has_it():
    from briefpack.writers.glyphs import Glyphs
    from briefpack.writers.pdf.style import load_house_style

    hs = load_house_style()
    sans, serif = hs.heading_font.regular, hs.body_font.regular
    assert Glyphs(hs.heading_font, hs.body_font).runs("Oʻzbek ˯ 中") == [
        (sans, "Oʻzbek "), (serif, "˯"), (sans, " \ufffd")]
    assert Glyphs(hs.body_font, hs.heading_font).markup("a<b ˯ שלום") == (
        f'a&lt;b ˯ <font name="{sans}">שלום</font>')


def _words(n, seed):
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n))


@pytest.mark.parametrize("name, blocks", [
    ("note longer than a page at the end", [
        Paragraph([Text(_words(30, 1)), Note(1, (Text("START " + _words(3000, 2) + " END"),))])]),
    ("one paragraph over many pages", [Paragraph([
        x for i in range(1, 120) for x in (Text(_words(25, i) + " "), Note(i, (Text(_words(5 + 40 * (i % 3), i)),)))])]),
    ("table rows with long notes", [Table([[Text("H1")], [Text("H2")]], [
        [[Text(_words(5, i)), Note(i, (Text(_words(120, i)),))], [Text(_words(20, i))]] for i in range(1, 40)])]),
    ("heading with a note kept with a paragraph whose note is longer than a page", [
        Paragraph([Text(_words(400, 1))]), Heading(1, [Text("Heading"), Note(1, (Text(_words(50, 2)),))]),
        Paragraph([Text(_words(30, 3)), Note(2, (Text(_words(2500, 4)),))]),
        Paragraph([Text(_words(300, 5)), Note(3, (Text(_words(20, 6)),))])]),
])
def test_hard_layouts_keep_every_note_with_its_reference(tmp_path, name, blocks):
    path = tmp_path / "edge.pdf"
    doc = small_document(*blocks)
    stats = write_pdf(doc, path, WriterOptions())
    assert misplaced_notes(path, expected=expected_notes(doc)) == []
    assert stats["notes"] == expected_notes(doc)


def test_notes_that_cannot_fit_on_one_page_continue_instead_of_failing(tmp_path):
    # 29 notes of some 60 words each, all referenced from one line: more than a page of notes.
    doc = small_document(Paragraph([Text(_words(10, 1))] + [
        Note(i, (Text(_words(60, i)),)) for i in range(1, 30)] + [Text(_words(200, 2))]))
    stats = write_pdf(doc, tmp_path / "dense.pdf", WriterOptions())
    assert stats["notes"] == 29
    pages = note_pages(tmp_path / "dense.pdf")
    assert pages[1] == (2, 2) and all(note >= 2 for _, note in pages.values())


def test_a_document_without_contents_may_open_with_a_subsection(tmp_path):
    doc = small_document(Heading(2, [Text("Sub")]), Paragraph([Text("x")]), Heading(1, [Text("Top")]))
    write_pdf(doc, tmp_path / "sub.pdf", WriterOptions())
    outline = pypdf.PdfReader(str(tmp_path / "sub.pdf")).outline
    assert [item.title for item in outline] == ["Sub", "Top"]


def test_a_heading_stays_with_the_start_of_a_long_table_instead_of_leaving_a_gap(tmp_path):
    rows = [[[Text(f"Row{i}zz " + _words(12, i)), Note(i, (Text(_words(6, i)),))]] for i in range(1, 60)]
    doc = small_document(Paragraph([Text(_words(150, 1))]), Heading(2, [Text("Chronology")], anchor="chrono"),
                         Table([[Text("Event")]], rows))
    path = tmp_path / "gap.pdf"
    write_pdf(doc, path, WriterOptions())
    texts = page_texts(path)
    assert "Chronology" in texts[1] and "Row1zz" in texts[1]
    assert destination_pages(path)["sec-chrono"] == 2
    assert misplaced_notes(path, expected=59) == []


def test_a_table_row_taller_than_a_page_is_split_across_pages(tmp_path):
    doc = small_document(Table([[Text("H")]], [[[Text("short")]], [[Text("START " + _words(900, 1) + " END")]]],
                               caption="Events"))
    stats = write_pdf(doc, tmp_path / "row.pdf", WriterOptions())
    texts = page_texts(tmp_path / "row.pdf")
    start = next(i for i, t in enumerate(texts) if "START" in t)
    assert stats["pages"] >= 3 and "END" in texts[start + 1] and "END" not in texts[start]


@pytest.mark.parametrize("block, message", [
    (Paragraph([Text("x"), Cite(("a-1", "b-2"))]), "citation a-1, b-2 was not resolved to a note"),
    ("not a block", "cannot write a str"),
])
def test_a_node_the_writer_has_no_clause_for_is_a_build_error(tmp_path, block, message):
    with pytest.raises(BuildError, match=message):
        write_pdf(small_document(block), tmp_path / "x.pdf", WriterOptions())


# ---------------------------------------------------------------- cost of escaped text and many headings
def test_escaped_characters_make_no_more_fragments_than_letters():
    """reportlab's parser makes a fragment of each entity (&amp;, &lt;): a quote of 99,000
    '&' took fifteen times as long as one of as many letters. Runs of one style are one."""
    from briefpack.writers.pdf.style import load_house_style
    from briefpack.writers.pdf.writer import PdfWalk

    doc = small_document(Quote([Text("AT&T <said> so & " * 2_000), Text("&<>&", bold=True),
                                Note(1, (Text("A & B."),))]))
    quote = PdfWalk(doc, load_house_style(), 400).flowables()[-1]
    texts = [f.text for f in quote.frags if not hasattr(f, "cbDefn")]
    assert "".join(texts).startswith("AT&T <said> so & AT&T") and "&<>&" in texts
    assert len(quote.frags) <= 6  # plain text, bold text, the note's mark and number


def test_headings_of_one_long_anchor_get_short_distinct_destinations():
    from briefpack.writers.pdf.style import load_house_style
    from briefpack.writers.pdf.writer import PdfWalk

    anchor = "sec-1-excerpts-from-the-library-about-it-all-the-same-rather-long-heading"
    doc = small_document(*[Heading(2, [Text("Same")], anchor=f"{anchor}-{i}") for i in range(5_000)])
    keys = PdfWalk(doc, load_house_style(), 400).keys
    assert len(set(keys)) == 5_000
    assert max(map(len, keys)) <= 70  # each repeat once added a character to the last key
