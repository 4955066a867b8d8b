"""Finding a verbatim quote in a source's paragraphs.

What is forgiven, and nothing else: white space (runs of any white space,
no-break spaces included, count as one space), curly vs straight quotation
marks, and dash variants (hyphen, en dash, em dash, minus...). An ellipsis in
the quote (``…``, ``...``, or either in square brackets) marks an omission: the
parts around it must occur in that order within one paragraph. The quote, and
each part around an omission, starts and ends on a word boundary: a letter or
digit at either end may not continue a word of the source ("likely" is not
found in "unlikely"). There is no case folding and no fuzzy matching; fuzzy
matching is only used to show the closest passage when a quote is not found.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_QUOTES = "\u2018\u2019\u201a\u201b\u2032"  # ‘ ’ ‚ ‛ ′
_DQUOTES = "\u201c\u201d\u201e\u201f\u2033"  # “ ” „ ‟ ″
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"

# What each forgiven character becomes; every white-space character but the space becomes a space.
_MAP = {
    **{c: "'" for c in _QUOTES},
    **{c: '"' for c in _DQUOTES},
    **{c: "-" for c in _DASHES},
    **{c: " " for c in map(chr, range(0x3001)) if c.isspace() and c != " "},
}
_ALL = tuple(_MAP.items())
_ASCII = tuple((c, r) for c, r in _ALL if c.isascii())
_SPECIAL = re.compile("[" + re.escape("".join(_MAP)) + "]")

CLOSEST_WINDOW = 200  # characters of a misquote compared with the source to show the closest passage

# An omission: "…", "...", or either in square brackets, with any white space around it.
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\u2026|\.\.\.)\s*\]|\u2026|\.\.\.)\s*")


def normalise(text: str) -> str:
    """Map quotation marks and dashes to their plain forms and collapse white space."""
    # Faster than str.translate: a regular expression for short texts (quotes), and
    # str.replace of the few characters present for long ones (whole sources).
    if len(text) < 2000:
        if _SPECIAL.search(text) is not None:
            text = _SPECIAL.sub(lambda m: _MAP[m.group()], text)
    else:
        for char, plain in _ASCII if text.isascii() else _ALL:
            if char in text:
                text = text.replace(char, plain)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def quote_parts(quote: str) -> list[str]:
    """The normalised parts of a quote between its omission marks (empty parts dropped)."""
    if "\u2026" not in quote and "..." not in quote:
        part = normalise(quote)
        return [part] if part else []
    return [p for p in (normalise(part) for part in _ELLIPSIS.split(quote)) if p]


class SourceText:
    """A source's paragraphs normalised once, for many quote look-ups.

    Normalised paragraphs hold no newline, so joining them with one lets a
    single ``str.find`` search the whole source without matching across a
    paragraph break.
    """

    __slots__ = ("paragraphs", "joined", "starts", "non_body")

    def __init__(self, paragraphs: list[str], non_body=()):
        # One pass over the whole text; NUL, not white space, keeps the paragraphs apart
        # (the library refuses a NUL in a source; were one there, each paragraph goes alone).
        joined = "\0".join(paragraphs)
        if joined.count("\0") == max(len(paragraphs) - 1, 0):
            self.paragraphs = [p.strip(" ") for p in normalise(joined).split("\0")]
        else:
            self.paragraphs = [normalise(p) for p in paragraphs]
        if self.paragraphs == [""] and not paragraphs:
            self.paragraphs = []
        self.joined = "\n".join(self.paragraphs)
        starts, pos = [], 0
        for p in self.paragraphs:
            starts.append(pos)
            pos += len(p) + 1
        self.starts = starts
        self.non_body = set(non_body)

    def locate(self, quote: str) -> tuple[int | None, bool]:
        """(paragraph number, found in body) for the first body paragraph holding the quote.

        A paragraph listed in ``non_body`` is only used when no body paragraph holds it.
        """
        parts = quote_parts(quote)
        if not parts:
            return None, False
        fallback = None
        for number in self._candidates(parts):
            if number not in self.non_body:
                return number, True
            if fallback is None:
                fallback = number
        return fallback, False

    def _candidates(self, parts: list[str]):
        if len(parts) == 1:
            part, joined, starts = parts[0], self.joined, self.starts
            pos = joined.find(part)
            while pos != -1:
                if not _on_word_edges(joined, pos, pos + len(part)):
                    pos = joined.find(part, pos + 1)
                    continue
                index = bisect_right(starts, pos) - 1
                yield index + 1
                if index + 1 >= len(starts):
                    return
                pos = joined.find(part, starts[index + 1])
            return
        if parts[0] not in self.joined:
            return
        for number, paragraph in enumerate(self.paragraphs, 1):
            if _in_order(paragraph, parts) is not None:
                yield number

    def why_not_found(self, quote: str) -> tuple[str | None, bool]:
        """(why ``locate`` finds no paragraph for the quote, or None; whether the closest
        passage helps to see it)."""
        parts = quote_parts(quote)
        if not parts:
            return None, False
        flat = self.joined.replace("\n", " ")  # paragraph breaks read as spaces
        span = _in_order(flat, parts)
        if span is not None:
            first = bisect_right(self.starts, span[0])
            last = bisect_right(self.starts, span[1] - 1)
            if first != last:
                which = f"{first} and {last}" if last == first + 1 else f"{first} to {last}"
                return f"it runs across paragraphs {which} (a quote must lie within one paragraph)", False
        if _in_order(flat, parts, edges=False) is not None:
            return "it begins or ends inside a word of the source", True
        return None, True

    def closest(self, quote: str) -> tuple[int | None, str, float]:
        """(paragraph number, passage, score 0-100) of the passage most like the quote."""
        from rapidfuzz import fuzz

        # Only the quote's first CLOSEST_WINDOW characters are compared: the cost of a
        # comparison grows faster than the length of what is compared, and a misquote's
        # opening is enough to find where it was taken from.
        target = " ".join(quote_parts(quote))[:CLOSEST_WINDOW]
        best = (None, "", 0.0)
        if not target:
            return best
        for number, paragraph in enumerate(self.paragraphs, 1):
            if not paragraph:
                continue
            found = fuzz.partial_ratio_alignment(target, paragraph, score_cutoff=best[2])
            if found is not None and (found.score > best[2] or best[0] is None):
                passage = _widen(paragraph, found.dest_start, found.dest_end)
                best = (number, passage, found.score)
        return best


def _on_word_edges(text: str, start: int, end: int) -> bool:
    """True unless text[start:end] begins or ends inside a word (a letter or digit on both sides)."""
    if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def _in_order(text: str, parts: list[str], edges: bool = True) -> tuple[int, int] | None:
    """(start, end) of the parts found in this order without overlapping, each on word
    edges (unless ``edges`` is false), or None."""
    pos, start = 0, None
    for part in parts:
        found = text.find(part, pos)
        while edges and found != -1 and not _on_word_edges(text, found, found + len(part)):
            found = text.find(part, found + 1)
        if found == -1:
            return None
        start = found if start is None else start
        pos = found + len(part)
    return start, pos


def part_spans(text: str, parts: list[str]) -> list[tuple[int, int]] | None:
    """(start, end) of each part in ``text``, found as ``locate`` finds them (in order, on
    word edges), or None."""
    spans, pos = [], 0
    for part in parts:
        found = text.find(part, pos)
        while found != -1 and not _on_word_edges(text, found, found + len(part)):
            found = text.find(part, found + 1)
        if found == -1:
            return None
        spans.append((found, found + len(part)))
        pos = found + len(part)
    return spans


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalise(text)`` and, for each of its characters, the index in ``text`` it comes from."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        char = _MAP.get(char, char)
        if char == " " and (not chars or chars[-1] == " "):
            continue
        chars.append(char)
        offsets.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def _widen(text: str, start: int, end: int) -> str:
    """The slice text[start:end] widened to whole words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]

