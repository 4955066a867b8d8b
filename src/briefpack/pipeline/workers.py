"""The work of a build done in parallel: composing documents and writing outputs.

A pool of worker processes is forked once the library is loaded, so every
worker shares it without copying; documents travel back to the parent (which
decides what is out of date) and resolved documents go out again to be
written. With one worker everything runs in the parent. Results come back in
a fixed order or are put back in it, so outputs never depend on the number
of workers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..collector import held
from ..errors import BriefpackError, relative_to_root

SECTIONS_FOLDER = ".briefpack-cache/sections"  # the composed sections a build keeps for the next
_state_of_this_worker: dict = {}  # a worker process's build state, set as the pool starts it


@dataclass
class Composed:
    """One composed document, or why it could not be composed."""

    document: object = None
    keys: tuple[str, ...] = ()  # excerpts selected or cited
    warnings: tuple = ()
    error: str = ""
    lost: tuple = ()  # impact.Place: where a withdrawn excerpt would have been cited


@dataclass
class WriteJob:
    """One output to write: a resolved document and where it goes."""

    document: object
    fmt: str
    target: Path
    options: object
    cache: object = None  # a writers.registry.CacheFolder: what the last build of the output laid out


def compose_one(state: dict, instance) -> Composed:
    """Compose one expanded brief with the build's ``state`` (library, root, dates, marking limit)."""
    with held():
        return _compose_one(state, instance)


def _compose_one(state: dict, instance) -> Composed:
    from ..compose.composer import compose

    from .impact import lost_support

    timestamp = state["epoch"] if state["epoch"] is not None else as_of_timestamp(instance.as_of)

    def composed(brief, library, sections=None):
        return compose(brief, library, root=state["root"], produced=state["produced"], timestamp=timestamp,
                       max_marking=state["max_marking"], sections=sections)

    try:
        composition = composed(instance, state["library"], kept_sections(state, instance))
        keys = set(composition.cited) | {e.id for e in composition.selected}
        lost = lost_support(instance, state["library"], lambda b, lib: composed(b, lib).document)
    except BriefpackError as exc:
        return Composed(error=str(relative_to_root(exc, state["root"])))
    return Composed(composition.document, tuple(sorted(keys)), tuple(composition.warnings), lost=tuple(lost))


def kept_sections(state: dict, instance):
    """The folder of composed sections the last build of ``instance`` kept (None with ``--force``):
    ``.briefpack-cache/sections/<name>-<hash of the brief's path in the workspace>``."""
    if state.get("sections") is None:
        return None
    from ..cache_files import folder_name
    from ..compose.section_cache import Sections

    return Sections(Path(state["sections"]) / folder_name(instance.name, instance.path, state["root"]), state["code"])


# The dates a document can carry: ZIP entry dates (DOCX) run from 1980 to 2107.
EARLIEST_TIMESTAMP = 315532800  # 1980-01-01T00:00:00Z
LATEST_TIMESTAMP = 4354819199  # 2107-12-31T23:59:59Z


def as_of_timestamp(as_of: str) -> int:
    """The embedded date of a document built without SOURCE_DATE_EPOCH: its
    information cut-off, no later than the last date a document can carry."""
    from datetime import date, datetime, timezone

    try:
        day = date.fromisoformat(str(as_of))
    except ValueError:
        return 0
    # (the DOCX writer takes ZIP entry dates before 1980 as 1980)
    return min(int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()), LATEST_TIMESTAMP)


def write_one(state: dict, entry):
    """``(index, WriteJob)`` -> ``(index, (stats, temporary, seconds, error))``:
    the output is written to a temporary file beside its target, which the
    parent renames into place with its siblings (see ``pipeline.writing``). ``error``:
    None, or ``(message, path, line)`` of what went wrong."""
    from ..writers import write_document
    from .outputs import temporary_beside

    index, job = entry
    started = time.perf_counter()
    tmp = None
    try:
        tmp = temporary_beside(job.target)
        stats = write_document(job.document, job.fmt, tmp, job.options, job.cache)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        return index, (stats, tmp, time.perf_counter() - started, None)
    except BriefpackError as exc:
        return index, (None, tmp, 0.0, (exc.message, exc.path, exc.line))
    except Exception as exc:  # noqa: BLE001 - a writer bug must not lose other outputs
        return index, (None, tmp, 0.0, (f"{type(exc).__name__}: {exc}", None, None))


class Workers:
    """``map`` (results in order) and ``unordered`` over a pool, or in-process:
    ``func(state, item)`` for each item, with the build's state."""

    def __init__(self, pool, state: dict):
        self.pool = pool
        self.state = state

    def map(self, func, items):
        if self.pool is None:
            return map(functools.partial(func, self.state), items)
        return self.pool.imap(functools.partial(_in_worker, func), items)

    def unordered(self, func, items):
        if self.pool is None:
            return map(functools.partial(func, self.state), items)
        return self.pool.imap_unordered(functools.partial(_in_worker, func), items)


def _in_worker(func, item):
    return func(_state_of_this_worker, item)


@contextlib.contextmanager
def workers(count: int | None, tasks: int, **state):
    """Up to ``count`` worker processes (default: one per core) for ``tasks``
    tasks, each handed ``state`` as it starts (forked: the library is shared, not copied)."""
    size = max(1, min(count or os.cpu_count() or 1, tasks))
    if size == 1:
        yield Workers(None, state)
        return
    import multiprocessing

    from ..compose import composer  # noqa: F401 - imported once here rather than once per worker
    from ..writers.registry import FORMATS

    for output_format in FORMATS.values():
        if output_format.load is not None:
            output_format.load()
    import signal

    # Workers are forked with Ctrl-C held back until they ignore it (see _worker_start);
    # one that comes meanwhile reaches the build when the pool is up.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = multiprocessing.get_context("fork").Pool(size, _worker_start, (os.getpid(), state))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    with pool:
        yield Workers(pool, state)


def _worker_start(parent: int, state: dict) -> None:
    """A worker takes the build's state, and dies with the build: a killed
    build (cron's timeout, kill -9) must leave no worker behind writing
    tracebacks into the log. On Linux the kernel kills the worker when its
    parent dies; elsewhere a thread watches."""
    _state_of_this_worker.update(state)
    import signal
    import threading

    # Ctrl-C reaches every process of the terminal's group: the build itself stops
    # the pool and removes its temporary files; a worker says nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG
            raise OSError
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
