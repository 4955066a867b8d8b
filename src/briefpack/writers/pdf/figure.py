"""A figure in the PDF: the chart as vector graphics, "Figure N. caption" and the
line naming its notes, kept together as one flowable.

The flowable declares the figure's notes (``bp_notes``), so the page-foot
layout (:mod:`.layout`) places them at the foot of the page that holds the
figure, or moves the whole figure to the next page when they do not fit. Its
sources line ends with the note reference of each plotted value (links both
ways, as in the text); each note number printed in the chart links to its note.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..charts.draw import draw_figure
from .notes import NOTE

GAP = 4.0  # between the chart and its caption
MOST = 0.72  # the most of a frame's height a chart may take; a taller one is scaled down
HEADING_ROOM = 40.0  # kept free on the page for a heading above the figure
LEAST_SCALE = 0.6


class FigureFlowable(Flowable):
    """Chart, caption and sources line; never split (its notes stay with it)."""

    def __init__(self, drawing, caption, sources, notes: tuple[int, ...], frame_height: float):
        super().__init__()
        self.drawing, self.caption, self.sources = drawing, caption, sources
        self.bp_notes = notes
        self.frame_height = frame_height
        self.store = None  # the PDF's NoteStore, to measure this figure's notes
        self.scale = None
        self.spaceBefore, self.spaceAfter = 6.0, 10.0

    def _fit(self) -> float:
        """The chart's scale: 1, or less when the chart would take more than MOST of
        the page, or would not fit on one page with a heading, its caption and its
        notes (which must stand on the same page)."""
        if not self.drawing.height:
            return 1.0
        notes = 0.0
        if self.store is not None:
            notes = sum(self.store.height(n) for n in self.bp_notes if n in self.store.notes) + 10.0
        room = (self.frame_height - HEADING_ROOM - self.spaceBefore - GAP - self.caption_h
                - self.sources_h - notes)
        scale = min(1.0, self.frame_height * MOST / self.drawing.height, room / self.drawing.height)
        return max(scale, LEAST_SCALE)

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
        return []

    def draw(self):
        canv = self.canv
        top = self.height
        x = (self.width - self.drawing.width * self.scale) / 2
        canv.saveState()
        canv.translate(x, top - self.chart_h)
        canv.scale(self.scale, self.scale)
        self.drawing.drawOn(canv, 0, 0)
        for (lx, ly, w, h, number) in getattr(self.drawing, "bp_links", ()):
            canv.linkRect("", f"{NOTE}{number}", (lx, ly, lx + w, ly + h), relative=1, thickness=0)
        canv.restoreState()
        y = top - self.chart_h - GAP - self.caption_h
        self.caption.drawOn(canv, 0, y)
        if self.sources is not None:
            self.sources.drawOn(canv, 0, y - self.sources_h)


def figure_flowable(walk, block) -> list:
    """The flowables of a Figure block, for the PDF walk ``walk`` (its markup and styles)."""
    from reportlab.platypus import Paragraph as RLParagraph

    from ..charts.style import chart_style

    hs = walk.hs
    style = chart_style(hs.charts, hs.chart_font, walk.width)
    drawing = draw_figure(block, style)
    caption_style, sources_style = _styles(walk.st)
    label = walk.markup.text(f"Figure {block.number}. ", heading=True)
    caption = RLParagraph(f"<b>{label}</b>" + walk.markup(block.caption, heading=True), caption_style)
    refs = _note_references(walk, block)
    sources = RLParagraph(refs, sources_style) if refs else None
    notes = walk.markup.take_notes()
    figure = FigureFlowable(drawing, caption, sources, notes, walk.frame_height)
    walk.__dict__.setdefault("figures", []).append(figure)
    return [figure]


def _styles(st) -> tuple:
    """The caption (the heading font, as table captions) and the sources line (small)."""
    from reportlab.lib.styles import ParagraphStyle

    caption = ParagraphStyle("figure_caption", parent=st["caption"], fontName=st["subtitle"].fontName,
                             keepWithNext=0, spaceBefore=0, spaceAfter=1)
    sources = ParagraphStyle("figure_sources", parent=st["note"], leftIndent=0, firstLineIndent=0,
                             spaceBefore=0, spaceAfter=0)
    return caption, sources


SOURCES = "Each value is plotted as its source gives it."


def _note_references(walk, block) -> str:
    """The sources line: a sentence, then the note reference of each plotted value
    (as any reference in the text), separated by commas."""
    refs = [walk.markup(point.note) for point in block.points]
    refs = [r for r in refs if r]
    if not refs:
        return ""
    return walk.markup.text(SOURCES) + "<super>, </super>".join(refs)
