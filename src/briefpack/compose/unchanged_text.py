"""Text the house style leaves as it is, remembered so that it is not looked at again.

:func:`typography.styled_blocks` looks through every Text of a document for a quotation
mark, a date or a word to respell; most text has none. What it found none in is kept here,
by house style: the texts of this process (looked at again once the document's citations are
notes), and their digests, which the composed sections' folder keeps for the next build of the
document (:mod:`.section_cache`); and, by the publications whose names are set in italics, the
texts of this process that name none of them (:func:`plain_check` asks both).
"""

from __future__ import annotations

import hashlib


class Unchanged:
    """One house style's text found with nothing to change."""

    def __init__(self):
        self.texts: set[str] = set()  # found so in this process
        self.known: frozenset = frozenset()  # digests of texts an earlier build found so
        self.found: set[bytes] | None = None  # digests found now (None: not asked for)

    def holds(self, node) -> bool:
        """Whether ``node``'s text is known to hold nothing to change."""
        text = node.text
        if text in self.texts:
            return True
        if self.found is not None:
            found = digest(text)
            if found in self.known:
                self.texts.add(text)
                self.found.add(found)
                return True
        return False

    def add(self, node) -> None:
        self.texts.add(node.text)
        if self.found is not None:
            self.found.add(digest(node.text))


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


_BY_STYLE: dict[str, Unchanged] = {}


def unchanged(style: str) -> Unchanged:
    """What the house ``style`` found nothing to change in."""
    return _BY_STYLE.setdefault(style, Unchanged())


def remember(style: str, known) -> None:
    """Take the digests ``known`` (from :func:`found` of an earlier build) as texts with nothing
    to change in ``style``, and from now on gather the digests of those found so."""
    memo = unchanged(style)
    if isinstance(known, (set, frozenset)) and all(type(k) is bytes and len(k) == 16 for k in known):
        memo.known = memo.known | known
    if memo.found is None:
        memo.found = set()


_NAMELESS: dict[tuple, set[str]] = {}  # texts of this process with none of the publications' names


def plain_check(style: str, publications: tuple, changes, named):
    """A check that nothing in a list's Text is for the house ``style`` to change (most text),
    what it finds so remembered by text: ``changes(text)``, whether the style may change
    anything in a text (a quotation mark, a date, a word to respell); ``named(text)``, whether
    it names one of ``publications`` (set in italics where the Text is not; None: no names)."""
    from ..document.model import Text

    seen, free = unchanged(style), _NAMELESS.setdefault(publications, set())
    known = seen.texts

    def plain(content: list) -> bool:
        for node in content:
            text = node.text if isinstance(node, Text) else None
            if not text:
                continue
            if text not in known and not seen.holds(node):
                if changes(text):
                    return False
                seen.add(node)
            if named is not None and not node.italic and text not in free:
                if named(text):
                    return False
                free.add(text)
        return True

    return plain


def found(style: str) -> set[bytes]:
    """The digests of the texts found with nothing to change in ``style`` since :func:`remember`."""
    return set(unchanged(style).found or ())
