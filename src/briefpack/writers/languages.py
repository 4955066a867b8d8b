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

import re

from .scripts import ARABIC, COMPLEX, DEVANAGARI, MALAYALAM, script_runs

_CYRILLIC = "\u0400-\u04ff\u0500-\u052f"
_BETWEEN = r"\s\d!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f"
_CYRILLIC_RUN = re.compile(f"[{_CYRILLIC}]+(?:[{_BETWEEN}]+[{_CYRILLIC}]+)*")

# Letters that only some languages of a script write, in the order they are tried.
_ARABIC_SCRIPT = (
    ("ug", re.compile("[\u06d5\u06c7\u06c6\u06c8\u06cb]")),
    ("ps", re.compile("[\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]")),
    ("ur", re.compile("[\u0679\u0688\u0691\u06ba\u06d2\u06be]")),
    ("fa", re.compile("[\u067e\u0686\u0698\u06af\u06cc\u06a9]")),
)
_CYRILLIC_SCRIPT = (
    ("tg", re.compile("[\u04e3\u04ef\u04b3\u04b7]")),
    ("kk", re.compile("[\u04d9\u0493\u049b\u04b1\u04bb\u0456]")),
    ("ky", re.compile("[\u04a3\u04e9\u04af]")),
    ("uk", re.compile("[\u0457\u0454\u0491]")),
)
_TOLD = re.compile(f"[{_CYRILLIC}]|{COMPLEX.pattern}")  # a letter of a script told here
_LETTER = re.compile(r"[^\W\d_]")
_DEFAULTS = {ARABIC: "ar", DEVANAGARI: "hi", MALAYALAM: "ml", "cyrillic": "ru"}


def language_of(piece: str, script: str) -> str:
    """The language tag of ``piece``, a run of ``script`` (a name from :mod:`.scripts`,
    or "cyrillic")."""
    guesses = _ARABIC_SCRIPT if script == ARABIC else _CYRILLIC_SCRIPT if script == "cyrillic" else ()
    for tag, letters in guesses:
        if letters.search(piece):
            return tag
    return _DEFAULTS.get(script, "")


def language_runs(text: str) -> list[tuple[str | None, str | None, str]]:
    """``text`` cut into ``(script, language, piece)``: the complex-script runs of
    :func:`.scripts.script_runs`, with the Cyrillic runs of the rest cut out too;
    ``language`` is None for text in no script told here (Latin, digits, marks)."""
    out: list[tuple[str | None, str | None, str]] = []
    for script, piece in script_runs(text):
        if script:
            out.append((script, language_of(piece, script), piece))
            continue
        if piece.isascii():
            out.append((None, None, piece))
            continue
        pos = 0
        for match in _CYRILLIC_RUN.finditer(piece):
            if match.start() > pos:
                out.append((None, None, piece[pos:match.start()]))
            out.append((None, language_of(match.group(), "cyrillic"), match.group()))
            pos = match.end()
        if pos < len(piece):
            out.append((None, None, piece[pos:]))
    return out


def other_language(tag: str | None, document_language: str) -> str | None:
    """``tag`` when it is not the document's own language, else None."""
    if not tag:
        return None
    primary = (document_language or "en").replace("_", "-").split("-")[0].lower()
    return None if tag == primary else tag


def main_language(text: str) -> str | None:
    """The language most of the letters of ``text`` are in, when it is one told by its
    script (None when most are in none: Latin text)."""
    if text.isascii() or not _TOLD.search(text):
        return None
    if 2 * len(_TOLD.findall(text)) <= len(_LETTER.findall(text)):
        return None  # most letters are in no script told here
    counts: dict[str | None, int] = {}
    for _script, tag, piece in language_runs(text):
        counts[tag] = counts.get(tag, 0) + len(_LETTER.findall(piece))
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else None
