"""export --stix: every document edition as a STIX 2.1 bundle that platforms import."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import stix2
from stix2.confidence.scales import dni_to_value
from stix2validator import ValidationOptions, validate_file

from conftest import REPOSITORY
from workspace_builder import VOCABULARY, Workspace

DNI = {"almost no chance": "Almost No Chance / Remote", "very unlikely": "Very Unlikely / Highly Improbable",
       "unlikely": "Unlikely / Improbable", "roughly even chance": "Roughly Even Chance / Roughly Even Odds",
       "likely": "Likely / Probable", "very likely": "Very Likely / Highly Probable",
       "almost certain": "Almost Certain / Nearly Certain"}
TLP_2 = {"TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
         "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
         "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"}


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """The bundle of every bundled document, exported into a temporary folder."""
    from conftest import run_cli

    out = tmp_path_factory.mktemp("stix")
    for brief in sorted((REPOSITORY / "briefs").glob("*.yaml")):
        (out / brief.stem).mkdir()  # a folder: one <document>.stix.json each
        result = run_cli("export", brief, "--stix", out / brief.stem, "--root", REPOSITORY)
        assert result.exit_code == 0, result.output
    return sorted(out.rglob("*.json"))


def test_every_bundled_document_validates_without_errors_or_warnings(bundles):
    assert len(bundles) == 6  # the regional pack and five handouts
    for path in bundles:
        results = validate_file(str(path), ValidationOptions(version="2.1"))
        assert results.is_valid, path
        found = [(r.message) for o in results.object_results for r in o.errors + o.warnings]
        assert found == [], (path.name, found[:5])


def test_the_bundle_reads_back_with_every_judgment_source_and_marking(bundles, run):
    path = next(p for p in bundles if p.name == "central-asia.stix.json")
    bundle = stix2.parse(path.read_text(encoding="utf-8"), allow_custom=True)
    objects = {o.id: o for o in bundle.objects}
    [report] = [o for o in bundle.objects if o.type == "report"]
    assert report.name == "Central Asia: the jihadist threat"
    assert str(report.published).startswith("2024-06-30")
    assert set(report.object_refs) == set(objects) - {report.id} - {
        o.id for o in bundle.objects if o.type in ("marking-definition", "extension-definition")}
    notes = [o for o in bundle.objects if o.type == "note"]
    brief = (REPOSITORY / "briefs" / "central-asia.yaml").read_text(encoding="utf-8")
    assert len(notes) == brief.count("likelihood:")
    for note in notes:
        assert note.x_briefpack_likelihood in DNI and note.x_briefpack_confidence in ("high", "moderate", "low")
        assert note.confidence == dni_to_value(DNI[note.x_briefpack_likelihood])
        assert report.id in note.object_refs
        assert note.x_briefpack_source_summary.startswith("Based on ")
        assert all(c["grade"][0] in "ABCDEF" and c["grade"][1] in "123456" for c in note.x_briefpack_citations)
    sources = {s["source"]: s["reliability"] for s in report.x_briefpack_sources}
    listed = json.loads(run("sources", "--json", "--root", REPOSITORY).stdout)
    assert sources == {s["id"]: s["reliability"] for s in listed}
    for ref in report.external_references:
        text = (REPOSITORY / "seeds" / "sources" / f"{ref.external_id}.txt").read_bytes()
        import hashlib

        assert ref.hashes["SHA-256"] == hashlib.sha256(text).hexdigest()
    assert report.object_marking_refs == [TLP_2["TLP:CLEAR"]]
    kinds = {o.type for o in bundle.objects}
    assert {"identity", "intrusion-set", "location", "marking-definition"} <= kinds
    iskp = next(o for o in bundle.objects if o.type == "intrusion-set" and "ISKP" in o.get("aliases", []))
    assert iskp.name.startswith("Islamic State")
    assert any(o.type == "location" and o.country == "KZ" for o in bundle.objects)


def test_two_exports_of_one_edition_are_byte_identical(run, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for path in (first, second):
        assert run("export", "country-handout-kz", "--stix", path, "--root", REPOSITORY).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def small_workspace(tmp_path) -> Path:
    ws = Workspace(tmp_path / "ws")
    ws.vocabulary(VOCABULARY)
    ws.source(paragraphs=["ISKP is ramping up its media outreach in Central Asia.",
                          "A cell in Dushanbe planned attacks on police stations."])
    ws.excerpts("""\
    - id: clear-outreach
      source: webber-2024
      quote: ISKP is ramping up its media outreach in Central Asia.
      tags: [country:TJ, group:ISKP]
      date: 2024-06
      credibility: 2
    - id: amber-cell
      source: webber-2024
      quote: A cell in Dushanbe planned attacks on police stations.
      tags: [country:TJ, group:ISKP]
      date: 2024-05
      credibility: 3
      marking: TLP:AMBER
    """)
    (ws.root / "briefs").mkdir()
    (ws.root / "briefs" / "pack.yaml").write_text(textwrap.dedent("""\
        title: Pack
        as_of: 2024-06-30
        marking: TLP:CLEAR
        organization: Test Desk
        key_judgments:
          - text: ISKP is likely to keep up its outreach from July 2024 through June 2025 [@clear-outreach].
            likelihood: likely
            confidence: moderate
            basis: One source graded B2.
            time_frame: {from: 2024-07, to: 2025-06}
        sections:
          - type: excerpts
            select: "country:TJ"
        """), encoding="utf-8")
    return ws.root


def markings_of(path: Path) -> set[str]:
    bundle = json.loads(path.read_text(encoding="utf-8"))
    return {m for o in bundle["objects"] for m in o.get("object_marking_refs", ())}


def test_max_marking_leaves_no_object_above_it(run, tmp_path):
    root = small_workspace(tmp_path)
    full, green = tmp_path / "full.json", tmp_path / "green.json"
    assert run("export", "pack", "--stix", full, "--root", root).exit_code == 0
    assert TLP_2["TLP:AMBER"] in markings_of(full)
    result = run("export", "briefs/pack.yaml", "--max-marking", "TLP:GREEN", "--stix", green, "--root", root)
    assert result.exit_code == 0, result.output
    assert markings_of(green) == {TLP_2["TLP:CLEAR"]}
    assert "amber-cell" not in green.read_text(encoding="utf-8")


def test_publish_writes_the_bundle_with_the_edition_and_export_finds_it(run, tmp_path):
    root = small_workspace(tmp_path)
    result = run("build", "--publish", "--stix", "--root", root, "--jobs", "1", "--format", "docx")
    assert result.exit_code == 0, result.output
    bundle = root / "out" / "pack.stix.json"
    record = json.loads((root / "editions" / "pack" / "edition-1.json").read_text(encoding="utf-8"))
    import hashlib

    assert record["outputs"]["pack.stix.json"] == hashlib.sha256(bundle.read_bytes()).hexdigest()
    again = tmp_path / "again.json"
    assert run("export", "pack", "--edition", "1", "--stix", again, "--root", root).exit_code == 0
    assert again.read_bytes() == bundle.read_bytes()
    report = json.loads(bundle.read_text(encoding="utf-8"))["objects"][0]
    assert report["x_briefpack_edition"] == "1"


@pytest.mark.parametrize("args, message", [
    (("nothing-here",), "no brief makes a document called 'nothing-here'"),
    (("pack", "--edition", "3"), "pack has no edition 3 (editions: none published)"),
])
def test_what_cannot_be_exported_is_said(run, tmp_path, args, message):
    root = small_workspace(tmp_path)
    result = run("export", *args, "--stix", tmp_path / "x.json", "--root", root)
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "x.json").exists()


def test_stix_without_publish_is_a_usage_error(run, tmp_path):
    result = run("build", "--stix", "--root", small_workspace(tmp_path))
    assert result.exit_code == 2 and "--stix goes with --publish" in result.output
