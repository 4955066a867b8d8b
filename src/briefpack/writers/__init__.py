"""Writers: one module per output format, each a single walk over the document model.

A writer takes a resolved :class:`~briefpack.document.model.Document` (citations already
numbered notes), a target path and :class:`WriterOptions`, and writes the file.
It knows nothing of YAML, tags or Jinja. The pipeline writes to a temporary
path and renames, so a writer may simply write to ``path``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING


class _LoadedWhenUsed:
    """Two modules ReportLab imports as it loads but uses only for some documents, loaded when
    first used: HarfBuzz (``uharfbuzz``, a large shared library), which shapes a run of a complex
    script (``pdf/shaping.py``, ``glyphs.line_runs``) and English or Cyrillic text never needs;
    and Pillow's ``PIL.Image``, which reads a picture (or draws a chart for the DOCX,
    ``charts/png.py``) and a PDF of text and vector charts never needs. Together they take a
    fiftieth of a second to load. This finder, placed before every other while this package
    loads (every module that imports ReportLab is in it), makes each one's first import Python's
    lazy module (``importlib.util.LazyLoader``), loaded at its first attribute."""

    waiting = {"uharfbuzz", "PIL.Image"} - sys.modules.keys()

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in cls.waiting:
            return None
        cls.waiting.discard(name)
        sys.meta_path.remove(cls)  # the module's own finder, asked next
        try:
            spec = importlib.util.find_spec(name)
        finally:
            if cls.waiting:
                sys.meta_path.insert(0, cls)
        if spec is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec  # (None: not installed; ReportLab does without HarfBuzz, and cannot shape)


if _LoadedWhenUsed.waiting:
    sys.meta_path.insert(0, _LoadedWhenUsed)

from .registry import FORMATS, writer_options  # noqa: E402 (after the above, as every writer module)

if TYPE_CHECKING:  # the registry stays light to import; writers load the model themselves
    from ..document.model import Document


class WriterOptions(SimpleNamespace):
    """The values of the writer options (``registry.writer_options``) for one build:
    ``options.paper``; an option not given has its default."""

    def __init__(self, **values):
        known = writer_options()
        unknown = set(values) - set(known)
        if unknown:
            raise TypeError(f"unknown writer options: {', '.join(sorted(unknown))}")
        super().__init__(**{name: values.get(name, option.default) for name, option in known.items()})


def write_document(document: Document, fmt: str, path: Path, options: WriterOptions, cache=None) -> dict:
    """Write ``document`` as ``fmt`` (a name in the registry, ``registry.FORMATS``)
    to ``path``; returns the writer's stats (``{"notes": n, "pages": p or None}``).
    ``cache``: a ``registry.CacheFolder`` for this output, given to a writer that keeps one."""
    output_format = FORMATS[fmt]
    if cache is not None and output_format.cache:
        return output_format.writer(document, path, options, cache=cache)
    return output_format.writer(document, path, options)


def missing_glyphs(texts: list[str], options: WriterOptions) -> list[list[str]]:
    """For each of ``texts``, the characters that no font of the PDF (with the house
    style of ``options``) has, once each: what the PDF would print as U+FFFD."""
    from .pdf.style import missing_glyphs as missing

    return missing(texts, options.pdf_style)


def validate_options(options: WriterOptions) -> dict[str, str]:
    """What is wrong with the values of ``options`` (a house-style .docx, a style
    sheet), by option name, as each option's check says: checked once, before
    anything is built."""
    from ..errors import BriefpackError

    problems = {}
    for name, option in writer_options().items():
        value = getattr(options, name, None)
        if option.check is not None and value is not None:
            try:
                option.check(value)
            except BriefpackError as exc:
                if getattr(exc, "input_error", False):
                    raise  # beyond the bounds of what is read: an input error (exit 1), not a usage error
                problems[name] = str(exc)
    return problems


def option_warnings(options: WriterOptions) -> list:
    """Warnings about the house-style files of ``options``, as each option's own
    ``warnings`` says (what a reference document carries that the DOCX leaves out:
    macros, links, fields that fetch...)."""
    found = []
    for name, option in writer_options().items():
        value = getattr(options, name, None)
        if option.warnings is not None and value is not None:
            found += option.warnings(value)
    return found
