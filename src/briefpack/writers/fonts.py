"""The fonts both writers draw with: the shipped families and script fonts,
a registered family of four faces, and which characters a family has glyphs for.

The PDF sets its text in them; the charts (:mod:`.charts`) are drawn with them
in both formats. Registering a face makes it known to reportlab by name.
"""

from __future__ import annotations

import functools
import hashlib
from array import array
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import BuildError
from .scripts import ARABIC, DEVANAGARI, MALAYALAM, RTL_SCRIPTS

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FONT_DIR = PACKAGE_DIR / "fonts"

FACES = ("regular", "bold", "italic", "bold_italic")
SHIPPED_FAMILIES = {
    "DejaVuSerif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "DejaVuSans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
}
# One regular face per script: bold and italic text in these scripts is set upright
# and regular (Arabic, Devanagari and Malayalam have no italic tradition).
SCRIPT_FONTS = {
    ARABIC: "NotoNaskhArabic-Regular",
    DEVANAGARI: "NotoSansDevanagari-Regular",
    MALAYALAM: "NotoSansMalayalam-Regular",
}
SHAPED_FONTS = frozenset(SCRIPT_FONTS.values())  # fonts whose runs are shaped
RTL_FONTS = frozenset(name for script, name in SCRIPT_FONTS.items() if script in RTL_SCRIPTS)


@dataclass(frozen=True)
class Family:
    """A registered font family: reportlab font names for the four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@functools.lru_cache(maxsize=None)
def coverage(family: Family) -> frozenset[int]:
    """Code points that all four faces of ``family`` have a glyph for."""
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in
             (family.regular, family.bold, family.italic, family.bold_italic)]
    return frozenset(faces[0]).intersection(*faces[1:])


@functools.lru_cache(maxsize=None)
def script_fonts() -> dict[str, str]:
    """Register the shipped script fonts (once); their names by script."""
    for name in SCRIPT_FONTS.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    return dict(SCRIPT_FONTS)


def register_family(spec, base_dir: Path, path) -> Family:
    """Register a font family (a shipped name, or four files relative to
    ``base_dir``); returns its face names. BuildError naming ``path``."""
    if isinstance(spec, str):
        if spec not in SHIPPED_FAMILIES:
            raise BuildError(
                f"unknown font family {spec!r} (shipped: {', '.join(SHIPPED_FAMILIES)}; "
                "or give regular/bold/italic/bold_italic files)",
                path=path,
            )
        files = [FONT_DIR / f"{stem}.ttf" for stem in SHIPPED_FAMILIES[spec]]
    elif isinstance(spec, dict) and set(spec) == set(FACES):
        files = [(base_dir / str(spec[face])) for face in FACES]
    else:
        raise BuildError(
            "a font must be a shipped family name or a mapping with regular, bold, italic, bold_italic",
            path=path,
        )
    names = [register_font(file, path) for file in files]
    family = Family(*names)
    pdfmetrics.registerFontFamily(
        family.regular, normal=family.regular, bold=family.bold,
        italic=family.italic, boldItalic=family.bold_italic,
    )
    return family


def register_font(file: Path, path) -> str:
    """Register one TrueType face (once); its reportlab name."""
    file = file.resolve()
    if file.parent == FONT_DIR:
        name = file.stem
    else:  # a user's font: a name that cannot clash with another file of the same stem
        name = f"{file.stem}-{hashlib.sha1(str(file).encode()).hexdigest()[:6]}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if not file.is_file():
        raise BuildError(f"font file not found: {file}", path=path)
    try:
        font = TTFont(name, str(file))
    except Exception as exc:  # reportlab raises its own TTFError and others
        raise BuildError(f"cannot use font {file.name}: {exc}", path=path) from None
    compact(font.face, shaped=name in SHAPED_FONTS)
    pdfmetrics.registerFont(font)
    return name


# ---------------------------------------------------------------- a face's tables, held small
class GlyphChars(dict):
    """A face's characters by glyph, which reportlab reads only to shape text (and a face set
    in no script font is never shaped): made from the face's ``charToGlyph`` when first asked
    for, in the order reportlab gives, rather than held for every face from the start."""

    def __init__(self, chars: dict):
        super().__init__()
        self.chars = chars  # the face's charToGlyph: character -> glyph, in the font's order

    def _make(self) -> None:
        if self.chars is not None:
            chars, self.chars = self.chars, None
            for char, glyph in chars.items():
                dict.setdefault(self, glyph, []).append(char)

    def __missing__(self, glyph):
        if self.chars is None:
            raise KeyError(glyph)
        self._make()
        return self[glyph]

    def __contains__(self, glyph) -> bool:
        self._make()
        return dict.__contains__(self, glyph)

    def get(self, glyph, default=None):
        self._make()
        return dict.get(self, glyph, default)

    def setdefault(self, glyph, default=None):
        self._make()
        return dict.setdefault(self, glyph, default)


class GlyphMetrics:
    """A face's advance width and left side bearing of each glyph, ``(aw, lsb)`` by glyph
    index as reportlab reads them to subset the face, kept in two arrays rather than a
    list of tuples (a tenth of the memory)."""

    def __init__(self, metrics: list):
        self.widths = array("d", (aw for aw, _ in metrics))  # (past the font's own metrics, scaled ones)
        self.bearings = array("l", (lsb for _, lsb in metrics))

    def __len__(self) -> int:
        return len(self.widths)

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self.widths[glyph], self.bearings[glyph]


def compact(face, shaped: bool) -> None:
    """``face``'s tables that reportlab reads seldom, held small (see above); a face that is
    ``shaped`` (a script font) keeps its characters by glyph as they are."""
    if isinstance(getattr(face, "hmetrics", None), list):
        face.hmetrics = GlyphMetrics(face.hmetrics)
    if not shaped and type(getattr(face, "glyphToChar", None)) is dict and isinstance(face.charToGlyph, dict):
        face.glyphToChar = GlyphChars(face.charToGlyph)
