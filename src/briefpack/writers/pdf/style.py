"""The PDF house style: fonts, sizes, colours and margins, from a YAML file.

The default is ``styles/pdf-style.yaml`` inside the package; a user's file
(``WriterOptions.pdf_style``) overrides it key by key. Fonts are embedded
TrueType families (regular, bold, italic, bold italic); the shipped DejaVu
families cover Latin, Cyrillic and Uzbek Latin.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...errors import BuildError
from ...library.yaml_limits import safe_load
from ..charts import style as chart_style
from .fonts import FONT_DIR, PACKAGE_DIR, Family

DEFAULT_STYLE = PACKAGE_DIR / "styles" / "pdf-style.yaml"

FACES = ("regular", "bold", "italic", "bold_italic")
SHIPPED_FAMILIES = {
    "DejaVuSerif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "DejaVuSans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
}
SECTIONS = {
    "fonts": ("body", "headings"),
    "sizes": ("body", "leading", "small", "note", "note_leading", "heading1", "heading2",
              "heading3", "title", "subtitle", "table", "marking"),
    "colours": ("text", "heading", "link", "rule", "quote_rule", "table_header_background",
                "table_grid", "header_text"),
    "margins": ("top", "bottom", "left", "right"),
    "charts": chart_style.KEYS,
}
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
def load_house_style(path: Path | None = None) -> HouseStyle:
    """The default house style, overridden by the YAML file at ``path``."""
    data = _read_yaml(DEFAULT_STYLE)
    base_dir = DEFAULT_STYLE.parent
    user_dirs = {}
    if path is not None:
        user = _read_yaml(Path(path))
        for section, values in user.items():
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
    body = _family(data["fonts"]["body"], user_dirs.get("body", base_dir), origin)
    headings = _family(data["fonts"]["headings"], user_dirs.get("headings", base_dir), origin)
    style = HouseStyle(body, headings, sizes, colours, margins)
    style.styles = _paragraph_styles(style)
    style.charts = chart_style.check_section(data.get("charts"), SHIPPED_FAMILIES, origin)
    style.chart_font = _family(style.charts["font"], base_dir, origin)
    return style


def _read_yaml(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"cannot read PDF style: {exc.strerror or exc}", path=path) from None
    try:
        data = safe_load(text)  # aliases bounded: a style file cannot blow up
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BuildError(f"PDF style is not valid YAML: {problem}", path=path, line=line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BuildError("PDF style must be a mapping of sections", path=path)
    return data


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


def _family(spec, base_dir: Path, path) -> Family:
    """Register a font family (shipped name or four files); returns its face names."""
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
    names = [_register(file, path) for file in files]
    family = Family(*names)
    pdfmetrics.registerFontFamily(
        family.regular, normal=family.regular, bold=family.bold,
        italic=family.italic, boldItalic=family.bold_italic,
    )
    return family


def _register(file: Path, path) -> str:
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
        pdfmetrics.registerFont(TTFont(name, str(file)))
    except Exception as exc:  # reportlab raises its own TTFError and others
        raise BuildError(f"cannot use font {file.name}: {exc}", path=path) from None
    return name


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


def glyph_warnings(excerpts, pdf_style=None) -> list:
    """A warning for each excerpt whose printed text (quote, summary, note) holds a
    character that no font of the PDF has (it would print as U+FFFD), naming the
    excerpt and the character."""
    import unicodedata

    from ...errors import Problem
    from .scripts import Glyphs

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
