"""Editions of a library to compare: a build manifest, a git revision, or the work tree.

A library (on disk or at a revision) gives the record of every excerpt. A
manifest gives the snapshot of the library its last build loaded; a manifest
written before briefpack kept that snapshot knows only the excerpts its
documents used, and the comparison is then narrowed to what both sides know
(and says so).
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ..errors import BriefpackError
from .changes import compare_excerpts, describe_changes, library_records, manifest_records


@dataclass
class Edition:
    label: str  # names the edition in notes and errors
    records: dict[str, dict]  # excerpt id -> manifest record
    complete: bool = True  # False: only the excerpts its documents used


def read_edition(spec: str | None, root: Path) -> Edition:
    """``spec`` is a manifest file (any name), a folder holding manifest.json,
    a git revision of the workspace, or None for the library as it is on disk."""
    if spec is None:
        return Edition("the library on disk", _library_records(root, "the library on disk"))
    path = Path(spec)
    if path.is_file():
        return _manifest_edition(path)
    if path.is_dir() and (path / "manifest.json").is_file():
        return _manifest_edition(path / "manifest.json")
    if path.suffix == ".json" and not path.exists():
        raise BriefpackError("no such manifest file", path=path)
    with tempfile.TemporaryDirectory(prefix="briefpack-edition-") as tmp:
        commit = _export_revision(root, spec, Path(tmp))
        return Edition(f"revision {spec!r}", _library_records(Path(tmp), f"revision {spec!r} ({commit[:12]})"))


def diff_lines(old: Edition, new: Edition) -> list[str]:
    """What changed from ``old`` to ``new``, as lines for the terminal."""
    before, after, note = old.records, new.records, None
    if not (old.complete and new.complete):
        if old.complete or new.complete:
            partial = new if old.complete else old
            known = set(partial.records)
            note = (f"({partial.label}: a manifest without a library snapshot: "
                    "comparing only the excerpts its documents used)")
        else:
            known = set(before) & set(after)
            note = ("(manifests without a library snapshot: comparing only the excerpts "
                    "the documents of both used)")
        before = {k: r for k, r in before.items() if k in known}
        after = {k: r for k, r in after.items() if k in known}
    lines = describe_changes(compare_excerpts(before, after), before, after)
    return [note, *lines] if note else lines


def _manifest_edition(path: Path) -> Edition:
    from .manifest import LIBRARY_KEY, read_manifest_file

    manifest = read_manifest_file(path)
    snapshot = manifest.get(LIBRARY_KEY)
    if snapshot is not None:
        records = snapshot.get("excerpts") if isinstance(snapshot, dict) else None
        _check_records(records, path, "the library snapshot")
        return Edition(str(path), records)
    for name, output in manifest["outputs"].items():
        _check_records(output.get("excerpts", {}), path, f"the record of output '{name}'")
    return Edition(str(path), manifest_records(manifest), complete=False)


def _check_records(records, path: Path, where: str) -> None:
    fine = isinstance(records, dict) and all(
        isinstance(r, dict) and isinstance(r.get("hash"), str) and isinstance(r.get("source"), str)
        for r in records.values()
    )
    if not fine:
        raise BriefpackError(f"unreadable manifest: bad excerpt records in {where}", path=path)


def _library_records(root: Path, label: str) -> dict[str, dict]:
    """The records of the library in ``root``; an error listing the problems
    if it cannot be read whole (an excerpt lost to an error would otherwise
    read as withdrawn, or a new file's excerpts go unseen)."""
    from ..errors import plural, problem_line
    from ..library.load import load_library

    library, problems = load_library(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        listed = "\n".join(problem_line(p) for p in errors)
        raise BriefpackError(f"{label}: the library has {plural(len(errors), 'error')}:\n{listed}")
    return library_records(library)


def _git(root: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True).stdout


def _git_message(exc: subprocess.CalledProcessError) -> str:
    """Git's last line of complaint, in parentheses (or nothing)."""
    lines = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    return f" ({lines[-1]})" if lines else ""


def _export_revision(root: Path, revision: str, target: Path) -> str:
    """Write the workspace's seeds/ as of ``revision`` into ``target``; returns
    the commit id. Only a verified commit id is handed to ``git archive``."""
    not_a_revision = f"not a manifest file nor a git revision of the workspace: {revision!r}"
    try:
        prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    except FileNotFoundError:
        raise BriefpackError("git is not installed; give two manifest.json files instead") from None
    except subprocess.CalledProcessError as exc:
        raise BriefpackError(not_a_revision + _git_message(exc)) from None
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{revision}^{{commit}}").decode().strip()
    except subprocess.CalledProcessError:
        raise BriefpackError(not_a_revision) from None
    seeds_tree = f"{commit}:{prefix}seeds"
    try:
        kind = _git(root, "cat-file", "-t", seeds_tree).decode().strip()
    except subprocess.CalledProcessError:
        kind = None
    if kind != "tree":
        raise BriefpackError(f"revision {revision!r} ({commit[:12]}) has no seeds/ folder")
    try:
        archive = _git(root, "archive", "--format=tar", seeds_tree)
    except subprocess.CalledProcessError as exc:
        raise BriefpackError(f"cannot read seeds/ of revision {revision!r}{_git_message(exc)}") from None
    seeds = target / "seeds"
    seeds.mkdir()
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        _extract_files(tar, seeds)
    return commit


def _extract_files(tar: tarfile.TarFile, folder: Path) -> None:
    """Extract only plain files and folders that stay inside ``folder`` (Python's "data" filter where
    this Python has it: 3.10.12+, 3.11.4+; the same rule by hand before that, as Debian 12's 3.11.2)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(folder, filter="data")
        return
    members = [m for m in tar.getmembers()
               if (m.isfile() or m.isdir()) and not Path(m.name).is_absolute() and ".." not in Path(m.name).parts]
    tar.extractall(folder, members=members)
