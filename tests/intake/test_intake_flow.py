"""From an empty folder to a built pack: init, add-source (a saved page, a PDF, a text file),
quote --append, build; the citations name the right author, title, publisher, date and paragraph."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from intake_files import write_pdf, write_text
from lxml import etree

PAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "pages" / "steppe-monitor.html"
HTML_ID = "karimova-2024-tajik-recruits-iskp-pipeline"
PDF_ID = "saidov-2024-migrant-labour-militant-recruitment"
TEXT_ID = "field-note-kulob-bazaar"

ZOTERO = [{
    "id": "saidovMigrantLabourMilitant2024",
    "type": "report",
    "title": "Migrant Labour and Militant Recruitment in Central Asia",
    "author": [{"family": "Saidov", "given": "Farrukh"}],
    "publisher": "Caspian Policy Institute",
    "issued": {"date-parts": [[2024, 5, 20]]},
    "URL": "https://caspianpolicy.example.org/briefs/14",
    "language": "en",
}]

BRIEF = f"""\
title: "Tajik migrants and ISKP"
marking: TLP:CLEAR
as_of: 2024-12-01
key_judgments:
  - text: >-
      ISKP recruiters are likely to keep looking for Tajik migrants in debt through 2025 [@{{pdf}}].
    likelihood: likely
    confidence: low
    basis: Three sources, one of them a field note.
    time_frame: {{from: 2024-12, to: 2025-12}}
sections:
  - type: excerpts
    title: Evidence
    select: "source:{HTML_ID} or source:{PDF_ID} or source:{TEXT_ID}"
"""


@pytest.fixture
def workspace(run, tmp_path, monkeypatch):
    """``briefpack init`` in an empty folder, made the current folder."""
    root = tmp_path / "desk"
    root.mkdir()
    monkeypatch.chdir(root)
    result = run("init")
    assert result.exit_code == 0, result.output
    return root


def test_init_makes_a_workspace_that_checks_and_builds(run, workspace):
    assert (workspace / ".gitignore").read_text().splitlines()[0] == "out/"
    vocabulary = (workspace / "seeds" / "vocabulary.yaml").read_text(encoding="utf-8")
    for line in ("      TJ: {label: Tajikistan", "  measure:", "  group:", "  topic:"):
        assert line in vocabulary
    assert vocabulary.count("\n      ") >= 249 + 10  # every ISO 3166-1 country, and the other facets
    checked = run("check", "--strict")
    assert checked.exit_code == 0, checked.output
    built = run("build")
    assert built.exit_code == 0, built.output
    assert (workspace / "out" / "example.docx").is_file() and (workspace / "out" / "example.pdf").is_file()


def test_init_refuses_an_existing_workspace(run, workspace):
    result = run("init")
    assert result.exit_code == 1
    assert "already a workspace" in result.stderr


def test_from_init_to_a_cited_pack(run, workspace, tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page = shutil.copy(PAGE, downloads / "tajik-recruits.html")
    pdf = write_pdf(downloads / "brief14.pdf")
    note = write_text(downloads / "kulob-note.txt")
    zotero = downloads / "zotero.json"
    zotero.write_text(json.dumps(ZOTERO), encoding="utf-8")

    added = run("add-source", page, "--reliability", "B")
    assert added.exit_code == 0, added.output
    assert f"seeds/sources/{HTML_ID}.txt" in added.stdout
    assert (workspace / "seeds" / "captures" / f"{HTML_ID}.html").read_bytes() == PAGE.read_bytes()
    added = run("add-source", pdf, "--csl-json", zotero, "--reliability", "C")
    assert added.exit_code == 0, added.output
    added = run("add-source", note, "--language", "en", "--reliability", "C")
    assert added.exit_code == 0, added.output
    assert "Left out, as the file does not state them: author, publisher, published, url" in added.stdout

    excerpts = "seeds/excerpts/migrants.yaml"
    for source, text in [
        (HTML_ID, "More than one million Tajik citizens work in Russia"),
        (PDF_ID, "debt, not belief, is the first lever"),
        (TEXT_ID, "at least 40 young men from the district had left for Russia since January"),
    ]:
        quoted = run("quote", source, text, "--append", excerpts)
        assert quoted.exit_code == 0, quoted.output
    ids = [line.split(": ", 1)[1] for line in (workspace / excerpts).read_text().splitlines()
           if line.startswith("- id: ")]
    assert len(ids) == 3
    (workspace / "briefs" / "migrants.yaml").write_text(BRIEF.replace("{pdf}", ids[1]), encoding="utf-8")

    checked = run("check", "--strict")
    assert checked.exit_code == 0, checked.output
    built = run("build", "briefs/migrants.yaml")
    assert built.exit_code == 0, built.output

    expected = [
        "Dilnoza Karimova, \u201cTajik Recruits and the ISKP Pipeline: What the Crocus Trial Revealed,\u201d "
        "Steppe Monitor, November 14, 2024, para. 6 (B6).",
        "Farrukh Saidov, \u201cMigrant Labour and Militant Recruitment in Central Asia,\u201d "
        "Caspian Policy Institute, May 20, 2024, para. 5 (C6).",
        "\u201cField Note: Kulob Bazaar, March 2024,\u201d n.d., para. 2 (C6).",
    ]
    notes = docx_notes(workspace / "out" / "migrants.docx")
    pdf_text = " ".join(subprocess.run(["pdftotext", str(workspace / "out" / "migrants.pdf"), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())
    for note in expected:
        assert any(n.endswith(note) for n in notes), (note, "\n".join(notes))
        assert note in pdf_text, note


def docx_notes(path: Path) -> list[str]:
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    return [" ".join("".join(f.itertext()).split()) for f in root.findall("w:footnote", ns)[2:]]
