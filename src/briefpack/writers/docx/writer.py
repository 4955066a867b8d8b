"""The DOCX writer: one walk over the document model, one clause per node type.

Body content (paragraphs, runs, tables, notes) is built as lxml elements and
appended to the body directly; python-docx supplies the package, the parts and
the styles of the starting document. Word footnotes go to ``word/footnotes.xml``
(:mod:`.footnotes`), the table of contents and page numbers are fields
(:mod:`.fields`), styles come from the starting document or are added
(:mod:`.styles`), the package around the body is :mod:`.package`.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...collector import held
from ...document.model import (
    Anchor,
    BulletList,
    CrossRef,
    Document,
    Figure,
    Heading,
    Link,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Table,
    TableOfContents,
    Text,
    plain_text,
)
from ..shared import cannot_write, cover_lines, table_summary, web_link
from .fields import Bookmarks, add_t, add_toc
from .links import LinkRelations
from .footnotes import footnotes_part, normalize_separator_ids
from .package import (
    add_markings,
    marking_run,
    open_document,
    save_reproducibly,
    set_core_properties,
    text_area,
)
from .references import DocxReferences
from .styles import Numbering, StyleSheet, set_default_language
from .scripts import (SCRIPT_FONT_NAMES, complete_complex_sizes, directed_pieces, mark_rtl_paragraphs, node_ranges,
                      set_direction)
from ..languages import language_runs, other_language
from ..scripts import ARABIC, RTL_CHAR, base_direction, document_direction, script_of

_P, _PPR, _R, _RPR = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr")
_PSTYLE, _RSTYLE, _VAL = qn("w:pStyle"), qn("w:rStyle"), qn("w:val")
_B, _I, _BR, _TAB = qn("w:b"), qn("w:i"), qn("w:br"), qn("w:tab")
_HYPERLINK, _RID = qn("w:hyperlink"), qn("r:id")
_FOOTNOTE_REF = qn("w:footnoteReference")
_RFONTS, _CS, _BCS, _RTL = qn("w:rFonts"), qn("w:cs"), qn("w:bCs"), qn("w:rtl")
_W_ID, _W_W, _W_TYPE = qn("w:id"), qn("w:w"), qn("w:type")
_LANG = qn("w:lang")

# Text XML 1.0 cannot carry: C0 controls other than tab, newline and CR; U+FFFE,
# U+FFFF; lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("(\r\n|\r|\n|\t)")
_PARAGRAPH_STYLES = {"lead", "small"}
CELL_MARGIN = 40  # twips above and below a table cell's text  # any other Paragraph.style is body text (Normal)


def clean(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return _UNSAFE.sub("", text)


def write_docx(document: Document, path: Path, options) -> dict:
    """Write ``document`` as a .docx at ``path``; returns ``{"notes": n, "pages": None}``."""
    reference = getattr(options, "reference_doc", None) if options is not None else None
    paper = getattr(options, "paper", "a4") if options is not None else "a4"
    with held(freeze=False):  # the walk makes many small objects and few cycles, let go when written
        writer = _DocxWriter(document, reference, paper, getattr(options, "pdf_style", None))
        writer.write_body()
        save_reproducibly(writer.docx, Path(path), document.meta.timestamp)
    return {"notes": writer.note_count, "pages": None}


class _DocxWriter:
    def __init__(self, document: Document, reference_doc, paper: str = "a4", pdf_style=None):
        self.document = document
        self.docx = open_document(reference_doc, paper)
        self.part = self.docx.part
        self.body = self.docx.element.body
        self._sect_pr = self.body.find(qn("w:sectPr"))
        self.styles = StyleSheet(self.docx.styles.element)
        self.numbering = Numbering(self.part)
        self.notes_part = footnotes_part(self.part)
        normalize_separator_ids(self.notes_part.footnotes, self.docx.settings.element)
        self._note_offset = self.notes_part.footnotes.max_special_id()
        self._used_note_ids: set[int] = set()
        self.note_count = 0
        self.bookmarks = Bookmarks()
        self.width, self.height = text_area(self.docx.sections[0])
        self._links = LinkRelations()
        self.script_runs = False  # some text is in a complex script: sizes for it in every style
        self.pdf_style = pdf_style
        self.clean = clean
        self.language = document.meta.language or "en"
        self.direction = self.base = document_direction(self.language)  # every paragraph's but a quotation's
        self.source_language = ""  # the language of the source quoted in the block being written
        self._languages: dict = {}  # a run's language -> its w:lang (None: the document's own), by other_language
        self._level = 0  # the last heading's level: the next may go one deeper, no more
        self._rows: dict = {}  # (cell widths, header) -> an empty row, copied for each row

    @functools.cached_property
    def figures(self):
        from .figure import DocxFigures  # charts load reportlab: only when there is one

        return DocxFigures(self, self.pdf_style)

    # ------------------------------------------------------------ the walk
    def write_body(self) -> None:
        meta = self.document.meta
        set_core_properties(self.docx, meta, clean)
        set_default_language(self.docx.styles.element, clean(meta.language))
        add_markings(self.docx, clean(meta.marking), self.styles, clean(meta.title), clean(meta.foot))
        self.cover(meta)
        blocks = self.document.blocks
        self.references = DocxReferences(self.document, self.bookmarks, self.width, self.height)
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                self.heading(block, index)
            elif isinstance(block, Paragraph):
                style = self.styles[block.style] if block.style in _PARAGRAPH_STYLES else None
                self.paragraph(block.content, style, block.keep_with_next)
            elif isinstance(block, Quote):  # in its source's language, and its own direction
                self.source_language, self.base = block.lang, base_direction(clean(plain_text(block.content)), self.direction)
                self.paragraph(block.content, self.styles["quote"])
                if self.base != self.direction:
                    set_direction(self.body[-1], self.base == "R")
                self.source_language, self.base = "", self.direction
            elif isinstance(block, BulletList):
                self.bullet_list(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                self.figures.write(block)
            elif isinstance(block, PageBreak):
                self.page_break()
            elif isinstance(block, TableOfContents):
                self.table_of_contents(block, index)
            else:
                raise cannot_write("DOCX", block)
        if self._sect_pr is not None:  # the section properties stay last in the body
            self.body.append(self._sect_pr)
        if self.script_runs:
            complete_complex_sizes(self.docx.styles.element)
        if self.direction == "R":
            mark_rtl_paragraphs(self.body)
            mark_rtl_paragraphs(self.notes_part.footnotes)

    def _new_p(self, style_id: str | None = None):
        p = SubElement(self.body, _P)
        if style_id:
            SubElement(SubElement(p, _PPR), _PSTYLE, {_VAL: style_id})
        return p

    # ------------------------------------------------------------ blocks
    def cover(self, meta) -> None:
        if meta.organization:
            p = self._new_p(self.styles["subtitle"])
            self._text(p, meta.organization, True, False)
        p = self._new_p(self.styles["title"])
        spacing = p[0].makeelement(qn("w:spacing"), {qn("w:before"): "2400"})
        p[0].append(spacing)
        self._text(p, meta.title, False, False)
        if meta.subtitle:
            self._text(self._new_p(self.styles["subtitle"]), meta.subtitle, False, False)
        p = self._new_p()
        ppr = SubElement(p, _PPR)
        SubElement(ppr, qn("w:spacing"), {qn("w:before"): "480", qn("w:after"): "480"})
        marking_run(p, clean(meta.marking), 28)
        for line in cover_lines(meta):
            self._text(self._new_p(), line, False, False)
        self.page_break()

    def heading(self, block: Heading, index: int) -> None:
        level = min(max(int(block.level), 1), 3, self._level + 1)
        self._level = level
        p = self._new_p(self.styles[f"heading{level}"])
        self.inlines(p, block.content)
        name = self.references.names.get(index)
        if name:
            self.bookmarks.wrap(p, name, 1)

    def paragraph(self, content, style_id: str | None, keep_with_next: bool = False) -> None:
        p = self._new_p(style_id)
        if keep_with_next:  # after the style, as the schema orders them
            ppr = p.find(_PPR) if p.find(_PPR) is not None else SubElement(p, _PPR)
            ppr.insert(1 if style_id else 0, ppr.makeelement(qn("w:keepNext"), {}))
        self.inlines(p, content)

    def bullet_list(self, block: BulletList) -> None:
        if block.ordered:
            style_id, num_id = self.styles["list_number"], self.numbering.new_ordered_num()
        else:
            style_id, num_id = self.styles["list_bullet"], self.numbering.bullet_num()
        for item in block.items:
            p = self._new_p(style_id)
            num_pr = SubElement(p[0], qn("w:numPr"))
            SubElement(num_pr, qn("w:ilvl"), {_VAL: "0"})
            SubElement(num_pr, qn("w:numId"), {_VAL: str(num_id)})
            self.inlines(p, item)

    def table(self, block: Table) -> None:
        ncols = max([len(block.header)] + [len(row) for row in block.rows] + [1])
        widths = block.widths
        if not widths or len(widths) != ncols or sum(w for w in widths if w > 0) <= 0:
            widths = [1.0] * ncols
        total = sum(max(w, 0.0) for w in widths)
        twips = [max(int(self.width * max(w, 0.0) / total), 360) for w in widths]
        if block.caption:
            self._text(self._new_p(self.styles["caption"]), block.caption, False, False)
        tbl = SubElement(self.body, qn("w:tbl"))
        tbl_pr = SubElement(tbl, qn("w:tblPr"))
        SubElement(tbl_pr, qn("w:tblStyle"), {_VAL: self.styles["table_grid"]})
        if self.direction == "R":  # a right-to-left document's columns run from the right
            SubElement(tbl_pr, qn("w:bidiVisual"))
        SubElement(tbl_pr, qn("w:tblW"), {_W_W: str(sum(twips)), _W_TYPE: "dxa"})
        SubElement(tbl_pr, qn("w:tblLayout"), {_W_TYPE: "fixed"})
        margins = SubElement(tbl_pr, qn("w:tblCellMar"))  # air above and below the text
        for side in ("top", "bottom"):
            SubElement(margins, qn(f"w:{side}"), {_W_W: str(CELL_MARGIN), _W_TYPE: "dxa"})
        SubElement(tbl_pr, qn("w:tblLook"), {_VAL: "04A0", qn("w:firstRow"): "1", qn("w:lastRow"): "0",
                                             qn("w:firstColumn"): "0", qn("w:lastColumn"): "0",
                                             qn("w:noHBand"): "0", qn("w:noVBand"): "1"})
        caption, description = table_summary(block)
        SubElement(tbl_pr, qn("w:tblCaption"), {_VAL: clean(caption)[:255]})
        SubElement(tbl_pr, qn("w:tblDescription"), {_VAL: clean(description)[:1000]})
        grid = SubElement(tbl, qn("w:tblGrid"))
        for w in twips:
            SubElement(grid, qn("w:gridCol"), {_W_W: str(w)})
        if block.header:
            self._row(tbl, block.header, twips, header=True)
        for row in block.rows:
            self._row(tbl, row, twips, header=False)
        self._new_p()  # Word needs a paragraph between two tables; also gives air

    def _row(self, tbl, cells, twips, header: bool) -> None:
        tr = copy.copy(self._empty_row(tbl, tuple(twips), header))  # (lxml copies the whole row) not four elements a cell
        tbl.append(tr)
        for tc, content in zip(tr[1:], cells):  # after the row's properties, each cell: its properties, its paragraph
            self.inlines(tc[1], content, bold=header)

    def _empty_row(self, tbl, twips: tuple, header: bool):
        """A row of empty cells ``twips`` wide (a table's rows are alike but for their text)."""
        key = (twips, header)
        if key not in self._rows:
            tr = self._rows[key] = tbl.makeelement(qn("w:tr"), {})
            tr_pr = SubElement(tr, qn("w:trPr"))
            SubElement(tr_pr, qn("w:cantSplit"))
            if header:
                SubElement(tr_pr, qn("w:tblHeader"))
            for width in twips:
                tc = SubElement(tr, qn("w:tc"))
                tc_pr = SubElement(tc, qn("w:tcPr"))
                SubElement(tc_pr, qn("w:tcW"), {_W_W: str(width), _W_TYPE: "dxa"})
                if header:
                    SubElement(tc_pr, qn("w:shd"), {_VAL: "clear", qn("w:color"): "auto",
                                                    qn("w:fill"): "D9D9D9"})
                SubElement(tc, _P)
        return self._rows[key]

    def page_break(self) -> None:
        SubElement(SubElement(SubElement(self.body, _P), _R), _BR, {_W_TYPE: "page"})

    def table_of_contents(self, block: TableOfContents, index: int) -> None:
        entries = []
        for at, b in enumerate(self.document.blocks[index + 1:], index + 1):
            if isinstance(b, Heading) and b.in_toc and b.level <= 2:
                text = clean(plain_text(b.content)).replace("\n", " ").replace("\t", " ")
                entries.append((b.level, text, self.references.names[at], self.references.pages.get(at, 1)))
        add_toc(self.body, clean(block.title), entries, self.styles, self.width)

    # ------------------------------------------------------------ inlines
    def inlines(self, p, content, part=None, bold: bool = False) -> None:
        """Append runs for ``content`` to paragraph ``p``; ``part`` owns the hyperlink
        relationships (the document part, or the footnotes part inside a note)."""
        if self.base == "L" and not any(isinstance(n, (Text, Link)) and RTL_CHAR.search(n.text) for n in content):
            isolated = [([], False)] * len(content)  # nothing right to left in a left-to-right paragraph
        else:
            isolated = node_ranges([clean(n.text) if isinstance(n, (Text, Link)) else "" if isinstance(n, Anchor)
                                    else "\ufffc" for n in content], self.base)
        for node, (ranges, after) in zip(content, isolated):
            if isinstance(node, Text):
                self._text(p, node.text, node.bold or bold, node.italic, ranges=ranges, after=after)
            elif isinstance(node, Note):
                if part is not None:  # a note inside a note: keep its text inline
                    self.inlines(p, node.content, part, bold)
                else:
                    self.note(p, node)
            elif isinstance(node, Link):
                self.link(p, node, part or self.part, bold)
            elif isinstance(node, Anchor):  # a point a cross-reference names: a bookmark (none in a note)
                if part is None:
                    self.references.anchor(p, node)
            elif isinstance(node, CrossRef):  # "“Kazakhstan,” p. 12": a PAGEREF to the target's bookmark
                self.references.write(p, node, lambda parent, s: self._text(parent, s, bold, False), bold)
            else:
                raise cannot_write("DOCX", node)

    def _text(self, parent, text: str, bold: bool, italic: bool, rstyle: str | None = None, ranges=None, after=False):
        """Runs for ``text``, each in its script and language, a right-to-left isolated run's
        ``w:rtl`` (see :func:`.scripts.directed_pieces`)."""
        text = _UNSAFE.sub("", text)
        if not text:
            return
        plain = ranges == [] and not after and self.base == "L"  # as directed_pieces gives it, at once
        for rtl, part in ((False, text),) if plain else directed_pieces(text, self.base, ranges, after):
            arabic = rtl and any(script_of(ch) == ARABIC for ch in part)
            for script, lang, piece in language_runs(part, self.source_language):
                script = script or (ARABIC if arabic else None)  # its marks and spaces in its font
                if lang not in self._languages:
                    self._languages[lang] = other_language(lang, self.language)
                self._run(parent, piece, bold, italic, rstyle, script, self._languages[lang], rtl)

    def _run(self, parent, text: str, bold: bool, italic: bool, rstyle: str | None, script,
             lang: str | None = None, rtl: bool = False) -> None:
        r = SubElement(parent, _R)
        if bold or italic or rstyle or script or lang or rtl:
            rpr = SubElement(r, _RPR)
            if rstyle:
                SubElement(rpr, _RSTYLE, {_VAL: rstyle})
            if script:
                SubElement(rpr, _RFONTS, {_CS: SCRIPT_FONT_NAMES[script]})
                self.script_runs = True
            if bold:
                SubElement(rpr, _B)
                if script:
                    SubElement(rpr, _BCS)
            if italic:
                SubElement(rpr, _I)
            if rtl:
                SubElement(rpr, _RTL)
            if lang:  # a complex script's language is w:bidi, any other's w:val
                SubElement(rpr, _LANG, {(qn("w:bidi") if script else _VAL): lang})
        if "\n" in text or "\t" in text or "\r" in text:
            for piece in _BREAKS.split(text):
                if piece == "\t":
                    SubElement(r, _TAB)
                elif piece in ("\n", "\r", "\r\n"):
                    SubElement(r, _BR)
                elif piece:
                    add_t(r, piece)
        else:
            add_t(r, text)

    def link(self, p, node: Link, part, bold: bool) -> None:
        url = web_link(clean(node.url))
        if not url:  # only a web page is a link: anything else prints as text
            self._text(p, node.text or clean(node.url).strip(), bold, False)
            return
        hyperlink = SubElement(p, _HYPERLINK, {_RID: self._links.rid(part, url), qn("w:history"): "1"})
        self._text(hyperlink, node.text or url, bold, False, self.styles["hyperlink"])

    def note(self, p, node: Note) -> None:
        note_id = self._note_id(node.number)
        r = SubElement(p, _R)
        SubElement(SubElement(r, _RPR), _RSTYLE, {_VAL: self.styles["footnote_reference"]})
        SubElement(r, _FOOTNOTE_REF, {_W_ID: str(note_id)})
        note_p = self.notes_part.footnotes.add_note(
            note_id, self.styles["footnote_text"], self.styles["footnote_reference"]
        )
        quoting, (self.source_language, self.base) = (self.source_language, self.base), ("", self.direction)  # a note:
        self.inlines(note_p, node.content, self.notes_part)  # in the document's language and direction
        self.source_language, self.base = quoting
        self.note_count += 1

    def _note_id(self, number) -> int:
        """``Note.number`` (after any separator ids), or the next free id if it is
        not a fresh positive number."""
        note_id = number + self._note_offset if isinstance(number, int) and number > 0 else 0
        if note_id <= self._note_offset or note_id in self._used_note_ids:
            note_id = max(self._used_note_ids | {self._note_offset}) + 1
        self._used_note_ids.add(note_id)
        return note_id
