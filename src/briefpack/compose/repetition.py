"""Each thing said once: the sentences a composed document prints more than once.

A finished product does not say the same thing twice: an excerpt's text stands in one
place and a later use refers to it (the templates' ``attributed``, ``once`` and
``elsewhere``). ``check --strict`` holds a brief to it: every sentence of eight or more
words the document would print twice or more (notes apart, which cite) is a finding, with
the sections it stands in.
"""

from __future__ import annotations

import re

from ..document.model import Heading, Text
from ..document.walk import block_inlines

MIN_WORDS = 8
_ENDED = re.compile(r"[.!?][\u2019\u201d\"')\]]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\u2019\u201d\"')\]]*\s+(?=[\u201c\"\u2018'(]*[A-Z0-9])")


def block_text(block) -> list[str]:
    """The printed text of each inline list of ``block`` (citations leave nothing)."""
    return ["".join(n.text for n in inlines if isinstance(n, Text)) for inlines in block_inlines(block)]


def sentences(text: str):
    """The sentences of ``text``, white space made single."""
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if piece.strip():
            yield piece.strip()


def repeated_sentences(blocks) -> list[tuple[str, int, list[str]]]:
    """(sentence, times printed, section titles) for every sentence of ``MIN_WORDS`` or more
    words printed more than once in ``blocks``, in order of first print."""
    seen: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    section = ""
    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                section = "".join(n.text for n in block.content if isinstance(n, Text))
            continue
        for text in block_text(block):
            for sentence in sentences(text):
                if len(re.findall(r"\w+", sentence)) < MIN_WORDS or not _ENDED.search(sentence):
                    continue  # a name or a label ("International Centre for ... (ICSR)") is no sentence
                key = re.sub(r"\W+", " ", sentence.lower()).strip()
                seen.setdefault(key, []).append(section)
                shown.setdefault(key, sentence)
    return [(shown[k], len(where), list(dict.fromkeys(where))) for k, where in seen.items() if len(where) > 1]


def repetition_warnings(blocks) -> list[str]:
    """Messages for ``check``: one per sentence printed twice or more."""
    out = []
    for sentence, times, where in repeated_sentences(blocks):
        shown = sentence if len(sentence) <= 70 else sentence[:69].rstrip() + "\u2026"
        places = ", ".join(f"\u201c{w}\u201d" for w in where if w) or "the front matter"
        out.append(f'generated sentence printed {times} times (in {places}): "{shown}" (print an excerpt\'s '
                   "text once and refer to it where it stands)")
    return out
