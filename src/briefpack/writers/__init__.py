"""Writers: one module per output format, each a single walk over the document model.

A writer takes a resolved :class:`~briefpack.model.Document` (citations already
numbered notes), a target path and :class:`WriterOptions`, and writes the file.
It knows nothing of YAML, tags or Jinja. The pipeline writes to a temporary
path and renames, so a writer may simply write to ``path``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..model import Document


@dataclass
class WriterOptions:
    reference_doc: Path | None = None  # DOCX: a house-style .docx whose styles the output takes
    paper: str = "a4"  # PDF: "a4" or "letter"
    pdf_style: Path | None = None  # PDF: a house style file (fonts, sizes, colours, margins)


# format -> "module:function"; each function is write(document, path, options) -> dict of stats
WRITERS = {
    "docx": "briefpack.writers.docx:write_docx",
    "pdf": "briefpack.writers.pdf:write_pdf",
}


def write_document(document: Document, fmt: str, path: Path, options: WriterOptions) -> dict:
    """Write ``document`` as ``fmt`` to ``path``; returns the writer's stats
    (``{"notes": n, "pages": p or None}``)."""
    module_name, func_name = WRITERS[fmt].split(":")
    writer = getattr(importlib.import_module(module_name), func_name)
    return writer(document, path, options)
