"""Headings and Anchors as link targets, and cross-references to them: "“Kazakhstan,” p. 12".

Every heading carries a bookmark, and so does every Anchor (a point of the text: where
an excerpt's text starts), at its place in its paragraph; the contents' entries and the
cross-references are internal hyperlinks to one holding a ``PAGEREF`` field, which Word
and LibreOffice compute from where they lay the target out. The field's cached result,
shown until then, is the page estimated for the heading, or for the block the Anchor
stands in (:mod:`.pages`).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...document.model import Anchor, Heading, PageBreak, TableOfContents, plain_text
from ...document.walk import block_inlines
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
        self.points: dict[str, tuple[str, int]] = {}  # an Anchor's name -> its bookmark and its block's index
        self.placed: set[str] = set()  # the Anchors written (the first of two of one name holds the bookmark)
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                fallback = plain_text(block.content)[:30] or f"section_{index}"
                self.names[index] = bookmarks.name_for(block.anchor, fallback)
                if block.anchor:
                    self.anchors.setdefault(block.anchor, index)
            for node in (n for content in block_inlines(block) for n in content if isinstance(n, Anchor)):
                if node.name not in self.points:
                    self.points[node.name] = (bookmarks.name_for(node.name, "text"), index)
        self.bookmarks = bookmarks
        self.pages = self._estimates(blocks, width, height)

    @staticmethod
    def _estimates(blocks, width: int, height: int) -> dict[int, int]:
        """Each block's estimated page (where it starts; a heading's, where it stands), by index,
        counted from the contents (on the page after the cover and any page breaks before it)
        as the contents list them."""
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
        if index is not None:
            bookmark, page = self.names[index], self.pages.get(index)
        elif node.target in self.points:
            bookmark, at = self.points[node.target]
            page = self.pages.get(at)
        else:  # no such heading or Anchor: the words alone (the composer does not let this happen)
            text(p, reference_words(node.text, self.house_style, page=False))
            return
        link = SubElement(p, qn("w:hyperlink"), {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        text(link, reference_words(node.text, self.house_style))
        add_field(link, f" PAGEREF {bookmark} \\h ", str(page) if page else "?", _bold if bold else None)

    def anchor(self, p, node) -> None:
        """Mark the place of ``node`` (an Anchor) in paragraph ``p``, after what it holds so far:
        a bookmark there, which a PAGEREF names."""
        if node.name in self.placed or node.name not in self.points:
            return
        self.placed.add(node.name)
        self.bookmarks.wrap(p, self.points[node.name][0], len(p))


def _bold(r) -> None:
    SubElement(SubElement(r, qn("w:rPr")), qn("w:b"))
