"""Which writing system a character belongs to, and which way text runs.

Both writers need it: the PDF writer to choose a font that covers each run of
characters and to shape and order right-to-left and complex scripts, the DOCX
writer to mark right-to-left runs and paragraphs (Word and LibreOffice shape
them). Only the scripts the sources use are named; everything else is
"other" and set in the house style's fonts.
"""

from __future__ import annotations

import functools
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
_JOINERS = "\u200c\u200d\u200e\u200f\u061c"  # zero-width (non-)joiners and direction marks


@functools.lru_cache(maxsize=8192)
def script_of(ch: str) -> str | None:
    """The named complex script of ``ch``, or None."""
    for script, pattern in _SCRIPT_OF:
        if pattern.match(ch):
            return script
    return None


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


# Characters with no script of their own that a run of a script keeps when they stand
# between two of its letters: white space, digits, punctuation, joiners.
_BETWEEN = (r"\s\d!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f\u2e00-\u2e7f\u3000-\u303f"
            + re.escape(_JOINERS))
_RUN = re.compile("|".join(f"(?P<{script}>[{chars}]+(?:[{_BETWEEN}]+[{chars}]+)*)"
                           for script, chars in _RANGES.items()))


def script_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into ``(script, piece)`` runs: a named complex script (with the
    spaces and punctuation between two of its letters) or None for the rest."""
    if text.isascii() or not COMPLEX.search(text):
        return [(None, text)] if text else []
    runs: list[tuple[str | None, str]] = []
    pos = 0
    for match in _RUN.finditer(text):
        if match.start() > pos:
            runs.append((None, text[pos:match.start()]))
        runs.append((match.lastgroup, match.group()))
        pos = match.end()
    if pos < len(text):
        runs.append((None, text[pos:]))
    return runs
