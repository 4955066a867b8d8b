"""How long one paragraph of a document may be.

Writers lay out a paragraph as a whole. Breaking one paragraph into the lines
of many PDF pages costs time that grows with the square of its length (each
page break measures the rest of it again: 280,000 characters took 11 s,
560,000 took 52 s, with the process busy all along). A paragraph, quotation,
list item, table cell, heading or note longer than PARAGRAPH_LIMIT characters
is refused before anything is written, in every format alike, naming the
excerpts it quotes.

A heading is held to HEADING_LIMIT characters: its line in the table of contents
is drawn whole, and one longer than a page cannot be laid out (25,000 characters
could not). A title that long is a paragraph.
"""

from __future__ import annotations

from .model import BulletList, Cite, Heading, Link, Note, Paragraph, Quote, Table, Text

PARAGRAPH_LIMIT = 100_000  # characters
HEADING_LIMIT = 500  # characters: a contents line of a few lines, a heading well within a page


def long_heading(text: str) -> str | None:
    """What is wrong when heading ``text`` is longer than HEADING_LIMIT, or None."""
    if len(text) <= HEADING_LIMIT:
        return None
    return (f"a heading of {len(text):,} characters is longer than the {HEADING_LIMIT} a heading and its "
            "line in the contents may hold: shorten it, or say the rest in a paragraph below it")


def too_long(size: int, quoting: str = "") -> str:
    """The message for a paragraph of ``size`` characters (``quoting``: ", quoting excerpt ...")."""
    return (f"a paragraph of {size:,} characters{quoting + ',' if quoting else ''} is longer than the "
            f"{PARAGRAPH_LIMIT:,} a document's paragraph may hold: quote less of it, or leave parts out with '…'")


def long_paragraph(document, library, checked: int = 0) -> str | None:
    """What is wrong when a paragraph of ``document`` is longer than the limit, or None.
    ``checked``: its first blocks are those of a document checked already, their Cites since
    made Notes (which leaves no paragraph longer: punctuation moves before a note, a doubled
    mark goes): of those, only the notes are looked at."""
    for content, size in _long_lists(document.blocks, checked):
        keys = list(dict.fromkeys(k for node in content if isinstance(node, Cite) for k in node.keys))
        quoting = ""
        if keys:
            where = [_where(library.excerpts.get(key), library.root) for key in keys[:3]]
            quoting = ", quoting " + ", ".join(f"excerpt '{key}'{place}" for key, place in zip(keys, where))
        return too_long(size, quoting)
    return None


def _where(excerpt, root) -> str:
    from ..errors import shown_path

    if excerpt is None or excerpt.path is None:
        return ""
    return f" ({shown_path(excerpt.path, root)}:{excerpt.line})"


def _long_lists(blocks, notes_only: int = 0):
    """(list, size) for every list of inlines a writer sets as one paragraph, notes' contents
    included (of the first ``notes_only`` blocks, the notes' contents only), longer than the limit."""
    for number, block in enumerate(blocks):
        if isinstance(block, (Heading, Paragraph, Quote)):
            lists = [block.content]
        elif isinstance(block, BulletList):
            lists = block.items
        elif isinstance(block, Table):
            lists = [*block.header, *(cell for row in block.rows for cell in row)]
        else:
            continue
        for content in lists:
            size, notes = 0, []
            for node in content:  # (the model's inlines are of these classes, never of a subclass)
                kind = type(node)
                if kind is Text or kind is Link:
                    size += len(node.text)
                elif kind is Note:
                    notes.append(node.content)
            if size > PARAGRAPH_LIMIT and number >= notes_only:
                yield content, size
            for inner in notes:
                size = 0
                for node in inner:
                    kind = type(node)
                    if kind is Text or kind is Link:
                        size += len(node.text)
                if size > PARAGRAPH_LIMIT:
                    yield list(inner), size
