"""Word files (.docx) with python-docx: one paragraph per non-empty paragraph, one per table row.

Metadata: the document properties' title, author and language. The creation
date is when the file was made, not when the work was published: not taken.
"""

from __future__ import annotations

import io

from .capture import Capture, paragraphs_of


def read(data: bytes, name: str) -> Capture:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from ..errors import BriefpackError

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a damaged or wrong file shows as many kinds
        raise BriefpackError(f"cannot read this .docx file: {exc}") from None
    blocks = []
    for item in document.iter_inner_content():
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
