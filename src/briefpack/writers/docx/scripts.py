"""Right-to-left and complex scripts in the DOCX: which font names a complex
script's runs ask for, and right-to-left paragraphs.

Word and LibreOffice shape and order the text themselves; they need to know
which runs are right to left (``w:rtl``, set with the runs), which paragraphs
run right to left (``w:bidi``: those whose first letter is right to left, as
Unicode's rule P2 has it) and the font and size for complex scripts
(``w:rFonts/@w:cs``, ``w:szCs``), which Word uses for such runs instead of the
Latin ones.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from ..scripts import ARABIC, DEVANAGARI, MALAYALAM, base_direction
from .styles import insert_in_order

# The fonts the PDF ships for these scripts, named for Word (which falls back to a
# font of the reader's system that covers the script when one is not installed).
SCRIPT_FONT_NAMES = {
    ARABIC: "Noto Naskh Arabic",
    DEVANAGARI: "Noto Sans Devanagari",
    MALAYALAM: "Noto Sans Malayalam",
}

_P, _PPR, _T = qn("w:p"), qn("w:pPr"), qn("w:t")
# w:pPr children that come after w:bidi in the schema's order
_AFTER_BIDI = {qn("w:" + t) for t in (
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}


def mark_rtl_paragraphs(element) -> int:
    """Give every paragraph under ``element`` whose first letter is right to left a
    ``w:bidi``; returns how many."""
    count = 0
    for p in element.iter(_P):
        text = "".join(t.text or "" for t in p.iter(_T))
        if text.isascii() or base_direction(text) != "R":
            continue
        ppr = p.find(_PPR)
        if ppr is None:
            ppr = p.makeelement(_PPR, {})
            p.insert(0, ppr)
        if ppr.find(qn("w:bidi")) is not None:
            continue
        insert_in_order(ppr, ppr.makeelement(qn("w:bidi"), {}), _AFTER_BIDI)
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
