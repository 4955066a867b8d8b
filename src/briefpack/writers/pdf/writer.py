"""The PDF writer: one walk over the document model into reportlab flowables.

Inline nodes become paragraph markup in :mod:`.markup` (every piece of text
cleaned and escaped, so source text is printed as written). Notes are printed
at the foot of the page holding their reference (see :mod:`.layout`);
references and notes link to each other.
"""

from __future__ import annotations

import re

from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak as RLPageBreak, PageTemplate, Spacer, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from ...document.model import (Anchor, BulletList, Document, Figure, Heading, Link, PageBreak, Paragraph, Quote, Table,
                               TableOfContents, Text, plain_text)
from ...document.walk import block_inlines, iter_notes
from ...document.names import UniqueNames
from ...errors import BuildError
from ..languages import main_language, other_language
from ..scripts import base_direction, document_direction
from ..shared import cannot_write, cover_lines
from .document import BriefDocTemplate, FlushNotes, Upcoming
from .entries import HEADING
from .frags import joined
from .layout import NoteFrame
from .markup import Markup, clean
from .notes import NOTE, REF, Later, NoteStore
from .pages import HeadingParagraph, MarkingBox, PageDecoration, TocEntry
from .problems import tall_row, whereabouts
from .references import ANCHOR_KEY, References
from .bidi import script_class
from .shaping import script_style
from .style import HouseStyle, load_house_style, page_geometry
from .widths import remembered_widths
from .parts import PartLayout
from .recording import RecordingCanvas, RecordingTagger
from .tagging import (LANG, LANG_END, ListParagraph, Node, TaggedParagraph as RLParagraph,
                      TaggedTable as RLTable)

_KEY = re.compile(r"[^A-Za-z0-9_.-]")
_PAD_X, _PAD_Y = 4, 3  # table cell padding
_LANG_MARK = re.compile(f'<onDraw name="(?:{LANG}|{LANG_END})" label="[^"]*"/>')


