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
from fnmatch import fnmatch
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION, rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import BuildError
from . import font_cache
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
        register_font(FONT_DIR / f"{name}.ttf", None)
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
        data = file.read_bytes()
        key = font_cache.face_key(data, REPORTLAB_VERSION)
        font = kept_font(name, file, data, key, name in SHAPED_FONTS)
        if font is None:
            font = TTFont(name, str(file))
            keep_face(key, font.face)
    except Exception as exc:  # reportlab raises its own TTFError and others
        raise BuildError(f"cannot use font {file.name}: {exc}", path=path) from None
    compact(font.face, shaped=name in SHAPED_FONTS)
    font.face.bp_key = key  # a digest of its file: what a layout made with it depends on
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

    @classmethod
    def of(cls, widths: array, bearings: array) -> GlyphMetrics:
        """The metrics held in ``widths`` and ``bearings`` as they are."""
        metrics = cls([])
        metrics.widths, metrics.bearings = widths, array("l", bearings)
        return metrics

    def __len__(self) -> int:
        return len(self.widths)

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self.widths[glyph], self.bearings[glyph]


def compact(face, shaped: bool) -> None:
    """``face``'s tables that reportlab reads seldom, held small (see above); a face that is
    ``shaped`` (a script font) keeps its characters by glyph as they are."""
    if isinstance(getattr(face, "hmetrics", None), list):
        face.hmetrics = GlyphMetrics(face.hmetrics)
    if isinstance(getattr(face, "glyphPos", None), list):  # each glyph's offset, read only to subset the face
        face.glyphPos = array("q", face.glyphPos)
    if not shaped and type(getattr(face, "glyphToChar", None)) is dict and isinstance(face.charToGlyph, dict):
        face.glyphToChar = GlyphChars(face.charToGlyph)


# ---------------------------------------------------------------- a face's values, kept (see font_cache)
def keep_face(key: str, face) -> None:
    """Keep what reportlab read of ``face`` under ``key``; a face it read into values this
    module does not expect is simply not kept."""
    try:
        values, arrays = face_values(face)
    except (AttributeError, TypeError, ValueError, OverflowError):
        return
    font_cache.write(key, values, arrays)


def face_values(face) -> tuple[dict, dict]:
    """What reportlab's ``extractInfo`` set on ``face``: plain values, and arrays."""
    values = {key: getattr(face, key) for key in (*font_cache.WHOLE, *font_cache.NUMBERS, "_full_font")}
    for key in font_cache.NAMES:
        name = getattr(face, key)
        values[key] = ("text", name) if isinstance(name, str) else ("name", getattr(name, "ustr", None))
    values["fontRevision"], values["bbox"] = tuple(face.fontRevision), tuple(face.bbox)
    widths = list(face.charWidths.values())
    pairs = [(glyph, char) for glyph, chars in face.glyphToChar.items() for char in chars]
    arrays = {
        "chars": array("q", face.charToGlyph), "glyphs": array("q", face.charToGlyph.values()),
        "width_chars": array("q", face.charWidths),
        "widths": array("q" if all(type(w) is int for w in widths) else "d"),
        "glyph_of_chars": array("q", (g for g, _ in pairs)), "chars_of_glyphs": array("q", (c for _, c in pairs)),
        "advances": array("d", (aw for aw, _ in face.hmetrics)), "bearings": array("q", (b for _, b in face.hmetrics)),
        "offsets": array("q", face.glyphPos),
    }
    kinds = {type(w) for w in widths}
    if not (kinds <= {int} or kinds == {float}) or any(type(aw) not in (int, float) for aw, _ in face.hmetrics):
        return {}, arrays  # values this module does not keep as they are: not written
    arrays["widths"].extend(widths)
    return values, arrays


def kept_font(name: str, file: Path, data: bytes, key: str, shaped: bool) -> TTFont | None:
    """The face of ``file`` (whose bytes are ``data``) made from the values kept under ``key``,
    as reportlab's ``TTFont(name, file)`` makes it and :func:`compact` leaves it (``shaped``
    as there); None when none are kept."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFontFace, TTFontParser

    kept = font_cache.read(key)
    if kept is None or (kept[1]["offsets"] and max(kept[1]["offsets"]) > len(data)):
        return None
    values, arrays = kept
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face.filename, face._ttf_data = str(file), data
    TTFontParser.__init__(face, face.filename)  # the table directory, from the bytes already read
    for key_, value in values.items():
        if key_ in font_cache.NAMES:
            value = TTFNameBytes(value[1].encode("utf-8")) if value[0] == "name" else value[1]
        setattr(face, key_, value)
    face.fontRevision, face.bbox = tuple(values["fontRevision"]), list(values["bbox"])
    face._pdfScale = _scale(face.unitsPerEm)
    chars = arrays["chars"].tolist()  # the characters' numbers made once, shared by both maps when they can be
    face.charToGlyph = dict(zip(chars, arrays["glyphs"]))
    widths, same = arrays["widths"], {}  # a width object for each distinct width (a few hundred), not each character
    face.charWidths = dict(zip(chars if arrays["width_chars"] == arrays["chars"] else arrays["width_chars"],
                               map(same.setdefault, widths, widths)))
    if shaped:
        face.glyphToChar = {}
        for glyph, char in zip(arrays["glyph_of_chars"], arrays["chars_of_glyphs"]):
            face.glyphToChar.setdefault(glyph, []).append(char)
    else:  # as compact() leaves it
        face.glyphToChar = GlyphChars(face.charToGlyph)
    face.hmetrics = GlyphMetrics.of(arrays["advances"], arrays["bearings"])
    face.glyphPos = arrays["offsets"]  # as compact() leaves it
    font = TTFont.__new__(TTFont)  # what TTFont.__init__ sets beside the face
    font.fontName, font.face, font.encoding, font.state = name, face, TTEncoding(), WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _scale(units_per_em: int):
    """reportlab's scale from a face's units to thousandths of the em (as ``extractInfo`` makes it)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor
