"""briefpack build refuses what would lose work or mislead a reader: two
documents writing one file, markings below what a document holds, bad
options; and it fails cleanly (JSON reports, internal errors, killed runs)."""

import json
import signal
import subprocess
import sys
import time

import pytest

PLAIN = """\
title: Plain
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx]
sections:
  - type: excerpts
    select: "country:KZ"
"""


def brief_with(for_each: str) -> str:
    return PLAIN.replace("formats: [docx]\n", f"formats: [docx]\nfor_each: {for_each}\n")


# ---------------------------------------------------------------- two documents, one file
def test_for_each_values_with_the_same_slug_are_refused(build, corpus):
    corpus.brief("r", brief_with("{desk: [a_b, a-b, A-B]}"))
    result = build("briefs/r.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: briefs/r.yaml:5 (desk a-b) and briefs/r.yaml:5 (desk a_b) would both "
                             "write out/r-a-b.docx; rename one of them\n")
    assert not (corpus.out / "r-a-b.docx").exists()


def test_matrix_document_and_brief_of_the_same_name_are_refused(build, corpus):
    corpus.brief("t", brief_with("{country: [KZ]}"))
    corpus.brief("t-kz", PLAIN)
    message = ("Error: briefs/t-kz.yaml and briefs/t.yaml:5 (country KZ) would both write "
               "out/t-kz.docx; rename one of them\n")
    for args in [(), ("briefs/t.yaml",), ("briefs/t-kz.yaml",)]:
        result = build("--quiet", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert corpus.outputs() == {}


def test_brief_in_a_sub_folder_does_not_overwrite_one_of_the_same_name(build, corpus):
    corpus.brief("test", PLAIN)
    (corpus.root / "briefs" / "sub").mkdir()
    (corpus.root / "briefs" / "sub" / "test.yaml").write_text(PLAIN.replace("Plain", "Other"))
    assert build("--quiet").exit_code == 0  # briefs/sub/ is built only when named
    before = (corpus.out / "test.docx").read_bytes()
    result = build("--quiet", "briefs/sub/test.yaml")
    assert (result.exit_code, result.stderr) == (1, "Error: briefs/sub/test.yaml and briefs/test.yaml "
                                                    "would both write out/test.docx; rename one of them\n")
    assert (corpus.out / "test.docx").read_bytes() == before


def test_one_brief_named_twice_is_built_once(build, corpus):
    result = build("briefs/regional.yaml", corpus.root / "briefs" / "regional.yaml", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 1, unchanged 0, failed 0")


# ---------------------------------------------------------------- markings
RED_KZ = {"id": "kz-red", "source": "news-2024", "quote": "A Kazakh cell planned an attack in Almaty.",
          "tags": ["country:KZ", "topic:attacks-and-plots"], "date": "2024-06", "credibility": 3,
          "marking": "TLP:RED"}


def test_marking_covers_an_excerpt_a_template_prints_without_citing_it(build, corpus):
    from corpus_builder import docx_text

    corpus.add_excerpt(RED_KZ)
    corpus.brief("plain", PLAIN.replace('select: "country:KZ"', 'select: "country:KZ"\n'
                                        '    template: templates/bare.xml.j2'))
    (corpus.root / "templates").mkdir()
    (corpus.root / "templates" / "bare.xml.j2").write_text(
        "{% for e in excerpts %}<p>{{ e.quote }}</p>{% endfor %}\n", encoding="utf-8")
    result = build("briefs/plain.yaml")
    assert result.exit_code == 0, result.output
    assert ("Warning: briefs/plain.yaml:2: marking raised from TLP:CLEAR to TLP:RED by excerpt kz-red\n"
            in result.stderr)
    text = docx_text(corpus.out / "plain.docx")
    assert "A Kazakh cell planned an attack in Almaty." in text
    assert "TLP:RED" in text and "TLP:CLEAR" not in text
    strict = build("briefs/plain.yaml", "--strict", "--force")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        "Error: briefs/plain.yaml:2: marking raised from TLP:CLEAR to TLP:RED by excerpt kz-red "
        "(warnings are errors with --strict)")


# ---------------------------------------------------------------- paths in messages and usage errors
def test_errors_name_paths_relative_to_the_workspace_whatever_the_brief_argument(build, run, corpus,
                                                                                monkeypatch, tmp_path):
    corpus.brief("broken", PLAIN.replace('"country:KZ"', '"country:XX"'))
    message = "Error: briefs/broken.yaml:7: bad query: query:1:1: unknown tag 'country:XX'"
    monkeypatch.chdir(tmp_path)
    for args in [(), ("briefs/broken.yaml",), (corpus.root / "briefs" / "broken.yaml",), ("--keep-going",)]:
        result = build("--quiet", *args)
        assert result.exit_code == (3 if args == ("--keep-going",) else 1)
        assert [line for line in result.stderr.splitlines() if "broken" in line] == [message]


@pytest.mark.parametrize("args, message", [
    (("build", "nonexist.yaml"), "Invalid value for 'BRIEF': no such brief file: nonexist.yaml"),
    (("build", "--root", "/nonexistent"), "Invalid value for '--root': Directory '/nonexistent' does not exist."),
    (("build", "--out", "{root}/briefs/regional.yaml"),
     "Invalid value for '--out': Directory '{root}/briefs/regional.yaml' is a file."),
    (("build", "--out", "{root}/briefs/regional.yaml/sub"),
     "Invalid value for '--out': '{root}/briefs/regional.yaml' is a file, not a folder."),
])
def test_paths_that_cannot_be_used_are_usage_errors(run, corpus, monkeypatch, args, message):
    monkeypatch.chdir(corpus.root)
    result = run(*[a.format(root=corpus.root) for a in args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(f"Error: {message.format(root=corpus.root)}\n")
    assert not corpus.out.exists()


# ---------------------------------------------------------------- --json when the build fails
def _broken_brief(corpus):
    corpus.brief("broken", PLAIN.replace('"country:KZ"', '"country:XX"'))
    return ("briefs/broken.yaml",), 1, ["briefs/broken.yaml:7: bad query: query:1:1: unknown tag 'country:XX'"]


def _library_error(corpus):
    corpus.add_excerpt({"id": "kz-bad", "source": "news-2024", "quote": "Not in the source.",
                        "tags": ["country:KZ"], "date": "2024-04", "credibility": 2}, "bad.yaml")
    return (), 1, ["seeds/excerpts/bad.yaml:3: quote not found in source 'news-2024'"]


def _lock_held(corpus):
    import fcntl

    corpus.out.mkdir()
    holder = open(corpus.out / ".briefpack.lock", "a+")
    fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
    corpus.holder = holder
    return (), 1, ["out: another build is running in this output folder (use --wait to wait for it)"]


@pytest.mark.parametrize("make", [_broken_brief, _library_error, _lock_held])
def test_json_report_carries_the_error_when_the_build_fails(build, corpus, make):
    args, code, errors = make(corpus)
    result = build("--json", *args)
    assert result.exit_code == code
    report = json.loads(result.stdout)
    assert [e.split("\n")[0][:len(errors[0])] for e in report["errors"]] == errors
    assert report["outputs"] == [] and report["built"] == []
    assert any(line.startswith("Error: ") for line in result.stderr.splitlines())


def test_json_report_of_a_good_build_has_no_errors(build):
    assert json.loads(build("--json", "--format", "docx").stdout)["errors"] == []


# ---------------------------------------------------------------- a bug
def test_an_internal_error_is_one_line_and_exit_70_unless_debugging(build, monkeypatch):
    import briefpack.pipeline.build

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(briefpack.pipeline.build, "build", broken)
    result = build()
    assert (result.exit_code, result.stdout) == (70, "")
    assert result.stderr == ("Error: internal error: KeyError: 'boom' "
                             "(set BRIEFPACK_DEBUG=1 to see the traceback)\n")
    with pytest.raises(KeyError, match="boom"):
        build(env={"BRIEFPACK_DEBUG": "1"})


# ---------------------------------------------------------------- workers of a killed build
def children(pid: int) -> set[int]:
    from pathlib import Path

    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_build_and_print_nothing(corpus, tmp_path):
    from corpus_builder import briefpack_command

    for i in range(6):  # enough documents for the build to take a while
        corpus.brief(f"copy-{i}", (corpus.root / "briefs" / "regional.yaml").read_text())
    log = tmp_path / "build.log"
    with open(log, "w") as stderr:
        proc = subprocess.Popen(briefpack_command() + ["build", "--root", str(corpus.root), "--force",
                                                       "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 120
    while "built " not in log.read_text():
        assert proc.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    workers = children(proc.pid)
    assert len(workers) == 2 and proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    written = log.read_text()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [pid for pid in workers if alive(pid)] == []
    assert log.read_text() == written  # nothing written by a worker before it died


# ---------------------------------------------------------------- house-style options
@pytest.mark.parametrize("option, content, message", [
    ("--reference-doc", b"not a zip", "{path}: not a valid .docx: not a ZIP package"),
    ("--pdf-style", b"sizes: {body: caf\xe9}\n", "{path}: PDF style is not UTF-8 text"),
    ("--pdf-style", b"sizes: [1, 2\n", "{path}:2: PDF style is not valid YAML:"),
    ("--pdf-style", b"colour: {}\n", "{path}: unknown section 'colour' in PDF style"),
])
def test_house_style_files_that_do_not_load_are_usage_errors(build, corpus, tmp_path, option, content,
                                                             message):
    path = tmp_path / "house.file"
    path.write_bytes(content)
    result = build(option, path)
    assert (result.exit_code, result.stdout) == (2, "")
    expected = f"Error: Invalid value for '{option}': {message.format(path=path)}"
    assert result.stderr.splitlines()[-1].startswith(expected), result.stderr
    assert not corpus.out.exists()


# ---------------------------------------------------------------- section templates
@pytest.mark.parametrize("template", ["/etc/hostname", "../../../../../../../../etc/hostname",
                                      "templates/../../elsewhere.xml.j2"])
def test_a_section_template_outside_the_workspace_is_refused_without_showing_it(build, corpus, template):
    (corpus.root.parent / "elsewhere.xml.j2").write_text("secret text\n")
    corpus.brief("plain", PLAIN.replace('select: "country:KZ"', f'select: "country:KZ"\n'
                                        f'    template: {template}'))
    result = build("--quiet", "briefs/plain.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: briefs/plain.yaml:8: template must be inside the workspace: {template}\n"


# ---------------------------------------------------------------- log lines, dates, hashing
def test_log_line_of_a_document_with_one_note(build, corpus):
    corpus.brief("one", PLAIN.replace("sections:", "key_judgments:\n  - One [@kz-fighters].\nsections:")
                 .replace('select: "country:KZ"', 'select: "country:KZ"\n    template: templates/none.xml.j2'))
    (corpus.root / "templates").mkdir()
    (corpus.root / "templates" / "none.xml.j2").write_text("<p>Nothing.</p>\n")
    result = build("briefs/one.yaml")
    assert result.exit_code == 0, result.output
    assert "/out/one.docx (1 note, " in result.stderr


def test_date_produced_does_not_depend_on_the_locale(build, corpus, monkeypatch):
    import locale

    from corpus_builder import docx_text

    for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        from briefpack.pipeline.build import production_day

        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
        assert production_day() == ("2024-06-01", 1717200000)
        assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
        assert "Produced June 1, 2024" in docx_text(corpus.out / "regional.docx")
    finally:
        locale.setlocale(locale.LC_TIME, "C")


def test_each_input_file_is_hashed_once_per_build(build, corpus, monkeypatch):
    from collections import Counter

    import briefpack.pipeline.fingerprints

    counts = Counter()
    real = briefpack.pipeline.fingerprints.sha256_file

    def counting(path):
        counts[str(path)] += 1
        return real(path)

    monkeypatch.setattr(briefpack.pipeline.fingerprints, "sha256_file", counting)
    assert build("--jobs", "1").exit_code == 0
    assert counts and max(counts.values()) == 1, counts.most_common(3)
