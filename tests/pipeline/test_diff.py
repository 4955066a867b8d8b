"""``briefpack diff``: two editions of the library, each a build manifest, a git
revision or the library on disk, compared like for like."""

import json
import shutil
import subprocess

import pytest
from corpus_builder import EXCERPTS, NEW_KZ, SOURCES, briefpack_command

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DIFF_LINES = [
    "Excerpts added (1):",
    "  kz-arrests: New arrests of ISKP supporters in Astana. (2024-05)",
    "Excerpts withdrawn (1):",
    "  kz-recruit: ISKP recruits Kazakh migrants in Russia. (2024-03)",
    "Excerpts revised (1):",
    "  kz-fighters: About 400 Kazakhs in Syria. (2016-03)",
    "    figures: about 400 (as of 2016) -> about 450 (as of 2016)",
    "Figures changed (1):",
    "  foreign-fighters (KZ): about 400 (as of 2016) [kz-fighters] -> about 450 (as of 2016) [kz-fighters]",
]


def change_library(corpus):
    corpus.add_excerpt(NEW_KZ)
    corpus.remove_excerpt("kz-recruit")
    corpus.edit_excerpt("kz-fighters", figures=[{"measure": "foreign-fighters", "value": 450,
                                                 "qualifier": "about", "place": "KZ", "as_of": "2016"}])


def git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Desk", "-c", "user.email=desk@example.org",
                    *args], check=True, capture_output=True)


def commit_all(root, message):
    git(root, "add", "-A", "seeds", "briefs")
    git(root, "commit", "-q", "-m", message)


def keep_old_manifest(corpus, name="manifest.json", snapshot=True):
    """A copy of out/manifest.json in old/<name>; without the library snapshot
    (as a manifest written before briefpack kept one) unless ``snapshot``."""
    manifest = corpus.manifest()
    if not snapshot:
        del manifest["library"]
    (corpus.root / "old").mkdir(exist_ok=True)
    path = corpus.root / "old" / name
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


# ---------------------------------------------------------------- like for like
def test_the_manifest_keeps_a_snapshot_of_the_whole_library(build, corpus):
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    snapshot = corpus.manifest()["library"]["excerpts"]
    assert sorted(snapshot) == sorted(e["id"] for e in EXCERPTS)
    assert snapshot["kz-fighters"]["figures"][0]["value"] == 400
    assert snapshot["kz-recruit"]["summary"] == "ISKP recruits Kazakh migrants in Russia."
    assert "quote" not in snapshot["kz-recruit"]
    # a library change no output uses still updates it
    corpus.add_excerpt({**NEW_KZ, "tags": ["group:ISKP"]})
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    assert "kz-arrests" in corpus.manifest()["library"]["excerpts"]


