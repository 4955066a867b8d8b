"""briefpack build through the CLI: reproducible bytes, the manifest, incremental
rebuilds of matrix briefs, exit codes, reports, library errors and markings."""

import json

import pytest
from corpus_builder import AMBER_KZ, NEW_KZ, OUTPUTS, REGIONALS, docx_text

EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # 2024-06-01 00:00 UTC


def statuses(result) -> dict[str, str]:
    report = json.loads(result.stdout)
    return {o["path"].split("/")[-1]: o["status"] for o in report["outputs"]}


# ---------------------------------------------------------------- reproducible outputs
@pytest.mark.parametrize("env", [None, EPOCH], ids=["today", "source-date-epoch"])
def test_forced_rebuild_in_another_folder_is_byte_identical(build, corpus, env):
    assert build(env=env).exit_code == 0
    again = build("--force", "--out", corpus.root / "out2", env=env)
    assert again.exit_code == 0, again.output
    first, second = corpus.outputs(), corpus.outputs(corpus.root / "out2")
    assert sorted(first) == OUTPUTS
    assert first == second


def test_output_bytes_do_not_depend_on_the_number_of_jobs(build, corpus):
    one = build("--jobs", "1", "--out", corpus.root / "one", "--json", env=EPOCH)
    two = build("--jobs", "2", "--out", corpus.root / "two", "--json", env=EPOCH)
    assert one.exit_code == two.exit_code == 0
    assert corpus.outputs(corpus.root / "one") == corpus.outputs(corpus.root / "two")
    assert [o["path"].split("/")[-1] for o in json.loads(one.stdout)["outputs"]] == \
        [o["path"].split("/")[-1] for o in json.loads(two.stdout)["outputs"]]
    assert corpus.manifest(corpus.root / "one")["outputs"].keys() == \
        corpus.manifest(corpus.root / "two")["outputs"].keys()


def test_date_produced_follows_source_date_epoch(build, corpus):
    assert build("--format", "docx", env=EPOCH).exit_code == 0
    assert "Produced June 1, 2024" in docx_text(corpus.out / "handout-kz.docx")


# ---------------------------------------------------------------- manifest and incremental builds
def test_manifest_records_inputs_and_output_hashes(build, corpus):
    import hashlib

    assert build().exit_code == 0
    manifest = corpus.manifest()
    assert sorted(manifest["outputs"]) == OUTPUTS
    record = manifest["outputs"]["handout-kz.docx"]
    assert record["brief"] == "briefs/handout.yaml"
    assert record["output_hash"] == hashlib.sha256((corpus.out / "handout-kz.docx").read_bytes()).hexdigest()
    inputs = record["inputs"]
    assert {"brief", "excerpts", "sources", "vocabulary", "templates", "version"} <= set(inputs)
    # every excerpt the KZ handout selects or cites, and no KG-only one
    assert set(inputs["excerpts"]) == {"kz-fighters", "kz-outlook", "kz-recruit", "region-outlook"}
    assert set(inputs["sources"]) == {"gov-2016", "news-2024"}
    assert record["excerpts"]["kz-fighters"]["figures"][0]["value"] == 400


def test_second_run_writes_nothing_and_says_so(build, corpus):
    assert build().exit_code == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in corpus.out.iterdir()}
    again = build()
    assert again.exit_code == 0
    assert again.stdout == "Up to date: 6 outputs unchanged, nothing written.\n"
    assert {p.name: p.stat().st_mtime_ns for p in corpus.out.iterdir()} == stamps
    # a library change that enters no output rebuilds nothing either
    corpus.add_excerpt({**NEW_KZ, "id": "kz-untagged", "tags": ["group:ISKP"]})
    again = build("--json")
    assert again.exit_code == 0 and set(statuses(again).values()) == {"unchanged"}
    assert {p.name: p.stat().st_mtime_ns for p in corpus.out.iterdir() if p.suffix != ".json"} == \
        {k: v for k, v in stamps.items() if not k.endswith(".json")}
    assert build().stdout == "Up to date: 6 outputs unchanged, nothing written.\n"


def test_force_rebuilds_everything(build, corpus):
    assert build().exit_code == 0
    result = build("--force", "--json")
    assert result.exit_code == 0
    assert set(statuses(result).values()) == {"built"}


def test_an_output_changed_on_disk_is_rebuilt(build, corpus):
    assert build().exit_code == 0
    (corpus.out / "regional.pdf").write_bytes(b"damaged")
    result = build("--json")
    assert [name for name, status in statuses(result).items() if status == "built"] == ["regional.pdf"]
    assert (corpus.out / "regional.pdf").read_bytes().startswith(b"%PDF")


def test_new_excerpt_rebuilds_only_the_outputs_it_enters(build, corpus):
    assert build().exit_code == 0
    before = corpus.outputs()
    corpus.add_excerpt(NEW_KZ)
    result = build("--json")
    assert result.exit_code == 0
    built = sorted(name for name, status in statuses(result).items() if status == "built")
    assert built == sorted(["handout-kz.docx", "handout-kz.pdf"] + REGIONALS)
    after = corpus.outputs()
    assert after["handout-kg.docx"] == before["handout-kg.docx"]
    assert after["handout-kg.pdf"] == before["handout-kg.pdf"]
    assert "Officials in Astana reported new arrests" in docx_text(corpus.out / "handout-kz.docx")


def test_selection_counts_even_when_the_template_does_not_show_it(build, corpus):
    corpus.brief("plain", """\
        title: Plain
        marking: TLP:CLEAR
        as_of: 2024-06-30
        formats: [docx]
        sections:
          - type: excerpts
            title: Kazakhstan
            select: "country:KZ"
            template: templates/count.xml.j2
        """)
    (corpus.root / "templates").mkdir()
    (corpus.root / "templates" / "count.xml.j2").write_text(
        "<p>{{ excerpts|length }} excerpts.</p>\n", encoding="utf-8")
    assert build("briefs/plain.yaml").exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    result = build("briefs/plain.yaml", "--json")
    assert statuses(result) == {"plain.docx": "built"}
    assert "5 excerpts." in docx_text(corpus.out / "plain.docx")


def test_changed_section_template_outside_templates_folder_rebuilds(build, corpus):
    (corpus.root / "layouts").mkdir()
    template = corpus.root / "layouts" / "short.xml.j2"
    template.write_text("<p>First layout.</p>\n", encoding="utf-8")
    corpus.brief("plain", """\
        title: Plain
        marking: TLP:CLEAR
        as_of: 2024-06-30
        formats: [docx]
        sections:
          - type: excerpts
            select: "country:KZ"
            template: layouts/short.xml.j2
        """)
    assert build("briefs/plain.yaml").exit_code == 0
    assert build("briefs/plain.yaml").stdout.startswith("Up to date")
    template.write_text("<p>Second layout.</p>\n", encoding="utf-8")
    assert statuses(build("briefs/plain.yaml", "--json")) == {"plain.docx": "built"}
    assert "Second layout." in docx_text(corpus.out / "plain.docx")


# ---------------------------------------------------------------- writer options
KZ_2017 = {"id": "kz-fighters-2017", "source": "gov-2017", "quote": "Some 600 Kazakhs were in Syria in 2017.",
           "tags": ["country:KZ", "topic:foreign-fighters"], "date": "2017-04", "credibility": 3,
           "figures": [{"measure": "foreign-fighters", "value": 600, "qualifier": "about", "place": "KZ",
                        "as_of": "2017"}]}
DEFAULT_BLUE = (0x00, 0x72, 0xB2)  # the first colour of the default chart palette


def chart_colours(path) -> set:
    """The colours of the (first) chart image in a .docx."""
    import io
    import zipfile

    from PIL import Image

    with zipfile.ZipFile(path) as package:
        png = package.read(next(n for n in package.namelist() if n.startswith("word/media/")))
    return {colour for _, colour in Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 20)}


