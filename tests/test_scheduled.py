"""Scheduled regeneration: one run per output folder, killed runs, and the change
section of a new edition (``briefpack diff``: test_diff.py)."""

import hashlib
import json
import signal
import subprocess
import sys
import textwrap
import time

from corpus_builder import NEW_KZ, OUTPUTS, docx_text, start_build

EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # June 1, 2024


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- one run at a time
def hold_lock(folder):
    """A process holding the output folder's lock until its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from briefpack.outputs import folder_lock
            with folder_lock(Path({str(folder)!r}), wait=False):
                print("locked", flush=True)
                sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_second_run_exits_1_or_waits(corpus):
    holder = hold_lock(corpus.out)
    try:
        refused = start_build(corpus.root, "--format", "docx")
        _, err = refused.communicate(timeout=60)
        assert refused.returncode == 1
        assert err == ("Error: out: another build is running in this output folder "
                       "(use --wait to wait for it)\n")
        assert corpus.outputs() == {}

        waiting = start_build(corpus.root, "--format", "docx", "--wait")
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for the lock
        assert corpus.outputs() == {}
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert err.startswith("Waiting for another build in ")
    assert out.startswith("Built 3, unchanged 0, failed 0")
    assert sorted(corpus.outputs()) == ["handout-kg.docx", "handout-kz.docx", "regional.docx"]


# ---------------------------------------------------------------- a killed build
def test_killed_build_leaves_earlier_outputs_intact_and_the_manifest_consistent(build, corpus):
    assert build().exit_code == 0
    before = corpus.outputs()
    manifest_before = (corpus.out / "manifest.json").read_bytes()

    proc = start_build(corpus.root, "--force", "--jobs", "1")
    deadline = time.monotonic() + 120
    while (corpus.out / "manifest.json").read_bytes() == manifest_before:
        assert proc.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    after = corpus.outputs()
    manifest = corpus.manifest()  # parseable
    assert sorted(after) == OUTPUTS
    rewritten = [name for name in OUTPUTS if after[name] != before[name]]
    assert 1 <= len(rewritten) < len(OUTPUTS)
    for name in OUTPUTS:
        recorded = manifest["outputs"][name]["output_hash"]
        # untouched outputs are the earlier bytes, and recorded as such
        if name not in rewritten:
            assert recorded == sha256(corpus.out / name)

    stale = {name for name in OUTPUTS if manifest["outputs"][name]["output_hash"] != sha256(corpus.out / name)}
    result = build("--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert {o["path"].split("/")[-1] for o in report["outputs"] if o["status"] == "built"} == stale
    manifest = corpus.manifest()
    for name in OUTPUTS:
        assert manifest["outputs"][name]["output_hash"] == sha256(corpus.out / name)
    assert not list(corpus.out.glob(".*.tmp"))
    assert build().stdout.startswith("Up to date")


# ---------------------------------------------------------------- the change section
def test_change_section_lists_added_withdrawn_and_altered_excerpts_and_figures(build, corpus):
    assert build("--format", "docx", env=EPOCH).exit_code == 0
    corpus.add_excerpt(NEW_KZ)
    corpus.remove_excerpt("kz-recruit")
    corpus.edit_excerpt("kz-fighters", figures=[{"measure": "foreign-fighters", "value": 450,
                                                 "qualifier": "about", "place": "KZ", "as_of": "2016"}])
    corpus.add_excerpt({"id": "extra-kz2", "source": "extra-2024", "tags": ["country:KZ"],
                        "quote": "Police in Shymkent detained three ISKP recruiters in June.",
                        "date": "2024-06", "credibility": 2}, "more.yaml")
    result = build("--format", "docx", "--json")
    assert result.exit_code == 0
    built = {o["path"] for o in json.loads(result.stdout)["outputs"] if o["status"] == "built"}
    assert built == {"out/handout-kz.docx", "out/regional.docx"}

    text = docx_text(corpus.out / "handout-kz.docx")
    section = text[text.index("\nChanges since the edition of June 1, 2024\n"):text.index("\nKazakhstan\nOverview")]
    assert section.splitlines()[1:] == [
        "Changes since the edition of June 1, 2024",
        "Excerpts added",
        "Police in Shymkent detained three ISKP recruiters in June. (June 2024)",
        "New arrests of ISKP supporters in Astana. (May 2024)",
        "Excerpts withdrawn",
        "kz-recruit: ISKP recruits Kazakh migrants in Russia. (March 2024)",
        "Excerpts revised",
        "About 400 Kazakhs in Syria. (March 2016) \N{EM DASH} revised: figures",
        "Figures changed",
        "",
        "Sources added",
        "Security review",
        "Judgments with changed support",
        "Kazakhs are likely to keep joining jihadist groups abroad.",
    ]
    assert ("Foreign fighters (Kazakhstan) | about 400 (as of 2016) (since revised) | "
            "about 450 (as of 2016)") in text
    assert "Changes since" not in docx_text(corpus.out / "handout-kg.docx")  # not rebuilt
    regional = docx_text(corpus.out / "regional.docx")
    assert "Changes since the edition of June 1, 2024" in regional
    assert "New arrests of ISKP supporters in Astana. (May 2024)" in regional


def test_unchanged_edition_says_so(build, corpus):
    assert build("briefs/regional.yaml", "--format", "docx", env=EPOCH).exit_code == 0
    assert build("briefs/regional.yaml", "--format", "docx", "--force").exit_code == 0
    text = docx_text(corpus.out / "regional.docx")
    assert "Changes since the edition of June 1, 2024\nNo excerpt, figure or source has changed" in text


def test_first_edition_has_no_change_section(build, corpus):
    assert build("--format", "docx").exit_code == 0
    assert "Changes since" not in docx_text(corpus.out / "handout-kz.docx")
