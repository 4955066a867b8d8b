"""The PDF's fonts: the folder of the shipped ones, a registered family of four
faces, and which characters a family has glyphs for."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
FONT_DIR = PACKAGE_DIR / "fonts"


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
