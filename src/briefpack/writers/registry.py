"""The output formats: name -> writer, file extension and the options it reads.

Adding a format is one entry here plus its writer package: the entry is what
the CLI offers (``--format``), what a brief may name (``formats:``), what the
messages list as known, what an output file is called and which writer
options enter its fingerprint. Adding a writer option is one
:class:`WriterOption` here, named in the entry of every writer that reads it:
the CLI offers it (``--name``), the writers find it on their ``options``
(``options.name``), and the fingerprints of those writers' outputs hold it.

The writer is the function itself; each writer package's ``__init__`` holds a
small one that imports the writer's modules when it runs, so this registry
stays light to import (``--help`` does not load python-docx or reportlab).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .docx import check_reference_doc, load_writer as load_docx_writer, reference_doc_warnings, write_docx
from .pdf import check_style, load_writer as load_pdf_writer, write_pdf


@dataclass(frozen=True)
class WriterOption:
    """An option some writers read: the CLI's ``--reference-doc``, the writers' ``options.reference_doc``."""

    name: str  # as writers read it: "reference_doc"; the CLI writes it "--reference-doc"
    help: str  # the CLI's help
    file: bool = False  # a file: must exist; fingerprinted by its content
    sheet: bool = False  # a style file: the writers receive it read, as a StyleSheet (style_sheet.py)
    choices: tuple[str, ...] = ()  # the values it may take (none: any value of ``type``)
    type: Callable = str  # of a value that is neither a file nor a choice
    default: object = None
    check: Callable | None = None  # of the value writers take, before anything is built: raises BriefpackError
    warnings: Callable[[object], list] | None = None  # what the file carries that the output leaves out

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class CacheFolder:
    """Where a writer keeps what it laid out for one output, to reuse in the next build of
    that output; ``reuse`` False: nothing is read, what is laid out is kept."""

    path: Path
    reuse: bool = True


@dataclass(frozen=True)
class OutputFormat:
    """An output format: its writer, the extension of its files and the options it reads."""

    name: str  # as the CLI and briefs write it: "docx"
    writer: Callable  # function(document, path, options) -> {"notes": n, "pages": p or None}
    extension: str  # of the output file: ".docx"
    options: tuple[WriterOption, ...] = ()  # every option the writer reads (they change its output)
    default: bool = True  # built for a brief that names no formats
    load: Callable | None = None  # imports the writer's modules (before worker processes fork)
    cache: bool = False  # the writer takes ``cache=`` a CacheFolder (see write_document)


FORMATS: dict[str, OutputFormat] = {}


def register(output_format: OutputFormat) -> OutputFormat:
    FORMATS[output_format.name] = output_format
    return output_format


REFERENCE_DOC = WriterOption("reference_doc", "A house-style .docx whose styles the DOCX output takes.",
                             file=True, check=check_reference_doc, warnings=reference_doc_warnings)
PAPER = WriterOption("paper", "Paper size (PDF, and DOCX without --reference-doc).",
                     choices=("a4", "letter"), default="a4")
PDF_STYLE = WriterOption("pdf_style", "A PDF house style file (fonts, sizes, colours, margins; "
                         "its charts: section styles the charts of both formats).", file=True, sheet=True,
                         check=check_style)

register(OutputFormat("docx", write_docx, ".docx", (REFERENCE_DOC, PAPER, PDF_STYLE), load=load_docx_writer))
register(OutputFormat("pdf", write_pdf, ".pdf", (PAPER, PDF_STYLE), load=load_pdf_writer, cache=True))


def writer_options() -> dict[str, WriterOption]:
    """Every option a registered writer reads, by name, in the order the formats name them."""
    return {option.name: option for output_format in FORMATS.values() for option in output_format.options}


def default_formats() -> list[str]:
    """What a brief without ``formats:`` is built as."""
    return [name for name, output_format in FORMATS.items() if output_format.default]


def known_formats() -> str:
    """For messages: "docx, pdf"."""
    return ", ".join(FORMATS)


def output_file(name: str, fmt: str) -> str:
    """The file a document called ``name`` is written to as ``fmt``: "central-asia.pdf"."""
    return name + FORMATS[fmt].extension
