"""Word widths measured, and numbers written, once per PDF.

reportlab's line breaker asks for the width of every word each time it breaks a
paragraph into lines, and measures it character by character (in Python, when
reportlab's C accelerator is not installed); a paragraph split over two pages
is measured again. Drawing and saving write every coordinate through one
Python function, though a document's pages repeat the same few thousand. While
the writer lays out and saves a document, the width of each (word, font,
size), the ascent and descent of each (font, size) and the text of each number
are kept and given again. The values are reportlab's own, so the file is
unchanged.
"""

from __future__ import annotations

import contextlib
import functools

from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas, textobject
from reportlab.platypus import paragraph as rl_paragraph

_KEPT = 1 << 17  # widths kept at most (the distinct words of a very long document)


@contextlib.contextmanager
def remembered_widths():
    """Within this block, reportlab measures each word, and writes each number, once."""
    known = functools.lru_cache(maxsize=1 << 14, typed=True)(rl_accel.fp_str)

    def numbers(*values):
        try:
            return known(*values)
        except TypeError:  # a list of numbers
            return rl_accel.fp_str(*values)

    patches = [(rl_paragraph, "stringWidth", functools.lru_cache(maxsize=_KEPT)(pdfmetrics.stringWidth)),
               (rl_paragraph, "getAscentDescent", functools.lru_cache(maxsize=256)(pdfmetrics.getAscentDescent)),
               (textobject, "fp_str", numbers), (canvas, "fp_str", numbers), (pdfdoc, "fp_str", numbers)]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, kept in patches:
        setattr(module, name, kept)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)
