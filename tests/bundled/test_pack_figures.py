"""The bundled regional pack's figures, read back from both formats and checked
against the library: an estimates chart for each country with more than one
estimate, the regional chart, a timeline per group history; every DOCX picture
with its alt text; every plotted value printed, and the figure's one note (at the
end of its caption) citing the excerpt that gives each value."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from briefpack.document.chart_text import bound, number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
COUNTRIES = {"KZ": "Kazakhstan", "KG": "Kyrgyzstan", "TJ": "Tajikistan", "TM": "Turkmenistan",
             "UZ": "Uzbekistan"}
GROUPS = ("Islamic State Khorasan Province", "Islamic Movement of Uzbekistan")
CAPTION = re.compile(r"^Figure (\d+)\. (.+)$")


@pytest.fixture(scope="module")
def pack(bundled):
    return bundled / "central-asia.docx", bundled / "central-asia.pdf"


@pytest.fixture(scope="module")
def excerpts(bundled_excerpts):
    return bundled_excerpts


@pytest.fixture(scope="module")
def pdf_pages(pack):
    text = subprocess.run(["pdftotext", "-layout", str(pack[1]), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def estimates_by_country(excerpts) -> dict[str, dict[str, list]]:
    """country -> measure -> [(excerpt, [figures])]: each figure one estimate, except
    that a lower and an upper bound of the same thing in one excerpt make one range."""
    out: dict = {}
    for e in excerpts:
        if e["kind"] in ("incident", "arrest"):  # the count of one event, not an estimate to compare
            continue
        mine: dict = {}
        for f in e["figures"]:
            if f["place"] in COUNTRIES:
                mine.setdefault((f["place"], f["measure"], f["as_of"]), []).append(f)
        for (place, measure, _), figures in mine.items():
            kinds = sorted(bound(f["qualifier"]) for f in figures)
            groups = [figures] if kinds == ["lower", "upper"] else [[f] for f in figures]
            out.setdefault(place, {}).setdefault(measure, []).extend((e, g) for g in groups)
    return out


def captions(lines) -> dict[int, str]:
    found = {}
    for line in lines:
        m = CAPTION.match(line.strip())
        if m:
            found[int(m.group(1))] = re.sub(r"(?<=\D)\d+$", "", m.group(2))  # the caption's note number
    return found


def test_pdf_and_docx_have_the_same_figures(pack, pdf_pages, excerpts):
    docx, _ = pack
    pdf_captions = captions(line for page in pdf_pages for line in page.splitlines())
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    docx_captions = captions(paragraphs)
    assert sorted(pdf_captions) == list(range(1, len(pdf_captions) + 1))
    # the PDF wraps long captions: compare their starts
    assert {n: c[:60] for n, c in docx_captions.items()} == {n: c[:60] for n, c in pdf_captions.items()}
    texts = list(docx_captions.values())
    wanted = [(c, m) for c, ms in estimates_by_country(excerpts).items() for m, es in ms.items() if len(es) > 1]
    assert {c for c, _ in wanted} >= {"KZ", "UZ"}
    for country, measure in wanted:
        assert any(COUNTRIES[country] in t and "each estimate by date" in t for t in texts), (country, measure)
    assert sum("each estimate by date" in t for t in texts) == len(wanted)
    assert sum(t.startswith("Fighters: every estimate, by country and region") for t in texts) == 1
    for group in GROUPS:
        assert sum(t.startswith(f"{group}: ") and "by date" in t for t in texts) == 1, group
    # every picture carries alt text that lists what it plots
    pictures = list(body.iter(f"{WP}docPr"))
    assert len(pictures) == len(docx_captions)
    assert all(len(p.get("descr") or "") > 40 for p in pictures)


def figure_note(pdf_pages, pattern: str) -> tuple[str, str]:
    """(the page's flattened text, the text of the one note on the caption matching ``pattern``)."""
    at = next(i for i, p in enumerate(pdf_pages) if re.search(pattern, " ".join(p.split())))
    flat = " ".join(pdf_pages[at].split())
    number = int(re.search(pattern + r"[^0-9]*?(\d+) ", flat).group(1))
    after = " ".join(" ".join(pdf_pages[at:at + 2]).split())
    note = re.search(rf"(?:^|\s){number}\. (.+?)(?: {number + 1}\. |Page \d+ of)", after)
    return flat, note.group(1)


def test_every_plotted_estimate_is_printed_and_cited_by_the_figures_one_note(pdf_pages, excerpts):
    by_country = estimates_by_country(excerpts)
    checked = 0
    for country, measures in by_country.items():
        for measure, estimates in measures.items():
            if len(estimates) < 2:
                continue
            flat, note = figure_note(pdf_pages, rf"Figure \d+\. \w+, {COUNTRIES[country]}: each estimate by date, "
                                                r"with its estimator")
            for excerpt, figures in estimates:
                if len(figures) == 2:
                    low, high = sorted(f["value"] for f in figures)
                    text = f"{number(low)}–{number(high)}"
                else:
                    f = figures[0]
                    text = " ".join(x for x in (f["qualifier"], number(f["value"])) if x)
                assert re.search(rf"(?<![\w,]){re.escape(text)}(?![\d,])", flat), (country, text)
                # the note names its paragraph and grade, each part with its own grade
                parts = [p for p in note.strip().rstrip(".").split("; ") if p.endswith(f"({excerpt['grade']})")]
                assert any(re.search(rf"\b{excerpt['locator']}\b", p) for p in parts), (country, text, note)
                checked += 1
            assert not re.search(r"\([A-F][1-6]\)(?:,| –)", note)  # no grade inside a locator list
    assert checked >= 5


def test_regional_chart_has_a_row_per_country_then_the_regions(pdf_pages, excerpts):
    at = next(i for i, p in enumerate(pdf_pages) if "Fighters: every estimate, by country and region" in p)
    number = re.search(r"Figure (\d+)\. Fighters: every estimate", pdf_pages[at]).group(1)
    page = pdf_pages[at].split("Migrant workers")[-1]  # the chart follows the measures' definitions
    # and its continuation on the next page, when the chart is split
    if f"Figure {number} (continued)." in pdf_pages[at + 1]:
        page += pdf_pages[at + 1].split(f"Figure {number} (continued).")[0]
    names = list(COUNTRIES.values()) + ["Central Asia", "Post-Soviet space"]
    places = {**{v: k for k, v in COUNTRIES.items()}, "Central Asia": "central-asia",
              "Post-Soviet space": "post-soviet"}
    estimated = {f["place"] for e in excerpts for f in e["figures"] if f["measure"] == "fighters"}
    rows = re.findall(rf"(?m)^({'|'.join(names)}) {{2,}}", page)  # a row's name, then its first mark
    assert rows == [n for n in names if places[n] in estimated]


def test_pdf_with_charts_passes_qpdf_and_embeds_every_font(pack):
    _, pdf = pack
    subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, check=True)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
