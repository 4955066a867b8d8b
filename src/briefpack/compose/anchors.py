"""Where an excerpt's text stands: the Anchor a later use of the excerpt points to.

The first time the document prints an excerpt's text, the ``cite`` helper marks the
citation that closes it (``<cite keys="id" anchor="name"/>``). Once the document is
composed, :func:`anchored` puts an :class:`Anchor` of that name where the text starts:
in the same paragraph, list item or cell, after what an earlier citation closed and the
punctuation that ends it ("...; Webber wrote"), else at the start. A cross-reference to
the excerpt ("see “Kazakhstan,” p. 13") names the Anchor, so its page is the page where
the text stands, not where its section starts; one whose text no template printed with
its citation points to the heading of the section that counted it printed instead.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..document.model import Anchor, Cite, CrossRef, Figure, Link, Note, Text
from ..document.walk import map_inlines, references_and_cites

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,99}")  # an Anchor's name, as block XML may write it
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
# What ends the text a citation closed, left before the next text's Anchor: a sentence's end,
# a list's separator, a closing quotation mark or parenthesis, space.
_CLOSING = ".,;:?!\u201d\u2019)] \u00a0\t\r\n"


def anchor_name(key: str) -> str:
    """The name asked for the Anchor at an excerpt's text (made unique by the caller)."""
    return "text-" + (_UNSAFE.sub("-", key).strip("-")[:90] or "excerpt")


def anchor_names(value: str) -> tuple[str, ...] | None:
    """The names in a ``<cite anchor="...">``, or None when one is not a name."""
    names = tuple(value.split())
    return names if all(NAME.fullmatch(name) for name in names) else None


def anchored(blocks: list, fallbacks: dict[str, str]) -> tuple[list, list, set[str], list]:
    """``blocks`` with the Anchors their Cites carry that a cross-reference names put where
    the text they close starts (the others left out), and a cross-reference to an Anchor
    the document does not hold pointed at its section's heading instead (``fallbacks``: an
    Anchor's name -> that heading's anchor); with them, what
    :func:`~briefpack.document.walk.references_and_cites` gives of the new blocks (their
    cross-references, what those may name, the keys of every Cite), from the same walk."""
    refs, present, cited = references_and_cites(blocks)
    named = {ref.target for ref in refs}
    out = [_placed_in(block, named, present) for block in blocks]  # (the Anchors placed: present too)
    missing = {name: heading for name, heading in fallbacks.items() if name not in present}
    if not missing or not named & set(missing):
        return out, refs, present, cited

    def resolved(content: list) -> list:
        if not any(isinstance(node, CrossRef) and node.target in missing for node in content):
            return content
        return [replace(node, target=missing[node.target])
                if isinstance(node, CrossRef) and node.target in missing else node for node in content]

    refs = [replace(ref, target=missing[ref.target]) if ref.target in missing else ref for ref in refs]
    return [map_inlines(block, resolved) for block in out], refs, present, cited


def _placed_in(block, named: set[str], present: set[str]):
    if isinstance(block, Figure):  # a chart's points print no excerpt's text: their Cites carry no Anchor
        block = map_inlines(block, lambda content: [replace(n, anchors=()) if isinstance(n, Cite) else n
                                                    for n in content])
        return replace(block, caption=placed(block.caption, named, present))
    return map_inlines(block, lambda content: placed(content, named, present))


def placed(content: list, named=None, present: set | None = None) -> list:
    """``content`` with each Cite's Anchors (those ``named``, when given) at the start of the
    text it closes: after the text an earlier Cite closed; the text closed by a Cite that
    follows another with only separators between (one note at one place) is the one before
    them both. ``present``: the names of the Anchors placed are added to it."""
    if not any(isinstance(node, Cite) and node.anchors for node in content):
        return content
    out: list = []
    start, previous, text = 0, 0, False  # where this text starts, where the last one did, and if it has words
    for node in content:
        if isinstance(node, (Cite, Note)):
            at = start if text else previous
            if isinstance(node, Cite) and node.anchors:
                names = [name for name in node.anchors if named is None or name in named]
                if present is not None:
                    present.update(names)
                at = _insert(out, at, [Anchor(name) for name in names]) if names else at
                node = replace(node, anchors=())
            out.append(node)
            start, previous, text = len(out), at, False
            continue
        out.append(node)
        text = text or isinstance(node, (Link, CrossRef)) or isinstance(node, Text) and bool(node.text.strip(_CLOSING))
    return out


def _insert(out: list, at: int, anchors: list) -> int:
    """Put ``anchors`` into ``out`` at ``at``, past the punctuation that closes the text
    before (splitting a Text); where they went."""
    while 0 < at < len(out) and isinstance(out[at], Text) and not out[at].text.strip(_CLOSING):
        at += 1
    node = out[at] if 0 < at < len(out) else None
    if isinstance(node, Text) and node.text[:1] in _CLOSING:
        rest = node.text.lstrip(_CLOSING)
        out[at:at + 1] = [replace(node, text=node.text[:len(node.text) - len(rest)]), replace(node, text=rest)]
        at += 1
    out[at:at] = anchors
    return at
