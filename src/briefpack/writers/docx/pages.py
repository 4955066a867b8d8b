"""Where each heading (and each block) of a DOCX will probably fall: the cached page
numbers of the table of contents and the cross-references, shown until Word updates
its fields.

A rough layout in points that follows the writer's default styles (sizes,
spacing, indents, single-spaced tables and notes): each block's lines are
estimated from its character count and the width it is set in, its notes take
room on the same page, a heading moves to the next page when it would end a
page, a table row never splits. Calibrated against LibreOffice (which sets the
default template's Cambria in DejaVu Serif, a little wider): of the bundled
packs' 79 contents entries, 77 are within a page of where it puts the heading
and two are two pages out.
"""

from __future__ import annotations

from ...document.model import BulletList, Figure, Heading, Note, PageBreak, Paragraph, Quote, Table, plain_text

CHAR_WIDTH = 0.56  # average width of a character, in ems of its size
LINE = 1.17  # single line spacing, in ems (Cambria, Calibri, Liberation, DejaVu alike)
BODY = 10.5  # the Normal style's size, in points
BODY_LINE = BODY * LINE * 1.15  # Normal is spaced 1.15 lines
AFTER = 6.5  # Normal's space after a paragraph
NOTE_SIZE, NOTE_SEPARATOR = 9.0, 14.0
CELL_PADDING, ROW_EXTRA = 216, 5.5  # twips across, points down (margins and border)
# heading level -> (size, space before, space after)
HEADINGS = {1: (16.0, 24.0, 6.0), 2: (13.0, 12.0, 4.0), 3: (11.0, 10.0, 3.0)}
# paragraph style -> (size, twips cut from the width, space before, space after, line spacing)
PARAGRAPHS = {
    "body": (BODY, 0, 0.0, AFTER, 1.15),
    "lead": (12.0, 480, 6.0, AFTER, 1.15),
    "small": (9.0, 0, 0.0, 4.0, 1.15),
    "quote": (BODY, 1440, 0.0, AFTER, 1.15),
}
TOC_ENTRY = {1: BODY_LINE + 9.0, 2: BODY_LINE + 2.0}


def lines(text_length: int, width_twips: float, size: float) -> int:
    """Lines a text of ``text_length`` characters takes in a column ``width_twips`` wide."""
    per_line = max(int(width_twips / 20 / (size * CHAR_WIDTH)), 8)
    return 1 + max(text_length - 1, 0) // per_line


class PageEstimate:
    """Pages of a text column ``width`` by ``height`` twips, filled from the top of
    page ``page``."""

    def __init__(self, width: int, height: int, page: int):
        self.width, self.room = width, height / 20
        self.page, self.used, self.notes_on_page = page, 0.0, False

    def add(self, height: float, keep: bool = False) -> None:
        """Add a block ``height`` points tall; a ``keep`` block (a table row) moves
        whole to the next page when it does not fit."""
        if keep and self.used + height > self.room and self.used > 0:
            self.new_page()
        self.used += height
        while self.used > self.room:
            self.page += 1
            self.used -= self.room
            self.notes_on_page = False

    def new_page(self) -> None:
        if self.used > 0:
            self.page, self.used, self.notes_on_page = self.page + 1, 0.0, False

    def notes(self, content) -> float:
        """Room taken at the page's foot by the notes referenced in ``content``."""
        notes = [n for n in content if isinstance(n, Note)]
        if not notes:
            return 0.0
        height = sum(lines(len(plain_text(n.content)) + 4, self.width, NOTE_SIZE) for n in notes)
        height *= NOTE_SIZE * LINE
        if not self.notes_on_page:
            self.notes_on_page = True
            height += NOTE_SEPARATOR
        return height

    def text(self, content, style: str, width_cut: int = 0) -> float:
        size, cut, before, after, spacing = PARAGRAPHS.get(style, PARAGRAPHS["body"])
        n = lines(len(plain_text(content)), self.width - cut - width_cut, size)
        return before + n * size * LINE * spacing + after + self.notes(content)


def estimate_pages(blocks, start_page: int, toc_entries, width: int, height: int) -> dict[int, int]:
    """A plausible page number for each block among ``blocks`` (by index: a heading's page,
    another block's first), for a text column ``width`` by ``height`` twips. The table of
    contents (its levels in ``toc_entries``) starts at the top of page ``start_page``;
    ``blocks`` follow it."""
    est = PageEstimate(width, height, start_page)
    est.add(sum(HEADINGS[1][:2]) * LINE + HEADINGS[1][2] + sum(TOC_ENTRY[min(level, 2)] for level in toc_entries))
    pages: dict[int, int] = {}
    for index, block in enumerate(blocks):
        pages[index] = est.page
        if isinstance(block, PageBreak):
            est.new_page()
        elif isinstance(block, Heading):
            size, before, after = HEADINGS[min(max(block.level, 1), 3)]
            h = before + lines(len(plain_text(block.content)), width, size * 1.1) * size * LINE + after
            if est.used + h + 2 * BODY_LINE > est.room:  # kept with the next paragraph
                est.new_page()
            pages[index] = est.page
            est.add(h)
        elif isinstance(block, (Paragraph, Quote)):
            est.add(est.text(block.content, "quote" if isinstance(block, Quote) else block.style))
        elif isinstance(block, BulletList):
            for item in block.items:
                est.add(est.text(item, "body", 720) - AFTER)
            est.add(AFTER)
        elif isinstance(block, Table):
            _table(est, block)
        elif isinstance(block, Figure):
            from .figure import estimated_height

            est.add(estimated_height(block) + sum(est.notes(p.note) for p in block.points), keep=True)
    return pages


def _table(est: PageEstimate, block: Table) -> None:
    ncols = max([len(block.header)] + [len(r) for r in block.rows] + [1])
    widths = block.widths if block.widths and len(block.widths) == ncols else [1.0] * ncols
    total = sum(max(w, 0.0) for w in widths) or 1.0
    columns = [est.width * max(w, 0.0) / total - CELL_PADDING for w in widths]

    def row_height(cells) -> float:
        tallest = max((lines(len(plain_text(c)), w, BODY) for c, w in zip(cells, columns)), default=1)
        return tallest * BODY * LINE + ROW_EXTRA + sum(est.notes(c) for c in cells)

    if block.caption:
        est.add(9.0 * LINE + 9.0)
    header = row_height(block.header) if block.header else 0.0
    est.add(header, keep=True)
    for row in block.rows:
        page = est.page
        est.add(row_height(row), keep=True)
        if est.page != page:
            est.add(header)  # the header row repeats
    est.add(BODY_LINE)  # the empty paragraph after a table
