"""The release record: editions, approvals and copies, append-only under ``editions/``.

Every record is a plain JSON file in its document's folder:
``edition-<N>.json`` (a published edition), ``approval-<S>.json`` (an approval
of the next edition's content) and ``copies-<S>.json`` (more copies of an
edition already published: another output folder, other recipients). Each
carries its place in the workspace's one sequence (``sequence``), the SHA-256
of the bytes of the record before it (``previous``) and of its own content
(``digest``): a hash chain, which ``briefpack verify`` walks.

Records are only ever added, under the workspace's lock on ``editions/`` (the
same kind of OS lock as the output folder's, its file in ``.briefpack-cache/``), so two publishes or
approvals at once never both take one number. An edition is first written as
``edition-<N>.json.pending``, before its outputs are renamed into place, and
made final once they are: a run killed between the two leaves a pending
record, which readers ignore and the next run that takes the lock finishes
(every output is in place as recorded) or removes (they are not).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefpackError, relative_path
from .manifest import sha256_bytes, sha256_json

FOLDER = "editions"
LOCK_FOLDER = ".briefpack-cache/editions"  # the lock's file: kept out of the committed editions/
PENDING = ".pending"
RECORD_FILE = re.compile(r"^(edition|approval|copies)-(\d+)\.json$")
CHAIN_FIELDS = ("sequence", "previous", "digest")


@dataclass
class Record:
    """One record of the chain as it is on disk."""

    path: Path
    data: dict
    raw: bytes

    @property
    def sequence(self):
        return self.data.get("sequence")

    @property
    def kind(self) -> str:
        return RECORD_FILE.match(self.path.name).group(1)


def records_lock(root: Path, *, wait: bool = True, timeout: float | None = None, on_wait=None):
    """The workspace's lock on its release record (``editions/``)."""
    from .outputs import WAIT_TIMEOUT, folder_lock

    return folder_lock(Path(root) / LOCK_FOLDER, wait=wait, on_wait=on_wait,
                       timeout=WAIT_TIMEOUT if timeout is None else timeout,
                       busy=("another publish or approval", "this workspace's editions", "nothing was recorded"),
                       shown=Path(root) / FOLDER)


def digest(data: dict) -> str:
    """The hash of a record's content: every field but the digest itself."""
    return sha256_json({k: v for k, v in data.items() if k != "digest"})


def encode(data: dict) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def record_files(root: Path, pending: bool = False) -> list[Path]:
    """Every record file (or every pending one) under ``editions/``."""
    folder = Path(root) / FOLDER
    if not folder.is_dir():
        return []
    found = []
    for document in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(document.iterdir()):
            name = path.name[: -len(PENDING)] if pending and path.name.endswith(PENDING) else path.name
            if (pending == path.name.endswith(PENDING)) and RECORD_FILE.match(name) and path.is_file():
                found.append(path)
    return found


def read_record(path: Path) -> Record:
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise BriefpackError(f"cannot read the record: {exc.strerror or exc}", path=path) from None
    except ValueError as exc:
        raise BriefpackError(f"unreadable record ({exc})", path=path) from None
    if not isinstance(data, dict):
        raise BriefpackError("unreadable record: not a JSON object", path=path)
    return Record(path, data, raw)


def read_chain(root: Path) -> tuple[list[Record], list[Record]]:
    """The chained records in order, and those written before records were chained."""
    records = [read_record(p) for p in record_files(root)]
    chained = sorted((r for r in records if isinstance(r.sequence, int)), key=lambda r: (r.sequence, str(r.path)))
    return chained, [r for r in records if not isinstance(r.sequence, int)]


def next_sequence(root: Path) -> int:
    chained, _ = read_chain(root)
    return (chained[-1].sequence if chained else 0) + 1


def append(root: Path, path: Path, data: dict, *, pending: bool = False) -> Path:
    """Add ``data`` as the record ``path`` (held lock required): its sequence,
    the hash of the record before and its digest are set here. With ``pending``
    it is written as ``<path>.pending``, to be made final by :func:`finalize`."""
    from .outputs import write_atomic

    chained, _ = read_chain(root)
    last = chained[-1] if chained else None
    data = {k: v for k, v in data.items() if k not in CHAIN_FIELDS}
    data["sequence"] = (last.sequence if last else 0) + 1
    data["previous"] = sha256_bytes(last.raw) if last else None
    data["digest"] = digest(data)
    target = Path(str(path) + PENDING) if pending else Path(path)
    if Path(path).exists():
        raise BriefpackError("already recorded: the record is append-only", path=path)
    write_atomic(target, encode(data))
    return target


def finalize(pending: Path) -> Path:
    """A pending record made final (its bytes unchanged, so its place in the chain holds)."""
    from .outputs import _fsync_dir

    final = Path(str(pending)[: -len(PENDING)])
    os.replace(pending, final)
    _fsync_dir(final.parent)
    return final


def output_folder(root: Path, out_dir: Path) -> str:
    """How a record names an output folder: relative to the workspace when inside it."""
    return relative_path(Path(out_dir).resolve(), Path(root).resolve())


