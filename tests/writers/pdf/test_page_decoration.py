"""The running heads and feet: what is the same on every page is drawn once and written
again, and gives the operators drawing it on each page would give."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from briefpack.writers.pdf.pages import PageDecoration
from briefpack.writers.pdf.style import load_house_style


class Doc:
    page = 0


def pages_drawn(decoration_of, title: str, pages: int) -> list[list[str]]:
    """Each page's operators, ``decoration_of()`` giving the decoration for each page."""
    canv, doc, out = Canvas(io.BytesIO(), pagesize=A4, invariant=1), Doc(), []
    for n in range(1, pages + 1):
        doc.page = n
        decoration_of().draw(canv, doc)
        out.append(list(canv._code))
        canv.showPage()
    return out


def test_the_heads_and_feet_drawn_once_are_those_drawn_on_every_page():
    hs = load_house_style()

    def decoration(title):
        return PageDecoration(hs, [(hs.heading_font.regular, title)], "TLP:AMBER+STRICT", A4,
                              foot=[(hs.heading_font.regular, "Handle as marked")])

    for title in ("Quarterly review: Қазақстан", "A title far too long to fit on one line of the running head " * 3):
        once = decoration(title)
        again = pages_drawn(lambda once=once: once, title, 12)
        assert again == pages_drawn(lambda title=title: decoration(title), title, 12)
        assert once._same[1] is not None and "Page 12 of " in "".join(again[-1])
