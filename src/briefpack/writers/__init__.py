"""Writers: one module per output format, each a single walk over the document model.

A writer takes a resolved :class:`~briefpack.document.model.Document` (citations already
numbered notes), a target path and :class:`WriterOptions`, and writes the file.
It knows nothing of YAML, tags or Jinja. The pipeline writes to a temporary
path and renames, so a writer may simply write to ``path``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .registry import FORMATS
from .style_sheet import StyleSheet

if TYPE_CHECKING:  # the registry stays light to import; writers load the model themselves
    from ..document.model import Document


@dataclass
class WriterOptions:
    reference_doc: Path | None = None  # DOCX: a house-style .docx whose styles the output takes
    paper: str = "a4"  # PDF: "a4" or "letter"
    pdf_style: StyleSheet | None = None  # PDF: a house style, read (fonts, sizes, colours, margins; charts in both)


def write_document(document: Document, fmt: str, path: Path, options: WriterOptions) -> dict:
    """Write ``document`` as ``fmt`` (a name in the registry, ``registry.FORMATS``)
    to ``path``; returns the writer's stats (``{"notes": n, "pages": p or None}``)."""
    module_name, func_name = FORMATS[fmt].writer.split(":")
    writer = getattr(importlib.import_module(module_name), func_name)
    return writer(document, path, options)


def validate_options(options: WriterOptions) -> dict[str, str]:
    """What is wrong with the house styles of ``options``, by option name
    (``reference_doc``, ``pdf_style``): checked once, before anything is built."""
    from ..errors import BriefpackError

    problems = {}
    if options.reference_doc is not None:
        from .docx.package import open_document

        try:
            open_document(options.reference_doc)
        except BriefpackError as exc:
            problems["reference_doc"] = str(exc)
    if options.pdf_style is not None:
        from .pdf.style import load_house_style

        try:
            load_house_style(options.pdf_style)
        except BriefpackError as exc:
            problems["pdf_style"] = str(exc)
    return problems
