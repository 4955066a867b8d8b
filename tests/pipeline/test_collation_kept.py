"""The source annex's sort keys kept from one build to the next, in the workspace's cache."""

from __future__ import annotations

import marshal

from briefpack.cache_files import read_sealed, write_sealed
from briefpack.pipeline.documents import COLLATION_MAGIC, MOST_KEY_BYTES


def test_the_keys_are_kept_and_written_again_for_other_code(build, corpus):
    keys_file = corpus.root / ".briefpack-cache" / "collation.marshal"
    assert build("--quiet").exit_code == 0
    raw = keys_file.read_bytes()
    code = raw[len(COLLATION_MAGIC):][:16]
    kept = read_sealed(keys_file, COLLATION_MAGIC, code, MOST_KEY_BYTES)
    assert kept and all(type(k) is str and type(v) is tuple for k, v in kept.items())
    built = {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.docx")}
    other = bytes(16)  # the keys of other code: a collation table or a briefpack of another version
    write_sealed(keys_file, COLLATION_MAGIC, other, marshal.dumps(kept))
    assert build("--quiet", "--force").exit_code == 0
    assert keys_file.read_bytes()[len(COLLATION_MAGIC):][:16] == other  # --force: left as it was
    (corpus.root / "out" / "manifest.json").unlink()
    assert build("--quiet").exit_code == 0  # the keys of other code not taken, and written again
    assert keys_file.read_bytes() == raw
    assert {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.docx")} == built


def test_keys_that_are_not_text_and_numbers_are_not_taken(build, corpus):
    """A file sealed as briefpack seals it, whose keys are of another shape: ignored, the annex
    sorted as without it."""
    keys_file = corpus.root / ".briefpack-cache" / "collation.marshal"
    assert build("--quiet").exit_code == 0
    built = {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.docx")}
    raw = keys_file.read_bytes()
    code = raw[len(COLLATION_MAGIC):][:16]
    kept = read_sealed(keys_file, COLLATION_MAGIC, code, MOST_KEY_BYTES)
    write_sealed(keys_file, COLLATION_MAGIC, code, marshal.dumps({k: ("not", "numbers") for k in kept}))
    (corpus.root / "out" / "manifest.json").unlink()
    assert build("--quiet").exit_code == 0
    assert {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.docx")} == built
