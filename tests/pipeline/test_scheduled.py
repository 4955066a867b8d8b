"""Scheduled regeneration: one run per output folder, and killed runs (editions
and their change sections: test_editions.py; ``briefpack diff``: test_diff.py)."""

import hashlib
import json
import signal
import subprocess
import sys
import textwrap
import time

from corpus_builder import OUTPUTS, start_build


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- one run at a time
def hold_lock(folder):
    """A process holding the output folder's lock until its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from briefpack.pipeline.outputs import folder_lock
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
        assert waiting.stderr.readline().startswith("Waiting for another build in ")
        time.sleep(0.3)
        assert waiting.poll() is None  # still waiting for the lock
        assert corpus.outputs() == {}
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert out.startswith("Built 3, unchanged 0, failed 0")
    assert sorted(corpus.outputs()) == ["handout-kg.docx", "handout-kz.docx", "regional.docx"]


# ---------------------------------------------------------------- a killed build
def test_killed_build_leaves_earlier_outputs_intact_and_the_manifest_consistent(build, corpus):
    assert build().exit_code == 0
    before = corpus.outputs()
    manifest_before = (corpus.out / "manifest.json").read_bytes()
    corpus.add_excerpt({"id": "everywhere", "source": "news-2024", "date": "2024-06", "credibility": 2,
                        "quote": "ISKP is very likely to keep recruiting Central Asians abroad.",
                        "tags": ["country:KZ", "country:KG", "topic:outlook"]})  # in every document

    proc = start_build(corpus.root, "--jobs", "1")
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

    # a document's DOCX and PDF land together: both rewritten, or neither
    assert {name.rsplit(".", 1)[0] for name in rewritten} == \
        {name.rsplit(".", 1)[0] for name in rewritten if name.endswith(".docx")} == \
        {name.rsplit(".", 1)[0] for name in rewritten if name.endswith(".pdf")}
    result = build("--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    built = {o["path"].split("/")[-1] for o in report["outputs"] if o["status"] == "built"}
    assert built == set(OUTPUTS) - set(rewritten)
    manifest = corpus.manifest()
    for name in OUTPUTS:
        assert manifest["outputs"][name]["output_hash"] == sha256(corpus.out / name)
    assert not list(corpus.out.glob(".*.tmp"))
    assert build().stdout.startswith("Up to date")
