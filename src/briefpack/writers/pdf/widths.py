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
import functools

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph

_KEPT = 1 << 17  # widths kept at most (the distinct words of a very long document)


@contextlib.contextmanager
def remembered_widths():
    """Within this block, reportlab's paragraphs measure each word once."""
    saved = rl_paragraph.stringWidth, rl_paragraph.getAscentDescent
    rl_paragraph.stringWidth = functools.lru_cache(maxsize=_KEPT)(pdfmetrics.stringWidth)
    rl_paragraph.getAscentDescent = functools.lru_cache(maxsize=256)(pdfmetrics.getAscentDescent)
    try:
        yield
    finally:
        rl_paragraph.stringWidth, rl_paragraph.getAscentDescent = saved
