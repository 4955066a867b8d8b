"""What the PDF pages show besides the body: the TLP label in header and footer,
"Page X of Y", headings that bookmark themselves, and table of contents entries
whose page numbers are form XObjects filled in after layout."""

from __future__ import annotations

import functools
import itertools

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth as measure
from reportlab.platypus import Flowable, Paragraph

from ...conventions.tlp import colour as tlp_colour
from ..glyphs import ordered_runs
from ..scripts import isolates
from .bidi import PDI, RLI, read_back
from .recording import page_resources
from .shaping import span_label
from .style import HouseStyle
from .tagging import Artifact, Marked, Tagged

PAGES_FORM = "bpPages"

# The running heads and feet measure the same few strings on every page: measured once.
stringWidth = functools.lru_cache(maxsize=4096)(measure)


def draw_marking(canv, marking: str, x_right: float, y: float, font: str, size: float) -> float:
    """The TLP label right-aligned at ``x_right``, in its colour on black, bottom at ``y``.
    Returns the box height."""
    pad = size * 0.35
    width = stringWidth(marking, font, size) + 2 * pad
    height = size + 2 * pad * 0.8
    canv.saveState()
    canv.setFillColor(colors.black)
    canv.rect(x_right - width, y, width, height, stroke=0, fill=1)
    canv.setFillColor(colors.HexColor("#" + tlp_colour(marking)))
    canv.setFont(font, size)
    canv.drawRightString(x_right - pad, y + pad * 0.8 + size * 0.22, marking)
    canv.restoreState()
    return height


class PageDecoration:
    """Header and footer of every page: title, TLP label (both), "Page X of Y".

    ``title`` is the running title as ``(font, text)`` runs (see :class:`.Glyphs`),
    shortened with an ellipsis to leave room for the label."""

    FONT_SIZE = 8.5
    _same: tuple = (None, None)  # the canvas drawn on, and what the labels and title drew there: the same on every page

    def __init__(self, hs: HouseStyle, title: list[tuple[str, str]], marking: str, pagesize, foot=(),
                 direction: str = "L"):
        self.hs, self.marking = hs, marking
        self.width, self.height = pagesize
        m = hs.margins
        limit = self.width - m["left"] - m["right"] - 30
        beside = max(stringWidth("Page 9999 of 9999", hs.heading_font.regular, self.FONT_SIZE),
                     stringWidth(marking, hs.heading_font.bold, hs.sizes["marking"]) + 12)
        self.foot = [(f, t, stringWidth(t, f, self.FONT_SIZE))  # a line centred in the footer, measured once
                     for f, t in _fit(list(foot), limit + 30 - 2 * beside - 24, self.FONT_SIZE)]
        self.title = _line(_fit(title, limit - stringWidth(marking, hs.heading_font.bold, hs.sizes["marking"]),
                                self.FONT_SIZE), direction, self.FONT_SIZE)

    def __call__(self, canv, doc):
        with Artifact(canv, "Pagination"):  # running heads and feet: not read as content
            self.draw(canv, doc)

    def draw(self, canv, doc):
        hs, m = self.hs, self.hs.margins
        size = hs.sizes["marking"]
        left, right = m["left"], self.width - m["right"]
        box = size * 1.56
        top_y = self.height - m["top"] + max(6.0, (m["top"] - box) * 0.35)
        bottom_y = m["bottom"] - box - max(6.0, (m["bottom"] - box) * 0.35)
        code, known = canv._code, self._same[1] if self._same[0] is canv else None
        start, resources = len(code), page_resources(canv)
        if known is None:
            draw_marking(canv, self.marking, right, top_y, hs.heading_font.bold, size)
            draw_marking(canv, self.marking, right, bottom_y, hs.heading_font.bold, size)
        else:
            code.extend(known[0])
        marked = len(code)
        canv.saveState()
        canv.setFillColor(hs.colours["header_text"])
        font, fsize = hs.heading_font.regular, self.FONT_SIZE
        title = len(code)
        if known is None:
            self._title(canv, left, top_y + box * 0.3)
            if page_resources(canv) == resources:  # drawn with fonts and colours alone: the same again
                self._same = (canv, (code[start:marked], code[title:]))
        else:
            code.extend(known[1])
        canv.setFont(font, fsize)
        text = f"Page {doc.page} of "
        y = bottom_y + box * 0.3
        self._page_line(canv, left, y, text, font, fsize)
        if self.foot:
            x = (left + right - sum(w for _, _, w in self.foot)) / 2
            for run_font, run, w in self.foot:
                canv.setFont(run_font, fsize)
                canv.drawString(x, y, run)
                x += w
            canv.setFont(font, fsize)
        canv.translate(left + stringWidth(text, font, fsize), y)
        canv.doForm(PAGES_FORM)
        canv.restoreState()

    _head: tuple = (None, None)  # (canvas, x, y, font, size) and what the page count line starts with there

    def _page_line(self, canv, x: float, y: float, text: str, font: str, size: float) -> None:
        """``text`` as drawString draws it in ``font`` (set on the canvas) at ``x``, ``y``: the first
        time by drawString's own means, then, when the font's subset gives it codes in one run of
        its first subset as it did, by writing that line's start again and the codes after it."""
        key, face, doc = (canv, x, y, font, size), pdfmetrics.getFont(font), canv._doc
        if self._head[0] == key:
            runs = face.splitString(text, doc)  # the codes given, as drawString would give them
            if len(runs) == 1 and runs[0][0] == 0:
                canv._code.append(f"{self._head[1]}({canv._escape(runs[0][1])}) Tj T* ET")
                return
        line = canv.beginText(x, y)  # as drawString draws it, not measured twice
        line.textLine(text)
        canv.drawText(line)
        runs = face.splitString(text, doc) if getattr(face, "_dynamicFont", 0) else ()
        if len(runs) == 1 and runs[0][0] == 0:  # a plain string of a subset font: drawn in one run
            drawn, tail = canv._code[-1], f"({canv._escape(runs[0][1])}) Tj T* ET"
            if drawn.endswith(tail):
                self._head = (key, drawn[:-len(tail)])

    def _title(self, canv, x: float, y: float) -> None:
        for label, runs in self.title:
            if label:
                canv.addLiteral(f"/Span <</ActualText <FEFF{label}>>> BDC")
            for run_font, drawn, offset in runs:
                canv.setFont(run_font, self.FONT_SIZE)
                canv.drawString(x + offset, y, drawn)
            if label:
                canv.addLiteral("EMC")

    def define_page_count(self, canv, pages: int):
        canv.beginForm(PAGES_FORM, 0, -4, 80, 12)
        canv.setFillColor(self.hs.colours["header_text"])
        canv.setFont(self.hs.heading_font.regular, self.FONT_SIZE)
        canv.drawString(0, 0, str(pages))
        canv.endForm()


