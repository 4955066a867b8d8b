"""The source annex's sort keys kept from one build to the next, in the workspace's cache."""

from __future__ import annotations

import marshal


def test_the_keys_are_kept_and_written_again_for_other_code(build, corpus):
    keys_file = corpus.root / ".briefpack-cache" / "collation.marshal"
    assert build("--quiet").exit_code == 0
    kept = marshal.loads(keys_file.read_bytes())
    assert kept["keys"] and all(type(k) is tuple for k in kept["keys"].values())
    built = {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.docx")}
    keys_file.write_bytes(marshal.dumps({"version": "another", "keys": kept["keys"]}))
    assert build("--quiet", "--force").exit_code == 0
    assert marshal.loads(keys_file.read_bytes())["version"] == "another"  # --force: left as it was
    (corpus.root / "out" / "manifest.json").unlink()
    assert build("--quiet").exit_code == 0  # the keys of other code not taken, and written again
    assert marshal.loads(keys_file.read_bytes()) == kept
    assert {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.docx")} == built
