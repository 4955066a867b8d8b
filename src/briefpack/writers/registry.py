"""The output formats: name -> writer and file extension.

Adding a format is one entry here plus its writer package: the entry is what
the CLI offers (``--format``), what a brief may name (``formats:``), what the
messages list as known, what an output file is called and which writer
options enter its fingerprint. The writer is named ``"module:function"`` and
imported only when a file of its format is written, so this registry stays
light to import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFormat:
    name: str  # as the CLI and briefs write it: "docx"
    writer: str  # "module:function"; function(document, path, options) -> {"notes": n, "pages": p or None}
    extension: str  # of the output file: ".docx"
    options: tuple[str, ...] = ()  # the WriterOptions fields that change its output
    default: bool = True  # built for a brief that names no formats


FORMATS: dict[str, OutputFormat] = {}


def register(output_format: OutputFormat) -> OutputFormat:
    FORMATS[output_format.name] = output_format
    return output_format


register(OutputFormat("docx", "briefpack.writers.docx.writer:write_docx", ".docx", ("reference_doc", "paper")))
register(OutputFormat("pdf", "briefpack.writers.pdf.writer:write_pdf", ".pdf", ("paper", "pdf_style")))


def default_formats() -> list[str]:
    """What a brief without ``formats:`` is built as."""
    return [name for name, output_format in FORMATS.items() if output_format.default]


def known_formats() -> str:
    """For messages: "docx, pdf"."""
    return ", ".join(FORMATS)


def output_file(name: str, fmt: str) -> str:
    """The file a document called ``name`` is written to as ``fmt``: "central-asia.pdf"."""
    return name + FORMATS[fmt].extension
