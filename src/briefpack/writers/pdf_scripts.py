"""Which font sets each character of a PDF's text: a fallback chain by script.

Letters of a complex script (Arabic, Devanagari, Malayalam) are set in the
shipped Noto font for it, shaped and ordered (:mod:`.pdf_shaping`); other
characters in the style's family where it has the glyph, else in the other
family of the house style, else in any shipped font that has it. Spaces,
digits and punctuation next to a script's letters (inside one word) go with
them when that font has them, so that they are shaped and ordered together.
A character no font has is printed as U+FFFD; the build warns about it
before (:func:`missing_glyphs`), naming the excerpt and the character.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from . import pdf_shaping
from .pdf.style import FONT_DIR, Family, coverage
from .text_scripts import ARABIC, COMPLEX, DEVANAGARI, MALAYALAM, RTL_SCRIPTS, is_neutral, script_of

# One regular face per script: bold and italic text in these scripts is set upright
# and regular (Arabic, Devanagari and Malayalam have no italic tradition).
SCRIPT_FONTS = {
    ARABIC: "NotoNaskhArabic-Regular",
    DEVANAGARI: "NotoSansDevanagari-Regular",
    MALAYALAM: "NotoSansMalayalam-Regular",
}
MISSING = "\ufffd"


@functools.lru_cache(maxsize=None)
def script_fonts() -> dict[str, str]:
    """Register the shipped script fonts (once); their names by script."""
    for script, name in SCRIPT_FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
        pdf_shaping.SHAPED_FONTS.add(name)
        if script in RTL_SCRIPTS:
            pdf_shaping.RTL_FONTS.add(name)
    pdf_shaping.install()
    return dict(SCRIPT_FONTS)


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

    def fonts(self, text: str) -> list[str | None]:
        """The font of each character of ``text`` (None: no font has it)."""
        out: list[str | None] = [None] * len(text)
        neutral = []
        for i, ch in enumerate(text):
            script = script_of(ch)
            if script is not None and ord(ch) in _cmap(self.scripts[script]):
                out[i] = self.scripts[script]
            elif script is None and is_neutral(ch) and ch != " ":
                neutral.append(i)
            else:
                out[i] = self._plain_font(ch)
        for i in neutral:  # with the script letters of its word, if their font has it
            out[i] = self._word_script_font(text, out, i) or self._plain_font(text[i])
        return out

    def _word_script_font(self, text: str, fonts: list, i: int) -> str | None:
        """The script font of the letters beside neutral character ``i`` in its word: for
        a right-to-left script only between two of its letters (at a run's edge a neutral
        takes the paragraph's direction, as in Unicode's rule N2), for others either side."""
        found = []
        for step in (-1, 1):
            j, font = i + step, None
            while 0 <= j < len(text) and text[j] != " ":
                if fonts[j] in self.scripts.values() or not is_neutral(text[j]):
                    font = fonts[j]
                    break
                j += step
            found.append(font if font in self.scripts.values() else None)
        before, after = found
        if before in pdf_shaping.RTL_FONTS or after in pdf_shaping.RTL_FONTS:
            font = before if before == after else None
        else:
            font = before or after
        return font if font is not None and ord(text[i]) in _cmap(font) else None

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``(font, text)`` pieces of ``text`` (U+FFFD for a character no font has)."""
        if (self._ascii and text.isascii()) or not (self._outside.search(text) or COMPLEX.search(text)):
            return [(self.primary.regular, text)] if text else []
        out: list[tuple[str, str]] = []
        for ch, font in zip(text, self.fonts(text)):
            if font is None:
                font, ch = self.primary.regular, MISSING
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def markup(self, text: str) -> str:
        """``text`` as escaped paragraph markup for a style set in the primary family;
        each run in a script font is a span that carries its own text (/ActualText)."""
        out = []
        for font, piece in self.runs(text):
            if font == self.primary.regular:
                out.append(escape(piece))
            elif font in pdf_shaping.SHAPED_FONTS:
                label = pdf_shaping.span_label(piece, font in pdf_shaping.RTL_FONTS)
                out.append(f'<onDraw name="{pdf_shaping.SPAN}" label="{label}"/>'
                           f'<font name="{font}">{escape(piece)}</font>'
                           f'<onDraw name="{pdf_shaping.SPAN_END}"/>')
            else:
                out.append(f'<font name="{font}">{escape(piece)}</font>')
        return "".join(out)

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` that no font of the chain has, once each."""
        if not self._outside.search(text):
            return []
        return list(dict.fromkeys(ch for ch, font in zip(text, self.fonts(text)) if font is None))


def glyph_warnings(excerpts, pdf_style=None) -> list:
    """A warning for each excerpt whose printed text (quote, summary, note) holds a
    character that no font of the PDF has (it would print as U+FFFD), naming the
    excerpt and the character."""
    import unicodedata

    from ..errors import Problem
    from .pdf_style import load_house_style

    hs = load_house_style(pdf_style)
    chain = Glyphs(hs.body_font, hs.heading_font)  # the heading chain has the same fonts
    out = []
    for excerpt in excerpts:
        text = " ".join((excerpt.quote, excerpt.summary or "", excerpt.note or ""))
        if text.isascii():
            continue
        missing = chain.missing(text)
        if not missing:
            continue
        shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        which = "a character" if len(missing) == 1 else f"{len(missing)} characters"
        out.append(Problem(excerpt.path, excerpt.line,
                           f"excerpt {excerpt.id} has {which} that no font of the PDF has "
                           f"({shown}{more}); the PDF prints \ufffd in its place", "warning"))
    return out