def test_the_snapshot_records_again_only_the_excerpts_of_changed_files(build, corpus):
    corpus.add_excerpt(NEW_KZ)  # in added.yaml; the rest in main.yaml
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    manifest = corpus.manifest()
    for eid in ("kz-arrests", "kz-fighters"):  # records the next build takes as they are, or not
        manifest["library"]["excerpts"][eid]["summary"] = "kept from the last build"
    (corpus.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    corpus.edit_excerpt("kg-plot", summary="A plot stopped in Jalal-Abad.")
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    snapshot = corpus.manifest()["library"]["excerpts"]
    assert snapshot["kg-plot"]["summary"] == "A plot stopped in Jalal-Abad."
    assert snapshot["kz-fighters"]["summary"] == "About 400 Kazakhs in Syria."  # main.yaml changed
    assert snapshot["kz-arrests"]["summary"] == "kept from the last build"  # added.yaml did not
    # a change to a source its excerpts name (the marking they take, say) records them again
    corpus.source("news-2024", paragraphs=SOURCES["news-2024"][3] + ["A paragraph added."])
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    snapshot = corpus.manifest()["library"]["excerpts"]
    assert snapshot["kz-arrests"]["summary"] == NEW_KZ["summary"]
    assert build("briefs/regional.yaml", "--format", "docx", "--force").exit_code == 0
    assert corpus.manifest()["library"]["excerpts"] == snapshot
    # a snapshot without the files' keys (an older manifest's), or with damaged ones: all made again
    for damage in [lambda library: library.pop("files"), lambda library: library.update(files=["main.yaml"]),
                   lambda library: library.update(code=None)]:
        manifest = corpus.manifest()
        manifest["library"]["excerpts"]["kz-arrests"]["summary"] = "kept from the last build"
        damage(manifest["library"])
        (corpus.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        corpus.edit_excerpt("kg-plot", summary=corpus.read_excerpts()[3]["summary"] + ".")
        assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
        assert corpus.manifest()["library"]["excerpts"]["kz-arrests"]["summary"] == NEW_KZ["summary"]


def test_diff_between_two_manifests(run, build, corpus):
    assert build("--format", "docx").exit_code == 0
    old = keep_old_manifest(corpus)
    change_library(corpus)
    assert build("--format", "docx").exit_code == 0
    result = run("diff", old, corpus.out / "manifest.json", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == DIFF_LINES
    same = run("diff", corpus.out, corpus.out / "manifest.json", "--root", corpus.root)
    assert same.stdout == "No changes.\n"


def test_diff_of_a_manifest_and_the_library_on_disk(run, build, corpus):
    assert build("--format", "docx").exit_code == 0
    unchanged = run("diff", corpus.out, "--root", corpus.root)
    assert (unchanged.exit_code, unchanged.stdout, unchanged.stderr) == (0, "No changes.\n", "")
    change_library(corpus)
    result = run("diff", corpus.out / "manifest.json", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == DIFF_LINES


@needs_git
def test_diff_of_a_revision_and_a_manifest(run, build, corpus):
    git(corpus.root, "init", "-q")
    commit_all(corpus.root, "first edition")
    change_library(corpus)
    assert build("--format", "docx").exit_code == 0
    result = run("diff", "HEAD", corpus.out, "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == DIFF_LINES
    back = run("diff", corpus.out, "HEAD", "--root", corpus.root)
    assert back.stdout.splitlines()[:4] == [
        "Excerpts added (1):",
        "  kz-recruit: ISKP recruits Kazakh migrants in Russia. (2024-03)",
        "Excerpts withdrawn (1):",
        "  kz-arrests: New arrests of ISKP supporters in Astana. (2024-05)",
    ]


def test_a_manifest_without_a_snapshot_is_compared_on_the_excerpts_its_documents_used(run, build, corpus):
    assert build("briefs/handout.yaml", "--format", "docx").exit_code == 0  # extra-kz is in no handout
    old = keep_old_manifest(corpus, snapshot=False)
    change_library(corpus)
    corpus.remove_excerpt("extra-kz")
    result = run("diff", old, "--root", corpus.root)
    assert result.exit_code == 0, result.output
    note = (f"({old}: a manifest without a library snapshot: "
            "comparing only the excerpts its documents used)")
    # kz-arrests may well be new, and extra-kz withdrawn, but this manifest cannot tell
    assert result.stdout.splitlines() == [note] + DIFF_LINES[2:]

    assert build("briefs/handout.yaml", "--format", "docx").exit_code == 0
    new = keep_old_manifest(corpus, "new.json", snapshot=False)
    both = run("diff", old, new, "--root", corpus.root)
    assert both.stdout.splitlines() == [
        "(manifests without a library snapshot: comparing only the excerpts the documents of both used)",
        *DIFF_LINES[4:],
    ]


# ---------------------------------------------------------------- what a revision changed
def test_revised_excerpts_say_what_changed(run, build, corpus):
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    corpus.edit_excerpt("kz-recruit", quote="ISKP recruits Kazakhs", date="2024-04", credibility=3,
                        tags=["country:KZ", "topic:recruitment", "country:KG"],
                        summary="ISKP recruits Kazakhs abroad.")
    corpus.edit_excerpt("kg-plot", marking="TLP:GREEN", source="gov-2016",
                        quote="More than 500 Kyrgyz citizens are in Syria and Iraq.")
    result = run("diff", corpus.out, "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Excerpts revised (2):",
        "  kg-plot: More than 500 Kyrgyz citizens are in Syria and Iraq. (2024-06)",
        "    quote: revised",  # its summary, never written, follows the quote: not a change of its own
        "    source: news-2024 -> gov-2016",
        "    marking: TLP:CLEAR -> TLP:GREEN",
        "  kz-recruit: ISKP recruits Kazakhs abroad. (2024-04)",
        "    quote: revised",
        '    summary: "ISKP recruits Kazakh migrants in Russia." -> "ISKP recruits Kazakhs abroad."',
        "    date: 2024-03 -> 2024-04",
        "    credibility: 2 -> 3",
        "    tags: +country:KG, -group:ISKP",
    ]


def test_records_of_an_older_manifest_say_less(run, build, corpus):
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    manifest = corpus.manifest()
    for record in manifest["library"]["excerpts"].values():
        for key in ("quote_hash", "tags", "credibility", "marking"):
            del record[key]
    old = corpus.root / "old.json"
    old.write_text(json.dumps(manifest), encoding="utf-8")
    corpus.edit_excerpt("kz-recruit", credibility=3)
    corpus.edit_excerpt("kz-outlook", date="2016-06")
    result = run("diff", old, "--root", corpus.root)
    assert result.stdout.splitlines() == [
        "Excerpts revised (2):",
        "  kz-outlook: Attacks in Kazakhstan will grow (2016-06)",
        "    date: 2016-05 -> 2016-06",
        "  kz-recruit: ISKP recruits Kazakh migrants in Russia. (2024-03)",
        "    (an older manifest does not record which fields changed)",
    ]


# ---------------------------------------------------------------- what OLD and NEW may be
def test_a_manifest_under_any_name(run, build, corpus):
    assert build("briefs/regional.yaml", "--format", "docx").exit_code == 0
    old = keep_old_manifest(corpus, "2024-06.json")
    corpus.remove_excerpt("kz-recruit")
    result = run("diff", old, "--root", corpus.root)
    assert result.stdout.splitlines() == DIFF_LINES[2:4]


@pytest.mark.parametrize("content, message", [
    ('{"briefs": {}}', "unreadable manifest: no 'outputs' table"),
    ("not json", "unreadable manifest (Expecting value: line 1 column 1 (char 0))"),
    ('{"outputs": {}, "library": {"excerpts": {"a": 1}}}',
     "unreadable manifest: library -> excerpts -> 'a' must be an object"),
])
def test_a_file_that_is_not_a_manifest(run, corpus, content, message):
    path = corpus.root / "notes.json"
    path.write_text(content, encoding="utf-8")
    result = run("diff", path, "--root", corpus.root)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {path}: {message}\n")


def test_a_missing_manifest_file(run, corpus):
    result = run("diff", corpus.root / "old" / "manifest.json", "--root", corpus.root)
    assert (result.exit_code, result.stderr) == (1, f"Error: {corpus.root}/old/manifest.json: no such manifest file\n")


@needs_git
def test_diff_between_two_git_revisions(run, corpus):
    git(corpus.root, "init", "-q")
    commit_all(corpus.root, "first edition")
    change_library(corpus)
    result = run("diff", "HEAD", "--root", corpus.root)  # against the work tree
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == DIFF_LINES
    commit_all(corpus.root, "second edition")
    result = run("diff", "HEAD~1", "HEAD", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == DIFF_LINES
    bad = run("diff", "no-such-rev", "--root", corpus.root)
    assert (bad.exit_code, bad.stderr) == (
        1, "Error: not a manifest file nor a git revision of the workspace: 'no-such-rev'\n")


@needs_git
def test_an_option_is_not_a_revision(corpus, tmp_path):
    git(corpus.root, "init", "-q")
    commit_all(corpus.root, "first edition")
    target = tmp_path / "written"
    for spec in (f"--output={target}", f"--remote={tmp_path}", "HEAD:seeds", "HEAD^{tree}"):
        result = subprocess.run(briefpack_command() + ["diff", "--root", str(corpus.root), "--", spec],
                                capture_output=True, text=True)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"Error: not a manifest file nor a git revision of the workspace: {spec!r}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]  # git wrote no file (such as written:seeds)


@needs_git
def test_a_revision_without_seeds(run, corpus):
    git(corpus.root, "init", "-q")
    (corpus.root / "README").write_text("Desk\n")
    git(corpus.root, "add", "README")
    git(corpus.root, "commit", "-q", "-m", "start")
    git(corpus.root, "tag", "start")
    commit_all(corpus.root, "first edition")
    result = run("diff", "start", "--root", corpus.root)
    commit = subprocess.run(["git", "-C", str(corpus.root), "rev-parse", "start"],
                            capture_output=True, text=True).stdout[:12]
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: revision 'start' ({commit}) has no seeds/ folder\n"


@needs_git
def test_diff_of_a_revision_outside_git_is_an_error(run, corpus):
    result = run("diff", "HEAD~1", "--root", corpus.root)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: not a manifest file nor a git revision of the workspace: 'HEAD~1' "
                             "(fatal: not a git repository (or any of the parent directories): .git)\n")


# ---------------------------------------------------------------- a library that cannot be read
BROKEN = "- id: broken\n  source: [gov-2016\n"


@needs_git
def test_a_revision_whose_library_cannot_be_read(run, corpus):
    git(corpus.root, "init", "-q")
    commit_all(corpus.root, "first edition")
    (corpus.root / "seeds" / "excerpts" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    commit_all(corpus.root, "broken file")
    commit = subprocess.run(["git", "-C", str(corpus.root), "rev-parse", "HEAD"],
                            capture_output=True, text=True).stdout[:12]
    problems = [line for line in run("check", "--root", corpus.root).stdout.splitlines()
                if line.startswith("seeds/")]  # the briefs' analyst-text warnings aside
    assert problems == ["seeds/excerpts/broken.yaml:2: a list or mapping written on one line ([...] or {...}) "
                        "is not closed, or an item holds ',', ']' or '}': put that item in double quotes"]
    for args in (["HEAD~1", "HEAD"], ["HEAD", "HEAD~1"]):
        result = run("diff", *args, "--root", corpus.root)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (f"Error: revision 'HEAD' ({commit}): the library has 1 error:\n"
                                 + "\n".join(problems) + "\n")
    on_disk = run("diff", "HEAD~1", "--root", corpus.root)
    assert on_disk.exit_code == 1
    assert on_disk.stderr == "Error: the library on disk: the library has 1 error:\n" + "\n".join(problems) + "\n"
