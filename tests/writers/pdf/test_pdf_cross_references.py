"""Cross-references in the PDF, read back as a reader sees them: "see “Kazakhstan,” p. N"
where N is the page the heading is printed on, a link that goes there, tagged as a Reference."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from briefpack.document.model import (Anchor, BulletList, CrossRef, Document, Heading, Meta, PageBreak, Paragraph, Table,
                                      TableOfContents, Text)
from briefpack.writers import WriterOptions
from briefpack.writers.pdf.writer import write_pdf

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

FILLER = ("Border posts along the Ferghana valley were reinforced after the spring incidents, and the "
          "ministries of the three states exchanged notes on water, trade and the movement of people. ") * 3
COUNTRIES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]


def anchor(name: str) -> str:
    return f"sec-{name.lower()}"


def document(house_style: str = "us") -> Document:
    """Five sections of several pages each; the later ones refer back to the first, the
    first forward to the last, in a paragraph, a list and a table cell."""
    blocks: list = [TableOfContents(), PageBreak()]
    for i, name in enumerate(COUNTRIES):
        blocks.append(Heading(1, [Text(name)], anchor=anchor(name)))
        if i == 0:
            blocks.append(Paragraph([Text("The outlook for the region stands under "),
                                     CrossRef(anchor("Uzbekistan"), "Uzbekistan"), Text(".")]))
        blocks += [Paragraph([Text(FILLER)]) for _ in range(6 + i)]
        if i:
            blocks.append(Paragraph([Text("The groups active here are described once: see "),
                                     CrossRef(anchor("Kazakhstan"), "Kazakhstan"), Text(".")]))
            blocks.append(BulletList([[Text("IS: see "), CrossRef(anchor(COUNTRIES[i - 1]), COUNTRIES[i - 1])]]))
            blocks.append(Table(header=[[Text("Measure")], [Text("Where")]],
                                rows=[[[Text("Foreign fighters")],
                                       [Text("see "), CrossRef(anchor("Kazakhstan"), "Kazakhstan")]]]))
    meta = Meta(title="Central Asia", marking="TLP:CLEAR", timestamp=1719878400, house_style=house_style)
    return Document(meta, blocks)


def written(tmp_path, house_style: str = "us"):
    path = tmp_path / f"xref-{house_style}.pdf"
    write_pdf(document(house_style), path, WriterOptions())
    return path


def page_texts(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, count + 1)]


def heading_pages(texts: list[str]) -> dict[str, int]:
    """The page each country's heading is printed on (its own line, past the contents)."""
    out = {}
    for number, text in enumerate(texts, 1):
        for name in COUNTRIES:
            if "Contents" not in text and re.search(rf"^{name}$", text, re.M):
                out.setdefault(name, number)
    return out


def test_each_reference_gives_the_page_where_its_heading_stands(tmp_path):
    texts = page_texts(written(tmp_path))
    pages = heading_pages(texts)
    assert sorted(pages) == sorted(COUNTRIES) and len(set(pages.values())) == len(COUNTRIES)
    found = re.findall(r"“(\w+),” p.\s(\d+)", " ".join(" ".join(t.split()) for t in texts))
    assert len(found) == 1 + 3 * (len(COUNTRIES) - 1)  # the one forward, three back from each later section
    for name, page in found:
        assert int(page) == pages[name], (name, page, pages)
    assert "see “Kazakhstan,” p. " in " ".join(texts[-1].split())


def test_a_reference_forward_gives_the_page_known_only_after_layout(tmp_path):
    texts = page_texts(written(tmp_path))
    pages = heading_pages(texts)
    text = " ".join(" ".join(t.split()) for t in texts)
    assert f"The outlook for the region stands under “Uzbekistan,” p. {pages['Uzbekistan']}." in text
    assert pages["Uzbekistan"] > pages["Kazakhstan"] + 2


