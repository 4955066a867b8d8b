"""``briefpack impact`` and withdrawn excerpts and sources: never cited, and the
places that lost their support named by the next build."""

import json
import shutil
from pathlib import Path

from corpus_builder import docx_text
from readback import assert_same_document

ROOT = Path(__file__).resolve().parents[2]
EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # June 1, 2024
BUNDLED_EXCERPT = "delhaye-moscow-attack-central-position"


def withdraw(corpus, eid, reason):
    items = corpus.read_excerpts()
    for item in items:
        if item["id"] == eid:
            item["withdrawn"] = reason
    corpus.write_excerpts(items)


def test_impact_lists_documents_sections_and_judgments(run, corpus):
    result = run("impact", "kz-fighters", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "handout-kz (briefs/handout.yaml)"
    assert lines[1].startswith("  key judgment 1: \N{LEFT DOUBLE QUOTATION MARK}Kazakhs are likely to keep joining")
    assert "  section 1: Kazakhstan  [kz-fighters; briefs/handout.yaml:" in result.stdout
    assert "handout-kg" not in result.stdout
    listed = json.loads(run("impact", "gov-2016", "--json", "--root", corpus.root).stdout)
    assert {r["document"] for r in listed} == {"handout-kz", "handout-kg", "regional"}
    regional = next(r for r in listed if r["document"] == "regional")
    assert {p["text"] for p in regional["places"] if p["kind"] == "section"} >= {"Kazakhstan", "Kyrgyzstan"}


def test_impact_of_an_unknown_id(run, corpus):
    result = run("impact", "kz-fighter", "--root", corpus.root)
    assert result.exit_code == 1
    assert result.stderr == "Error: no excerpt or source with id 'kz-fighter' (did you mean 'kz-fighters'?)\n"


def test_a_withdrawn_excerpt_is_never_cited_and_the_build_says_what_lost_it(build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    withdraw(corpus, "kz-fighters", "the ministry withdrew its figure")
    result = build("briefs/handout.yaml")
    assert result.exit_code == 0, result.output
    assert ("Warning: briefs/handout.yaml:9: handout-kz: key judgment 1: \N{LEFT DOUBLE QUOTATION MARK}Kazakhs are "
            "likely to keep joining jihadist groups abroad.\N{RIGHT DOUBLE QUOTATION MARK} lost the support of "
            "withdrawn excerpt 'kz-fighters' (the ministry withdrew its figure)") in result.stderr
    assert "handout-kz: section 1: Kazakhstan lost the support of withdrawn excerpt 'kz-fighters'" in result.stderr
    text = docx_text(corpus.out / "handout-kz.docx")
    assert "About 400 Kazakhs fight in Syria" not in text.split("Changes since edition 1")[-1].split("Excerpts withdrawn")[0]
    assert ("\N{LEFT DOUBLE QUOTATION MARK}About 400 Kazakhs fight in Syria.\N{RIGHT DOUBLE QUOTATION MARK} "
            "(Test Press, March 2016) \N{EM DASH} withdrawn: the ministry withdrew its figure") in text
    assert "Support lost to withdrawn excerpts" in text
    assert "Section 1: Kazakhstan \N{EM DASH} withdrawn: kz-fighters (the ministry withdrew its figure)" in text
    assert_same_document(corpus.out / "handout-kz.docx", corpus.out / "handout-kz.pdf")
    assert build("briefs/handout.yaml", "--strict").exit_code == 1


def test_a_withdrawn_source_withdraws_its_excerpts(run, build, corpus):
    path = corpus.root / "seeds" / "sources" / "extra-2024.txt"
    path.write_text(path.read_text("utf-8").replace("reliability: B\n", "reliability: B\nwithdrawn: forged\n"),
                    "utf-8")
    assert run("check", "--root", corpus.root).exit_code == 0
    result = build("briefs/regional.yaml", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert "lost the support of withdrawn excerpt 'extra-kz' (forged)" in result.stderr
    assert "Security Review" not in docx_text(corpus.out / "regional.docx")


def test_withdrawn_needs_a_reason(run, corpus):
    withdraw(corpus, "kz-fighters", "")
    result = run("check", "--root", corpus.root)
    assert result.exit_code == 1
    assert "'withdrawn' needs a reason" in result.stdout


def test_impact_on_a_key_judgment_excerpt_of_the_regional_pack_then_withdrawn(run, tmp_path):
    workspace = tmp_path / "ws"
    for folder in ("seeds", "briefs", "templates"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, workspace / folder)
    result = run("impact", BUNDLED_EXCERPT, "--root", workspace)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "central-asia (briefs/central-asia.yaml)"
    judgment = next(line for line in lines if line.startswith("  key judgment "))
    section = next(line for line in lines if line.startswith("  section "))
    assert "Islamic State Khorasan Province" in section
    path = workspace / "seeds" / "excerpts" / "delhaye-2024-isis-resurgence.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f"- id: {BUNDLED_EXCERPT}\n",
                                 f"- id: {BUNDLED_EXCERPT}\n  withdrawn: \"retracted by its author\"\n"), "utf-8")
    built = run("build", workspace / "briefs" / "central-asia.yaml", "--format", "docx", "--root", workspace)
    assert built.exit_code == 0, built.output
    warned = [line for line in built.stderr.splitlines() if "lost the support of withdrawn excerpt" in line]
    assert any(judgment.split("  [")[0].strip() in line for line in warned), warned
    assert any(section.split("  [")[0].strip() in line for line in warned), warned
    assert all(line.startswith("Warning: briefs/central-asia.yaml:") for line in warned)


def test_check_says_what_the_build_would_say_of_withdrawn_support(run, corpus):
    withdraw(corpus, "kz-fighters", "the ministry withdrew its figure")
    result = run("check", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert ("briefs/handout.yaml:9: warning: handout-kz: key judgment 1: \N{LEFT DOUBLE QUOTATION MARK}Kazakhs are "
            "likely to keep joining jihadist groups abroad.\N{RIGHT DOUBLE QUOTATION MARK} lost the support of "
            "withdrawn excerpt 'kz-fighters' (the ministry withdrew its figure)") in result.stdout
    assert run("check", "--strict", "--root", corpus.root).exit_code == 1
