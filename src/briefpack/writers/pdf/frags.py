"""A paragraph's fragments, as few as its styles allow.

reportlab's paragraph parser makes a fragment of every entity (``&amp;``, ``&lt;``)
and of each stretch of text between two of them, and its line breaker works
through a word fragment by fragment, again for every page a paragraph is split
over: a quote of 99,000 ``&`` took fifteen times as long as one of as many
letters, and four times as long for twice as many. Neighbouring fragments
alike in everything but their text are one run of text, and are joined.
"""

from __future__ import annotations

# Fragments that stand for something besides their text are never joined.
_KEEP_APART = frozenset({"cbDefn", "lineBreak", "_selfClosingTag", "img"})


def joined(frags: list) -> list:
    """``frags`` with each run of fragments alike but for their text made one."""
    if len(frags) < 2:
        return frags
    out: list = []
    texts: list = []  # the texts of each fragment of out, None when it takes no more
    last = None  # what out[-1] is besides its text, when it can take more
    for frag in frags:
        alike = _besides_text(frag)
        if alike is not None and alike == last:
            texts[-1].append(frag.text)
            continue
        out.append(frag)
        texts.append([frag.text] if alike is not None else None)
        last = alike
    for frag, parts in zip(out, texts):
        if parts and len(parts) > 1:
            frag.text = "".join(parts)
    return out


def _besides_text(frag) -> dict | None:
    attrs = getattr(frag, "__dict__", None)
    if attrs is None or not isinstance(attrs.get("text"), str) or not _KEEP_APART.isdisjoint(attrs):
        return None
    return {k: v for k, v in attrs.items() if k != "text"}
