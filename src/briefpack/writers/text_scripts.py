"""Which writing system a character belongs to, and which way text runs.

Both writers need it: the PDF writer to choose a font that covers each run of
characters and to shape and order right-to-left and complex scripts, the DOCX
writer to mark right-to-left runs and paragraphs (Word and LibreOffice shape
them). Only the scripts the sources use are named; everything else is
"other" and set in the house style's fonts.
"""

from __future__ import annotations

import re
import unicodedata

ARABIC, DEVANAGARI, MALAYALAM = "arabic", "devanagari", "malayalam"
RTL_SCRIPTS = frozenset({ARABIC})

_RANGES = {
    ARABIC: "\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe",
    DEVANAGARI: "\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff",
    MALAYALAM: "\u0d00-\u0d7f",
}
COMPLEX = re.compile(f"[{''.join(_RANGES.values())}]")  # a character that needs shaping
_SCRIPT_OF = [(script, re.compile(f"[{chars}]")) for script, chars in _RANGES.items()]
_RTL_OTHER = re.compile("[\u0590-\u05ff\u0700-\u074f\u0780-\u07bf\u07c0-\u07ff\u0800-\u083f\ufb1d-\ufb4f"
                        "\U00010800-\U00010fff\U0001e800-\U0001efff]")  # Hebrew, Syriac, Thaana, ...
# Characters that take the script of the letters around them (spaces, digits,
# punctuation, joiners and marks), as Unicode's "Common" and "Inherited" scripts do.
_JOINERS = "\u200c\u200d\u200e\u200f\u061c"


def script_of(ch: str) -> str | None:
    """The named complex script of ``ch``, or None."""
    for script, pattern in _SCRIPT_OF:
        if pattern.match(ch):
            return script
    return None


def is_neutral(ch: str) -> bool:
    """True for a character with no script of its own (it joins its neighbours')."""
    if ch in _JOINERS:
        return True
    category = unicodedata.category(ch)
    return category[0] in "NPSZC" and not COMPLEX.match(ch)


def strong_direction(ch: str) -> str | None:
    """"R" for a right-to-left letter, "L" for a left-to-right letter, else None."""
    if COMPLEX.match(ch):
        return "R" if script_of(ch) in RTL_SCRIPTS else "L"
    if _RTL_OTHER.match(ch):
        return "R"
    if unicodedata.category(ch)[0] == "L":
        return "L"
    return None


def base_direction(text: str) -> str:
    """The paragraph direction Unicode's rule P2 gives: that of the first strong letter ("L" without one)."""
    for ch in text:
        direction = strong_direction(ch)
        if direction:
            return direction
    return "L"


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter."""
    return any(strong_direction(ch) == "R" for ch in text) if not text.isascii() else False


def script_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into ``(script, piece)`` runs: a named complex script (with the
    spaces and punctuation between two of its letters) or None for the rest."""
    if text.isascii() or not COMPLEX.search(text):
        return [(None, text)] if text else []
    scripts = [script_of(ch) for ch in text]
    strong = [i for i, s in enumerate(scripts) if s is not None or not is_neutral(text[i])]
    for before, after in zip(strong, strong[1:]):
        if after > before + 1 and scripts[before] is not None and scripts[before] == scripts[after]:
            scripts[before + 1:after] = [scripts[before]] * (after - before - 1)
    runs: list[tuple[str | None, str]] = []
    for ch, script in zip(text, scripts):
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, ch))
    return runs