def test_british_style_puts_the_comma_outside_the_single_marks(tmp_path):
    texts = page_texts(written(tmp_path, "british"))
    pages = heading_pages(texts)
    text = " ".join(" ".join(t.split()) for t in texts)
    assert f"see ‘Kazakhstan’, p. {pages['Kazakhstan']}." in text
    assert "“Kazakhstan,”" not in text


def test_each_reference_links_to_its_heading_and_is_tagged_a_reference(tmp_path):
    from pdf_tags import link_annotations, read_tree, unowned_content

    path = written(tmp_path)
    pages = heading_pages(page_texts(path))
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        targets = []
        for page, annot in link_annotations(pdf):
            if index[page.obj.objgen] > 2:  # the contents' entries (page 2) link to the headings too
                assert str(annot.Contents).startswith("Section: ")
                targets.append(index[annot.Dest[0].objgen])
        assert sorted(targets) == sorted([pages["Uzbekistan"]] + [pages["Kazakhstan"]] * 8
                                         + [pages[c] for c in COUNTRIES[:-1]])
        tree = read_tree(pdf)
        references = [e for e in tree.find("Reference") if e.kids and e.kids[0].kind == "Link"]
        assert len(references) == len(targets)
        assert all(e.kids[0].objrs for e in references)
        assert unowned_content(pdf, tree) == []  # the page numbers drawn inside their paragraphs' content


def test_a_reference_in_a_figure_caption_or_a_heading_gives_its_page_too(tmp_path):
    from briefpack.document.model import ChartPoint, Figure

    blocks = [TableOfContents(), PageBreak(), Heading(1, [Text("Kazakhstan")], anchor="kz"),
              *[Paragraph([Text(FILLER)]) for _ in range(8)],
              Heading(1, [Text("Arrests, after "), CrossRef("kz", "Kazakhstan")], anchor="arrests"),
              Figure("counts", [Text("Arrests by year; the estimates stand under "), CrossRef("kz", "Kazakhstan")],
                     [ChartPoint(value=3, row="2020"), ChartPoint(value=5, row="2021")], alt="Arrests by year",
                     number=1)]
    path = tmp_path / "figure.pdf"
    write_pdf(Document(Meta(title="T", marking="TLP:CLEAR", timestamp=0), blocks), path, WriterOptions())
    texts = page_texts(path)
    kazakhstan = next(n for n, t in enumerate(texts, 1) if n > 2 and re.search(r"^Kazakhstan$", t, re.M))
    text = " ".join(" ".join(t.split()) for t in texts)
    assert f"the estimates stand under “Kazakhstan,” p. {kazakhstan}" in text
    assert f"Arrests, after “Kazakhstan,” p. {kazakhstan}" in " ".join(texts[1].split())  # in the contents too


# ---------------------------------------------------------------- references to a point of the text
RAID = "Police detained nine men in a raid on a flat in Almaty"
QUOTE = "The cell recruited its members through closed channels run from abroad"
LATE = "Border guards in the south turned back four convoys in the winter"


def anchored_document() -> Document:
    """A section of several pages whose excerpts stand on its third page and later; the
    sections after it (each on a page of its own, as the layout cache keeps them) refer to
    those excerpts, and the introduction forward to one printed last."""
    filler = [Paragraph([Text(FILLER)]) for _ in range(14)]
    blocks: list = [TableOfContents(), PageBreak(),
                    Heading(1, [Text("Introduction")], anchor="intro"),
                    Paragraph([Text("The winter stands under "), CrossRef("text-late", "Uzbekistan"), Text(".")]),
                    PageBreak(), Heading(1, [Text("Kazakhstan")], anchor="sec-kazakhstan"), *filler,
                    Paragraph([Anchor("text-raid"), Text(RAID + ".")]), *filler[:3],
                    BulletList([[Text("Earlier: "), Anchor("text-quote"), Text(QUOTE + ".")]]),
                    PageBreak(), Heading(1, [Text("Kyrgyzstan")], anchor="sec-kyrgyzstan"),
                    Paragraph([Text("Orda, March 2024: see "), CrossRef("text-raid", "Kazakhstan"), Text(".")]),
                    BulletList([[Text("Webber: see "), CrossRef("text-quote", "Kazakhstan")]]),
                    Table(header=[[Text("Date")], [Text("Arrest")]],
                          rows=[[[Text("2024")], [Text("see "), CrossRef("text-raid", "Kazakhstan"), Text(".")]]]),
                    Paragraph([Text("The section as a whole: "), CrossRef("sec-kazakhstan", "Kazakhstan"), Text(".")]),
                    PageBreak(), Heading(1, [Text("Uzbekistan")], anchor="sec-uzbekistan"), *filler[:6],
                    Paragraph([Text("Finally, "), Anchor("text-late"), Text(LATE + ".")])]
    return Document(Meta(title="Central Asia", marking="TLP:CLEAR", timestamp=1719878400), blocks)


