"""The bundled library and the regional pack, read back as a reader would.

Reads ``briefs/central-asia.yaml`` as built once for the test run (the ``bundled``
fixture): the DOCX through python-docx, pandoc, LibreOffice and openxml-audit, and
the PDF through pypdf, pdftotext, qpdf and pdffonts.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from pdf_check import destination_pages, misplaced_notes

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")


@pytest.fixture(scope="module")
def excerpts(bundled_excerpts):
    return bundled_excerpts


@pytest.fixture(scope="module")
def pack(bundled):
    return bundled / "central-asia.docx", bundled / "central-asia.pdf"


# ---------------------------------------------------------------- the library
def test_check_passes_on_the_bundled_corpus(run):
    result = run("check", "--strict", "--root", ROOT)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_coverage_of_the_bundled_excerpts(excerpts):
    assert len(excerpts) >= 120
    per_country = Counter(t for e in excerpts for t in e["tags"] if t.startswith("country:"))
    for country in CENTRAL_ASIA:
        assert per_country[f"country:{country}"] >= 8, country
    sources = {e["source"] for e in excerpts}
    assert len(sources) == 5
    outlook_sources = {e["source"] for e in excerpts if "topic:outlook" in e["tags"]}
    assert outlook_sources == sources, "every source's forecasts are tagged for the outlook"


def test_at_least_six_groups_have_a_dated_history(excerpts):
    dates: dict[str, set[str]] = {}
    for e in excerpts:
        for tag in e["tags"]:
            if tag.startswith("group:"):
                dates.setdefault(tag, set()).add(e["date"][:4])
    dated = sorted(g for g, years in dates.items() if len(years) >= 2)
    assert len(dated) >= 6, dated


def test_conflicting_foreign_fighter_estimates_are_all_kept(excerpts):
    estimates = [(f, e["source"]) for e in excerpts for f in e["figures"]
                 if f["measure"] == "fighters"]
    assert len({source for _, source in estimates}) >= 3
    by_place: dict[str, set] = {}
    for figure, _ in estimates:
        by_place.setdefault(figure["place"], set()).add(figure["value"])
    assert len(by_place.get("KZ", ())) >= 2, "Kazakhstan's estimates disagree and are all kept"
    assert len(by_place.get("UZ", ())) >= 2


# ---------------------------------------------------------------- the DOCX
def docx_xml(path: Path, name: str):
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def note_texts(path: Path) -> dict[int, str]:
    root = docx_xml(path, "word/footnotes.xml")
    notes = {}
    for note in root.iter(f"{W}footnote"):
        number = int(note.get(f"{W}id"))
        if note.get(f"{W}type") is None and number > 0:
            notes[number] = "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
    return notes


def test_docx_has_real_footnotes_one_per_reference(pack):
    docx, _ = pack
    body = docx_xml(docx, "word/document.xml")
    references = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    notes = note_texts(docx)
    assert len(references) >= 80
    assert sorted(references) == sorted(notes)
    # First citation of a source in full, later ones short; never "Ibid."
    texts = [notes[n] for n in sorted(notes)]
    assert not any("Ibid" in t for t in texts)
    full = [t for t in texts if "Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,”" in t]
    short = [t for t in texts if "Webber, “ISKP Posing Rising Threat,” para." in t]
    assert full and short
    assert texts.index(full[0]) < texts.index(short[0])
    assert all(re.search(r"\([A-F][1-6]\)", t) for t in texts), "every note shows the Admiralty grade"


def test_pandoc_reads_the_same_number_of_notes(pack):
    docx, _ = pack
    data = json.loads(subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(docx)],
                                     capture_output=True, text=True, check=True).stdout)

    def count(node) -> int:
        if isinstance(node, dict):
            return (node.get("t") == "Note") + sum(count(v) for v in node.values())
        if isinstance(node, list):
            return sum(count(v) for v in node)
        return 0

    assert count(data["blocks"]) == len(note_texts(docx))


def test_docx_marking_in_header_and_footer_and_annex(pack):
    docx, _ = pack
    with zipfile.ZipFile(docx) as z:
        headers = [n for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml", n)]
        texts = {n: z.read(n).decode("utf-8") for n in headers}
    assert any(n.startswith("word/header") and "TLP:CLEAR" in t for n, t in texts.items())
    assert any(n.startswith("word/footer") and "TLP:CLEAR" in t for n, t in texts.items())
    plain = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", str(docx)],
                           capture_output=True, text=True, check=True).stdout
    annex = plain[plain.rindex("Source annex"):]
    for author in ("Webber, Lucas.", "Khabarov, Mansur.", "Delhaye, Alice.", "Botobekov, Uran."):
        assert author in annex
    assert "Reliability: B (usually reliable)." in annex


def test_docx_key_figures_table_sets_conflicting_estimates_side_by_side(bundled):
    import docx as python_docx

    # the regional pack tabulates them once, under its key figures; a handout's profile does
    regional = python_docx.Document(str(bundled / "central-asia.docx"))
    assert any(re.fullmatch(r"The estimates for Kazakhstan, with their notes and sources, stand in “Regional "
                            r"key figures,” p.\xa0\d+\.", p.text)  # a cross-reference; US style: the comma inside
               for p in regional.paragraphs)
    document = python_docx.Document(str(bundled / "country-handout-kz.docx"))
    rows = []
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header and header[0] == "Measure":
            rows += [[c.text.replace("\u00ad", "") for c in row.cells] for row in table.rows[1:]]  # soft hyphens unseen
    kazakh = [r for r in rows if r[0].lower().startswith("fighters") and "KNB" in " ".join(r)
              or "Kazakhstan" in " ".join(r)]
    assert len({r[1] for r in kazakh}) >= 2, rows[:10]


def test_openxml_audit_finds_no_schema_errors(pack):
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(pack[0]))
    errors = [e for e in result.errors if "schema" in str(getattr(e, "error_type", e)).lower()]
    assert errors == []


def test_libreoffice_lays_the_notes_out_at_the_page_foot(pack, tmp_path):
    docx, _ = pack
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, check=True, timeout=300)
    pdf = tmp_path / "central-asia.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    notes = note_texts(docx)
    found = []
    for number in range(1, 16):
        # LibreOffice prints a page-foot note as its number, then its text.
        line = re.compile(rf"^\s*{number}\s+{re.escape(notes[number][:25])}", re.M)
        hits = [i for i, page in enumerate(pages) if line.search(page)]
        assert hits, f"note {number} not found in LibreOffice's layout"
        found.append(hits[0])
    assert found == sorted(found)
    assert max(found) < len(pages) // 2, "notes are at the foot of their pages, not collected at the end"
    first = pages[found[0]]
    note_line = re.compile(rf"^\s*1\s+{re.escape(notes[1][:25])}", re.M).search(first)
    assert 0 <= first.find("Key Judgments") < note_line.start(), "body text above the notes"


# ---------------------------------------------------------------- the PDF
def test_pdf_every_note_on_its_reference_page_and_same_count_as_docx(pack):
    docx, pdf = pack
    count = len(note_texts(docx))
    assert misplaced_notes(pdf, expected=count) == []
    assert sum(1 for name in destination_pages(pdf) if name.startswith("note-")) == count


def test_pdf_passes_qpdf_and_embeds_every_font(pack):
    _, pdf = pack
    subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, check=True)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts


def test_pdf_toc_page_numbers_match_the_headings(pack):
    from pypdf import PdfReader

    _, pdf = pack
    reader = PdfReader(str(pdf))
    outline = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    layout = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "4", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    toc = [(m.group(1).strip(), int(m.group(2)))
           for m in re.finditer(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", layout, re.M)]
    assert len(toc) >= 25  # a country profile's subsections, the same in each, stay out of the contents
    # Walk the outline in order: each contents line is the next outline entry of that title.
    position = 0
    for title, page in toc:
        while outline[position][0] != title:
            position += 1
        assert outline[position][1] == page, title
        position += 1


def test_country_handouts_are_short_and_one_per_country(bundled):
    from pypdf import PdfReader

    handouts = [o for o in bundled.report["outputs"] if o["brief"].startswith("country-handout")]
    assert all(o["status"] == "built" for o in handouts)
    assert sorted(o["path"].rsplit("/", 1)[-1] for o in handouts) == sorted(
        f"country-handout-{c.lower()}.{fmt}" for c in CENTRAL_ASIA for fmt in ("docx", "pdf"))
    names = {"KZ": "Kazakhstan", "KG": "Kyrgyzstan", "TJ": "Tajikistan", "TM": "Turkmenistan",
             "UZ": "Uzbekistan"}
    for country, name in names.items():
        reader = PdfReader(str(bundled / f"country-handout-{country.lower()}.pdf"))
        assert 2 <= len(reader.pages) <= 6, (country, len(reader.pages))
        assert reader.metadata.title == f"{name}: threat handout"
        assert "TLP:CLEAR" in reader.pages[0].extract_text()
