"""The bounds on what one added file may make ``add-source`` do, and the options that set them.

A file is untrusted: a PDF of 88 KB can hold ten million drawing operators, a
Word file of 1 MB can expand to gigabytes. Each importer works within these
bounds and refuses the file, naming the bound and the option that raises it,
before it can take minutes or gigabytes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..errors import BriefpackError

MEGABYTE = 1_000_000
MAX_MEMBERS = 10_000  # parts of a Word file (a zip archive); a real one has tens


@dataclass
class Limits:
    """The bounds one import runs within (the defaults are ``add-source``'s)."""

    max_pages: int = 1000  # pages of a PDF
    max_operations: int = 200_000  # drawing operators and characters drawn, on one PDF page
    max_bytes: int = 50 * MEGABYTE  # a page or text file, a PDF stream, a Word part (all parts: 4x)
    max_seconds: float = 60.0  # reading one PDF
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

    def check_time(self) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed > self.max_seconds:
            self.refuse(f"reading it took more than {self.max_seconds:g} s", "--max-seconds")