def test_a_pdf_style_that_changes_the_charts_rebuilds_the_docx(build, corpus):
    """The DOCX writer draws its charts in the PDF style's chart settings: the style enters its fingerprint."""
    corpus.source("gov-2017", title="Fighters abroad", published="2017-04-01",
                  paragraphs=[KZ_2017["quote"]])
    corpus.add_excerpt(KZ_2017)  # two estimates for Kazakhstan: a chart in its handout and the regional pack
    style = corpus.root / "grey.yaml"
    style.write_text("charts:\n  palette: ['#000000', '#666666']\n", encoding="utf-8")
    assert build("--format", "docx", "--jobs", "1").exit_code == 0
    assert DEFAULT_BLUE in chart_colours(corpus.out / "handout-kz.docx")
    result = build("--format", "docx", "--pdf-style", style, "--jobs", "1", "--json")
    assert result.exit_code == 0, result.output
    assert {"handout-kz.docx", "regional.docx"} <= {n for n, s in statuses(result).items() if s == "built"}
    assert DEFAULT_BLUE not in chart_colours(corpus.out / "handout-kz.docx")
    fresh = build("--format", "docx", "--pdf-style", style, "--jobs", "1", "--out", corpus.root / "fresh")
    assert fresh.exit_code == 0
    assert corpus.outputs() == corpus.outputs(corpus.root / "fresh")
    assert build("--format", "docx", "--pdf-style", style, "--jobs", "1").stdout.startswith("Up to date")


# ---------------------------------------------------------------- exit codes and reports
def test_usage_errors_exit_2(build):
    assert build("--format", "rtf").exit_code == 2
    assert build("--jobs", "0").exit_code == 2
    result = build("--max-marking", "AMBER")
    assert result.exit_code == 2
    assert "Invalid value for '--max-marking': unknown marking 'AMBER'" in result.stderr


BROKEN = """\
title: Broken
marking: TLP:CLEAR
as_of: 2024-06-30
key_judgments:
  - Unknown [@no-such].
sections:
  - type: excerpts
    select: "country:KZ"
"""


