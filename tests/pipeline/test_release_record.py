"""The release record under editions/: publishes into different output folders at once never
both take one edition number, and a publish killed at any moment never leaves an edition whose
outputs are not in place as recorded."""

import hashlib
import json
import random
import signal
import time
from pathlib import Path

from corpus_builder import NEW_KZ, Corpus, start_build


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def records(root: Path, pattern: str = "*.json") -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "editions").glob(f"*/{pattern}"))]


def files(root: Path, data: dict) -> dict[Path, str]:
    """The files a record lists, outputs and recipients' copies, with their recorded hashes."""
    listed = {root / data["folder"] / name: digest for name, digest in data.get("outputs", {}).items()}
    listed.update({root / data["folder"] / name: copy["sha256"] for name, copy in data.get("copies", {}).items()})
    return listed


def assert_record_holds(root: Path, pending_ok: bool = False) -> None:
    """The records form one chain (numbers 1..n, each carrying the hash of the one before), and
    each output file is as the newest final record naming it says (or, before the next run
    finishes what a killed one left, as a pending record says)."""
    chained = sorted(((json.loads(p.read_bytes()), p) for p in (root / "editions").glob("*/*.json")),
                     key=lambda r: r[0]["sequence"])
    assert [data["sequence"] for data, _ in chained] == list(range(1, len(chained) + 1))
    for (data, _), (before, path) in zip(chained[1:], chained):
        assert data["previous"] == hashlib.sha256(path.read_bytes()).hexdigest()
    newest = {}
    for data, _ in chained:
        newest.update(files(root, data))
    pending = {path: digest for data in records(root, "*.pending") for path, digest in files(root, data).items()}
    pending = pending if pending_ok else {}
    for path, digest in newest.items():
        assert sha256(path) in (digest, pending.get(path)), path


# A publish whose renames into place are slowed down, so that a kill lands between the record
# and the renames as often as not.
SLOW_RENAMES = """
import os, sys, time
from briefpack.pipeline import writing
def slow_replace(src, dst, _replace=os.replace):
    time.sleep(0.15)
    _replace(src, dst)
writing.os = type(os)("os"); writing.os.__dict__.update(os.__dict__); writing.os.replace = slow_replace
from briefpack.cli import main
sys.argv[0] = "briefpack"
main()
"""


def recorded(root: Path) -> set[Path]:
    """The record files, pending or final (not the temporaries they are written through)."""
    return {p for p in (root / "editions").glob("*/*") if not p.name.startswith(".")}


