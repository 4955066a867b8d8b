"""Word files (.docx) with python-docx: one paragraph per non-empty paragraph, one per table row.

Metadata: the document properties' title, author and language. The creation
date is when the file was made, not when the work was published: not taken.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import BriefpackError
from .capture import Capture, paragraphs_of
from .limits import MAX_MEMBERS, PACKAGE, Limits

_CHUNK = 1 << 16


def read(data: bytes, name: str, limits: Limits | None = None) -> Capture:
    limits = limits or Limits()
    check_parts(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a damaged or wrong file shows as many kinds
        raise BriefpackError(f"cannot read this .docx file: {exc}") from None
    blocks = []
    for number, item in enumerate(document.iter_inner_content()):
        if number % 1000 == 0:
            limits.check_time()
        if isinstance(item, Paragraph):
            blocks.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                blocks.append(" | ".join(c for c in cells if c))
    props = document.core_properties
    capture = Capture(kind="docx", paragraphs=paragraphs_of(blocks))
    capture.title = " ".join((props.title or "").split())
    capture.author = [a.strip() for a in (props.author or "").split(";") if a.strip()]
    capture.language = (props.language or "").strip()
    return capture


def check_parts(data: bytes, limits: Limits) -> None:
    """Refuse a Word file of more than MAX_MEMBERS parts, or whose parts expand past
    ``max_bytes`` each or PACKAGE times that together (each expanded, as far as the limit
    allows and no further, and let go)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BriefpackError(f"cannot read this .docx file: {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise BriefpackError(f"this .docx file has {len(members):,} parts, more than a Word file "
                             f"holds ({MAX_MEMBERS:,}): refused")
    total = 0
    for member in members:
        size = 0
        try:
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    size += len(chunk)
                    limits.check_bytes(size, f"the part {member.filename!r} of this .docx file")
                    limits.check_bytes(total + size, "this .docx file's parts together",
                                       PACKAGE * limits.max_bytes)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError,
                zlib.error) as exc:
            raise BriefpackError(f"cannot read this .docx file: the part {member.filename!r}: {exc}") from None
        total += size
