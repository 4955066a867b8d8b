"""How a table's text is laid into narrow columns: soft hyphens in its long words,
and column widths taken from its content.

A narrow cell breaks a word that does not fit its line; without a hyphenation
point a writer (or the word processor that lays out the DOCX) cuts it anywhere
("Afghanista/n"). So every long word of a cell (but a row's label, in the first
column, which gets the room of its longest word) gets soft hyphens (U+00AD) where
the house dictionary (pyphen's en_US patterns) allows a break: invisible unless
the line breaks there, then printed as a hyphen. Numbers, dates, codes and
addresses never get one, and a date is one unbreakable token ("December 2023",
"June 28, 2016": its spaces non-breaking), in every column.

Widths: each column is at least as wide as its longest unbreakable token (a
number such as "3,000,000", a word without a break point; about half of a word
with soft hyphens, which breaks at one), and columns
whose cells hold more than that share the rest of the line in proportion to the
text they hold beyond it, never wider than their longest cell; so short columns
(a date, a measure) take what their words need and a "Note and source" column
takes what is left.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..conventions.dates import MONTHS
from ..document.model import Table, Text

SHY = "\u00ad"
LINE = 95  # characters of table text a line of the page holds, about (the widths are relative)
PAD = 2.5  # characters' worth of a cell's padding
WIDE = 1.2  # a capital's room in average characters: capitals are wider
DIGIT = 1.3  # and digits wider still (in DejaVu Serif, the DOCX's and the PDF's face)
NARROW = 0.5  # a mark's (",.;:'’") narrower
SPACE = 0.7  # a non-breaking space's
LETTER = 1.1  # a small letter's
BOLD = 1.15  # and bold letters wider still
SHORTEST = 7  # words shorter than this are left whole
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")  # letters only: never numbers or codes
NBSP = "\u00a0"
_MONTH = "|".join(MONTHS)
_DATE = re.compile(rf"\b(?:(?:{_MONTH}) (?:[0-3]?\d, )?(?:1[89]|20)\d\d|[0-3]?\d (?:{_MONTH}) (?:1[89]|20)\d\d)\b")
_TOKEN = re.compile(r"[^ \t\r\n\f\v]+")  # what a line may not break: a non-breaking space holds ("† Kazakhstan")


@lru_cache(maxsize=1)
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="en_US", left=2, right=3)


def bind_dates(text: str) -> str:
    """``text`` with the spaces inside each date non-breaking: "December\u00a02023"."""
    return _DATE.sub(lambda m: m.group(0).replace(" ", NBSP), text)


def hyphenate(text: str) -> str:
    """``text`` with soft hyphens at the break points of its long words; tokens
    holding a digit, "@", "/" or ":" (numbers, dates, addresses) are left alone,
    and a date is held together (:func:`bind_dates`)."""
    text = bind_dates(text)
    if len(text) < SHORTEST:
        return text

    def token(m: re.Match) -> str:
        word = m.group(0)
        if word.isalpha():  # letters only (most words): one word for the dictionary
            return _word(word)
        if any(ch.isdigit() for ch in word) or any(ch in word for ch in "@/:" + SHY):
            return word
        return _WORD.sub(lambda w: _word(w.group(0)), word)

    return _TOKEN.sub(token, text)


@lru_cache(maxsize=8192)  # a table repeats its words: each is looked up once
def _word(word: str) -> str:
    if len(word) < SHORTEST:
        return word
    form = _KNOWN.get(word)
    if form is None:
        form = _dictionary().inserted(word, hyphen=SHY)
    _USED[word] = form
    return form


# Words hyphenated by an earlier build (the dictionary is not even loaded for them), and by this one.
_KNOWN: dict[str, str] = {}
_USED: dict[str, str] = {}


@lru_cache(maxsize=None)  # (pyphen's files do not change while a process runs)
def dictionary_key() -> bytes:
    """What the dictionary's break points depend on: pyphen's code (its version with it) and
    its patterns file, read without importing pyphen (which lists every dictionary it has)."""
    import hashlib
    import importlib.util

    digest = hashlib.blake2b(digest_size=16)
    try:
        package = Path(importlib.util.find_spec("pyphen").origin)
        digest.update(package.read_bytes())
        digest.update(b"\0" + (package.parent / "dictionaries" / "hyph_en_US.dic").read_bytes())
    except (OSError, AttributeError, TypeError, ValueError, ImportError):
        digest.update(b"\0unknown")
    return digest.digest()


def remember(words) -> None:
    """Take ``words`` (word -> the word with its soft hyphens, from :func:`hyphenated_words` of an
    earlier build with the same :func:`dictionary_key`) as hyphenated; anything else is ignored."""
    if isinstance(words, dict):
        _KNOWN.update((k, v) for k, v in words.items()
                      if type(k) is str and type(v) is str and v.replace(SHY, "") == k and len(k) >= SHORTEST)


def hyphenated_words() -> dict[str, str]:
    """Every word hyphenated in this process, with its soft hyphens."""
    return dict(_USED)


def hyphenate_cells(table: Table) -> None:
    """Soft hyphens in the text of every cell of ``table`` (in place) but the first
    column's: a row's label (a place, a date, an attack) stays whole, as a reader scans it.
    Dates are held together in every column."""
    table.header = [_cell(c, hyphenate if i else bind_dates) for i, c in enumerate(table.header)]
    table.rows = [[_cell(c, hyphenate if i else bind_dates) for i, c in enumerate(row)] for row in table.rows]


def _cell(inlines: list, change) -> list:
    return [replace(n, text=change(n.text)) if isinstance(n, Text) else n for n in inlines]


def content_widths(table: Table) -> list[float] | None:
    """Relative column widths (summing to 1) from the text of ``table``'s cells."""
    rows = ([table.header] if table.header else []) + list(table.rows)
    count = len(rows[0]) if rows else 0
    if not count:
        return None
    need, full = [1.0] * count, [1] * count
    for row in rows:
        for c, cell in enumerate(row[:count]):
            text = "".join(getattr(n, "text", "") for n in cell)
            weight = BOLD if any(getattr(n, "bold", False) for n in cell) else 1.0  # tokens may span runs
            longest = max((_need(t) * weight for t in _TOKEN.findall(text)), default=0)
            need[c], full[c] = max(need[c], longest), max(full[c], len(text.replace(SHY, "")))
    widths = _share([n + PAD for n in need], [max(f, n) + PAD for f, n in zip(full, need)], LINE)
    total = sum(widths)
    return [w / total for w in widths]