# ---------------------------------------------------------------- the walk
class PdfWalk:
    """Blocks to flowables, one clause per node type."""

    def __init__(self, document: Document, hs: HouseStyle, width: float):
        self.doc, self.hs, self.st, self.width = document, hs, hs.styles, width
        self.markup = Markup(hs)
        self.language = clean(document.meta.language).strip() or "en"
        self.tagger = RecordingTagger(self.language)
        self.markup.language = self.language
        self.direction = self.markup.base = document_direction(self.language)  # every paragraph's but a quotation's
        self.outline = self.tagger.outline
        self.heading_pages: dict[str, int] = {}
        self.toc_entries: list[TocEntry] = []
        self.keys = self._heading_keys()
        self.markup.references = References(document.headings(), self.keys, self.heading_pages,
                                            document.meta.house_style, self._anchor_keys())
        self.outline_levels = self._outline_levels()
        self._heading_index = 0
        self.tables: list[tuple[Table, list[list]]] = []  # each table and its header row's cells
        self.note_store = None  # the notes' store, which a figure measures its notes with
        self.starts = None  # when a dict: each block's first flowable's id -> the block (among the part's),
        # the structure's open sections and how many kids each had as the block began (see .boundaries)

    def _heading_keys(self) -> list[str]:
        names, keys = UniqueNames(), []
        for i, h in enumerate(self.doc.headings()):  # and the titles the contents' links say
            keys.append(names.give(HEADING + (_KEY.sub("-", h.anchor)[:60] if h.anchor else str(i + 1))))
            self.tagger.titles[keys[-1]] = clean(plain_text(h.content)).strip() or "Section"
        return keys

    def _anchor_keys(self) -> dict[str, str]:
        """Each Anchor's destination by its name (``at-<name>``: the same in every build, whatever
        comes before it), and the title its links say: the section it stands in."""
        keys, section = {}, "Section"
        for block in self.doc.blocks:
            if isinstance(block, Heading):
                section = clean(plain_text(block.content)).strip() or "Section"
            for node in (n for content in block_inlines(block) for n in content if isinstance(n, Anchor)):
                key = keys[node.name] = ANCHOR_KEY + _KEY.sub("-", node.name)
                self.tagger.titles.setdefault(key, section)
        return keys

    def _outline_levels(self) -> list[int]:
        """Each heading's outline level: one below its heading level, but never more
        than one deeper than the entry before it (the contents' own entry is at 0)."""
        levels, prev = [], -1
        for block in self.doc.blocks:
            if isinstance(block, TableOfContents):
                prev = 0
            elif isinstance(block, Heading):
                prev = max(0, min(block.level - 1, prev + 1))
                levels.append(prev)
        return levels

    def flowables(self) -> list:
        return list(self.part(self.doc.blocks, 0, 0, cover=True))

    def part(self, blocks: list, start: int, headings: int, cover: bool = False):
        """The flowables of ``blocks``, the document's from its block ``start`` (after
        ``headings`` headings), with the cover's before them: made as they are asked for."""
        self._heading_index = headings
        if cover:
            yield from self.cover()
        section = next((clean(plain_text(b.content)).strip() for b in reversed(self.doc.blocks[:start])
                        if isinstance(b, Heading)), "")
        starts = self.starts
        for i, block in enumerate(blocks, start):
            if isinstance(block, Heading):
                section = clean(plain_text(block.content)).strip()
            stack = list(self.outline.stack) if starts is not None else None
            counts = [len(node.kids) for _, node in stack] if stack else None
            for flowable in self.block(block, i):
                flowable.bp_section = section  # for a layout error: where it stands
                if stack:
                    starts[id(flowable)], stack = (i - start, stack, counts), None
                yield flowable

    def _para(self, content, style: str, cls=RLParagraph, heading: bool = False, node: Node | None = None):
        p = self.paragraph(self.markup(content, heading=heading), style, cls)
        p.bp_notes = self.markup.take_notes()
        p.bp_node = node
        return p

    def lang(self, content, source: str = "") -> dict:
        """``Lang`` for an element whose text is mostly in another language than the document's
        (``source``: the language its source is written in, when known)."""
        tag = other_language(main_language(plain_text(content), source), self.language)
        return {"Lang": tag} if tag else {}

    def paragraph(self, markup: str, style: str, cls=RLParagraph, **kw):
        """A paragraph of ``markup`` made since the last one: shaped and ordered by line when it holds a
        complex script or right-to-left text, set right to left in a right-to-left document or quotation."""
        shaped, rtl = self.markup.take_script()
        self.markup.base = self.direction
        st = self.st[style]
        if shaped or rtl:  # its lines are reordered: only its runs of a script font say their language
            markup = _LANG_MARK.sub("", markup)
            st = script_style(st, rtl, self.direction == "R")
            cls = script_class(cls)
        p = cls(markup, st, **kw)
        p.frags = joined(p.frags)
        self.markup.references.place(p)
        return p

    def block(self, block, index: int) -> list:
        if isinstance(block, Heading):
            n = self._heading_index
            self._heading_index += 1
            style = f"h{min(max(block.level, 1), 3)}"
            node = self.outline.heading(min(self.outline_levels[n] + 1, 6), **self.lang(block.content))
            p = self._para(block.content, style, HeadingParagraph, heading=True, node=node)
            return [p.mark(self.keys[n], self.tagger.titles[self.keys[n]], self.outline_levels[n], self.heading_pages)]
        if isinstance(block, Paragraph):
            p = self._para(block.content, block.style if block.style in ("body", "lead", "small") else "body",
                           node=self.outline.here.add("P", **self.lang(block.content)))
            p.keepWithNext = int(block.keep_with_next)
            return [p]
        if isinstance(block, Quote):  # a quotation runs in its own direction
            self.markup.base = base_direction(clean(plain_text(block.content)), self.direction)
            return [self._para(block.content, "quote",
                               node=self.outline.here.add("BlockQuote", **self.lang(block.content, block.lang)))]
        if isinstance(block, BulletList):
            return self.bullets(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Figure):  # charts and their drawing loaded when a document has one
            from .figure import figure_flowable

            return figure_flowable(self, block)
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        if isinstance(block, TableOfContents):
            return self.contents(block, index)
        raise cannot_write("PDF", block)

    def bullets(self, block: BulletList) -> list:
        """Each item's label (Lbl) and text (LBody), drawn as two pieces of content."""
        out, items = [], self.outline.here.add("L")
        for i, item in enumerate(block.items):
            li = items.add("LI")
            label = f"{i + 1}." if block.ordered else "•"
            p = self.paragraph(self.markup(item), "bullet", ListParagraph)
            p.bp_notes = self.markup.take_notes()
            p.bp_label, p.bp_node = (li.add("Lbl"), label), li.add("LBody", **self.lang(item))
            out.append(p)
        return out

    def table(self, block: Table) -> list:
        ncols = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        if not block.header and not block.rows:
            return []
        node = self.outline.here.add("Table")
        caption = node.add("Caption") if block.caption else None
        rows = []
        if block.header:
            rows.append(self._cells(block.header, ncols, "cell_header", node.add("THead").add("TR"), "TH"))
        body = node.add("TBody") if block.rows else None
        rows.extend(self._cells(r, ncols, "cell", body.add("TR"), "TD") for r in block.rows)
        col_widths = self.table_widths(block)
        grid = self.hs.colours["table_grid"]
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, grid),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), self.hs.body_font.regular),  # else Helvetica is referenced
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), _PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_Y),
        ]
        if block.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), self.hs.colours["table_header_background"]))
        # A row taller than the room left is split within the row, no part of it under
        # two lines of text (each part carries its own notes: see pdf_layout).
        least = 2 * self.st["cell"].leading + 2 * _PAD_Y
        notes = tuple(n for row in rows for cell in row for n in cell.bp_notes)
        if self.direction == "R":  # a right-to-left document's columns run from the right
            rows, col_widths = [row[::-1] for row in rows], col_widths[::-1]
        t = RLTable(rows, colWidths=col_widths, repeatRows=1 if block.header else 0,
                    style=TableStyle(commands), hAlign="LEFT", spaceBefore=4, spaceAfter=10,
                    splitInRow=least)
        t.bp_notes = notes
        self.tables.append((block, rows[:1] if block.header else []))  # only a header row can be too tall
        out = []
        if block.caption:
            cap = self.paragraph(self.markup.text(block.caption, heading=True), "caption")
            cap.bp_node = caption
            out.append(cap)
        out.append(t)
        return out

    def table_widths(self, block: Table) -> list[float]:
        ncols = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        widths = block.widths
        if not widths or len(widths) != ncols or any(w <= 0 for w in widths):
            widths = [1.0] * ncols
        total = float(sum(widths))
        return [self.width * w / total for w in widths]

    def _cells(self, cells, ncols: int, style: str, tr: Node, kind: str) -> list:
        scope = {"Scope": "Column"} if kind == "TH" else {}
        cells = list(cells) + [[]] * (ncols - len(cells))
        return [self._para(c, style, node=tr.add(kind, **scope, **self.lang(c))) for c in cells]

    def contents(self, block: TableOfContents, index: int) -> list:
        following = [b for b in self.doc.blocks[index + 1:] if isinstance(b, Heading)]
        first = len(self.doc.headings()) - len(following)
        title = clean(block.title).strip() or "Contents"
        head = self.paragraph(self.markup.text(title, heading=True), "h1", HeadingParagraph)
        head.bp_notes = ()
        head.bp_node = self.outline.heading(1)
        toc = self.outline.here.add("TOC")
        out = [head.mark("sec-contents-" + str(index), title, 0, self.heading_pages)]
        for k, h in enumerate(following):
            if not h.in_toc or h.level > 2:
                continue
            key = self.keys[first + k]
            text = self.markup(h.content, notes=False)
            entry = TocEntry(text or self.markup.text("Section"), self.st["toc1" if h.level <= 1 else "toc2"],
                             key, f"bpToc{len(self.toc_entries)}")
            shaped, rtl = self.markup.take_script()
            if shaped or rtl:  # shaped, its line in visual order
                entry.para = script_class(type(entry.para))(_LANG_MARK.sub("", text),
                                                            script_style(entry.style, rtl, self.direction == "R"))
            self.markup.references.place(entry.para)  # a heading's cross-reference, if it holds one
            entry.bp_node = toc.add("TOCI")
            self.toc_entries.append(entry)
            out.append(entry)
        return out

    def cover(self) -> list:
        m = self.doc.meta
        out = [Spacer(1, 30 * mm), MarkingBox(clean(m.marking), self.hs.heading_font.bold, 16),
               Spacer(1, 14 * mm), self.paragraph(self.markup.text(m.title, heading=True) or "&nbsp;", "title")]
        if m.subtitle:
            out.append(self.paragraph(self.markup.text(m.subtitle, heading=True), "subtitle"))
        out.append(Spacer(1, 12 * mm))
        lines = [lambda: self.markup.text(m.organization)] if m.organization else []
        lines.append(lambda: f"TLP label: <b>{self.markup.text(m.marking)}</b>")
        lines += [lambda line=line: self.markup.text(line) for line in cover_lines(m)]
        out.extend(self.paragraph(line(), "cover") for line in lines)
        for p in out:  # the cover's lines are paragraphs of the document, ahead of its sections
            if isinstance(p, RLParagraph):
                p.bp_node = self.tagger.root.add("P")
        out.extend([NextPageTemplate("body"), RLPageBreak()])
        return out

    def note_paragraphs(self, blocks: list | None = None, later: bool = False) -> dict:
        """The notes referenced in ``blocks`` (the document's: all) not made before; with ``later``,
        a note of plain text and links is made when the layout first asks for it (:class:`.notes.Later`:
        one drawn on a page played again never is), its element now."""
        notes = {}
        for note in iter_notes(self.doc if blocks is None else blocks):
            n = int(note.number)
            if n in notes or n in self.tagger.notes:
                continue
            if later and all(type(node) in (Text, Link) for node in note.content):
                node = self.tagger.notes[n] = Node("Note", ID=f"{NOTE}{n}", **self.lang(note.content))
                notes[n] = Later(lambda n=n, note=note, node=node: self._note(n, note, node))
            else:
                notes[n] = self._note(n, note, None)
        return notes

    def _note(self, n: int, note, node: Node | None) -> RLParagraph:
        text = self.markup(note.content, notes=False)
        p = self.paragraph(f'<a name="{NOTE}{n}"/><a href="#{REF}{n}" color="{self.markup.link}">{n}.</a> {text}',
                           "note")
        p.bp_node = node or self.tagger.notes.setdefault(n, Node("Note", ID=f"{NOTE}{n}", **self.lang(note.content)))
        return p