def page_of(texts: list[str], words: str) -> int:
    """The one page whose text holds ``words`` (its lines joined)."""
    found = [n for n, t in enumerate(texts, 1) if words in " ".join(t.split())]
    assert len(found) == 1, (words, found)
    return found[0]


def test_a_reference_to_a_point_of_the_text_gives_the_page_where_that_text_stands(tmp_path):
    path = tmp_path / "anchored.pdf"
    write_pdf(anchored_document(), path, WriterOptions())
    texts = page_texts(path)
    text = " ".join(" ".join(t.split()) for t in texts)
    heading = heading_pages(texts)["Kazakhstan"]
    raid, quote, late = page_of(texts, RAID), page_of(texts, QUOTE), page_of(texts, LATE)
    assert raid >= heading + 2  # the section runs over three pages or more: its heading's page is not the text's
    assert f"Orda, March 2024: see “Kazakhstan,” p. {raid}." in text
    assert f"Webber: see “Kazakhstan,” p. {quote}" in text
    assert f"2024 see “Kazakhstan,” p. {raid}." in text  # in a table cell
    assert f"The winter stands under “Uzbekistan,” p. {late}." in text  # forward, known only after layout
    assert f"The section as a whole: “Kazakhstan,” p. {heading}." in text  # a heading's reference still
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        dests = {str(name): index[dest[0].objgen] for name, dest in pdf.Root.Dests.items()}
        assert {k: dests[k] for k in ("/at-text-raid", "/at-text-quote", "/at-text-late")} == {
            "/at-text-raid": raid, "/at-text-quote": quote, "/at-text-late": late}
        links = [(index[annot.Dest[0].objgen], str(annot.Contents)) for page in pdf.pages
                 for annot in page.obj.get("/Annots", []) if "/Dest" in annot and index[page.obj.objgen] > 2
                 and str(annot.Contents).startswith("Section: ")]
    assert sorted(links) == sorted([(raid, "Section: Kazakhstan")] * 2 + [(quote, "Section: Kazakhstan"),
                                    (late, "Section: Uzbekistan"), (heading, "Section: Kazakhstan")])


def test_a_part_played_again_from_the_layout_cache_keeps_its_anchors_pages(tmp_path, monkeypatch):
    """The section holding the Anchors is laid out once: built again, its pages are played
    from the cache, no Anchor is drawn, and the references give the same pages: the same file."""
    from briefpack.writers.pdf import references
    from briefpack.writers.registry import CacheFolder

    cache = CacheFolder(tmp_path / "cache")
    first, again = tmp_path / "first.pdf", tmp_path / "again.pdf"
    write_pdf(anchored_document(), first, WriterOptions(), cache=cache)
    drawn = []
    monkeypatch.setattr(references.AnchorPoint, "drawn", lambda self, canv, x, y: drawn.append(self.key))
    write_pdf(anchored_document(), again, WriterOptions(), cache=cache)
    assert drawn == []  # every part holding an Anchor played again
    assert again.read_bytes() == first.read_bytes()
    texts = page_texts(again)
    assert f"see “Kazakhstan,” p. {page_of(texts, RAID)}." in " ".join(" ".join(t.split()) for t in texts)
