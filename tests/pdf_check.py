"""Reading a written PDF back: on which page each note and its reference landed.

The PDF writer names a destination at every note reference (``ref-N``) and at
every note (``note-N``); these functions read them with pypdf (a test
dependency). The tests and the benchmarks both check PDFs with it.
"""

from __future__ import annotations

import re

from briefpack.writers.pdf.notes import NOTE, REF

_NAME = re.compile(rf"^/?({re.escape(REF)}|{re.escape(NOTE)})(\d+)$")


def destination_pages(path) -> dict[str, int]:
    """Every named destination of the PDF at ``path`` -> its 1-based page."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    index = {page.indirect_reference.idnum: i + 1 for i, page in enumerate(reader.pages)}
    out = {}
    for name, dest in reader.named_destinations.items():
        page = dest.page
        idnum = getattr(page, "idnum", None)
        if idnum is None:
            idnum = page.indirect_reference.idnum if hasattr(page, "indirect_reference") else None
        out[str(name).lstrip("/")] = index.get(idnum)
    return out


def note_pages(path) -> dict[int, tuple[int | None, int | None]]:
    """Note number -> (page of its reference, page where the note starts)."""
    refs: dict[int, int] = {}
    notes: dict[int, int] = {}
    for name, page in destination_pages(path).items():
        m = _NAME.match(name)
        if m:
            (refs if m.group(1) == REF else notes)[int(m.group(2))] = page
    return {n: (refs.get(n), notes.get(n)) for n in sorted(set(refs) | set(notes))}


def misplaced_notes(path, expected: int | None = None) -> list[str]:
    """Problems: notes not on their reference's page, or missing; empty when all is well."""
    problems = []
    pages = note_pages(path)
    numbers = range(1, expected + 1) if expected is not None else pages
    for n in numbers:
        ref, note = pages.get(n, (None, None))
        if ref is None or note is None:
            problems.append(f"note {n}: reference page {ref}, note page {note} (missing)")
        elif ref != note:
            problems.append(f"note {n}: reference on page {ref}, note on page {note}")
    return problems
