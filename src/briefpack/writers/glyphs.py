"""Which font sets each character of a text: a fallback chain by script, for the
PDF's paragraphs and for the lines of a chart (both writers draw charts).

Letters of a complex script (Arabic, Devanagari, Malayalam) are set in the
shipped Noto font for it, shaped and ordered (in the PDF's paragraphs by
:mod:`.pdf.shaping`, in a chart's line by :func:`line_runs`); other
characters in the style's family where it has the glyph, else in the other
family of the house style, else in any shipped font that has it. Spaces,
digits and punctuation between two letters of a script go with them
(:func:`.scripts.script_runs`), so that they are shaped and ordered
together; at a run's edge they take the paragraph's direction. A character no
font has is printed as U+FFFD; the build warns about it before (through
:func:`briefpack.writers.missing_glyphs`), naming the excerpt and the character.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from .fonts import SHAPED_FONTS, Family, coverage, script_fonts
from .scripts import COMPLEX, base_direction, script_runs

MISSING = "\ufffd"


@functools.lru_cache(maxsize=None)
def _cmap(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


@functools.lru_cache(maxsize=None)
def _outside(family: Family) -> re.Pattern:
    """A pattern matching any character ``family`` has no glyph for."""
    ranges, start, prev = [], None, None
    for cp in sorted(c for c in coverage(family) if 0x20 <= c < 0x110000 and not 0xD800 <= c < 0xE000):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            ranges.append((start, prev))
            start = prev = cp
    if start is not None:
        ranges.append((start, prev))
    body = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return re.compile(f"[^{body}]")


class Glyphs:
    """The font chain for text in a style set in ``primary``: the script font for a
    complex script's letters, else ``primary`` where it has the glyph, else
    ``fallback``, else any shipped script font, else U+FFFD."""

    def __init__(self, primary: Family, fallback: Family):
        self.primary, self.fallback = primary, fallback
        self._outside = _outside(primary)
        self._fallback_cover = coverage(fallback)
        self.scripts = script_fonts()
        self._ascii = not self._outside.search("".join(map(chr, range(0x20, 0x7F))))  # has all of ASCII

    def _plain_font(self, ch: str) -> str | None:
        if not self._outside.match(ch):
            return self.primary.regular
        if ord(ch) in self._fallback_cover:
            return self.fallback.regular
        for font in self.scripts.values():
            if ord(ch) in _cmap(font):
                return font
        return None

    def _fonted(self, text: str):
        """``(font, piece)`` for the pieces of ``text``; font None: no font has it."""
        for script, piece in script_runs(text):
            if script is not None:
                font = self.scripts[script]
                cmap = _cmap(font)
                if all(ord(ch) in cmap for ch in piece):
                    yield font, piece
                    continue
                for ch in piece:
                    yield (font if ord(ch) in cmap else self._plain_font(ch)), ch
            elif not self._outside.search(piece):
                yield self.primary.regular, piece
            else:
                for ch in piece:
                    yield self._plain_font(ch), ch

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``(font, text)`` pieces of ``text`` (U+FFFD for a character no font has)."""
        if (self._ascii and text.isascii()) or not (self._outside.search(text) or COMPLEX.search(text)):
            return [(self.primary.regular, text)] if text else []
        out: list[tuple[str, str]] = []
        for font, piece in self._fonted(text):
            if font is None:
                font, piece = self.primary.regular, MISSING
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + piece)
            else:
                out.append((font, piece))
        return out

    def markup(self, text: str) -> str:
        """``text`` as escaped paragraph markup for a style set in the primary family."""
        out = []
        for font, piece in self.runs(text):
            if font == self.primary.regular:
                out.append(escape(piece))
            else:
                out.append(f'<font name="{font}">{escape(piece)}</font>')
        return "".join(out)

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` that no font of the chain has, once each."""
        if not self._outside.search(text):
            return []
        return list(dict.fromkeys(piece for font, piece in self._fonted(text) if font is None))


# ---------------------------------------------------------------- one line drawn directly
@functools.lru_cache(maxsize=4096)
def line_runs(text: str, font: str) -> tuple[tuple[str, str, str, float], ...]:
    """A line of ``text`` for a drawing set in ``font`` (charts), as ``(font, drawn,
    logical, width at 1 pt)`` runs left to right: each complex-script run shaped
    (``drawn`` holds its glyphs in visual order), the runs reversed for a line whose
    first letter is right to left. Text in ``font`` alone is one run."""
    from reportlab.pdfbase.ttfonts import shapeStr

    family = Family(font, font, font, font)
    out = []
    for run_font, piece in Glyphs(family, family).runs(text):
        if run_font in SHAPED_FONTS:
            drawn = shapeStr(piece, run_font, 1)
            width = sum(sd.x_advance for sd in getattr(drawn, "__shapeData__", ())) / 1000 \
                if hasattr(drawn, "__shapeData__") else pdfmetrics.stringWidth(piece, run_font, 1)
        else:
            drawn, width = piece, pdfmetrics.stringWidth(piece, run_font, 1)
        out.append((run_font, drawn, piece, width))
    if not text.isascii() and base_direction(text) == "R":
        out.reverse()
    return tuple(out)