@lru_cache(maxsize=16384)  # a table repeats its words: each is measured once
def _need(token: str) -> float:
    return _room(token) * _breadth(token)


def _room(token: str) -> float:
    """The room a token needs on one line: a number or code its whole length; a word
    its length, or about half of it when it has soft hyphens to break at (it may
    break after a hyphen it holds, too)."""
    if any(ch.isdigit() for ch in token) or not _WORD.search(token):
        return len(token.replace(SHY, ""))
    return max(_part_room(part) for part in re.split(r"(?<=[-–])", token) if part)


def _breadth(token: str) -> float:
    """How wide a token's characters are, on average, in average characters."""
    chars = token.replace(SHY, "")
    weights = [WIDE if c.isupper() else DIGIT if c.isdigit() else SPACE if c in " " + NBSP
               else NARROW if c in ",.;:'’" else LETTER for c in chars]
    return sum(weights) / len(weights) if weights else 1.0


def _part_room(part: str) -> float:
    pieces = part.split(SHY)
    whole = len(part) - len(pieces) + 1
    if len(pieces) == 1:  # unbreakable
        return whole
    return min(whole, max(math.ceil(whole / 2) + 1, max(map(len, pieces)) + 1))


def _share(least: list[float], most: list[float], line: int) -> list[float]:
    """Each column ``least``, then the rest of ``line`` shared among the columns in
    proportion to what they hold beyond it, none past its ``most``; what is left
    when every column is full goes to the column that holds the most."""
    widths = [float(w) for w in least]
    rest = line - sum(widths)
    for _ in range(len(widths)):
        open_ = [c for c in range(len(widths)) if most[c] - widths[c] > 1e-9]
        if rest <= 1e-9 or not open_:
            break
        weight = sum(most[c] - least[c] for c in open_) or len(open_)
        given = 0.0
        for c in open_:
            share = rest * ((most[c] - least[c]) or 1) / weight
            add = min(share, most[c] - widths[c])
            widths[c] += add
            given += add
        rest -= given
    if rest > 1e-9:
        widest = max(range(len(widths)), key=lambda c: most[c])
        widths[widest] += rest
    return widths
