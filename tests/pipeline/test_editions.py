"""Editions: one finished document per build for every format, published editions
kept in editions/, drafts between them, and the change section against the
last published edition."""

import json
import shutil

import pytest
from corpus_builder import NEW_KZ, docx_text
from readback import assert_same_document, pdf_text

EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # June 1, 2024
LATER = {"SOURCE_DATE_EPOCH": "1718409600"}  # June 15, 2024


def change_section(text: str) -> list[str]:
    """The lines of the change section of a DOCX's text, heading first."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Changes since") and "\t" not in line)
    end = next(i for i in range(start, len(lines)) if lines[i] in ("Kazakhstan", "Kyrgyzstan"))
    return lines[start:end]


def statuses(result) -> dict[str, str]:
    return {o["path"].split("/")[-1]: o["status"] for o in json.loads(result.stdout)["outputs"]}


# ---------------------------------------------------------------- one finished document
def test_formats_built_at_different_times_carry_the_same_sections_and_notes(build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    assert build("--format", "docx").exit_code == 0  # the PDF in out/ is kept in step
    corpus.edit_excerpt("kz-recruit", credibility=3, summary="Recruiters work among migrants.")
    result = build("--json")
    assert result.exit_code == 0
    for name in ("handout-kz", "handout-kg", "regional"):
        assert_same_document(corpus.out / f"{name}.docx", corpus.out / f"{name}.pdf")
    assert "Changes since edition 1 (June 1, 2024)" in pdf_text(corpus.out / "handout-kz.pdf")


def test_a_format_asked_for_alone_keeps_its_sibling_in_step(build, corpus):
    assert build(env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    result = build("--format", "docx", "--json")
    assert result.exit_code == 0
    assert statuses(result)["handout-kz.pdf"] == "built"  # not left behind as another document
    assert_same_document(corpus.out / "handout-kz.docx", corpus.out / "handout-kz.pdf")


def test_a_format_kept_in_step_is_named_in_the_report(build, corpus):
    assert build("--jobs", "1", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)  # enters the KZ handout and the regional pack
    result = build("--format", "docx", "--jobs", "1", env=EPOCH)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Also rebuilt handout-kz.pdf, regional.pdf: "
                                    "the formats of a document are one edition.\nBuilt 4, unchanged 2, failed 0")
    assert "Produced June 1, 2024" in pdf_text(corpus.out / "handout-kz.pdf")
    corpus.edit_excerpt("kz-recruit", summary="Recruiters work among migrants.")
    report = json.loads(build("--format", "docx", "--jobs", "1", "--json", env=EPOCH).stdout)
    assert report["also_rebuilt"] == ["out/handout-kz.pdf", "out/regional.pdf"]
    assert set(report["built"]) == {"out/handout-kz.docx", "out/regional.docx", *report["also_rebuilt"]}
    corpus.edit_excerpt("kz-recruit", summary="Recruiters work among Kazakh migrants.")
    both = build("--format", "docx", "--format", "pdf", "--jobs", "1", env=EPOCH)
    assert both.exit_code == 0 and both.stdout.startswith("Built 4,")  # asked for: nothing "also"
    assert "Also rebuilt" not in build("--jobs", "1", "--force").output  # the briefs' own formats


def test_a_failed_pdf_leaves_the_old_docx_and_names_the_brief(build, corpus, monkeypatch):
    assert build(env=EPOCH).exit_code == 0
    before = corpus.outputs()
    corpus.add_excerpt(NEW_KZ)

    def broken(document, path, options, cache=None):
        path.write_bytes(b"half a PDF")
        raise RuntimeError("the layout engine gave up")

    monkeypatch.setattr("briefpack.writers.pdf.writer.write_pdf", broken)
    result = build("--jobs", "1", "--keep-going", "--json")
    assert result.exit_code == 3
    assert corpus.outputs() == before  # neither the DOCX nor the PDF of any document replaced
    errors = json.loads(result.stdout)["errors"]
    assert "briefs/handout.yaml: handout-kz.pdf: RuntimeError: the layout engine gave up" in errors
    assert not any(".tmp" in e for e in errors)
    assert not list(corpus.out.glob(".*.tmp"))
    monkeypatch.undo()
    assert build().exit_code == 0
    assert_same_document(corpus.out / "handout-kz.docx", corpus.out / "handout-kz.pdf")


# ---------------------------------------------------------------- same inputs, same bytes
def test_forced_rebuild_with_nothing_changed_is_byte_identical_in_the_same_folder(build, corpus):
    assert build().exit_code == 0  # a draft, dated today
    first = corpus.outputs()
    assert build("--force").exit_code == 0
    assert corpus.outputs() == first
    assert build("--publish").exit_code == 0
    published = corpus.outputs()
    assert published != first  # the cover now names the edition
    assert build("--force").exit_code == 0
    assert corpus.outputs() == published


def test_a_draft_keeps_its_date_while_nothing_changes(build, corpus):
    assert build("--format", "docx").exit_code == 0
    record = corpus.manifest()["documents"]["regional"]
    assert "Produced" in docx_text(corpus.out / "regional.docx")
    manifest = corpus.manifest()
    manifest["documents"]["regional"]["produced"] = "2024-06-03"  # as if built on an earlier day
    (corpus.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert record["produced"] != "2024-06-03"
    assert build("--format", "docx", "--force").exit_code == 0
    assert "Produced June 3, 2024" in docx_text(corpus.out / "regional.docx")


# ---------------------------------------------------------------- editions
def test_cover_names_the_draft_or_the_edition(build, corpus):
    assert build("--format", "docx", env=EPOCH).exit_code == 0
    assert "Draft of edition 1\nProduced June 1, 2024" in docx_text(corpus.out / "regional.docx")
    result = build("--format", "docx", "--publish", env=EPOCH)
    assert result.exit_code == 0
    assert "Published regional: edition 1 (June 1, 2024) (editions/regional/edition-1.json)" in result.stdout
    text = docx_text(corpus.out / "regional.docx")
    assert "Edition 1 \N{MIDDLE DOT} June 1, 2024" in text and "Produced" not in text
    assert "Changes since" not in text  # a first edition has nothing to compare with
    corpus.add_excerpt(NEW_KZ)
    assert build("--format", "docx", env=LATER).exit_code == 0
    assert "Draft of edition 2\nProduced June 15, 2024" in docx_text(corpus.out / "regional.docx")


def test_edition_files_record_the_library_state(build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    data = json.loads((corpus.root / "editions" / "handout-kz" / "edition-1.json").read_text("utf-8"))
    assert data["edition"] == 1 and data["date"] == "2024-06-01" and data["brief"] == "briefs/handout.yaml"
    assert data["baseline"] is None
    assert data["excerpts"]["kz-fighters"]["figures"][0]["value"] == 400
    assert data["excerpts"]["kz-fighters"]["quote"] == "About 400 Kazakhs fight in Syria."
    assert set(data["sources"]) == {"gov-2016", "news-2024"}
    assert data["judgments"] == [{"text": "Kazakhs are likely to keep joining jihadist groups abroad.",
                                  "excerpts": ["kz-fighters"]}]
    assert [s["title"] for s in data["sections"]] == ["Kazakhstan", "Recent reporting", "Outlook"]
    assert set(data["outputs"]) == {"handout-kz.docx", "handout-kz.pdf"}


def test_publishing_again_with_nothing_changed_records_nothing(build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    result = build("--publish", "--json", env=LATER)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["published"] == []
    assert not (corpus.root / "editions" / "regional" / "edition-2.json").exists()


def test_change_section_after_out_is_deleted_names_the_published_edition(build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    shutil.rmtree(corpus.out)  # a fresh checkout with editions/ committed
    corpus.add_excerpt(NEW_KZ)
    assert build("--format", "docx", env=LATER).exit_code == 0
    assert change_section(docx_text(corpus.out / "handout-kz.docx")) == [
        "Changes since edition 1 (June 1, 2024)",
        "Excerpts added",
        "\N{LEFT DOUBLE QUOTATION MARK}Officials in Astana reported new arrests of ISKP supporters in May."
        "\N{RIGHT DOUBLE QUOTATION MARK} (Test Press, May 2024)",
    ]


def test_change_section_lists_added_withdrawn_revised_figures_and_judgments(build, corpus):
    assert build("--format", "docx", "--publish", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    corpus.remove_excerpt("kz-recruit")
    corpus.edit_excerpt("kz-fighters", figures=[{"measure": "foreign-fighters", "value": 450,
                                                 "qualifier": "about", "place": "KZ", "as_of": "2016"}])
    corpus.add_excerpt({"id": "extra-kz2", "source": "extra-2024", "tags": ["country:KZ"],
                        "quote": "Police in Shymkent detained three ISKP recruiters in June.",
                        "date": "2024-06", "credibility": 2}, "more.yaml")
    result = build("--format", "docx", "--json", env=LATER)
    assert result.exit_code == 0
    assert {k for k, v in statuses(result).items() if v == "built"} == {"handout-kz.docx", "regional.docx"}
    text = docx_text(corpus.out / "handout-kz.docx")
    q = "\N{LEFT DOUBLE QUOTATION MARK}{}\N{RIGHT DOUBLE QUOTATION MARK}".format
    assert change_section(text) == [
        "Changes since edition 1 (June 1, 2024)",
        "Excerpts added",
        q("Police in Shymkent detained three ISKP recruiters in June.") + " (Test Press, June 2024)",
        q("Officials in Astana reported new arrests of ISKP supporters in May.") + " (Test Press, May 2024)",
        "Excerpts withdrawn",
        q("ISKP recruits Kazakhs in Russia.") + " (Test Press, March 2024)",
        "Excerpts revised",
        q("About 400 Kazakhs fight in Syria.") + " (Test Press, March 2016) \N{EM DASH} revised: figures",
        "Figures changed",
        "",
        "Sources added",
        "Security review",
        "Judgments with changed support",
        "Kazakhs are likely to keep joining jihadist groups abroad.",
    ]
    assert ("Foreign fighters (Kazakhstan) | about 400 (as of 2016) (since revised) | "
            "about 450 (as of 2016)") in text
    assert "Edition 1 | This edition" in text


def test_an_added_excerpt_stays_added_across_drafts(build, corpus):
    assert build("--format", "docx", "--publish", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    assert build("--format", "docx").exit_code == 0
    items = corpus.read_excerpts("added.yaml")
    items[0]["credibility"] = 3  # a correction the same day
    corpus.write_excerpts(items, "added.yaml")
    assert build("--format", "docx").exit_code == 0
    section = change_section(docx_text(corpus.out / "handout-kz.docx"))
    assert section[1] == "Excerpts added" and "Excerpts revised" not in section


def test_long_quotes_are_shortened_at_a_word_boundary(build, corpus):
    assert build("--format", "docx", "--publish", env=EPOCH).exit_code == 0
    corpus.source("long-2024", title="Long report", paragraphs=[
        "Kazakh officials said that recruiters working for ISKP had approached labour migrants in "
        "several Russian cities and offered them money, documents and transport to Afghanistan."])
    corpus.add_excerpt({"id": "kz-long", "source": "long-2024", "tags": ["country:KZ"], "date": "2024-06",
                        "credibility": 2, "quote": "Kazakh officials said that recruiters working for ISKP had "
                        "approached labour migrants in several Russian cities and offered them money, documents "
                        "and transport to Afghanistan."})
    assert build("--format", "docx", env=LATER).exit_code == 0
    section = change_section(docx_text(corpus.out / "handout-kz.docx"))
    assert section[2] == ("\N{LEFT DOUBLE QUOTATION MARK}Kazakh officials said that recruiters working for ISKP "
                          "had approached labour migrants in several Russian\N{HORIZONTAL ELLIPSIS}"
                          "\N{RIGHT DOUBLE QUOTATION MARK} (Test Press, June 2024)")


@pytest.mark.parametrize("since", ["1", "2024-06-10", "edition-1"])
def test_since_picks_an_earlier_edition(build, corpus, since):
    assert build("--format", "docx", "--publish", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    assert build("--format", "docx", "--publish", env=LATER).exit_code == 0
    text = docx_text(corpus.out / "handout-kz.docx")
    assert "Edition 2 \N{MIDDLE DOT} June 15, 2024" in text
    assert "Changes since edition 1 (June 1, 2024)" in text
    corpus.edit_excerpt("kz-recruit", credibility=3)
    assert build("--format", "docx", env=LATER).exit_code == 0
    assert "Changes since edition 2 (June 15, 2024)" in docx_text(corpus.out / "handout-kz.docx")
    assert build("--format", "docx", "--since", since, env=LATER).exit_code == 0
    section = change_section(docx_text(corpus.out / "handout-kz.docx"))
    assert section[0] == "Changes since edition 1 (June 1, 2024)"
    assert "Excerpts added" in section and "Excerpts revised" in section


@pytest.mark.parametrize("since, message", [
    ("7", "--since 7: handout-kz has no edition 7 (editions: 1 of 2024-06-01)"),
    ("2020-01-01", "--since 2020-01-01: handout-kz has no edition published on or before 2020-01-01"),
])
def test_since_an_edition_that_does_not_exist(build, corpus, since, message):
    assert build("--format", "docx", "--publish", env=EPOCH).exit_code == 0
    result = build("briefs/handout.yaml", "--since", since)
    assert result.exit_code == 1
    assert message in result.stderr


def test_editions_lists_what_was_published(run, build, corpus):
    assert build("--publish", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    assert build("--publish", env=LATER).exit_code == 0
    result = run("editions", "briefs/handout.yaml", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:5] == [
        "handout-kz (briefs/handout.yaml)",
        "  edition 2  June 15, 2024  compared with edition 1  5 excerpts, 2 sources",
        "  edition 1  June 1, 2024  4 excerpts, 2 sources",
    ]
    assert "regional" not in result.stdout
    listed = json.loads(run("editions", "--json", "--root", corpus.root).stdout)
    assert {(e["document"], e["edition"]) for e in listed} == {
        ("handout-kz", 1), ("handout-kz", 2), ("handout-kg", 1), ("regional", 1), ("regional", 2)}


def test_publish_what_was_last_built(run, build, corpus):
    assert build("--format", "docx", env=EPOCH).exit_code == 0
    result = run("publish", "briefs/regional.yaml", "--root", corpus.root, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert (corpus.root / "editions" / "regional" / "edition-1.json").exists()
    assert not (corpus.root / "editions" / "handout-kz").exists()
    assert "Edition 1 \N{MIDDLE DOT} June 1, 2024" in docx_text(corpus.out / "regional.docx")
    assert not (corpus.out / "regional.pdf").exists()  # the formats last built, no others
    corpus.add_excerpt(NEW_KZ)
    refused = run("publish", "--root", corpus.root)
    assert refused.exit_code == 1
    assert "handout-kz has changed since it was last built" in refused.stderr
    assert not (corpus.root / "editions" / "handout-kz").exists()


def test_since_a_git_revision_takes_the_edition_recorded_there(build, corpus):
    import subprocess

    def git(*args):
        subprocess.run(["git", "-C", str(corpus.root), "-c", "user.name=Desk", "-c", "user.email=d@example.org",
                        *args], check=True, capture_output=True)

    git("init", "-q")
    assert build("--format", "docx", "--publish", env=EPOCH).exit_code == 0
    git("add", "-A", "seeds", "briefs", "editions")
    git("commit", "-q", "-m", "edition 1")
    git("tag", "first")
    corpus.add_excerpt(NEW_KZ)
    assert build("--format", "docx", "--publish", env=LATER).exit_code == 0
    corpus.edit_excerpt("kz-recruit", credibility=3)
    assert build("--format", "docx", "--since", "first", env=LATER).exit_code == 0
    section = change_section(docx_text(corpus.out / "handout-kz.docx"))
    assert section[0] == "Changes since edition 1 (June 1, 2024)" and "Excerpts added" in section
    result = build("--format", "docx", "--since", "no-such-rev")
    assert result.exit_code == 1
    assert "--since no-such-rev: not an edition number (4), a date (YYYY-MM-DD) nor a git revision" in result.stderr


def test_an_edition_that_cannot_be_recorded_replaces_no_output(build, corpus):
    assert build("briefs/regional.yaml", env=EPOCH).exit_code == 0
    before = corpus.outputs()
    (corpus.root / "editions").mkdir()
    (corpus.root / "editions" / "regional").write_text("not a folder", encoding="utf-8")
    result = build("briefs/regional.yaml", "--publish")
    assert result.exit_code == 1
    assert "Error: editions/regional: cannot write the edition file: " in result.stderr
    assert corpus.outputs() == before
    assert not list(corpus.out.glob(".*.tmp"))


def test_a_clone_with_editions_committed_compares_with_the_published_edition(build, run, corpus, tmp_path):
    import subprocess

    def git(*args, cwd=corpus.root):
        subprocess.run(["git", "-C", str(cwd), "-c", "user.name=Desk", "-c", "user.email=d@example.org",
                        *args], check=True, capture_output=True)

    assert build("--publish", env=EPOCH).exit_code == 0
    git("init", "-q")
    git("add", "-A", "seeds", "briefs", "editions")
    git("commit", "-q", "-m", "edition 1")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(corpus.root), str(clone)], check=True, capture_output=True)
    unchanged = run("build", "--root", clone, "--format", "docx", env=LATER)
    assert unchanged.exit_code == 0, unchanged.output
    assert "Edition 1 \N{MIDDLE DOT} June 1, 2024" in docx_text(clone / "out" / "handout-kz.docx")
    (clone / "seeds" / "excerpts" / "added.yaml").write_text(
        "- id: kz-arrests\n  source: news-2024\n"
        "  quote: Officials in Astana reported new arrests of ISKP supporters in May.\n"
        "  tags: [country:KZ]\n  date: 2024-05\n  credibility: 2\n", encoding="utf-8")
    assert run("build", "--root", clone, "--format", "docx", env=LATER).exit_code == 0
    assert change_section(docx_text(clone / "out" / "handout-kz.docx"))[:3] == [
        "Changes since edition 1 (June 1, 2024)",
        "Excerpts added",
        "\N{LEFT DOUBLE QUOTATION MARK}Officials in Astana reported new arrests of ISKP supporters in May."
        "\N{RIGHT DOUBLE QUOTATION MARK} (Test Press, May 2024)",
    ]


def test_a_library_with_errors_is_never_published(build, corpus):
    corpus.add_excerpt({"id": "kz-bad", "source": "news-2024", "quote": "ISKP recruits Kazakhs in Paris.",
                        "tags": ["country:KZ"], "date": "2024-03", "credibility": 2}, "bad.yaml")
    result = build("--keep-going", "--publish", "--format", "docx")
    assert result.exit_code == 3
    assert "Warning: nothing was published: the library has errors" in result.stderr
    assert not (corpus.root / "editions").exists()
    assert "Draft of edition 1" in docx_text(corpus.out / "regional.docx")
