"""Cross-references in the DOCX: "“Kazakhstan,” p. 12", linked to the heading.

The heading carries a bookmark (the writer puts one on every heading); the
reference is an internal hyperlink to it holding the words and a ``PAGEREF``
field, which Word and LibreOffice compute from where they lay the heading out.
The field's cached result, shown until then, is the page the writer estimates
for the heading (:mod:`.pages`, as for the contents).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...document.model import Heading, PageBreak, TableOfContents
from ..shared import reference_words
from .fields import add_field
from .pages import estimate_pages


class DocxReferences:
    """The targets of a document's cross-references: each heading's bookmark and
    estimated page, by the heading's anchor."""

    def __init__(self, document, heading_names: dict[int, str], width: int, height: int):
        self.house_style = document.meta.house_style
        blocks = document.blocks
        self.bookmarks: dict[str, str] = {}
        for index, block in enumerate(blocks):
            if isinstance(block, Heading) and block.anchor and index in heading_names:
                self.bookmarks.setdefault(block.anchor, heading_names[index])
        self.pages = self._estimates(blocks, width, height)

    def _estimates(self, blocks, width: int, height: int) -> dict[str, int]:
        """Each heading's estimated page, by anchor: counted as the contents count them."""
        toc = next((i for i, b in enumerate(blocks) if isinstance(b, TableOfContents)), -1)
        following = blocks[toc + 1:]
        levels = [b.level for b in following if isinstance(b, Heading) and b.in_toc and b.level <= 2]
        start = 2 + sum(1 for b in blocks[:max(toc, 0)] if isinstance(b, PageBreak))
        pages = estimate_pages(following, start, levels if toc >= 0 else [], width, height)
        out: dict[str, int] = {}
        for offset, page in pages.items():
            out.setdefault(following[offset].anchor, page)
        return out

    def write(self, p, node, text, bold: bool) -> None:
        """Append the reference ``node`` (a CrossRef) to paragraph ``p``; ``text(parent, s)``
        appends runs of plain text to ``parent``."""
        bookmark = self.bookmarks.get(node.target)
        if bookmark is None:  # no such heading: the words alone (the composer does not let this happen)
            text(p, reference_words(node.text, self.house_style, page=False))
            return
        link = SubElement(p, qn("w:hyperlink"), {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        text(link, reference_words(node.text, self.house_style))
        page = self.pages.get(node.target)
        add_field(link, f" PAGEREF {bookmark} \\h ", str(page) if page else "?", _bold if bold else None)


def _bold(r) -> None:
    SubElement(SubElement(r, qn("w:rPr")), qn("w:b"))
