"""Names given out once each in a document: heading anchors, bookmarks, link targets."""

from __future__ import annotations

from typing import Callable


def _dashed(base: str, n: int) -> str:
    return f"{base}-{n}"


class UniqueNames:
    """Each name given out once: a name asked for again gets the next free number
    (``numbered(base, 2)``, ``numbered(base, 3)``, ...). The numbers for a name are
    counted on from the last one given, so that 20,000 identical headings cost no
    more than 20,000 different ones. ``fold`` says when two names are the same
    (``str.lower`` where case does not count)."""

    def __init__(self, numbered: Callable[[str, int], str] = _dashed,
                 fold: Callable[[str], str] = str):
        self._numbered, self._fold = numbered, fold
        self._given: set[str] = set()
        self._next: dict[str, int] = {}  # the next number to try, by name asked for

    def give(self, base: str) -> str:
        key = self._fold(base)
        n = self._next.get(key, 1)
        name = base if n == 1 else self._numbered(base, n)
        while self._fold(name) in self._given:
            n += 1
            name = self._numbered(base, n)
        self._next[key] = n + 1
        self._given.add(self._fold(name))
        return name
