"""How much text a PDF holds, counted apart from its import, and what an import that falls short lost.

The import reads the text boxes pdfminer.six lays out; text that reaches no box
(in a container the walk does not know, an annotation's appearance, a font
pdfminer cannot map) would be lost without a word. So the words are counted a
second way: with poppler's ``pdftotext`` where it is installed (page by page, in
a process bounded by what is left of ``--max-seconds``), else the characters
pdfminer drew, wherever it laid them out. An import clearly below that count
is reported, naming the pages that came out empty; a page with an image and no
text at all is reported as a scan.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from .limits import Limits

SHORT = 0.9  # an import with fewer than this share of the independent count lost text
_LEAST = 20  # below this many words or characters in all, nothing is said
_MEMORY = 2 * 1024 ** 3  # address space for pdftotext


def count_words(text: str) -> int:
    """The words of ``text``: pieces between white space that hold a letter or digit."""
    return sum(1 for piece in text.split() if any(c.isalnum() for c in piece))


def count_characters(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def pdftotext_words(data: bytes, limits: Limits) -> list[int] | None:
    """The words ``pdftotext`` finds on each page, or None (not installed, failed, out of time)."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run([program, "-q", "-enc", "UTF-8", "-l", str(limits.max_pages), handle.name, "-"],
                                  capture_output=True, timeout=max(limits.remaining(), 1.0), preexec_fn=_bounded,
                                  check=False)
        except (OSError, subprocess.SubprocessError):
            return None
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    return [count_words(page) for page in pages[:-1]]


def _bounded() -> None:  # pragma: no cover - runs in the child before pdftotext
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))


def shortfall(taken: list[str], drawn: list[int], reference: list[int] | None) -> str | None:
    """What the import lost, or None: ``taken`` is the text taken from each page, ``drawn`` the
    characters pdfminer drew on it, ``reference`` pdftotext's words on it (None: not counted)."""
    if reference is not None:
        ours, theirs, what = [count_words(t) for t in taken], reference, "words poppler's pdftotext finds"
    else:
        ours, theirs, what = [count_characters(t) for t in taken], drawn, "characters the PDF draws"
    total, expected = sum(ours), sum(theirs)
    if expected < _LEAST or total >= SHORT * expected:
        return None
    empty = [n for n, (mine, other) in enumerate(zip(ours, theirs), 1) if mine == 0 and other > 0]
    return (f"only {total:,} of the {expected:,} {what} in this PDF were extracted"
            + (f"; {page_list(empty)} came out empty" if empty else "")
            + ": quotes from the text left out will not be found (a copy printed to PDF by another program "
              "may read better)")


def scanned_pages(drawn: list[int], images: list[bool]) -> list[int]:
    """The pages that hold an image and no character: scans, whose text needs OCR."""
    return [n for n, (chars, image) in enumerate(zip(drawn, images), 1) if image and not chars]


def page_list(numbers: list[int]) -> str:
    """'page 3', 'pages 2-22', 'pages 2, 5-7 and 9'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    parts = [f"{a}" if a == b else f"{a}\u2013{b}" for a, b in runs]
    if len(numbers) == 1:
        return f"page {parts[0]}"
    return "pages " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])
