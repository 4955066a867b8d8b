"""Cross-references in the PDF: "“Kazakhstan,” p. 12", linked to the heading or to the
point of the text (an Anchor: where an excerpt's text starts) it names.

An Anchor is an inline object of no width (reportlab's image fragment) which, drawn,
makes its destination and records its page, as a heading does (kept with the part of
the document it is in, when that part is played again from the layout cache: see
:mod:`.parts`). The page of a target is known only once it is drawn, and a reference
may come before it. As with the contents' page numbers, the number is a form
XObject drawn where it goes and defined after layout, when every target's page
is known: no second layout pass. In the paragraph the number is an inline
object (an image fragment too) whose width is the number's own when the
target is already drawn (a reference back, the usual case), else that of the
page reached so far; the canvas draws the form in the image's place.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..shared import escape, reference_words

XREF = "bpXref"  # the <onDraw> name that marks where a reference's page number goes
FORM = "bpXref"  # forms bpXref0, bpXref1, ...: one per reference
ANCHOR = "bpAnchor"  # the <onDraw> name that marks an Anchor
ANCHOR_KEY = "at-"  # an Anchor's destination: at-<its name>


class AnchorPoint:
    """An Anchor where it is drawn: its destination, and its page recorded in ``pages``
    (the first time: a table's repeated header draws its cells again)."""

    def __init__(self, key: str, pages: dict):
        self.key, self.pages, self.size = key, pages, 10.0

    def normalizedValue(self, available):  # noqa: N802 (reportlab's name): no width
        return 0.0

    def drawn(self, canv, x: float, y: float) -> None:
        if self.key not in self.pages:
            canv.bookmarkHorizontal(self.key, x, y + self.size)
            self.pages[self.key] = canv.getPageNumber()



class PageNumber:
    """Where one reference's page number goes: its form, the heading's destination,
    and the font, size and colour of the text around it."""

    def __init__(self, form: str, key: str, pages: dict):
        self.form, self.key, self.pages = form, key, pages
        self.font, self.size, self.colour = None, 10.0, None  # those of the paragraph that places it
        self._width: float | None = None

    def normalizedValue(self, available):  # noqa: N802 (reportlab's name): the width
        """The room the number takes, decided the first time a line is broken (and kept:
        the lines were broken with it): the number's own width when the heading is drawn
        already; else that of the last heading's page, which it cannot come before."""
        if self._width is None:
            page = self.pages.get(self.key) or max(self.pages.values(), default=1)
            self._width = stringWidth(str(page), self.font, self.size)
        return self._width

    def define(self, canv) -> None:
        """The form: the page number, narrowed to its room in the rare case that a heading
        ahead landed on a page of more digits than the room was kept for."""
        if self.font is None:  # made, but in no paragraph: never drawn
            return
        page = self.pages.get(self.key)
        text = str(page) if page else "?"
        width = stringWidth(text, self.font, self.size)
        room = self._width if self._width else width
        canv.beginForm(self.form, 0, -self.size * 0.3, max(room, 1.0), self.size * 1.2)
        canv.setFont(self.font, self.size)
        if self.colour is not None:
            canv.setFillColor(self.colour)
        if width > room:
            canv.scale(room / width, 1)
        canv.drawString(0, 0, text)
        canv.endForm()


class References:
    """The cross-references of one document: their markup, their numbers in place,
    and the forms that print the numbers."""

    def __init__(self, headings, keys: list[str], pages: dict, house_style: str, anchors: dict[str, str]):
        # a heading's anchor or an Anchor's name -> its destination (``keys``: each heading's, in
        # order; ``anchors``: each Anchor's by its name); a heading's first when two share a name
        self.targets = {**anchors, **dict(reversed([(h.anchor, key) for h, key in zip(headings, keys) if h.anchor]))}
        self.pages = pages  # a destination -> its page, filled as headings and Anchors are drawn
        self.house_style = house_style
        self.numbers: list[PageNumber] = []
        self.anchors, self.points = anchors, []  # the Anchors' destinations by name; each as drawn

    def words(self, node) -> str:
        """The words ``node`` (a CrossRef) prints before its page number: "“Kazakhstan,” p. "
        (a heading the document lacks, which the composer does not let happen: its words alone)."""
        return reference_words(node.text, self.house_style, page=node.target in self.targets)

    def markup(self, node, text, colour: str) -> str:
        """``node`` (a CrossRef) as paragraph markup; ``text(s)`` makes markup of its words."""
        key = self.targets.get(node.target)
        if key is None:
            return text(self.words(node))
        number = PageNumber(f"{FORM}{len(self.numbers)}", key, self.pages)
        self.numbers.append(number)
        href = escape(key, quotes=True)
        return (f'<a href="#{href}" color="{colour}">{text(self.words(node))}'
                f'<onDraw name="{XREF}" label="{len(self.numbers) - 1}"/></a>')

    def anchor(self, node) -> str:
        """``node`` (an Anchor) as paragraph markup: a mark :meth:`place` makes its point."""
        self.points.append(AnchorPoint(self.anchors.get(node.name, ANCHOR_KEY + node.name), self.pages))
        return f'<onDraw name="{ANCHOR}" label="{len(self.points) - 1}"/>'

    def place(self, paragraph) -> None:
        """Turn the marks in ``paragraph``'s fragments into the inline page numbers and Anchors."""
        for frag in paragraph.frags:
            cb = getattr(frag, "cbDefn", None)
            if cb is None or getattr(cb, "kind", "") != "onDraw" or getattr(cb, "name", "") not in (XREF, ANCHOR):
                continue
            if cb.name == ANCHOR:
                point = self.points[int(cb.label)]
                point.size = frag.fontSize
                cb.kind, cb.image, cb.width, cb.height, cb.valign = "img", point, point, 0, "baseline"
                continue
            number = self.numbers[int(cb.label)]
            number.font, number.size = frag.fontName, frag.fontSize
            number.colour = getattr(frag, "textColor", None)
            cb.kind, cb.image, cb.width, cb.height, cb.valign = "img", number, number, frag.fontSize, "baseline"

    def define(self, canv) -> None:
        for number in self.numbers:
            number.define(canv)


def install(canv) -> None:
    """Let ``canv`` draw a page number where a paragraph places its image, and pass
    over a mark no paragraph placed (in the contents' copy of a heading)."""
    draw_image = canv.drawImage

    def drawn(image, x, y, *args, **kw):
        if isinstance(image, AnchorPoint):
            return image.drawn(canv, x, y)
        if not isinstance(image, PageNumber):
            return draw_image(image, x, y, *args, **kw)
        canv.saveState()
        canv.translate(x, y)
        canv.doForm(image.form)
        canv.restoreState()
        return None

    canv.drawImage = drawn
    canv.setNamedCB(XREF, lambda canv, kind, label: None)
    canv.setNamedCB(ANCHOR, lambda canv, kind, label: None)