def files_in_place(root: Path, data: dict) -> tuple[set[str], set[str]]:
    """The names of the files (outputs and recipients' copies) a record lists that are in
    its folder with the recorded hash, and the names of all it lists."""
    from .manifest import sha256_file

    folder = Path(root) / str(data.get("folder", ""))
    files = dict(data.get("outputs") or {})
    files.update({name: copy.get("sha256") for name, copy in (data.get("copies") or {}).items()
                  if isinstance(copy, dict)})
    placed = set()
    for name, digest_ in files.items():
        try:
            if sha256_file(folder / name) == digest_:
                placed.add(name)
        except OSError:
            pass
    return placed, set(files)


def repair(root: Path) -> list[str]:
    """Finish or remove what a killed run left pending (held lock required); returns what
    was done, one line each. A run killed between the renames of one document's files has
    put some in place: the record is made final for those alone, since they were issued
    (the others' names and hashes left out, its digest set again; the files not replaced
    are still those of the record before)."""
    done = []
    for pending in record_files(root, pending=True):
        shown = relative_path(pending, Path(root))
        try:
            data = read_record(pending).data
        except BriefpackError:
            data = None
        placed, listed = files_in_place(root, data) if data is not None else (set(), set())
        if data is not None and (placed or not listed):
            if placed != listed:
                _keep_only(pending, data, placed)
            finalize(pending)
            left = sorted(listed - placed)
            done.append(f"{shown[: -len(PENDING)]}: recorded (its outputs were in place)" if not left else
                        f"{shown[: -len(PENDING)]}: recorded with the files in place "
                        f"(not issued: {', '.join(left)})")
        else:
            with contextlib.suppress(OSError):
                pending.unlink()
            done.append(f"{shown}: removed (an interrupted publish; its outputs were not in place)")
    return done


def _keep_only(pending: Path, data: dict, placed: set[str]) -> None:
    """Rewrite the pending record ``pending`` listing only the files ``placed``."""
    from .outputs import write_atomic

    data = dict(data)
    data["outputs"] = {k: v for k, v in (data.get("outputs") or {}).items() if k in placed}
    if "copies" in data:
        data["copies"] = {k: v for k, v in (data.get("copies") or {}).items() if k in placed}
    data["digest"] = digest(data)
    write_atomic(pending, encode(data))


# ---------------------------------------------------------------- briefpack verify
def chain_problems(root: Path) -> tuple[list[str], list[str]]:
    """Where the chain breaks (``path: message`` lines, in order) and notes (records
    from before the chain, pending records)."""
    chained, legacy = read_chain(root)
    problems, before = [], None
    for record in chained:
        problems += _link_problems(root, record, before)
        before = record
    notes = [f"{_shown(root, r.path)}: recorded before records were chained (not verified)" for r in legacy]
    notes += [f"{_shown(root, p)}: pending (an interrupted publish; the next publish finishes or removes it)"
              for p in record_files(root, pending=True)]
    return problems, notes


def _link_problems(root: Path, record: Record, before: Record | None) -> list[str]:
    shown, out = _shown(root, record.path), []
    expected = before.sequence + 1 if before is not None else 1
    if record.sequence < expected:
        out.append(f"{shown}: record {record.sequence} appears twice (also {_shown(root, before.path)}): "
                   "the record was forked")
    elif record.sequence > expected:
        missing = f"record {expected}" if record.sequence == expected + 1 else \
            f"records {expected} to {record.sequence - 1}"
        out.append(f"{shown}: {missing} before it {'is' if 'to' not in missing else 'are'} missing")
    if record.data.get("digest") != digest(record.data):
        out.append(f"{shown}: changed after it was recorded (its content does not match its digest)")
    wanted = sha256_bytes(before.raw) if before is not None else None
    if record.data.get("previous") != wanted and record.sequence == expected:
        what = f"of {_shown(root, before.path)}, the record before it" if before else "of no record (it is the first)"
        out.append(f"{shown}: the chain breaks here: it does not carry the hash {what}, "
                   "which was changed after it was recorded")
    match = RECORD_FILE.match(record.path.name)
    if match.group(1) == "edition" and record.data.get("edition") != int(match.group(2)):
        out.append(f"{shown}: records edition {record.data.get('edition')}, not the one its name says")
    if record.data.get("document") not in (None, record.path.parent.name):
        out.append(f"{shown}: records {record.data.get('document')}, not the document of its folder")
    return out


def chain_summary(root: Path) -> str:
    chained, _ = read_chain(root)
    kinds: dict[str, int] = {}
    for record in chained:
        kinds[record.kind] = kinds.get(record.kind, 0) + 1
    names = {"edition": ("edition", "editions"), "approval": ("approval", "approvals"),
             "copies": ("copies record", "copies records")}
    parts = ", ".join(f"{n} {names[kind][n != 1]}" for kind, n in sorted(kinds.items()))
    if not chained:
        return f"{FOLDER}/: no records yet"
    return f"{FOLDER}/: {len(chained)} record{'s' * (len(chained) != 1)} ({parts})"


def _shown(root: Path, path: Path) -> str:
    return relative_path(Path(path), Path(root))
