"""The bounds on what one added file may make ``add-source`` do, and the options that set them.

A file is untrusted: a PDF of 88 KB can hold ten million drawing operators, a
Word file of 1 MB can expand to gigabytes. Each importer works within these
bounds and refuses the file, naming the bound and the option that raises it,
before it can take minutes or gigabytes.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
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
    max_seconds: float = 60.0  # reading one PDF or Word file
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

    @contextmanager
    def timed(self):
        """Refuse the file when the work inside takes longer than ``max_seconds``: checked by
        the importers between pages and paragraphs, and where the system allows (a timer signal,
        in the main thread) inside any library's loop too, such as the page extractor's."""
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            yield
            return

        running = [True]

        def over_time(signum, frame):
            if running[0]:
                raise _OverTime

        left = max(self.started + self.max_seconds - time.monotonic(), 0.001)
        previous = signal.signal(signal.SIGALRM, over_time)
        signal.setitimer(signal.ITIMER_REAL, left)
        try:
            yield
            running[0] = False
        except _OverTime:
            self._over_time()
        finally:
            running[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.max_seconds:
            self._over_time()

    def _over_time(self) -> None:
        self.refuse(f"reading it took more than {self.max_seconds:g} s", "--max-seconds")


class _OverTime(BaseException):
    """Raised by the timer: a BaseException, so that no library's ``except Exception`` hides it."""
