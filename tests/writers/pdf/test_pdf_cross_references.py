"""Cross-references in the PDF, read back as a reader sees them: "see “Kazakhstan,” p. N"
where N is the page the heading is printed on, a link that goes there, tagged as a Reference."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from briefpack.document.model import (BulletList, CrossRef, Document, Heading, Meta, PageBreak, Paragraph, Table,
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
