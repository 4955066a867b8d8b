"""The language of a run of text, told by its script, for readers that need it:
screen readers choose their voice by it, Word its spelling and hyphenation.

Both writers mark text in a language other than the document's: the DOCX as
``w:lang`` on its runs, the PDF as ``/Lang`` in its structure. The document
model holds no language per run, so the script tells it: Arabic script is
Arabic unless letters only Persian, Urdu, Pashto or Uyghur write say otherwise;
Cyrillic is Russian unless letters of Kazakh, Tajik, Kyrgyz or Ukrainian do.
A guess from a few letters cannot tell every language (Dari reads as Persian,
Uzbek Cyrillic as Russian); what it gives is right for the script, which is
what a reader's voice needs.
"""

from __future__ import annotations

import functools
import re

from .scripts import ARABIC, ARABIC_LANGUAGES, COMPLEX, DEVANAGARI, MALAYALAM, script_runs

_CYRILLIC = "\u0400-\u04ff\u0500-\u052f"
_BETWEEN = r"\s\d!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f"
_CYRILLIC_RUN = re.compile(f"[{_CYRILLIC}]+(?:[{_BETWEEN}]+[{_CYRILLIC}]+)*")

# Letters that only some languages of a script write, in the order they are tried (each
# compiled when first tried: :func:`_letters`).
_ARABIC_SCRIPT = (
    ("ug", "[\u06d5\u06c7\u06c6\u06c8\u06cb]"),
    ("ps", "[\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]"),
    ("ur", "[\u0679\u0688\u0691\u06ba\u06d2\u06be]"),
    ("fa", "[\u067e\u0686\u0698\u06af\u06cc\u06a9]"),
)
_CYRILLIC_SCRIPT = (
    ("tg", "[\u04e3\u04ef\u04b3\u04b7]"),
    ("kk", "[\u04d9\u0493\u049b\u04b1\u04bb\u0456]"),
    ("ky", "[\u04a3\u04e9\u04af]"),
    ("uk", "[\u0457\u0454\u0491]"),
)
_TOLD = re.compile(f"[{_CYRILLIC}]|{COMPLEX.pattern}")  # a letter of a script told here
_LETTER = re.compile(r"[^\W\d_]")
# Languages by the script they are written in (those a source of this desk may give);
# a source in any other language is taken to be written in Latin letters.
_WRITTEN_IN = {
    ARABIC: ARABIC_LANGUAGES,
    "cyrillic": frozenset({"ru", "kk", "ky", "tg", "uk", "be", "bg", "sr", "mk", "mn", "tt", "ba", "uz"}),
    DEVANAGARI: frozenset({"hi", "mr", "ne", "sa"}),
    MALAYALAM: frozenset({"ml"}),
}
_NON_LATIN = frozenset().union(*_WRITTEN_IN.values()) - {"uz", "sr"}  # Uzbek, Serbian: both alphabets
_DEFAULTS = {ARABIC: "ar", DEVANAGARI: "hi", MALAYALAM: "ml", "cyrillic": "ru"}


@functools.lru_cache(maxsize=None)
def _letters(chars: str) -> re.Pattern:
    return re.compile(chars)


def language_of(piece: str, script: str) -> str:
    """The language tag of ``piece``, a run of ``script`` (a name from :mod:`.scripts`,
    or "cyrillic")."""
    guesses = _ARABIC_SCRIPT if script == ARABIC else _CYRILLIC_SCRIPT if script == "cyrillic" else ()
    for tag, letters in guesses:
        if _letters(letters).search(piece):
            return tag
    return _DEFAULTS.get(script, "")


def language_runs(text: str, source: str = "") -> list[tuple[str | None, str | None, str]]:
    """``text`` cut into ``(script, language, piece)``: the complex-script runs of
    :func:`.scripts.script_runs`, with the Cyrillic runs of the rest cut out too;
    ``language`` is None for text in no script told here (Latin, digits, marks).
    ``source``, the language the text's source is written in (a tag, or ""), names
    the runs of its own script (Uzbek in Latin letters, Dari in Arabic script)."""
    primary = _primary(source)
    out: list[tuple[str | None, str | None, str]] = []
    for script, told, piece in _script_pieces(text):
        if told is None:
            lang = source if source and primary not in _NON_LATIN else None
        else:
            lang = source if primary in _WRITTEN_IN[told] else language_of(piece, told)
        out.append((script, lang, piece))
    return out


def _script_pieces(text: str):
    """``(complex script or None, script told or None, piece)`` of ``text``."""
    for script, piece in script_runs(text):
        if script or piece.isascii():
            yield script, script, piece
            continue
        pos = 0
        for match in _CYRILLIC_RUN.finditer(piece):
            if match.start() > pos:
                yield None, None, piece[pos:match.start()]
            yield None, "cyrillic", match.group()
            pos = match.end()
        if pos < len(piece):
            yield None, None, piece[pos:]


@functools.lru_cache(maxsize=256)  # asked for every run of text, of a few tags
def _primary(tag: str | None) -> str:
    return (tag or "").replace("_", "-").split("-")[0].lower()


def other_language(tag: str | None, document_language: str) -> str | None:
    """``tag`` when it is not the document's own language, else None."""
    if not tag:
        return None
    return None if _primary(tag) == _primary(document_language or "en") else tag


def main_language(text: str, source: str = "") -> str | None:
    """The language most of the letters of ``text`` are in, when it is one told by its
    script or the ``source``'s language (None when most are in none: Latin text)."""
    latin = source if source and _primary(source) not in _NON_LATIN else None
    if text.isascii() or not _TOLD.search(text):
        return latin
    told = len(_TOLD.findall(text))
    if 4 * told <= len(text) or 2 * told <= len(_LETTER.findall(text)):
        return latin  # most letters are in no script told here (prose is three parts letters at least)
    counts: dict[str | None, int] = {}
    for _script, tag, piece in language_runs(text, source):
        counts[tag] = counts.get(tag, 0) + len(_LETTER.findall(piece))
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else None
