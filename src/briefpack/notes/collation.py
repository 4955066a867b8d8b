"""The Unicode Collation Algorithm's order (pyuca's), reading only the part of its table
that the strings it orders need.

pyuca reads its whole table (some 31,000 entries) when a collator is made, about a tenth
of a second, while a source annex orders a few hundred different characters. A key is
found by following the string's own characters through the table (contractions and
non-starters included), so a table holding every entry made of those characters gives
the very same keys as the whole table: :func:`sort_key` loads the entries for the
characters it has been asked about, and loads again, for more, when a string brings new ones.
The keys one build gave may be taken as known by the next (:func:`given`,
:func:`remember`): the table is not read at all when every text is known.
"""

from __future__ import annotations

import re
import unicodedata

_ELEMENT = re.compile(r"\[[.*]([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})")
_loaded: dict = {"characters": frozenset(), "collator": None}
# Keys by text: taken from an earlier build (:func:`remember`; the table is not read for
# them), and every key given in this process (:func:`given`).
_known: dict[str, tuple] = {}
_given: dict[str, tuple] = {}


def sort_keys(texts: list[str]) -> list[tuple]:
    """:func:`sort_key` of each of ``texts``, the table read (once) only for those not known."""
    missing = [text for text in texts if text not in _known]
    collator = collator_for(*missing) if missing else None
    out = []
    for text in texts:
        key = _known.get(text)
        if key is None:
            key = collator.sort_key(text)
        _given[text] = key
        out.append(key)
    return out


def table_version() -> str:
    """Which table and which Unicode the keys come from."""
    from pyuca import Collator

    return f"{Collator.UCA_VERSION}/{unicodedata.unidata_version}"


def remember(keys) -> None:
    """Take ``keys`` (text -> key, from :func:`given` of an earlier build with the same
    :func:`table_version` and code) as known; anything but texts and tuples of numbers is ignored."""
    if isinstance(keys, dict):
        _known.update((k, v) for k, v in keys.items() if type(k) is str and type(v) is tuple
                      and all(type(n) is int for n in v))


def given() -> dict[str, tuple]:
    return dict(_given)


def sort_key(text: str) -> tuple:
    """pyuca's ``Collator().sort_key(text)``."""
    return collator_for(text).sort_key(text)


def collator_for(*texts: str):
    """A collator whose table holds every entry made of the characters of ``texts``
    (and of the texts asked about before)."""
    needed = {f"{ord(ch):04X}" for text in texts for ch in unicodedata.normalize("NFD", text)}
    if _loaded["collator"] is None or not needed <= _loaded["characters"]:
        characters = _loaded["characters"] | needed
        _loaded.update(characters=characters, collator=_partial_collator(characters))
    return _loaded["collator"]


def _partial_collator(characters: frozenset):
    from pyuca import Collator

    class Partial(Collator):
        """pyuca's collator with the table entries for ``characters`` only."""

        def load(self, filename):
            with open(filename, encoding="utf-8") as table:
                for line in table:
                    if line.startswith("@implicitweights"):
                        span, base = line.split("#", 1)[0][len("@implicitweights"):].split(";")
                        start, end = span.split("..")
                        self.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])
                        continue
                    points, separator, elements = line.partition(";")
                    if not separator or line.startswith("#"):
                        continue
                    points = points.split()
                    if points and (points[0] in characters if len(points) == 1  # most entries: one character
                                   else all(p in characters for p in points)):
                        elements = elements.split("#", 1)[0]
                        self.table.add([int(p, 16) for p in points],
                                       [[int(w, 16) for w in weights] for weights in _ELEMENT.findall(elements)])

    return Partial()
