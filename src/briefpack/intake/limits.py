"""The bounds on what one added file may make ``add-source`` do, and the options that set them.

A file is untrusted: a PDF of 88 KB can hold ten million drawing operators, a
Word file of 1 MB can expand to gigabytes, a page of 19 MB keeps the page
extractor's XPath busy for minutes. Each importer works within these bounds,
in a worker process ended when its time is up, and refuses the file, naming
the bound and the option that raises it, before it can take minutes or
gigabytes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..errors import BriefpackError

MEGABYTE = 1_000_000
MAX_MEMBERS = 10_000  # parts of a Word file (a zip archive); a real one has tens
PACKAGE = 10  # a Word file's parts together (its images, say), a PDF or Word file itself: this many max_bytes


@dataclass
class Limits:
    """The bounds one import runs within (the defaults are ``add-source``'s)."""

    max_pages: int = 1000  # pages of a PDF
    max_operations: int = 200_000  # drawing operators and characters drawn, on one PDF page
    max_bytes: int = 20 * MEGABYTE  # a page or text file, a PDF stream, a Word part (all parts: PACKAGE x)
    max_seconds: float = 60.0  # reading one file
    started: float = field(default_factory=time.monotonic)

    @staticmethod
    def refuse(what: str, option: str) -> None:
        """``what`` passed a limit: the file is refused, naming the option that raises it."""
        raise BriefpackError(f"{what}: refused (to take it, raise the limit with {option})")

    def check_bytes(self, size: int, what: str, limit: int | None = None) -> None:
        """Refuse ``what`` when it holds more than ``limit`` (default: max_bytes) bytes."""
        limit = self.max_bytes if limit is None else limit
        if size > limit:
            self.refuse(f"{what} holds more than {limit:,} bytes", "--max-bytes")

    def run(self, function, *args):
        """``function(*args)`` within ``max_seconds``: in a worker process (forked where the
        system can), ended when the time is up, whatever library it is in (the page extractor's
        XPath runs in C, where no check can reach); elsewhere in this process, the importers
        checking the time between pages and paragraphs."""
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return function(*args)
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_work, args=(sender, function, args), daemon=True)
        worker.start()
        sender.close()
        try:
            if not receiver.poll(max(self.started + self.max_seconds - time.monotonic(), 0)):
                self._over_time()
            try:
                kind, *outcome = receiver.recv()
            except EOFError:
                raise BriefpackError("the reader ended before reading it (out of memory?)") from None
        finally:
            if worker.is_alive():
                worker.kill()
            worker.join()
            receiver.close()
        if kind == "error":
            raise BriefpackError(*outcome)
        if kind == "bug":
            raise RuntimeError(outcome[0])
        return outcome[0]

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.max_seconds:
            self._over_time()

    def _over_time(self) -> None:
        self.refuse(f"reading it took more than {self.max_seconds:g} s", "--max-seconds")


def _work(sender, function, args) -> None:
    """In the worker: send back what ``function(*args)`` gave or the error it raised."""
    try:
        outcome = ("done", function(*args))
    except BriefpackError as exc:
        outcome = ("error", exc.message, None if exc.path is None else str(exc.path), exc.line)
    except KeyboardInterrupt:  # Ctrl-C reaches the command too, which answers it
        return
    except Exception as exc:  # noqa: BLE001 - a bug, reported as such by the caller
        outcome = ("bug", f"{type(exc).__name__}: {exc}")
    sender.send(outcome)
    sender.close()
