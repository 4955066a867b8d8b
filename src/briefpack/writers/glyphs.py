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
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics

from .fonts import SHAPED_FONTS, Family, coverage, script_fonts
from .scripts import COMPLEX, base_direction, isolates, right_to_left, script_runs, strong_direction, visual_indices
from .shared import escape

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
        self._ascii = not self._outside.search("".join(map(chr, range(0x20, 0x7F))))  # has all of ASCII

    @property
    def scripts(self) -> dict[str, str]:
        """The shipped script fonts by script: read the first time a character needs one."""
        return script_fonts()

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
class Run(NamedTuple):
    """A piece of a line drawn directly, left to right: ``drawn`` what is drawn (a
    shaped run's glyphs in visual order; a neutral piece set right to left reversed,
    brackets mirrored), ``text`` its characters as written, ``width`` at 1 pt,
    ``level`` its embedding level (odd: it reads right to left), ``shaped`` whether
    its glyphs were shaped."""
    font: str
    drawn: str
    text: str
    width: float
    level: int
    shaped: bool


_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,/\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*")


@functools.lru_cache(maxsize=4096)
def line_runs(text: str, font: str, base: str = "L") -> tuple[Run, ...]:
    """A line of ``text`` for a drawing set in ``font`` (charts) in a document running
    in direction ``base`` (see :func:`ordered_runs`). Text in ``font`` alone is one run."""
    family = Family(font, font, font, font)
    return ordered_runs(tuple(Glyphs(family, family).runs(text)), base)


def _atoms(runs, cuts: frozenset) -> list[tuple[str, str, str]]:
    """``(font, piece, direction)``: a script font's run cut at its numbers (drawn as
    they stand, "D"), the others at changes between letters ("L", "R"), digits and the
    rest ("N"); all of them at the offsets ``cuts`` (where isolated runs begin and end)."""
    out, pos = [], 0
    for font, text in runs:
        if font in SHAPED_FONTS:
            numbers = {i for m in _NUMBER.finditer(text) for i in range(m.start(), m.end())}
            kinds = ["D" if i in numbers else "S" for i in range(len(text))]
        else:
            kinds = ["D" if ch.isdigit() else strong_direction(ch) or "N" for ch in text]
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or kinds[i] != kinds[i - 1] or pos + i in cuts:
                piece = text[start:i]
                kind = base_direction(piece, "N") if kinds[start] == "S" else kinds[start]
                out.append((font, piece, kind))
                start = i
        pos += len(text)
    return out


@functools.lru_cache(maxsize=1024)
def ordered_runs(runs: tuple[tuple[str, str], ...], base: str = "L") -> tuple[Run, ...]:
    """``(font, text)`` runs of one line (logical order) as :class:`Run` pieces in visual
    order: the line runs in the document's direction ``base``, a phrase in the other
    direction is an isolated run (:func:`.scripts.isolates`), digits read left to right,
    complex-script runs shaped."""
    from reportlab.pdfbase.ttfonts import shapeStr

    spans = isolates("".join(text for _, text in runs), base)
    atoms = _atoms(runs, frozenset(i for span in spans for i in span))
    inside, pos = [], 0
    for _, piece, _ in atoms:
        inside.append(any(a <= pos < b for a, b in spans))
        pos += len(piece)
    levels = []
    for (_, _, direction), iso in zip(atoms, inside):
        level = (base == "R") + iso
        if direction == "D":  # digits at the even level: left to right
            level += level % 2
        elif direction in ("R", "L") and (direction == "R") != (level % 2 == 1):
            level += 1
        levels.append(level)
    out: list[Run] = []
    for k in visual_indices(levels):
        font, piece, direction = atoms[k]
        shaped = font in SHAPED_FONTS and direction != "D" and direction != "N"
        if shaped:
            drawn = shapeStr(piece, font, 1)
            width = sum(sd.x_advance for sd in getattr(drawn, "__shapeData__", ())) / 1000 \
                if hasattr(drawn, "__shapeData__") else pdfmetrics.stringWidth(piece, font, 1)
        else:
            drawn = right_to_left(piece) if levels[k] % 2 else piece
            width = pdfmetrics.stringWidth(drawn, font, 1)
        last = out[-1] if out else None
        if last and not shaped and not last.shaped and last.font == font and last.level == levels[k]:
            text = last.text + piece if levels[k] % 2 == 0 else piece + last.text
            out[-1] = Run(font, last.drawn + drawn, text, last.width + width, levels[k], False)
        else:
            out.append(Run(font, drawn, piece, width, levels[k], shaped))
    return tuple(out)
