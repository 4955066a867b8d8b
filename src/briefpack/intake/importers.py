"""The registry of importers, by file kind.

An importer is a function ``read(data: bytes, name: str, limits: Limits) -> Capture``
that keeps within the limits (``limits.py``). Each
lives in its own module, imported only when a file of its kind is added, so
that one kind's library (trafilatura, pdfminer.six, python-docx) is not
loaded for another.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..errors import BriefpackError
from .capture import Capture
from .limits import PACKAGE, Limits
from .vetting import vet_capture, vet_name

# kind -> (module holding read(), the file name endings it takes)
IMPORTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "html": ("briefpack.intake.html", (".html", ".htm", ".xhtml")),
    "pdf": ("briefpack.intake.pdf", (".pdf",)),
    "docx": ("briefpack.intake.docx", (".docx",)),
    "text": ("briefpack.intake.text", (".txt", ".md", ".markdown")),
}


def kind_of(path: Path) -> str:
    """The kind of file ``path`` is, by its name; an error naming the kinds known otherwise."""
    suffix = path.suffix.lower()
    for kind, (_, suffixes) in IMPORTERS.items():
        if suffix in suffixes:
            return kind
    known = ", ".join(s for _, suffixes in IMPORTERS.values() for s in suffixes)
    raise BriefpackError(f"cannot import a '{suffix or 'file without an ending'}' file: "
                         f"known kinds are {known}", path=path)


def import_file(path: Path, data: bytes | None = None, limits: Limits | None = None) -> Capture:
    """The capture of the file at ``path`` (its bytes read unless given), within ``limits``,
    what is not text dropped and what the library would refuse left out (``vetting``)."""
    kind = kind_of(path)
    vet_name(path)
    limits = limits or Limits()
    if data is None:
        try:
            limits.check_bytes(path.stat().st_size, f"this {kind} file", _file_limit(kind, limits))
            data = path.read_bytes()
        except OSError as exc:
            raise BriefpackError(f"cannot read: {exc.strerror or exc}", path=path) from None
        except BriefpackError as exc:
            exc.path = path
            raise
    module = import_module(IMPORTERS[kind][0])
    try:
        capture = limits.run(module.read, data, path.name, limits)
    except BriefpackError as exc:  # the importer knows the bytes, not where they came from
        exc.path = exc.path or path
        raise
    vet_capture(capture)
    if not capture.paragraphs:
        raise BriefpackError(f"no text found in this {kind} file"
                             + (" (a scanned PDF needs OCR first)" if kind == "pdf" else ""), path=path)
    return capture


def _file_limit(kind: str, limits: Limits) -> int:
    """The most bytes a file of ``kind`` may hold: a page or a text as it is read, a PDF or a
    Word file (whose parts are bounded one by one) as much as a Word file's parts together."""
    return limits.max_bytes if kind in ("html", "text") else PACKAGE * limits.max_bytes