def test_error_in_a_brief_exits_1_and_names_the_line(build, corpus):
    corpus.brief("broken", BROKEN)
    result = build("briefs/broken.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "broken.yaml:5:" in result.stderr
    assert "no-such" in result.stderr


def test_keep_going_builds_the_rest_and_exits_3(build, corpus):
    corpus.brief("broken", BROKEN)
    result = build("--keep-going", "--format", "docx", "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert sorted(report["built"]) == ["out/handout-kg.docx", "out/handout-kz.docx", "out/regional.docx"]
    assert [o["error"] for o in report["outputs"] if o["status"] == "failed"][0].count("no-such")
    assert "Error: briefs/broken.yaml:5: citation of unknown excerpt 'no-such'\n" in result.stderr
    assert "Error: test" not in result.stderr


def _unreadable_brief(root):
    (root / "briefs" / "gone.yaml").symlink_to(root / "nowhere.yaml")
    return (), {}, "briefs/gone.yaml: cannot read brief: No such file or directory"


def _epoch_out_of_range(root):
    return (), {"SOURCE_DATE_EPOCH": "99999999999999999"}, \
        ("SOURCE_DATE_EPOCH 99999999999999999 is out of range: documents carry dates from 1980-01-01 "
         "(315532800) to 2107-12-31 (4354819199), the dates ZIP files (DOCX) can hold")


def _manifest_is_a_folder(root):
    (root / "out" / "manifest.json").mkdir(parents=True)
    return (), {}, "out/manifest.json: cannot read the manifest: Is a directory"


def _manifest_with_a_bad_record(root):
    (root / "out").mkdir()
    (root / "out" / "manifest.json").write_text('{"outputs": {"regional.pdf": 5}}')
    return (), {}, ("out/manifest.json: unreadable manifest: outputs -> 'regional.pdf' must be an object; "
                    "delete it to build afresh")


def _template_not_utf8(root):
    (root / "templates").mkdir()
    (root / "templates" / "country_profile.xml.j2").write_bytes(b"<p>caf\xe9</p>\n")
    return ("briefs/regional.yaml",), {}, \
        "templates/country_profile.xml.j2: template is not UTF-8 text"


@pytest.mark.parametrize("make", [_unreadable_brief, _epoch_out_of_range, _manifest_is_a_folder,
                                  _manifest_with_a_bad_record, _template_not_utf8])
def test_inputs_that_cannot_be_read_are_errors_with_their_path(build, corpus, make):
    args, env, message = make(corpus.root)
    result = build("--quiet", *args, env=env)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


def test_json_report_fields(build, corpus):
    result = build("--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert {"outputs", "pages", "notes", "seconds", "skipped", "warnings"} <= set(report)
    pdf = next(o for o in report["outputs"] if o["path"] == "out/handout-kz.pdf")
    assert pdf["status"] == "built" and pdf["pages"] >= 1 and pdf["notes"] >= 1 and pdf["seconds"] >= 0
    assert report["skipped"] == []
    again = json.loads(build("--json").stdout)
    assert sorted(p.split("/")[-1] for p in again["skipped"]) == OUTPUTS


def test_quiet_prints_nothing_on_success_and_only_problems_otherwise(build, corpus):
    result = build("--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    corpus.add_excerpt(AMBER_KZ)
    result = build("--quiet")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("Warning: ") and "marking raised" in result.stderr
    assert "built" not in result.stderr


def test_log_lines_when_not_a_terminal(build):
    result = build("--format", "docx")
    assert "built   " in result.stderr and "handout-kz.docx" in result.stderr
    assert result.stdout.startswith("Built 3, unchanged 0, failed 0 in ")


# ---------------------------------------------------------------- library errors
BAD = {"id": "kz-bad", "source": "news-2024", "quote": "ISKP recruits Kazakhs in Paris.",
       "tags": ["country:KZ", "topic:recruitment"], "date": "2024-04", "credibility": 2}


def test_library_with_errors_is_refused_with_each_problem(build, corpus):
    corpus.add_excerpt(BAD, "bad.yaml")
    result = build()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("seeds/excerpts/bad.yaml:3: quote not found in source 'news-2024'")
    assert lines[-1] == ("Error: the library has 1 error; nothing was built. Fix it (see briefpack "
                         "check), or build without the faulty excerpts with --keep-going.")
    assert not corpus.out.exists() or corpus.outputs() == {}


def test_keep_going_builds_without_the_faulty_excerpts(build, corpus):
    corpus.add_excerpt(BAD, "bad.yaml")
    result = build("--keep-going", "--format", "docx")
    assert result.exit_code == 3
    assert "seeds/excerpts/bad.yaml:3: quote not found" in result.stderr
    assert "Error: the library has 1 problem; built without the excerpts they concern." in result.stderr
    assert sorted(corpus.outputs()) == ["handout-kg.docx", "handout-kz.docx", "regional.docx"]
    assert "in Paris" not in docx_text(corpus.out / "handout-kz.docx")
    # not "up to date" while the library has errors
    assert build("--keep-going", "--format", "docx").exit_code == 3


# ---------------------------------------------------------------- markings and currency
def test_marking_is_raised_with_a_warning(build, corpus):
    corpus.add_excerpt(AMBER_KZ)
    result = build("--format", "docx")
    assert result.exit_code == 0
    assert ("Warning: " in result.stderr
            and "marking raised from TLP:CLEAR to TLP:AMBER by excerpt kz-cell" in result.stderr)
    assert "TLP:AMBER" in docx_text(corpus.out / "handout-kz.docx")
    assert "TLP:AMBER" not in docx_text(corpus.out / "handout-kg.docx")
    # the warning is repeated when nothing is rebuilt
    again = build("--format", "docx")
    assert "Up to date" in again.stdout and "marking raised" in again.stderr


def test_strict_turns_the_raised_marking_into_failure(build, corpus):
    corpus.add_excerpt(AMBER_KZ)
    result = build("--format", "docx", "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert "handout.yaml:2: marking raised from TLP:CLEAR to TLP:AMBER by excerpt kz-cell " \
           "(warnings are errors with --strict)" in result.stderr


def test_max_marking_leaves_out_the_amber_excerpt(build, corpus):
    corpus.add_excerpt(AMBER_KZ)
    result = build("--format", "docx", "--max-marking", "TLP:GREEN", "--strict")
    assert result.exit_code == 0, result.output
    text = docx_text(corpus.out / "handout-kz.docx")
    assert "A Kazakh cell planned an attack" not in text
    assert "TLP:AMBER" not in text and "TLP:CLEAR" in text


def test_max_marking_in_the_brief(build, corpus):
    corpus.add_excerpt(AMBER_KZ)
    path = corpus.root / "briefs" / "handout.yaml"
    path.write_text(path.read_text().replace("marking: TLP:CLEAR\n", "marking: TLP:CLEAR\nmax_marking: TLP:GREEN\n"))
    assert build("briefs/handout.yaml", "--format", "docx", "--strict").exit_code == 0
    assert "A Kazakh cell planned" not in docx_text(corpus.out / "handout-kz.docx")


@pytest.mark.parametrize("years, flagged", [(None, True), (10, False)])
def test_outlook_resting_on_old_material_is_flagged(build, corpus, years, flagged):
    if years is not None:
        path = corpus.root / "briefs" / "handout.yaml"
        path.write_text(path.read_text().replace("as_of:", f"stale_after_years: {years}\nas_of:"))
    assert build("briefs/handout.yaml", "--format", "docx").exit_code == 0
    text = docx_text(corpus.out / "handout-kz.docx")
    flag = ("Currency: these assessments rest on material from 2016, more than 2 years before the information "
            "cut-off; they show how the threat was judged then.")
    assert (flag in text) is flagged
    assert "Currency: these assessments" not in docx_text(corpus.out / "handout-kg.docx")


def test_a_build_leaves_the_cycle_collector_as_it_found_it(build, corpus):
    """The build holds Python's cycle collector off while it composes, and gives back
    everything it kept out of collections, also when the build fails."""
    import gc

    assert build("--quiet").exit_code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    corpus.add_excerpt(BAD)  # the library's error stops the build as it loads
    assert build("--force", "--quiet").exit_code == 1
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_an_upgraded_library_rebuilds_what_was_up_to_date(build, corpus, tmp_path, monkeypatch):
    from briefpack.pipeline import fingerprints

    assert build().exit_code == 0
    assert build().stdout.startswith("Up to date")
    site = tmp_path / "site"
    (site / "reportlab-99.0.dist-info").mkdir(parents=True)  # as pip leaves an upgrade
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(fingerprints, "_code_key_cache", None)
    again = build("--json")
    assert again.exit_code == 0 and set(statuses(again).values()) == {"built"}
    assert build().stdout.startswith("Up to date")


def test_the_code_key_follows_the_package_files_but_compiled_ones(tmp_path, monkeypatch):
    from briefpack.pipeline import fingerprints

    package = tmp_path / "package"
    (package / "templates" / "__pycache__").mkdir(parents=True)
    (package / "__pycache__").mkdir()
    (package / "build.py").write_text("x = 1\n")
    (package / "templates" / "brief.j2").write_text("{{ title }}\n")
    (package / "font.ttf").write_bytes(b"\0" * 10)
    monkeypatch.setattr(fingerprints, "PACKAGE", package)

    def key():
        monkeypatch.setattr(fingerprints, "_code_key_cache", None)
        return fingerprints.code_key()

    first = key()
    (package / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"compiled")
    (package / "templates" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert key() == first
    (package / "font.ttf").write_bytes(b"\1" * 10)  # a font by its name and size
    assert key() == first
    keys = {first}
    for change in [lambda: (package / "templates" / "brief.j2").write_text("{{ title }}!\n"),
                   lambda: (package / "font.ttf").write_bytes(b"\0" * 11),
                   lambda: (package / "templates" / "new.j2").write_text(""),
                   lambda: (package / "build.py").rename(package / "built.py")]:
        change()
        keys.add(key())
    assert len(keys) == 5


def test_the_fingerprints_keep_the_library_files_they_read_for_the_check(corpus):
    from briefpack.pipeline.fingerprints import workspace_hashes
    from briefpack.pipeline.manifest import sha256_file

    read = {}
    hashes = workspace_hashes(corpus.root, read)
    assert hashes == workspace_hashes(corpus.root)
    assert sorted(read) == sorted(k for k in hashes if k.startswith(("seeds/sources/", "seeds/excerpts/")))
    assert read and all(data == (corpus.root / rel).read_bytes() and digest == sha256_file(corpus.root / rel)
                        == hashes[rel] for rel, (data, digest) in read.items())