def publish(root: Path, fmt: str, out: Path, *more, slow: bool = False):
    args = ["briefs/regional.yaml", "--publish", "--wait", "--format", fmt, "--out", out, *more]
    if not slow:
        return start_build(root, *args)
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen([sys.executable, "-c", SLOW_RENAMES, "build", "--root", str(root), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_publishes_at_once_take_one_edition_and_record_both(tmp_path):
    for trial in range(2):  # into two output folders, then into one
        corpus = Corpus(tmp_path / f"ws{trial}")
        first, second = (publish(corpus.root, fmt, tmp_path / (f"{fmt}{trial}" if trial == 0 else "out"))
                         for fmt in ("docx", "pdf"))
        for proc in (first, second):
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        editions = records(corpus.root, "edition-*.json")
        assert [e["edition"] for e in editions] == [1]  # never two edition 1s, nor an edition 2
        copies = records(corpus.root, "copies-*.json")
        assert [c["edition"] for c in copies] == [1]  # the other folder's outputs, of the same edition
        recorded = {name for r in editions + copies for name in r["outputs"]}
        assert recorded == {"regional.docx", "regional.pdf"}
        assert_record_holds(corpus.root)


def test_a_publish_killed_at_any_moment_leaves_no_edition_without_its_outputs(tmp_path):
    shuffle = random.Random(27)
    corpus = Corpus(tmp_path / "ws")
    for trial in range(4):
        corpus.add_excerpt({**NEW_KZ, "id": f"kz-new-{trial}", "tags": ["country:KZ"]})  # a new edition each time
        procs = [publish(corpus.root, fmt, tmp_path / fmt, "--to", "J. Smith", "--per-recipient", slow=True)
                 for fmt in ("docx", "pdf")]
        if trial % 2:  # one of them at a random moment
            time.sleep(shuffle.uniform(0.3, 2.0))
            victims = [shuffle.choice(procs)]
        else:  # both, as soon as an edition is recorded: between the record and the renames
            known = recorded(corpus.root)
            deadline = time.monotonic() + 60
            while recorded(corpus.root) == known:
                assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
                time.sleep(0.001)
            victims = procs
        for victim in victims:
            victim.send_signal(signal.SIGKILL)
        for proc in procs:
            proc.communicate(timeout=120)
        assert_record_holds(corpus.root, pending_ok=True)  # a pending record is not an edition
    last = publish(corpus.root, "pdf", tmp_path / "pdf")  # finishes or removes what is pending
    _, err = last.communicate(timeout=120)
    assert last.returncode == 0, err
    assert not list((corpus.root / "editions").glob("*/*.pending"))
    assert_record_holds(corpus.root)
    numbers = [e["edition"] for e in records(corpus.root, "edition-*.json")]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and numbers


# ---------------------------------------------------------------- the hash chain
EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # June 1, 2024


def three_records(build, corpus):
    """Edition 1 of the regional pack, copies of it in another folder, edition 2."""
    assert build("briefs/regional.yaml", "--publish", "--format", "docx", env=EPOCH).exit_code == 0
    other = corpus.root / "other"
    assert build("briefs/regional.yaml", "--publish", "--format", "pdf", "--out", other, env=EPOCH).exit_code == 0
    corpus.add_excerpt({**NEW_KZ, "tags": ["country:KZ"]})
    assert build("briefs/regional.yaml", "--publish", "--format", "docx", env=EPOCH).exit_code == 0
    return [corpus.root / "editions" / "regional" / name
            for name in ("edition-1.json", "copies-1.json", "edition-2.json")]


def test_verify_walks_the_chain(run, build, corpus):
    three_records(build, corpus)
    result = run("verify", "--root", corpus.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == "editions/: 3 records (1 copies record, 2 editions), the chain is intact.\n"


def test_a_record_changed_after_it_was_recorded_breaks_the_chain_at_the_next(run, build, corpus):
    first, copies, second = three_records(build, corpus)
    copies.write_text(copies.read_text(encoding="utf-8").replace('"regional.pdf": "', '"regional.pdf": "0'),
                      encoding="utf-8")
    result = run("verify", "--root", corpus.root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: editions/regional/copies-1.json: changed after it was recorded (its content does not match "
        "its digest)\n"
        "Error: editions/regional/edition-2.json: the chain breaks here: it does not carry the hash of "
        "editions/regional/copies-1.json, the record before it, which was changed after it was recorded\n")


def test_a_record_removed_or_rewritten_whole_is_found(run, build, corpus):
    import json as json_

    first, copies, second = three_records(build, corpus)
    data = json_.loads(first.read_text(encoding="utf-8"))
    data["date"] = "2024-05-01"  # backdated, its own digest made again
    from briefpack.pipeline.records import digest, encode

    data["digest"] = digest(data)
    first.write_bytes(encode(data))
    result = run("verify", "--root", corpus.root)
    assert result.exit_code == 1
    assert result.stderr == ("Error: editions/regional/copies-1.json: the chain breaks here: it does not carry "
                             "the hash of editions/regional/edition-1.json, the record before it, which was "
                             "changed after it was recorded\n")
    copies.unlink()
    result = run("verify", "--root", corpus.root)
    assert "Error: editions/regional/edition-2.json: record 2 before it is missing\n" in result.stderr


def test_editions_recorded_before_the_chain_are_listed_and_the_chain_starts_after_them(run, build, corpus):
    assert run("verify", "--root", corpus.root).stdout == "editions/: no records yet, the chain is intact.\n"
    assert build("briefs/regional.yaml", "--publish", "--format", "docx", env=EPOCH).exit_code == 0
    first = corpus.root / "editions/regional/edition-1.json"
    old = {k: v for k, v in json.loads(first.read_text(encoding="utf-8")).items()
           if k not in ("sequence", "previous", "digest")}
    first.write_text(json.dumps(old, indent=2), encoding="utf-8")  # as an earlier briefpack wrote it
    corpus.add_excerpt({**NEW_KZ, "tags": ["country:KZ"]})
    assert build("briefs/regional.yaml", "--publish", "--format", "docx", env=EPOCH).exit_code == 0
    result = run("verify", "--root", corpus.root)
    assert result.exit_code == 0
    assert result.stdout == ("editions/: 1 record (1 edition), the chain is intact.\n"
                             "  editions/regional/edition-1.json: recorded before records were chained (not verified)\n")
    assert json.loads((corpus.root / "editions/regional/edition-2.json").read_text(encoding="utf-8"))["sequence"] == 1


# ---------------------------------------------------------------- a publish killed between renames
class Killed(BaseException):
    """What a kill leaves: nothing after it runs (not an error the build could handle)."""


def test_a_publish_killed_between_its_renames_is_recorded_for_the_files_it_replaced(run, build, corpus, monkeypatch):
    import os
    import types

    from briefpack.pipeline import records, writing

    args = ("briefs/regional.yaml", "--publish", "--format", "docx", "--to", "J. Smith", "--per-recipient")
    assert build(*args, env=EPOCH).exit_code == 0
    out = corpus.root / "out"
    before = {p.name: sha256(p) for p in out.glob("regional*.docx")}
    assert len(before) == 2  # the edition and the recipient's copy
    corpus.add_excerpt({**NEW_KZ, "tags": ["country:KZ"]})
    renames = []

    def killed_at_the_second(src, dst):
        renames.append(Path(dst).name)
        if len(renames) == 2:
            raise Killed
        os.replace(src, dst)

    patched = types.ModuleType("os")  # the renames into place alone
    patched.__dict__.update(os.__dict__, replace=killed_at_the_second)
    monkeypatch.setattr(writing, "os", patched)
    try:
        build(*args, env=EPOCH)
    except Killed:
        pass
    monkeypatch.undo()
    issued, kept = renames
    after = {p.name: sha256(p) for p in out.glob("regional*.docx")}
    assert after[issued] != before[issued] and after[kept] == before[kept]

    assert [line.split(": ", 1)[1] for line in records.repair(corpus.root)] == \
        [f"recorded with the files in place (not issued: {kept})"]
    edition = json.loads((corpus.root / "editions" / "regional" / "edition-2.json").read_text(encoding="utf-8"))
    listed = {**edition.get("outputs", {}), **{k: v["sha256"] for k, v in edition.get("copies", {}).items()}}
    assert listed == {issued: after[issued]}  # what was issued, as issued
    assert_record_holds(corpus.root)  # every file as the newest record naming it says
    result = run("verify", "--root", corpus.root)
    assert result.exit_code == 0, result.output
