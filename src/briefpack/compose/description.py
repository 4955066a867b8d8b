"""What a document holds, counted from the document itself, for its introduction.

A reader should know how much of a pack is the sources' own words and how much
the desk's: the introduction ends with a sentence saying how many sources the
document cites and how many of its notes support quotations (a block quotation,
or text in quotation marks just before the note) and how many the desk's
paraphrases, figures and judgments.
"""

from __future__ import annotations

from ..document.model import Cite, Figure, Paragraph, Quote, Text
from ..document.walk import block_inlines
from ..notes.citations import figure_with_one_note, one_cite_per_place
from .helpers import format_number

_CLOSING = ("\u201d", '"', "\u201d.", '".')


def count_notes(blocks) -> tuple[int, int]:
    """(notes supporting quotations, all notes) among ``blocks``, one note per place
    cited, as the citation transform makes them (Cites side by side make one; a
    figure has one)."""
    quoted = total = 0
    for block in blocks:
        if isinstance(block, Figure):
            block = figure_with_one_note(block)
        for content in block_inlines(block):
            previous = ""
            for node in one_cite_per_place(content):
                if isinstance(node, Cite):
                    total += 1
                    if isinstance(block, Quote) or previous.rstrip().endswith(_CLOSING):
                        quoted += 1
                elif isinstance(node, Text):
                    previous = node.text
    return quoted, total


def describe(blocks, library) -> Paragraph:
    keys = {k for block in blocks for content in block_inlines(block) for n in content
            if isinstance(n, Cite) for k in n.keys}
    sources = {library.excerpts[k].source for k in keys if k in library.excerpts}
    quoted, total = count_notes(blocks)
    text = (f"This document cites {_count(len(sources), 'source')} in {_count(total, 'note')}: "
            f"{format_number(quoted)} {'supports' if quoted == 1 else 'support'} quotations of the "
            f"sources\u2019 own words, and {format_number(total - quoted)} the desk\u2019s own paraphrases, "
            "figures and judgments.")
    return Paragraph([Text(text)], style="body")


def _count(n: int, word: str) -> str:
    return f"{format_number(n)} {word}{'' if n == 1 else 's'}"
