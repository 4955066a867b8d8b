"""Atomic output files, the one-run-at-a-time lock of an output folder, and
one document per output file.

Every output is written to a temporary file in the same folder, flushed to
disk, then renamed over the old one: a failed or killed build leaves the
earlier file byte-for-byte intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from ..errors import BriefpackError, shown_path

LOCK_NAME = ".briefpack.lock"


def temporary_beside(target: Path) -> Path:
    """A new empty temporary file in ``target``'s folder (``.<name>.<random>.tmp``),
    with the permissions of an ordinary file."""
    import tempfile  # (not loaded by a build that finds everything up to date)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    return Path(tmp)


@contextlib.contextmanager
def atomic_path(target: Path):
    """Yield a temporary path beside ``target``; on success rename it over
    ``target``; on any failure remove it and leave ``target`` untouched."""
    tmp_path = temporary_beside(target)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
        _fsync_dir(target.parent)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporaries left by a killed run (only while holding the lock)."""
    if not folder.is_dir():
        return
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


WAIT_TIMEOUT = 3600.0  # seconds a run with --wait waits for the output folder, by default


@contextlib.contextmanager
def folder_lock(folder: Path, *, wait: bool, on_wait=None, timeout: float = WAIT_TIMEOUT,
                busy: tuple[str, ...] = ("another build", "this output folder", "nothing was built"),
                shown: Path | None = None):
    """Hold an exclusive lock on ``folder`` for the duration of a build (or, on
    the workspace's editions, of recording a release: ``busy`` names who holds
    it, what, and what did not happen when waiting timed out; ``shown`` the path messages name, when not ``folder``).

    A second run either waits (``wait=True``, at most ``timeout`` seconds) or
    fails with a clear message. The lock is an OS file lock: it is released
    when the process dies, so a killed run never leaves the folder locked.
    ``on_wait()`` is called once before waiting.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / LOCK_NAME, "a+")
    except OSError as exc:
        raise BriefpackError(f"cannot write to the output folder: {exc.strerror or exc}", path=folder) from None
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise BriefpackError(f"{busy[0]} is running in {busy[1]} (use --wait to wait for it)",
                                     path=shown or folder) from None
            if on_wait is not None:
                on_wait()
            _wait_for_lock(fh, shown or folder, timeout, busy)
        yield
    finally:
        fh.close()


def _wait_for_lock(fh, folder: Path, timeout: float, busy: tuple[str, ...]) -> None:
    """Take the lock once the other run lets it go, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BriefpackError(f"{busy[0]} still holds {busy[1]} after {timeout:g} s "
                                     f"of waiting (--timeout); {busy[2]}", path=folder) from None
            time.sleep(min(0.2, left))


# ---------------------------------------------------------------- one document per output file
def refuse_shared_outputs(formats, tasks, root: Path, out_dir: Path, manifest: dict, library) -> None:
    """Refuse, before anything is written, two documents that would write the
    same output: two for_each values with the same slug, a matrix document and
    a brief of the same name, or briefs of the same name in different folders
    (the other briefs of briefs/ and those of the last builds count too).
    ``tasks``: (brief path relative to the workspace, brief, expanded brief)."""
    from ..briefs.read import load_brief
    from ..compose.expand import expand_brief
    from ..writers.registry import output_file

    names: dict[str, str] = {}  # document name -> who makes it
    for rel, brief, instance in tasks:
        who = _maker(rel, brief, instance)
        if instance.name in names:
            fmt = (formats or instance.formats)[0]
            raise _shared_output(names[instance.name], who, out_dir / output_file(instance.name, fmt), root)
        names[instance.name] = who
    ours = {rel for rel, _, _ in tasks}
    others = set(root.glob("briefs/*.yaml")) | {root / rel for rel in manifest["briefs"]}
    others |= {root / r["brief"] for r in manifest["outputs"].values() if isinstance(r.get("brief"), str)}
    for path in sorted(others):
        rel = _shown(path, root)
        if rel in ours or not path.is_file():
            continue
        try:
            brief = load_brief(path)
            instances = expand_brief(brief, library)
        except BriefpackError:
            continue  # it cannot write anything
        for instance in instances:
            if instance.name in names:
                target = next(i for r, _, i in tasks if i.name == instance.name)
                fmt = (formats or target.formats)[0]
                raise _shared_output(names[instance.name], _maker(rel, brief, instance),
                                     out_dir / output_file(instance.name, fmt), root)


def _shared_output(one: str, other: str, target: Path, root: Path) -> BriefpackError:
    first, second = sorted([one, other])
    return BriefpackError(f"{first} and {second} would both write {_shown(target, root)}; rename one of them")


def _maker(rel: str, brief, instance) -> str:
    """``briefs/t.yaml``, or for a matrix document ``briefs/t.yaml:4 (country KZ)``."""
    if not brief.for_each:
        return rel
    facet = next(iter(brief.for_each))
    line = brief.lines.get(f"for_each.{facet}") or brief.line_of("for_each")
    values = ", ".join(f"{f} {instance.variables[f]}" for f in brief.for_each)
    return f"{rel}:{line} ({values})"


def _shown(path: Path, root: Path) -> str:
    return str(shown_path(Path(path).resolve(), root))