def _line(runs: list[tuple[str, str]], direction: str, size: float) -> list[tuple[str | None, list]]:
    """A line of ``(font, text)`` runs, in a document running in ``direction``, as it is
    drawn on every page: shaped and in visual order (see :func:`.glyphs.ordered_runs`),
    in groups ``(label, [(font, drawn, x)])``; a group reading right to left has the
    ``label`` of its span's /ActualText (see :func:`.bidi.read_back`), so that text
    extraction gives its characters in logical order."""
    text = "".join(piece for _, piece in runs)
    ordered = ordered_runs(tuple(runs), direction)
    rtl = direction == "R"
    spans = [text] if rtl else [RLI + text[a:b] + PDI for a, b in isolates(text, direction)]
    groups, x = [], 0.0
    for right_to_left, group in itertools.groupby(ordered, key=lambda run: rtl or run.level > 0):
        pieces = []
        for run in group:
            pieces.append((run.font, run.drawn, x))
            x += run.width * size
        groups.append([right_to_left, pieces])
    stretches = [g for g in groups if g[0]]
    for g in groups:
        g[0] = None
    if len(stretches) == len(spans):
        for g, logical in zip(stretches, spans):
            g[0] = span_label(read_back(logical, not rtl))
    return [tuple(g) for g in groups]


