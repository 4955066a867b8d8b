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


# Languages written in Arabic letters, and those written right to left (those a desk's
# documents may be written in).
ARABIC_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ur", "ug", "sd", "ckb"})
RTL_LANGUAGES = ARABIC_LANGUAGES | {"dv", "he", "yi", "syr"}


def document_direction(language: str | None) -> str:
    """"R" for a document whose language is written right to left, else "L": the
    direction of every paragraph it generates (notes, annex, lists, tables)."""
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    return "R" if primary in RTL_LANGUAGES else "L"


RTL_CHAR = re.compile(f"[{_RANGES[ARABIC]}]|{_RTL_OTHER.pattern}")  # a character of a right-to-left script


def base_direction(text: str, default: str = "L") -> str:
    """The paragraph direction Unicode's rule P2 gives: that of the first strong letter
    (``default`` without one)."""
    for ch in text:
        direction = strong_direction(ch)
        if direction:
            return direction
    return default


# Characters with no script of their own that a run of a script keeps when they stand
# between two of its letters: white space, digits, punctuation, joiners.
_BETWEEN = (r"\s\d!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f\u2e00-\u2e7f\u3000-\u303f"
            + re.escape(_JOINERS))


@functools.lru_cache(maxsize=None)
def _runs() -> re.Pattern:
    """A run of each named script (compiled when text first holds one: most holds none)."""
    return re.compile("|".join(f"(?P<{script}>[{chars}]+(?:[{_BETWEEN}]+[{chars}]+)*)"
                               for script, chars in _RANGES.items()))


def script_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into ``(script, piece)`` runs: a named complex script (with the
    spaces and punctuation between two of its letters) or None for the rest."""
    if text.isascii() or not COMPLEX.search(text):
        return [(None, text)] if text else []
    runs: list[tuple[str | None, str]] = []
    pos = 0
    for match in _runs().finditer(text):
        if match.start() > pos:
            runs.append((None, text[pos:match.start()]))
        runs.append((match.lastgroup, match.group()))
        pos = match.end()
    if pos < len(text):
        runs.append((None, text[pos:]))
    return runs


# ---------------------------------------------------------------- isolated runs
# Punctuation that joins two names of the surrounding language's sentence rather than
# standing inside a phrase in the other direction (English commas and quotation marks
# between two Persian titles; Arabic commas and guillemets between two English ones).
_BREAKERS = {"L": frozenset(",;\u201c\u201d\u2018\u2019"), "R": frozenset("\u060c\u061b\u00ab\u00bb")}
# the other direction's numbers after its last letter ("سال ۱۴۰۲"; "June 27, 2024")
_NUMBERS = {"L": "[\\s\u060c]*[\u0660-\u0669\u06f0-\u06f9]+", "R": "[\\s,.:/\u2013-]*[0-9]+"}
_CLOSERS = dict(zip("«‹([{“‘", "»›)]}”’"))
_ENDS = frozenset(".!?\u2026:")
# the letters of the other direction than a paragraph's (right-to-left ones: with their script's
# marks and digits), and what ends a run of them: a letter of the paragraph's direction, a mark of its sentence
_LTR_LETTER = f"(?:(?!{RTL_CHAR.pattern})[^\\W\\d_])"
_OTHER = {"L": f"(?:{RTL_CHAR.pattern})+", "R": f"{_LTR_LETTER}+"}
_STOPS = {"L": f"{_LTR_LETTER}|[{''.join(_BREAKERS['L'])}]", "R": f"{RTL_CHAR.pattern}|[{''.join(_BREAKERS['R'])}]"}


_ISOLATING = {"letters": _OTHER, "stops": _STOPS, "numbers": _NUMBERS}


@functools.lru_cache(maxsize=None)
def _pattern(kind: str, base: str) -> re.Pattern:
    """The pattern of ``kind`` (in :data:`_ISOLATING`) for a paragraph of direction ``base``,
    compiled when first needed (text in one direction needs only the letters)."""
    return re.compile(_ISOLATING[kind][base])


def isolates(text: str, base: str = "L") -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` written in the other direction than a
    paragraph's ``base`` ("L" or "R"), each to be set as an isolated run (Unicode's
    isolates): a right-to-left title or quotation inside an English sentence reads
    whole, its own punctuation at its own end, the sentence's around it.

    A span runs from a letter of the other direction to the last one before a letter
    of the base direction or a mark of the sentence (:data:`_BREAKERS`), with what
    stands between them; after it, the marks of its script, its digits and the
    closing brackets and quotation marks it opened; before it, the opening mark that
    it closes."""
    letters = _pattern("letters", base)
    spans: list[tuple[int, int]] = []
    pos = 0
    while (found := letters.search(text, pos)) is not None:
        stop = _pattern("stops", base).search(text, found.end())
        limit = stop.start() if stop else len(text)
        last = found.end()
        for more in letters.finditer(text, last, limit):
            last = more.end()
        spans.append(_widened(text, found.start(), last, base))
        pos = max(limit, spans[-1][1])
    return spans


def _widened(text: str, start: int, end: int, base: str) -> tuple[int, int]:
    """A span of letters widened by the marks that belong to it (see :func:`isolates`)."""
    lead = start > 0 and text[start - 1] in _CLOSERS and text[start - 1] not in _BREAKERS[base]
    if lead:
        start -= 1
    open_marks = []
    for ch in text[start:end]:
        if ch in _CLOSERS:
            open_marks.append(_CLOSERS[ch])
        elif open_marks and ch == open_marks[-1]:
            open_marks.pop()
    numbers, n = _pattern("numbers", base), len(text)
    while end < n:
        ch = text[end]
        number = numbers.match(text, end)
        if number:
            end = number.end()
            continue
        if open_marks and ch == open_marks[-1]:
            open_marks.pop()
        elif not (ch in _ENDS and open_marks and end + 1 < n and text[end + 1] == open_marks[-1]) and not (
                unicodedata.category(ch) == "Mn" or (base == "L" and script_of(ch) == ARABIC)):
            break
        end += 1
    if lead and text[start:end].count(_CLOSERS[text[start]]) < text[start:end].count(text[start]):
        start += 1  # it is not closed inside: the sentence's
    return start, end


def isolated_ranges(texts: list[str], base: str) -> list[list[tuple[int, int]]]:
    """For the pieces of one paragraph's text (inline nodes, which may cut a phrase),
    the parts of its isolated runs (:func:`isolates`) in each: ``[(start, end)]``."""
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    joined = "".join(texts)
    if joined.isascii() or not (base == "R" or RTL_CHAR.search(joined)):
        return out
    spans, pos = isolates(joined, base), 0
    for k, text in enumerate(texts):
        end = pos + len(text)
        out[k] = [(max(a, pos) - pos, min(b, end) - pos) for a, b in spans if a < end and b > pos]
        pos = end
    return out


_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))  # Bidi_Mirroring_Glyph pairs in use


def right_to_left(text: str) -> str:
    """``text`` as drawn right to left: its characters reversed, brackets and guillemets mirrored."""
    return "".join(_MIRRORED.get(ch, ch) for ch in reversed(text))


def visual_indices(levels: list[int]) -> list[int]:
    """Unicode's rule L2: the indices of a line's pieces, at embedding ``levels``, in
    visual order (left to right)."""
    order = list(range(len(levels)))
    for level in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
