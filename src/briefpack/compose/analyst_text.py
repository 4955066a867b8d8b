"""Analyst text (key judgments, intros): a small Markdown subset -> model blocks.

Understood: paragraphs (separated by blank lines), ``*emphasis*``,
``**strong**``, ``***both***``, bullet lists (``-``, ``*`` or ``+``), numbered
lists (``1.``), backslash escapes (``\\*``, ``\\[``) and citations ``[@id]`` or
``[@a; @b]`` (one note citing both), and ``[method]``, which marks a sentence of
method or scope for the lint (``compose.analyst_lint``) and is shown as nothing. Everything else -- headings, links, code,
raw HTML or XML -- is shown literally.

A small parser rather than markdown-it-py: the grammar is five constructs, a
general Markdown engine would have to be configured rule by rule to *not*
interpret the rest (and that configuration would drift with its releases),
citations would still need a pass of their own over its text tokens, and the
parser here reports the exact offset of a bad citation, which becomes the
brief's line number in the error message. It also adds no dependency.
"""

from __future__ import annotations

import re
import string
from typing import Callable

from ..document.model import BulletList, Cite, Paragraph, Text
from ..document.walk import map_inlines
from .blockxml import tidy_inlines

_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])[ \t]+(?=\S)")
_CITE = re.compile(r"\[@([^\]\s;@]+)((?:\s*;\s*@[^\]\s;@]+)*)\s*\]")
_KEY = re.compile(r"@([^\]\s;@]+)")
_PUNCT = set(string.punctuation)
METHOD_MARK = "[method]"  # marks a sentence of method or scope, which cites nothing


class AnalystTextError(ValueError):
    """A problem at character ``offset`` of the text."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


def parse_blocks(text: str, *, style: str = "body", known: Callable[[str], bool] | None = None) -> list:
    """Paragraphs (with ``style``) and lists for ``text``. ``known(id)`` says whether
    a cited excerpt exists; an unknown one raises AnalystTextError."""
    blocks: list = []
    for kind, spans in _block_spans(text):
        if kind == "p":
            start, end = spans[0]
            content = parse_inlines(text, start, end, known)
            if content:
                blocks.append(Paragraph(content, style=style))
        else:
            items = [parse_inlines(text, s, e, known) for s, e in spans]
            items = [i for i in items if i]
            if not items:
                continue
            blocks.append(BulletList(items, ordered=kind == "ol"))
    return blocks


def _block_spans(text: str):
    """(kind, [(start, end), ...]) for each paragraph ("p") or list ("ul", "ol")."""
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        lines.append((offset, raw.rstrip("\r\n")))
        offset += len(raw)
    out: list = []
    current = None  # ["p", [[start, end]]] or ["ul"/"ol", [[start, end], ...]]
    blank_before = False
    for start, line in lines:
        end = start + len(line)
        if not line.strip():
            blank_before = True
            continue
        item = _ITEM.match(line)
        if item:
            kind = "ul" if item.group(2)[0] in "-*+" else "ol"
            span = [start + item.end(), end]
            if current and current[0] == kind:
                current[1].append(span)
            else:
                current = [kind, [span]]
                out.append(current)
        elif current and current[0] != "p" and (not blank_before or line.startswith("  ")):
            current[1][-1][1] = end  # continuation of the list item
        elif current and current[0] == "p" and not blank_before:
            current[1][0][1] = end
        else:
            current = ["p", [[start, end]]]
            out.append(current)
        blank_before = False
    return [(kind, [tuple(s) for s in spans]) for kind, spans in out]


def parse_inlines(text: str, start: int = 0, end: int | None = None,
                  known: Callable[[str], bool] | None = None) -> list:
    """Inline nodes for ``text[start:end]``; offsets in errors are into ``text``."""
    end = len(text) if end is None else end
    tokens: list = []
    buf: list[str] = []

    def flush():
        if buf:
            tokens.append(["text", "".join(buf)])
            buf.clear()

    i = start
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end and text[i + 1] in _PUNCT:
            buf.append(text[i + 1])
            i += 2
        elif text.startswith(METHOD_MARK, i):  # a statement of method: shown as nothing
            while buf and buf[-1] in " \t\n":
                buf.pop()
            i += len(METHOD_MARK)
        elif text.startswith("[@", i):
            m = _CITE.match(text, i, end)
            if not m:
                raise AnalystTextError("malformed citation: write [@excerpt-id] or [@id-1; @id-2]", i)
            keys = tuple(k for k in _KEY.findall(m.group(0)))
            for key in keys:
                if known is not None and not known(key):
                    raise AnalystTextError(f"citation of unknown excerpt '{key}'", i)
            flush()
            tokens.append(["cite", keys])
            i = m.end()
        elif ch == "*":
            j = i
            while j < end and text[j] == "*":
                j += 1
            before = text[i - 1] if i > start else " "
            after = text[j] if j < end else " "
            flush()
            tokens.append(["delim", j - i, not after.isspace(), not before.isspace(), None])
            i = j
        else:
            buf.append(ch)
            i += 1
    flush()
    _pair(tokens)
    return tidy_inlines(_emit(tokens))


def _pair(tokens: list) -> None:
    """Mark matching emphasis delimiters: token[4] = "open" / "close"."""
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token[0] != "delim" or token[1] > 3:
            continue
        _, size, can_open, can_close, _ = token
        if can_close:
            for depth in range(len(stack) - 1, -1, -1):
                if tokens[stack[depth]][1] == size:
                    tokens[stack[depth]][4] = "open"
                    token[4] = "close"
                    del stack[depth:]
                    break
            if token[4]:
                continue
        if can_open:
            stack.append(index)


def _emit(tokens: list) -> list:
    out: list = []
    bold = italic = 0
    for token in tokens:
        kind = token[0]
        if kind == "cite":
            out.append(Cite(token[1]))
            continue
        if kind == "delim" and token[4]:
            step = 1 if token[4] == "open" else -1
            if token[1] in (1, 3):
                italic += step
            if token[1] in (2, 3):
                bold += step
            continue
        value = token[1] if kind == "text" else "*" * token[1]
        out.append(Text(value, bold=bold > 0, italic=italic > 0))
    return out


def drop_citations(blocks: list, keys) -> list:
    """``blocks`` without citations of ``keys`` (withdrawn excerpts are never cited)."""
    def inlines(content):
        out = []
        for node in content:
            if isinstance(node, Cite):
                kept = tuple(k for k in node.keys if k not in keys)
                if kept:
                    out.append(Cite(kept))
            else:
                out.append(node)
        return out

    return [map_inlines(block, inlines) for block in blocks]
