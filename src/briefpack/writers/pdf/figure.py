"""A figure in the PDF: the chart as vector graphics, "Figure N. caption" and the
line naming its notes, kept together as one flowable.

The flowable declares the figure's notes (``bp_notes``), so the page-foot
layout (:mod:`.layout`) places them at the foot of the page that holds the
figure, or moves the whole figure to the next page when they do not fit (a long
timeline or estimates chart is split instead, each part with its notes). Its
sources line ends with the note reference of each plotted value (links both
ways, as in the text); each note number printed in the chart links to its note.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import FrameBreak

from ...document.chart_text import SOURCES
from ..charts.kinds import chart_kind, draw_figure
from .bidi import script_class
from .notes import NOTE
from .shaping import script_style
from .tagging import Marked

GAP = 4.0  # between the chart and its caption
MOST = 0.72  # the most of a frame's height a chart may take; a taller one is scaled down
HEADING_ROOM = 40.0  # kept free on the page for a heading above the figure
LEAST_SCALE = 0.6


class FigureFlowable(Flowable):
    """Chart, caption and sources line, placed whole with its notes; a timeline or
    an estimates chart too long for the room left is split (between two events,
    lines or bands), its second part captioned "Figure N (continued).", each part
    with its own notes and, for estimates, the whole figure's scale."""

    def __init__(self, maker, block, continued: bool = False):
        super().__init__()
        self.maker, self.block, self.continued = maker, block, continued
        self.drawing, self.caption, self.sources, self.bp_notes = maker.parts(block, continued)
        self.frame_height = maker.frame_height
        self.store = maker.walk.note_store  # the PDF's NoteStore, to measure this figure's notes
        self.scale = None
        self.spaceBefore, self.spaceAfter = 6.0, 10.0
        self.bp_nodes = (None, None, None)  # its Figure, Caption and sources line's P elements

    def _fit(self) -> float:
        """The chart's scale: 1, or less when the chart would take more than MOST of
        the page, or would not fit on one page with a heading, its caption and its
        notes (which must stand on the same page)."""
        if not self.drawing.height:
            return 1.0
        room = (self.frame_height - HEADING_ROOM - self.spaceBefore - GAP - self.caption_h
                - self.sources_h - self._notes_height())
        scale = min(1.0, self.frame_height * MOST / self.drawing.height, room / self.drawing.height)
        return max(scale, LEAST_SCALE)

    def _notes_height(self, first: bool = True) -> float:
        if self.store is None:
            return 0.0
        return self.store.demand([n for n in self.bp_notes if n in self.store.notes], first)

    def wrap(self, aw, ah):
        self.caption_h = self.caption.wrap(aw, ah)[1]
        self.sources_h = self.sources.wrap(aw, ah)[1] if self.sources is not None else 0.0
        if self.scale is None:
            self.scale = self._fit()
        self.chart_h = self.drawing.height * self.scale
        self.width = aw
        self.height = self.chart_h + GAP + self.caption_h + self.sources_h
        return aw, self.height

    def split(self, aw, ah):
        """Two parts, the first as long as fits with its own notes in the room left
        in the current frame, cut where its kind allows (between two events of a
        timeline, two lines or bands of rows of an estimates chart); nothing (the
        figure moves on whole) for a kind that is not cut (counts), too few points,
        or a page that takes no more notes."""
        points = self.block.points
        cuts = split_points(self.block)
        frame = self._doctemplateAttr("frame")
        if not cuts or self.store is None or frame is None or getattr(frame, "closed", True):
            return []
        if self.block.keep_together and not frame._atTop and self.height <= self.frame_height * 0.95:
            return []  # moves whole to the next page
        room = frame._y - frame._y1p - (0.0 if frame._atTop else self.getSpaceBefore())
        first = not frame.foot
        best, lo, hi = None, 0, len(cuts) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            head = self._part(points[:cuts[mid]], self.continued)
            if head.wrap(aw, room)[1] + head._notes_height(first) <= room:
                best, lo = head, mid + 1
            else:
                hi = mid - 1
        if best is None:
            return []
        # the rest starts on the next page, not in what is left of this one
        return [best, FrameBreak(), self._part(points[len(best.block.points):], True)]

    def _part(self, points, continued: bool):
        part = FigureFlowable(self.maker, replace(self.block, points=list(points)), continued)
        part.store = self.store
        part.bp_nodes = self.bp_nodes
        return part

    def draw(self):
        canv = self.canv
        figure, caption, sources = self.bp_nodes
        top = self.height
        x = (self.width - self.drawing.width * self.scale) / 2
        with Marked(canv, figure):  # the chart is read as its alt text
            canv.saveState()
            canv.translate(x, top - self.chart_h)
            canv.scale(self.scale, self.scale)
            if figure is not None and "BBox" not in figure.attrs:
                figure.attrs["BBox"] = _page_box(canv, self.drawing.width, self.drawing.height)
            self.drawing.drawOn(canv, 0, 0)
            for (lx, ly, w, h, number) in getattr(self.drawing, "bp_links", ()):
                canv.linkRect("", f"{NOTE}{number}", (lx, ly, lx + w, ly + h), relative=1, thickness=0)
            canv.restoreState()
        y = top - self.chart_h - GAP - self.caption_h
        with Marked(canv, caption):
            self.caption.drawOn(canv, 0, y)
        if self.sources is not None:
            with Marked(canv, sources):
                self.sources.drawOn(canv, 0, y - self.sources_h)


