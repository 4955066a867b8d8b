"""The PDF house style: fonts, sizes, colours and margins.

The defaults below are those of the shipped ``styles/pdf-style.yaml`` (the
file a user copies to make their own); a user's style sheet
(``WriterOptions.pdf_style``, read by the pipeline) overrides them key by
key. Fonts are embedded TrueType families (regular, bold, italic, bold
italic); the shipped DejaVu families cover Latin, Cyrillic and Uzbek Latin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ...errors import BuildError
from ..charts import style as chart_style
from ..fonts import PACKAGE_DIR, Family, register_family
from ..style_sheet import StyleSheet

DEFAULT_STYLE = PACKAGE_DIR / "styles" / "pdf-style.yaml"  # the defaults as a file to copy
DEFAULTS = {
    "fonts": {"body": "DejaVuSerif", "headings": "DejaVuSans"},
    "sizes": {"body": 10.5, "leading": 14.5, "small": 9, "note": 8, "note_leading": 10, "heading1": 16,
              "heading2": 13, "heading3": 11.5, "title": 26, "subtitle": 15, "table": 9, "marking": 12},
    "colours": {"text": "#111111", "heading": "#1F3864", "link": "#1F3864", "rule": "#7F7F7F",
                "quote_rule": "#B4B4B4", "table_header_background": "#DCE3EE", "table_grid": "#9A9A9A",
                "header_text": "#555555"},
    "margins": {"top": 24, "bottom": 24, "left": 22, "right": 22},
    "charts": chart_style.DEFAULTS,
}
SECTIONS = {section: tuple(keys) for section, keys in DEFAULTS.items()}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass
class HouseStyle:
    body_font: Family
    heading_font: Family
    sizes: dict[str, float]
    colours: dict[str, colors.Color]
    margins: dict[str, float]  # points
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)
    charts: dict = field(default_factory=dict)  # the checked ``charts`` section
    chart_font: Family | None = None


# ---------------------------------------------------------------- loading
def load_house_style(sheet: StyleSheet | None = None) -> HouseStyle:
    """The default house style, overridden by the style sheet ``sheet``."""
    data = {section: dict(values) for section, values in DEFAULTS.items()}
    base_dir = DEFAULT_STYLE.parent
    user_dirs = {}
    path = sheet.path if sheet is not None else None
    for section, values in (sheet.sections if sheet is not None else {}).items():
        if section not in SECTIONS:
            raise BuildError(
                f"unknown section {section!r} in PDF style (expected one of: {', '.join(SECTIONS)})",
                path=path,
            )
        if not isinstance(values, dict):
            raise BuildError(f"PDF style section {section!r} must be a mapping", path=path)
        for key, value in values.items():
            if key not in SECTIONS[section]:
                raise BuildError(f"unknown key {section}.{key} in PDF style", path=path)
            data[section][key] = value
            if section == "fonts":
                user_dirs[key] = Path(path).resolve().parent
    origin = path if path is not None else DEFAULT_STYLE

    sizes = {k: _number(data["sizes"][k], f"sizes.{k}", origin, 4, 96) for k in SECTIONS["sizes"]}
    if sizes["marking"] < 12:
        raise BuildError("sizes.marking must be 12 pt or more (TLP labels)", path=origin)
    colours = {k: _colour(data["colours"][k], f"colours.{k}", origin) for k in SECTIONS["colours"]}
    margins = {k: _number(data["margins"][k], f"margins.{k}", origin, 10, 80) * mm for k in SECTIONS["margins"]}
    body = register_family(data["fonts"]["body"], user_dirs.get("body", base_dir), origin)
    headings = register_family(data["fonts"]["headings"], user_dirs.get("headings", base_dir), origin)
    style = HouseStyle(body, headings, sizes, colours, margins)
    style.styles = _paragraph_styles(style)
    style.charts = chart_style.check_section(data.get("charts"), origin)
    style.chart_font = register_family(style.charts["font"], base_dir, origin)
    return style


def _number(value, name, path, low, high) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BuildError(f"{name} must be a number, not {value!r}", path=path)
    if not low <= value <= high:
        raise BuildError(f"{name} must be between {low} and {high}, not {value}", path=path)
    return float(value)


def _colour(value, name, path) -> colors.Color:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise BuildError(f"{name} must be a colour like \"#1F3864\", not {value!r}", path=path)
    return colors.HexColor(value)


# ---------------------------------------------------------------- paragraph styles
def _paragraph_styles(hs: HouseStyle) -> dict[str, ParagraphStyle]:
    s, c = hs.sizes, hs.colours
    body = ParagraphStyle(
        "body", fontName=hs.body_font.regular, fontSize=s["body"], leading=s["leading"],
        textColor=c["text"], alignment=TA_LEFT, spaceAfter=s["leading"] * 0.45,
        allowWidows=0, allowOrphans=0, splitLongWords=1,
    )
    head = dict(fontName=hs.heading_font.bold, textColor=c["heading"], alignment=TA_LEFT,
                keepWithNext=1, allowWidows=1)
    out = {
        "body": body,
        "lead": ParagraphStyle("lead", parent=body),
        "small": ParagraphStyle("small", parent=body, fontSize=s["small"], leading=s["small"] * 1.3,
                                alignment=TA_LEFT),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=10 * mm, rightIndent=6 * mm,
                                fontSize=s["body"] * 0.95, leading=s["leading"] * 0.95,
                                alignment=TA_LEFT, spaceBefore=2, spaceAfter=s["leading"] * 0.6),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=7 * mm, bulletIndent=2 * mm,
                                 bulletFontName=hs.body_font.regular, spaceAfter=s["leading"] * 0.2,
                                 alignment=TA_LEFT),
        "note": ParagraphStyle("note", fontName=hs.body_font.regular, fontSize=s["note"],
                               leading=s["note_leading"], textColor=c["text"], leftIndent=4 * mm,
                               firstLineIndent=-4 * mm, allowWidows=1, allowOrphans=1,
                               splitLongWords=1),
        "cell": ParagraphStyle("cell", fontName=hs.body_font.regular, fontSize=s["table"],
                               leading=s["table"] * 1.25, textColor=c["text"], splitLongWords=1),
        "caption": ParagraphStyle("caption", fontName=hs.heading_font.bold, fontSize=s["small"],
                                  leading=s["small"] * 1.3, textColor=c["heading"], keepWithNext=1,
                                  spaceBefore=4, spaceAfter=3),
        "h1": ParagraphStyle("h1", fontSize=s["heading1"], leading=s["heading1"] * 1.25,
                             spaceBefore=s["heading1"] * 0.9, spaceAfter=s["heading1"] * 0.45, **head),
        "h2": ParagraphStyle("h2", fontSize=s["heading2"], leading=s["heading2"] * 1.25,
                             spaceBefore=s["heading2"] * 0.8, spaceAfter=s["heading2"] * 0.35, **head),
        "h3": ParagraphStyle("h3", fontSize=s["heading3"], leading=s["heading3"] * 1.25,
                             spaceBefore=s["heading3"] * 0.7, spaceAfter=s["heading3"] * 0.3, **head),
        "toc1": ParagraphStyle("toc1", fontName=hs.body_font.bold, fontSize=s["body"],
                               leading=s["leading"], textColor=c["text"], spaceBefore=4),
        "toc2": ParagraphStyle("toc2", fontName=hs.body_font.regular, fontSize=s["body"],
                               leading=s["leading"], textColor=c["text"], leftIndent=6 * mm),
        "title": ParagraphStyle("title", fontName=hs.heading_font.bold, fontSize=s["title"],
                                leading=s["title"] * 1.2, textColor=c["heading"], spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", fontName=hs.heading_font.regular,
                                   fontSize=s["subtitle"], leading=s["subtitle"] * 1.3,
                                   textColor=c["text"], spaceAfter=24),
        "cover": ParagraphStyle("cover", fontName=hs.body_font.regular, fontSize=s["body"] + 1,
                                leading=(s["body"] + 1) * 1.45, textColor=c["text"]),
    }
    out["header"] = ParagraphStyle("header", fontName=hs.heading_font.regular, fontSize=8,
                                   textColor=c["header_text"])
    out["cell_header"] = ParagraphStyle("cell_header", parent=out["cell"], fontName=hs.body_font.bold)
    return out


def missing_glyphs(texts, sheet=None) -> list[list[str]]:
    """For each of ``texts``, the characters no font of the PDF has (it would print
    U+FFFD in their place), once each."""
    from ..glyphs import Glyphs

    hs = load_house_style(sheet)
    chain = Glyphs(hs.body_font, hs.heading_font)  # the heading chain has the same fonts
    return [[] if text.isascii() else chain.missing(text) for text in texts]


PAPER = {"a4": A4, "letter": LETTER}


def page_geometry(hs: HouseStyle, paper: str):
    """The page size on ``paper``, and the frame inside the house style's margins: (x, y, width, height)."""
    if paper not in PAPER:
        raise BuildError(f"unknown paper {paper!r} (expected a4 or letter)")
    w, h = PAPER[paper]
    m = hs.margins
    return (w, h), (m["left"], m["bottom"], w - m["left"] - m["right"], h - m["top"] - m["bottom"])
