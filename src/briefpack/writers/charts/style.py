"""How charts look: font, text size, palette and width, from the house style.

The ``charts`` section of the house style sheet (:mod:`..style_sheet`) sets
the font (a shipped family), the text size and the palette; both writers draw
the same chart with them (the DOCX as a picture at the reference doc's text
width). The default palette is
the colour-blind-safe Okabe-Ito set, ordered so that neighbouring colours also
differ in lightness when printed in grey; marks differ by shape as well as by
colour, so no reading depends on colour alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from ...errors import BuildError
from ..fonts import FONT_DIR, SHIPPED_FAMILIES, Family, register_font
from ..glyphs import line_runs

DEFAULTS = {
    "font": "DejaVuSans",
    "size": 7.5,
    # Okabe-Ito blue, orange, bluish green, vermillion, sky blue, reddish purple.
    "palette": ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7"],
}
KEYS = tuple(DEFAULTS)
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
TEXT = colors.HexColor("#222222")
MUTED = colors.HexColor("#555555")
GRID = colors.HexColor("#C8C8C8")


def chart_settings(sheet) -> dict:
    """The checked ``charts`` section of a style sheet (the defaults without one)."""
    if sheet is None:
        return check_section({}, None)
    return check_section(sheet.sections.get("charts"), sheet.path)


def check_section(values: dict, path) -> dict:
    """The ``charts`` section of a style file, checked; BuildError naming ``path``."""
    shipped = SHIPPED_FAMILIES
    if values is not None and not isinstance(values, dict):
        raise BuildError("PDF style section 'charts' must be a mapping", path=path)
    out = dict(DEFAULTS)
    for key, value in (values or {}).items():
        if key not in DEFAULTS:
            raise BuildError(f"unknown key charts.{key} in PDF style (keys: {', '.join(KEYS)})", path=path)
        out[key] = value
    if out["font"] not in shipped:
        raise BuildError(f"charts.font must be a shipped family ({', '.join(shipped)}), not {out['font']!r}",
                         path=path)
    size = out["size"]
    if isinstance(size, bool) or not isinstance(size, (int, float)) or not 5 <= size <= 14:
        raise BuildError(f"charts.size must be a number between 5 and 14, not {size!r}", path=path)
    palette = out["palette"]
    if (not isinstance(palette, list) or len(palette) < 2
            or not all(isinstance(c, str) and _COLOUR.match(c) for c in palette)):
        raise BuildError('charts.palette must be a list of two or more colours like "#0072B2"', path=path)
    return out


@dataclass(frozen=True)
class ChartStyle:
    """What a chart is drawn with; ``width`` is the text block's, in points."""

    font: str  # reportlab font name, regular face
    bold: str
    size: float
    palette: tuple
    width: float
    value_top: float = 0.0  # the least top of a value axis (a part of a figure keeps the whole's scale)
    direction: str = "L"  # the document's: a label's line runs in it, other-direction phrases isolated

    @property
    def small(self) -> float:
        return round(self.size * 0.8, 2)

    def colour(self, i: int):
        return colors.HexColor(self.palette[i % len(self.palette)])

    def text_width(self, text: str, bold: bool = False, size: float | None = None) -> float:
        font = self.bold if bold else self.font
        if not text.isascii():  # other scripts are set in their own fonts (see glyphs.py, line_runs)
            return sum(run.width for run in line_runs(text, font, self.direction)) * (size or self.size)
        return pdfmetrics.stringWidth(text, font, size or self.size)

    def fit(self, text: str, width: float, bold: bool = False, size: float | None = None) -> str:
        """``text`` in at most ``width`` points: whole when it fits, else shortened with
        "…", at a word's end when one is in the second half of what fits."""
        text = clean(text)
        if self.text_width(text, bold, size) <= width:
            return text
        kept = _at_word_end(text, self._prefix(text, width, "…", bold, size))
        return text[:kept].rstrip(" ,;:–-") + "…"

    def wrap(self, text: str, width: float, most: int = 3, bold: bool = False) -> list[str]:
        """``text`` in lines of at most ``width`` points broken between words (within a
        word only when one is wider than a line), at most ``most`` of them: the last
        shortened with "…" when the rest does not fit."""
        text, lines = clean(text), []
        while text and len(lines) < most - 1 and self.text_width(text, bold) > width:
            cut = max(_at_word_end(text, self._prefix(text, width, "", bold, None)), 1)
            lines.append(text[:cut].rstrip())
            text = text[cut:].lstrip()
        if text:
            lines.append(self.fit(text, width, bold))
        return lines

    def _prefix(self, text: str, width: float, suffix: str, bold: bool, size: float | None) -> int:
        """The length of the longest prefix of ``text`` (which does not fit whole) that
        fits in ``width`` points with ``suffix`` after it. Linear in the text however
        long: only prefixes up to twice that length are measured (widths grow with the
        prefix)."""

        def fits(k: int) -> bool:
            return self.text_width(text[:k] + suffix, bold, size) <= width

        low, high = 0, 1  # a prefix of ``low`` characters fits (or is empty); one of ``high`` does not
        while high < len(text) and fits(high):
            low, high = high, high * 2
        high = min(high, len(text))
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (mid, high) if fits(mid) else (low, mid)
        return low


def _at_word_end(text: str, k: int) -> int:
    """``k``, or the end of the last word before it when ``k`` falls within a word and
    that word's end keeps at least half of the ``k`` characters."""
    if k >= len(text) or text[k] == " " or text[k - 1:k] == " ":
        return k
    space = text.rfind(" ", 0, k)
    return space if space > k // 2 else k


_DROP = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """One line of chart text: no control characters, runs of white space as one space."""
    return " ".join(_DROP.sub(" ", str(text)).split())


def chart_family(name: str) -> Family:
    """The shipped family ``name`` with its regular and bold faces registered (all a
    chart uses: registering the other faces would only cost time)."""
    stems = SHIPPED_FAMILIES[name]
    regular, bold = (register_font(FONT_DIR / f"{stem}.ttf", None) for stem in stems[:2])
    return Family(regular, bold, *stems[2:])


def chart_style(settings: dict, family, width: float, direction: str = "L") -> ChartStyle:
    """A ChartStyle from a checked ``charts`` section and the registered ``family``, for
    a document running in ``direction``."""
    return ChartStyle(font=family.regular, bold=family.bold, size=float(settings["size"]),
                      palette=tuple(settings["palette"]), width=float(width), direction=direction)