def _page_box(canv, width: float, height: float) -> tuple[float, float, float, float]:
    """The box (0, 0, width, height) of the current drawing space on the page."""
    a, b, c, d, e, f = canv._currentMatrix
    xs = [a * px + c * py + e for px, py in ((0, 0), (width, height))]
    ys = [b * px + d * py + f for px, py in ((0, 0), (width, height))]
    return min(xs), min(ys), max(xs), max(ys)


def split_points(block) -> list[int]:
    """Where a figure may be cut: the number of points its first part may hold (as its kind says)."""
    return chart_kind(block).cuts(block.points)


class _Maker:
    """Builds a figure's (or a part's) chart, caption and sources line for the walk."""

    def __init__(self, walk):
        from ..charts.style import chart_style

        self.walk = walk
        self.style = chart_style(walk.hs.charts, walk.hs.chart_font, walk.width, walk.direction)
        self.tops: dict[int, float] = {}  # figure number -> top of the whole figure's values
        self.caption_style, self.sources_style = _styles(walk.st)
        self.frame_height = walk.frame_height

    def parts(self, block, continued: bool):
        from reportlab.platypus import Paragraph as RLParagraph

        markup = self.walk.markup
        style = self.style
        value_top = chart_kind(block).value_top
        if value_top is not None:  # every part on the whole figure's scale
            top = self.tops.setdefault(block.number, value_top(block.points))
            style = replace(style, value_top=top)
        drawing = draw_figure(block, style)
        if continued:
            text = f"<b>{markup.text(f'Figure {block.number} (continued).', heading=True)}</b>"
        else:
            label = markup.text(f"Figure {block.number}. ", heading=True)
            text = f"<b>{label}</b>" + markup(block.caption, heading=True)
        shaped, rtl = markup.take_script()  # a caption in a script: shaped, its lines in visual order
        caption = script_class(RLParagraph)(text, script_style(self.caption_style, rtl, self.walk.direction == "R")) \
            if shaped or rtl else RLParagraph(text, self.caption_style)
        markup.references.place(caption)  # a cross-reference's page number, if it holds one
        refs = _note_references(self.walk, block)
        sources = RLParagraph(refs, self.sources_style) if refs else None
        markup.take_script()  # a line of note numbers, drawn as it stands
        return drawing, caption, sources, markup.take_notes()


def figure_flowable(walk, block) -> list:
    """The flowables of a Figure block, for the PDF walk ``walk`` (its markup and styles)."""
    maker = walk.__dict__.get("figure_maker") or walk.__dict__.setdefault("figure_maker", _Maker(walk))
    figure = FigureFlowable(maker, block)
    here = walk.outline.here  # the chart read as its alt text, then its caption and sources line
    alt = " ".join(block.alt.split()) or f"Figure {block.number}"
    figure.bp_nodes = (here.add("Figure", Alt=alt), here.add("Caption"),
                       here.add("P") if figure.sources is not None else None)
    return [figure]


def _styles(st) -> tuple:
    """The caption (the heading font, as table captions) and the sources line (small)."""
    from reportlab.lib.styles import ParagraphStyle

    caption = ParagraphStyle("figure_caption", parent=st["caption"], fontName=st["subtitle"].fontName,
                             keepWithNext=0, spaceBefore=0, spaceAfter=1)
    sources = ParagraphStyle("figure_sources", parent=st["note"], leftIndent=0, firstLineIndent=0,
                             spaceBefore=0, spaceAfter=0)
    return caption, sources


def _note_references(walk, block) -> str:
    """The sources line: a sentence, then the note reference of each plotted value
    (as any reference in the text), separated by commas."""
    refs = [walk.markup(point.note) for point in block.points]
    refs = [r for r in refs if r]
    if not refs:
        return ""
    return walk.markup.text(SOURCES) + "<super>, </super>".join(refs)