# ---------------------------------------------------------------- entry point
def write_pdf(document: Document, path, options, cache=None) -> dict:
    """Write ``document`` as a PDF at ``path``; returns ``{"notes": n, "pages": p}``. ``cache``:
    a ``registry.CacheFolder``, whose parts unchanged since are played again (see :mod:`.parts`)."""
    hs = load_house_style(options.pdf_style)
    pagesize, (x, y, width, height) = page_geometry(hs, paper := (options.paper or "a4").lower())
    walk = PdfWalk(document, hs, width)
    walk.frame_height = height
    store = walk.note_store = NoteStore({}, width)
    parts = PartLayout.of(walk, store, options.pdf_style, paper, cache)
    meta = document.meta
    doc = BriefDocTemplate(
        str(path), timestamp=meta.timestamp, rule_colour=hs.colours["rule"], tagger=walk.tagger, parts=parts,
        pagesize=pagesize, leftMargin=x, rightMargin=pagesize[0] - x - width, topMargin=pagesize[1] - y - height,
        bottomMargin=y, title=clean(meta.title), author=clean(", ".join(meta.authors)),
        subject=clean(meta.subject), keywords=clean(", ".join(meta.keywords)),
        creator="briefpack", producer="briefpack", lang=walk.language,
        initialFontName=hs.body_font.regular, initialFontSize=hs.sizes["body"],
    )
    decorate = PageDecoration(hs, walk.markup.glyphs[True].runs(clean(meta.title)), clean(meta.marking), pagesize,
                              foot=walk.markup.glyphs[True].runs(clean(meta.foot)) if meta.foot else (),
                              direction=walk.direction)
    doc.addPageTemplates([
        PageTemplate("cover", [NoteFrame(store, x, y, width, height, id="cover")], onPage=decorate),
        PageTemplate("body", [NoteFrame(store, x, y, width, height, id="body")], onPage=decorate),
    ])
    doc.at_end.append(lambda canv: decorate.define_page_count(canv, doc.page))
    doc.at_end.append(walk.markup.references.define)
    doc.at_end.append(lambda canv: [e.define_number(canv, walk.heading_pages.get(e.key)) for e in walk.toc_entries])
    try:
        with remembered_widths():  # the flowables are made as the layout reaches them, and freed once drawn
            doc.build(Upcoming(parts.flowables() + [FlushNotes(store)]), canvasmaker=RecordingCanvas)
    except LayoutError as exc:
        problem = tall_row(walk.tables, walk.table_widths, height, _PAD_X, _PAD_Y) or str(exc)
        where = whereabouts(getattr(doc, "current", None), document)
        raise BuildError(f"cannot lay out the PDF{where}: {problem}") from None
    return {"notes": len({note.number for note in iter_notes(document)}), "pages": doc.page}
