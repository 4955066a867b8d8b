"""Right-to-left and complex scripts in the DOCX: which font names a complex
script's runs ask for, and right-to-left paragraphs.

Word and LibreOffice shape and order the text themselves; they need to know
which runs are right to left (``w:rtl``, set with the runs: a right-to-left
phrase in an English paragraph, with its own punctuation), which paragraphs run
right to left (``w:bidi``: every paragraph of a document in a right-to-left
language, and a quotation whose first letter is) and the font and size for complex scripts
(``w:rFonts/@w:cs``, ``w:szCs``), which Word uses for such runs instead of the
Latin ones.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from ..scripts import ARABIC, DEVANAGARI, MALAYALAM, isolated_ranges, strong_direction
from .styles import insert_in_order

# The fonts the PDF ships for these scripts, named for Word (which falls back to a
# font of the reader's system that covers the script when one is not installed).
SCRIPT_FONT_NAMES = {
    ARABIC: "Noto Naskh Arabic",
    DEVANAGARI: "Noto Sans Devanagari",
    MALAYALAM: "Noto Sans Malayalam",
}

_P, _PPR, _STYLE, _STYLE_ID = qn("w:p"), qn("w:pPr"), qn("w:style"), qn("w:styleId")
_TABS, _TAB = qn("w:tabs"), qn("w:tab")
RLM, LRM = "\u200f", "\u200e"
# w:pPr children that come after w:bidi in the schema's order
_AFTER_BIDI = {qn("w:" + t) for t in (
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}


def set_direction(p, rtl: bool) -> None:
    """Paragraph ``p`` set right to left (``w:bidi``) or, explicitly, left to right."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = p.makeelement(_PPR, {})
        p.insert(0, ppr)
    old = ppr.find(qn("w:bidi"))
    if old is not None:
        ppr.remove(old)
    insert_in_order(ppr, ppr.makeelement(qn("w:bidi"), {} if rtl else {qn("w:val"): "0"}), _AFTER_BIDI)


def mark_rtl_paragraphs(element) -> int:
    """Set every paragraph under ``element`` that has no direction of its own right to
    left (a document in a right-to-left language); returns how many."""
    count = 0
    for p in element.iter(_P):
        ppr = p.find(_PPR)
        if ppr is None or ppr.find(qn("w:bidi")) is None:
            set_direction(p, True)
            count += 1
    return count


def complete_complex_sizes(styles_element) -> int:
    """Give each run-property set of the styles that has a size (``w:sz``) but no
    complex-script size the same ``w:szCs``, so that a house style's sizes hold for
    Arabic, Devanagari and Malayalam text too; returns how many were added."""
    added = 0
    for sz in list(styles_element.iter(qn("w:sz"))):
        rpr = sz.getparent()
        if rpr.find(qn("w:szCs")) is None:
            sz.addnext(rpr.makeelement(qn("w:szCs"), {qn("w:val"): sz.get(qn("w:val"), "")}))
            added += 1
    return added


def directed_pieces(text: str, base: str = "L", ranges=None, after: bool = False) -> list[tuple[bool, str]]:
    """``text`` (in a paragraph running in the direction ``base``) cut into ``(right to
    left, piece)``: its isolated runs (``ranges``, else found in it alone) and the text
    between them; ``after``: the text before it ended with an isolated run.

    Word and LibreOffice order neutral characters by Unicode's rules over the whole
    paragraph, whatever runs they are in: an isolated run that starts or ends with
    one (a guillemet, a full stop) holds a mark of its direction there, and the
    sentence's punctuation after it starts with a mark of the paragraph's, so that
    each stands on its own side."""
    if ranges is None:
        ranges = isolated_ranges([text], base)[0]
    inner, outer = (RLM, LRM) if base == "L" else (LRM, RLM)
    out, pos = [], 0
    for start, end in ranges:
        between = text[pos:start]
        if (pos or after) and between and not strong_direction(between[0]):
            between = outer + between  # the sentence's own punctuation after an isolated run
        out.append((False, between))
        piece = text[start:end]
        out.append((True, ("" if strong_direction(piece[0]) else inner) + piece
                    + ("" if strong_direction(piece[-1]) else inner)))
        pos = end
    rest = text[pos:]
    out.append((False, outer + rest if (pos or after) and rest and not strong_direction(rest[0]) else rest))
    return [(isolated != (base == "R"), piece) for isolated, piece in out if piece]


def node_ranges(texts: list[str], base: str) -> list[tuple[list[tuple[int, int]], bool]]:
    """For the texts of a paragraph's inline nodes, each one's isolated runs (see
    :func:`.isolated_ranges`) and whether the text before it ended with one."""
    isolated = isolated_ranges(texts, base)
    return [(ranges, k > 0 and bool(isolated[k - 1]) and isolated[k - 1][-1][1] == len(texts[k - 1]))
            for k, ranges in enumerate(isolated)]


def style_tab_stops(styles, style_id: str) -> list[int]:
    """The positions of the tab stops paragraph style ``style_id`` sets, its own and
    those of the styles it is based on (the header style's centre and right stops)."""
    stops: set[int] = set()
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = next((s for s in styles.iter(_STYLE) if s.get(_STYLE_ID) == style_id), None)
        if style is None:
            break
        for tab in style.iterfind(f"{_PPR}/{_TABS}/{_TAB}"):
            pos = tab.get(qn("w:pos"), "")
            if tab.get(qn("w:val")) != "clear" and pos.lstrip("-").isdigit():
                stops.add(int(pos))
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return sorted(stops)
