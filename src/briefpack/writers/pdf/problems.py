"""What a PDF layout error says: where the flowable that could not be placed stands
(its section, the excerpts its notes cite) and, for a table row taller than a
page, what to do about it. The pipeline adds the brief and the output's name."""

from __future__ import annotations

from ...document.model import Document
from ...document.walk import iter_notes


def whereabouts(flowable, document: Document) -> str:
    """Where the flowable that could not be placed stands: its section and the
    excerpts its notes cite (", in section “X”, citing excerpt a, b")."""
    if flowable is None:
        return ""
    out = []
    section = getattr(flowable, "bp_section", "")
    if section:
        out.append(f"in section “{section}”")
    keys = {note.number: note.keys for note in iter_notes(document)}
    cited = list(dict.fromkeys(k for n in getattr(flowable, "bp_notes", ()) for k in keys.get(n, ())))
    if cited:
        out.append(f"citing excerpt{'s' if len(cited) > 1 else ''} {', '.join(cited[:5])}"
                   + (f" and {len(cited) - 5} more" if len(cited) > 5 else ""))
    return (", " + ", ".join(out)) if out else ""


def tall_row(tables, table_widths, page_height: float, pad_x: float, pad_y: float) -> str | None:
    """What to do about the first table row taller than a page, if any (a header row
    repeats on every page and is never split; other rows are split within the row
    and should not come here). ``tables``: each table block and its rows of cells."""
    for block, rows in tables:
        widths = [w - 2 * pad_x for w in table_widths(block)]
        for index, row in enumerate(rows):
            tall = max(cell.wrap(width, 1e7)[1] for cell, width in zip(row, widths)) + 2 * pad_y
            if tall > page_height:
                which = "the header" if index == 0 and block.header else f"row {index + (not block.header)}"
                name = f"“{block.caption}”" if block.caption else "a table"
                advice = ("shorten it: a header row is repeated on every page" if which == "the header"
                          else "shorten the text of that row or split it over several rows")
                return (f"{which} of {name} is {tall:.0f} pt tall, more than a page holds "
                        f"({page_height:.0f} pt); {advice}")
    return None
