"""Headings as link targets, and cross-references to them: "“Kazakhstan,” p. 12".

Every heading carries a bookmark; the contents' entries and the cross-references
are internal hyperlinks to it holding a ``PAGEREF`` field, which Word and
LibreOffice compute from where they lay the heading out. The field's cached
result, shown until then, is the page estimated for the heading (:mod:`.pages`).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...document.model import Heading, PageBreak, TableOfContents, plain_text
from ..shared import reference_words
from .fields import add_field
from .pages import estimate_pages


class DocxReferences:
    """The headings as the targets of links: each heading's bookmark name and estimated
    page (by its index among the blocks), and the cross-references to them."""

    def __init__(self, document, bookmarks, width: int, height: int):
        """``bookmarks``: the document's :class:`.fields.Bookmarks`, which give the names."""
        self.house_style = document.meta.house_style
        blocks = document.blocks
        self.names: dict[int, str] = {}  # a heading's index -> its bookmark
        self.anchors: dict[str, int] = {}  # a heading's anchor -> its index (the first, if two share it)
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                fallback = plain_text(block.content)[:30] or f"section_{index}"
                self.names[index] = bookmarks.name_for(block.anchor, fallback)
                if block.anchor:
                    self.anchors.setdefault(block.anchor, index)
        self.pages = self._estimates(blocks, width, height)

    @staticmethod
    def _estimates(blocks, width: int, height: int) -> dict[int, int]:
        """Each heading's estimated page, by index, counted from the contents (on the page
        after the cover and any page breaks before it) as the contents list them."""
        toc = next((i for i, b in enumerate(blocks) if isinstance(b, TableOfContents)), -1)
        following = blocks[toc + 1:]
        levels = [b.level for b in following if isinstance(b, Heading) and b.in_toc and b.level <= 2]
        start = 2 + sum(1 for b in blocks[:max(toc, 0)] if isinstance(b, PageBreak))
        pages = estimate_pages(following, start, levels if toc >= 0 else [], width, height)
        return {toc + 1 + offset: page for offset, page in pages.items()}

    def write(self, p, node, text, bold: bool) -> None:
        """Append the reference ``node`` (a CrossRef) to paragraph ``p``; ``text(parent, s)``
        appends runs of plain text to ``parent``."""
        index = self.anchors.get(node.target)
        if index is None:  # no such heading: the words alone (the composer does not let this happen)
            text(p, reference_words(node.text, self.house_style, page=False))
            return
        bookmark, page = self.names[index], self.pages.get(index)
        link = SubElement(p, qn("w:hyperlink"), {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        text(link, reference_words(node.text, self.house_style))
        add_field(link, f" PAGEREF {bookmark} \\h ", str(page) if page else "?", _bold if bold else None)


def _bold(r) -> None:
    SubElement(SubElement(r, qn("w:rPr")), qn("w:b"))
