"""Currency marks: every bullet, table row and quotation whose newest support was
reported before the brief's threshold carries one mark, explained once in each
section that has one.

ICD 203 asks a product to say how current its basis is. A block's support is
the excerpts it cites; its date is the newest of the dates they were reported
(their source's publication date, else the date the text implies, else the
excerpt's own: :func:`briefpack.library.events.reported_date`), never the date
of the event they report: a 2024 article on a 2014 founding is current. The
end of a partial date counts ("2022" is 31 December 2022). A block is stale
when that date falls before ``as_of`` minus ``stale_after_years``. The mark is
set at the start of the bullet, of the row's first cell that holds text (never
alone in a cell), or of the quotation, in every section a template draws
(whatever the template: the composer marks its output); the section's
explanation follows its heading. Blocks that cite nothing carry no mark.
"""

from __future__ import annotations

from datetime import date

from ..document.model import BulletList, Cite, Paragraph, Quote, Table, Text, plain_text
from .table_text import content_widths
from ..conventions.dates import display_date
from ..library.events import reported_date
from .helpers import _period_end, _years_before

MARK = "\u2020"  # dagger


def cutoff_date(as_of: str, years: int) -> date | None:
    try:
        return _years_before(date.fromisoformat(as_of), years)
    except ValueError:
        return None


class CurrencyMarker:
    """Marks stale blocks in place; ``count`` says how many it marked."""

    def __init__(self, library, as_of: str, years: int):
        self.library = library
        self.cutoff = cutoff_date(as_of, years)
        self.count = 0

    def newest(self, content) -> date | None:
        """The newest date among the excerpts ``content`` cites (None: cites nothing)."""
        ends = []
        for node in content:
            if isinstance(node, Cite):
                for key in node.keys:
                    excerpt = self.library.excerpts.get(key)
                    source = self.library.sources.get(excerpt.source) if excerpt is not None else None
                    end = _period_end(reported_date(excerpt, source)) if excerpt is not None else None
                    if end is not None:
                        ends.append(end)
        return max(ends) if ends else None

    def stale(self, content) -> bool:
        newest = self.newest(content)
        return self.cutoff is not None and newest is not None and newest < self.cutoff

    def mark(self, blocks: list) -> list:
        for block in blocks:
            if isinstance(block, BulletList):
                block.items = [self._marked(item) if self.stale(item) else item for item in block.items]
            elif isinstance(block, Table):
                derived = None  # whether the widths are not a template's own: asked before the first mark
                for row in block.rows:
                    if row and self.stale([node for cell in row for node in cell]):
                        if derived is None:
                            derived = block.widths == content_widths(block)
                        at = next((i for i, cell in enumerate(row) if plain_text(cell).strip()), 0)
                        row[at] = self._marked(row[at])
                if derived:  # a mark held to its label takes room: "† Turkmenistan" is not cut
                    block.widths = content_widths(block)
            elif isinstance(block, Quote) and self.stale(block.content):
                block.content = self._marked(block.content)
        return blocks

    def _marked(self, content: list) -> list:
        self.count += 1
        return [Text(MARK + "\u00a0"), *content]


def legend(as_of: str, years: int, brief: bool = False) -> Paragraph:
    """The one explanation of the mark in a section that carries it: in full, or (``brief``,
    once the document has given it) in words too few to repeat a sentence."""
    if brief:
        return Paragraph([Text("Currency: ", bold=True), Text(f"{MARK} marks older material, as explained above.")],
                         style="small", keep_with_next=True)
    cutoff = cutoff_date(as_of, years)
    when = display_date(cutoff.isoformat()) if cutoff else "the threshold"
    span = f"{years} year{'s' if years != 1 else ''}"
    return Paragraph([Text("Currency: ", bold=True),
                      Text(f"{MARK} marks an item resting on material reported before {when}, more than "
                           f"{span} before the information cut-off ({display_date(as_of)}); it may no "
                           f"longer hold.")], style="small", keep_with_next=True)  # on the page of what it explains


def first_marked(blocks: list) -> int:
    """Where a section's explanation goes: before its first marked block (after its heading)."""
    for i, block in enumerate(blocks):
        if any(isinstance(n, Text) and n.text.startswith(MARK) for n in _first_inlines(block)):
            lead_in = i > 0 and isinstance(blocks[i - 1], Paragraph) and plain_text(blocks[i - 1].content).endswith(":")
            return i - 1 if lead_in else i  # never between a quotation and its "X wrote:"
    return 1 if blocks and type(blocks[0]).__name__ == "Heading" else 0


def _first_inlines(block) -> list:
    if isinstance(block, BulletList):
        return [item[0] for item in block.items if item]
    if isinstance(block, Table):
        return [cell[0] for row in block.rows for cell in row if cell]
    content = getattr(block, "content", None)
    return content[:1] if isinstance(content, list) else []


def explains_currency(blocks: list) -> bool:
    """Whether a section's template explains its old material itself (a "Currency:" paragraph)."""
    return any(isinstance(b, Paragraph) and b.content and isinstance(b.content[0], Text)
               and b.content[0].text.startswith("Currency") for b in blocks)