def _fit(runs: list[tuple[str, str]], limit: float, size: float) -> list[tuple[str, str]]:
    """``runs`` cut short and ended with an ellipsis if wider than ``limit``."""
    def width(rs):
        return sum(stringWidth(text, font, size) for font, text in rs)

    if width(runs) <= limit:
        return runs
    chars = [(font, ch) for font, text in runs for ch in text]
    while chars:
        chars = chars[:-1]
        while chars and chars[-1][1].isspace():
            chars = chars[:-1]
        if not chars:
            return []
        cut: list[tuple[str, str]] = []
        for font, ch in chars + [(chars[-1][0], "…")]:
            if cut and cut[-1][0] == font:
                cut[-1] = (font, cut[-1][1] + ch)
            else:
                cut.append((font, ch))
        if width(cut) <= limit:
            return cut
    return []


class HeadingParagraph(Tagged, Paragraph):
    """A heading that makes its destination, outline entry and page record when drawn."""

    bp_key = None  # destination name; None for the later part of a split heading

    def mark(self, key: str, title: str, outline_level: int | None, pages: dict):
        self.bp_key, self.bp_title, self.bp_level, self.bp_pages = key, title, outline_level, pages
        return self

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self and self.bp_key:
            parts[0].mark(self.bp_key, self.bp_title, self.bp_level, self.bp_pages)
        return parts

    def draw(self):
        super().draw()
        if self.bp_key:
            canv = self.canv
            canv.bookmarkHorizontal(self.bp_key, 0, self.height)
            self.bp_pages[self.bp_key] = canv.getPageNumber()
            if self.bp_level is not None:
                canv.addOutlineEntry(self.bp_title, self.bp_key, self.bp_level, closed=self.bp_level > 0)


class TocEntry(Flowable):
    """One line of the table of contents: linked text, dot leaders and a page number
    drawn as a form (its value is known only after layout). Its size does not depend
    on the number."""

    NUMBER_WIDTH = 36.0

    bp_node = None  # its TOCI element: the entry's text and number (the leaders are artifacts)

    def __init__(self, markup: str, style, key: str, form: str):
        super().__init__()
        self.para = Paragraph(markup, style)
        self.style, self.key, self.form = style, key, form

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.para.wrap(availWidth - self.NUMBER_WIDTH, availHeight)[1]
        return self.width, self.height

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        with Marked(self.canv, self.bp_node):
            self.para.drawOn(self.canv, 0, 0)
            baseline = self._number()
            self.canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
        with Artifact(self.canv):
            self._leaders(baseline)

    def _number(self) -> float:
        canv, st = self.canv, self.style
        lines = self.para.blPara.lines
        baseline = self.height - st.fontSize - (len(lines) - 1) * st.leading
        canv.saveState()
        canv.translate(self.width, baseline)
        canv.doForm(self.form)
        canv.restoreState()
        return baseline

    def _leaders(self, baseline: float) -> None:
        canv, st = self.canv, self.style
        lines = self.para.blPara.lines
        last = lines[-1]
        extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
        indent = st.leftIndent + (st.firstLineIndent if len(lines) == 1 else 0)
        text_end = indent + self.para._wrapWidths[-1 if len(lines) > 1 else 0] - extra
        dots_from, dots_to = text_end + 6, self.width - self.NUMBER_WIDTH + 4
        if dots_to > dots_from:
            canv.saveState()
            canv.setFont(st.fontName, st.fontSize)
            canv.setFillColor(st.textColor)
            step = 4.5
            x = step * (int(dots_from / step) + 1)
            count = int((dots_to - x) / step)
            if count > 0:
                t = canv.beginText(x, baseline)
                t.setCharSpace(step - stringWidth(".", st.fontName, st.fontSize))
                t.textOut("." * count)
                canv.drawText(t)
            canv.restoreState()

    def define_number(self, canv, page):
        st = self.style
        canv.beginForm(self.form, -self.NUMBER_WIDTH, -4, 0, st.fontSize + 4)
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        canv.drawRightString(0, 0, str(page) if page else "")
        canv.endForm()


class MarkingBox(Flowable):
    """The TLP label on the cover, larger."""

    def __init__(self, marking: str, font: str, size: float):
        super().__init__()
        self.marking, self.font, self.size = marking, font, size

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.size * 1.6
        return self.width, self.height

    def draw(self):
        pad = self.size * 0.35
        w = stringWidth(self.marking, self.font, self.size) + 2 * pad
        with Artifact(self.canv, "Pagination"):  # the cover's lines say the label in words
            draw_marking(self.canv, self.marking, w, 0, self.font, self.size)
