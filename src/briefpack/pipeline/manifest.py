"""``out/manifest.json``: what went into every output, and what came out.

Per output it records the hash of every input (brief, the excerpts it selects
or cites, their sources, vocabulary, templates, writer options, code), the
hash, size and modification time of the output file, and enough about each
excerpt (summary, date, figures, tags, ...) to say later what changed between
two editions. Per brief it records the workspace fingerprint of its last
complete build and the outputs it made (see ``pipeline.fingerprints``). Under ``library`` it
keeps the same record of every excerpt of the library the last build loaded,
so that ``briefpack diff`` compares a manifest with a library like for like.

The manifest is rewritten (atomically) after every document's outputs land (the
last document's with the build's records of its briefs), so a killed build
leaves it consistent: every output it lists has the recorded hash, or is
rebuilt by the next run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from ..errors import BriefpackError, BuildError, relative_path
from .outputs import write_atomic

MANIFEST_NAME = "manifest.json"
LIBRARY_KEY = "library"
FORMAT_VERSION = 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_HASHED_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # json.dumps's, made once
# ASCII, other characters as \u escapes: a third faster to write and to read back than UTF-8, which
# a reader must decode first and which makes a text of two bytes a character (the same JSON)
_MANIFEST_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def sha256_json(value) -> str:
    return sha256_bytes(_HASHED_JSON.encode(value).encode("utf-8"))


def excerpt_record(excerpt) -> dict:
    """What the manifest keeps of an excerpt: its content hash and what a
    change section needs to show it after it has been withdrawn."""
    content = {
        "source": excerpt.source,
        "quote": excerpt.quote,
        "tags": list(excerpt.tags),
        "date": excerpt.date,
        "credibility": excerpt.credibility,
        "summary": excerpt.summary,
        "marking": excerpt.marking,
        "figures": [asdict(f) for f in excerpt.figures],
    }
    return {
        "hash": sha256_json(content),
        "source": excerpt.source,
        "date": excerpt.date,
        "summary": excerpt.summary or excerpt.quote[:200],
        "figures": content["figures"],
        "quote_hash": sha256_bytes(excerpt.quote.encode("utf-8"))[:16],
        "tags": content["tags"],
        "credibility": excerpt.credibility,
        "marking": excerpt.marking,
    }


RECORD_FIELDS = frozenset(("hash", "source", "date", "summary", "figures", "quote_hash", "tags", "credibility",
                           "marking"))  # what excerpt_record gives


def library_snapshot(library) -> dict:
    """The record of every excerpt of ``library`` (no quotes: their hashes)."""
    return {"excerpts": {key: excerpt_record(library.excerpts[key]) for key in sorted(library.excerpts)}}


def record_library(manifest: dict, library, code: str | None = None, reuse: bool = True) -> dict:
    """Keep in ``manifest`` the snapshot of the library a build loaded; returns its excerpts' records.

    With ``code`` (the code's key; given for a library without errors, so each excerpt comes
    from one file) the snapshot also keeps it and the key of each excerpts file
    (``Library.file_keys``), and with ``reuse`` an excerpt whose file's key and code are those
    of the snapshot already in ``manifest`` keeps its record from there: only the excerpts of
    files that changed are recorded again."""
    if code is None:
        manifest[LIBRARY_KEY] = library_snapshot(library)
        return manifest[LIBRARY_KEY]["excerpts"]
    kept, unchanged = _reusable(manifest.get(LIBRARY_KEY) if reuse else None, library.file_keys, code)
    records, rels = {}, {}
    for key in sorted(library.excerpts):
        excerpt = library.excerpts[key]
        rel = rels.get(excerpt.path)
        if rel is None:
            rel = rels[excerpt.path] = relative_path(excerpt.path, library.root) if excerpt.path else ""
        record = kept.get(key) if rel in unchanged else None
        records[key] = record if record is not None and RECORD_FIELDS <= record.keys() else excerpt_record(excerpt)
    files = {rel: library.file_keys[rel] for rel in dict.fromkeys(rels.values()) if rel in library.file_keys}
    manifest[LIBRARY_KEY] = {"excerpts": records, "code": code, "files": files}
    return records


def _reusable(snapshot, file_keys: dict[str, str], code: str) -> tuple[dict, set[str]]:
    """The records of ``snapshot`` (the manifest's, as read: its records' types are checked,
    its keys are not) and the excerpts files whose records there are still right."""
    if type(snapshot) is not dict or snapshot.get("code") != code or type(snapshot.get("files")) is not dict:
        return {}, set()
    before = snapshot["files"]
    return snapshot.get("excerpts") or {}, {rel for rel, key in file_keys.items() if before.get(rel) == key}


def read_manifest(out_dir: Path) -> dict:
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return {"version": FORMAT_VERSION, "outputs": {}, "briefs": {}}
    return read_manifest_file(path, advice="; delete it to build afresh")


def read_manifest_file(path: Path, advice: str = "") -> dict:
    """The manifest in ``path`` (any file name); BriefpackError if it is not one."""
    from .manifest_schema import manifest_problem

    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise BriefpackError(f"cannot read the manifest: {exc.strerror or exc}", path=path) from None
    except ValueError as exc:  # also UnicodeDecodeError
        raise BriefpackError(f"unreadable manifest ({exc}){advice}", path=path) from None
    except RecursionError:
        raise BriefpackError(f"unreadable manifest (nested too deeply){advice}", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        raise BriefpackError("unreadable manifest: no 'outputs' table", path=path)
    problem = manifest_problem(data)
    if problem is not None:
        raise BriefpackError(f"unreadable manifest: {problem}{advice}", path=path)
    if not isinstance(data.get("briefs"), dict):
        data["briefs"] = {}
    return data


def file_stamp(path: Path) -> list[int]:
    """Size and modification time (ns) of a file: a cheap "unchanged since" test."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def output_intact(path: Path, record: dict) -> bool:
    """Whether ``path`` is still the file the manifest recorded: same size and
    modification time, or failing that the same hash."""
    try:
        stamp = file_stamp(path)
    except OSError:
        return False
    if record.get("output_stamp") == stamp:
        return True
    return record.get("output_hash") == sha256_file(path)


def _manifest_bytes(manifest: dict) -> bytes:
    # one line, sorted keys: a record for programs (json.tool shows it indented), written by
    # json's C encoder, which indenting would give up (a third of the size, a quarter of the time)
    manifest["version"] = FORMAT_VERSION
    text = _MANIFEST_JSON.encode(manifest)
    return (text + "\n").encode("ascii")


def manifest_unchanged(out_dir: Path, manifest: dict) -> bool:
    """Whether ``out_dir``'s manifest file already holds ``manifest``, byte for byte."""
    try:
        return (out_dir / MANIFEST_NAME).read_bytes() == _manifest_bytes(manifest)
    except OSError:
        return False


def write_manifest(out_dir: Path, manifest: dict) -> None:
    data = _manifest_bytes(manifest)
    try:
        write_atomic(out_dir / MANIFEST_NAME, data)
    except OSError as exc:  # a full disk: the manifest on disk stays the last one written whole
        raise BuildError(f"cannot write the manifest: {exc.strerror or exc}", path=out_dir / MANIFEST_NAME) from None
