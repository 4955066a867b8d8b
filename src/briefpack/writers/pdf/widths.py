"""Word widths measured once per PDF.

reportlab's line breaker asks for the width of every word each time it breaks a
paragraph into lines, and measures it character by character (in Python, when
reportlab's C accelerator is not installed); a paragraph split over two pages
is measured again. While the writer lays out a document, the width of each
(word, font, size), and the ascent and descent of each (font, size), are kept
and given again. The values are reportlab's own, so the layout is unchanged.
"""

from __future__ import annotations

import contextlib

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph

_LIMIT = 250_000  # widths kept at most (distinct words of a very long document)


@contextlib.contextmanager
def remembered_widths():
    """Within this block, reportlab's paragraphs measure each word once."""
    widths: dict = {}
    extents: dict = {}
    measure, extent = pdfmetrics.stringWidth, pdfmetrics.getAscentDescent

    def string_width(text, fontName, fontSize, encoding="utf8"):
        key = (text, fontName, fontSize)
        try:
            return widths[key]
        except KeyError:
            if encoding != "utf8":
                return measure(text, fontName, fontSize, encoding)
            if len(widths) >= _LIMIT:
                widths.clear()
            width = widths[key] = measure(text, fontName, fontSize)
            return width

    def ascent_descent(fontName, fontSize=None):
        key = (fontName, fontSize)
        try:
            return extents[key]
        except KeyError:
            found = extents[key] = extent(fontName, fontSize)
            return found

    saved = rl_paragraph.stringWidth, rl_paragraph.getAscentDescent
    rl_paragraph.stringWidth, rl_paragraph.getAscentDescent = string_width, ascent_descent
    try:
        yield
    finally:
        rl_paragraph.stringWidth, rl_paragraph.getAscentDescent = saved
