"""A part's entry in the layout folder read back (:mod:`.layout_cache`), checked before it is played.

A layout file is written by briefpack, but whoever can write to the workspace's cache can
write one with a valid hash: what it holds is checked to have the shape
:meth:`.parts.PartLayout.close` gives, field by field and type by type, and to make nothing
the writer would not make (a link that is not a web address, an outline entry deeper than the
outline allows, a link or an outline entry to a destination nothing makes, an element type or a
header scope that is not a PDF name, a page boundary that is not one of its pages, a heading or
Anchor said to stand on another page than the one its destination is made on, a note reference
said to be drawn first that is not, a note's element named for another note); else its part is laid out again.
"""

from __future__ import annotations

import re

from ..shared import web_link
from .notes import NOTE, REF
from .objects import written_pattern
from .references import ANCHOR_KEY

HEADING = "sec-"  # how a heading's destination is named (see .writer)


def valid_entry(entry, open_elements: int, outline_level: int, bound) -> bool:
    """Whether ``entry`` (read from a file) has the shape :meth:`.parts.PartLayout.close` gives: its
    outline entries nesting under an outline whose last entry is at ``outline_level``, each at a
    destination the part makes, and each link to one the part makes or one ``bound(name)`` says
    the document has already."""
    if not valid_shape(entry, open_elements):
        return False
    try:
        n, pages = len(entry["elements"]), entry["pages"]
        levels, made, named = [], set(), []
        ok = bool(pages) and all(_valid_page(page, n, (levels, made, named)) for page in pages)
        return ok and _nested(levels, outline_level) and all(
            name in made or kind == "L" and bound(name) for kind, name in named)
    except (KeyError, TypeError, ValueError):
        return False


def valid_shape(entry, open_elements: int) -> bool:
    """Whether ``entry``'s fields but its pages' events have the shape :meth:`.parts.PartLayout.close`
    gives, for a part started with ``open_elements`` sections open: its elements, notes, open
    sections, headings, references, and its blocks told, the state it started in and its pages'
    boundaries (:mod:`.boundaries`)."""
    try:
        elements, pages = entry["elements"], entry["pages"]
        n = len(elements)
        for i, (kind, attrs, parent) in enumerate(elements):
            if not (parent is None or type(parent) is int and -open_elements <= parent < i) \
                    or not _valid_element(kind, attrs):
                return False
        for number, i in entry["notes"]:
            if type(number) is not int or type(i) is not int or not 0 <= i < n:
                return False
        if not _valid_stack(entry["stack"], open_elements, n) or entry["outside"] != open_elements \
                or type(entry["outside"]) is not int or type(pages) is not list:
            return False
        trees, blocks = n - len(entry["notes"]), entry["blocks"]
        if type(entry["start"]) is not bytes or type(blocks) is not list or not all(type(b) is bytes for b in blocks):
            return False
        for page, digest, before, stack, block, reach in entry["bounds"]:
            if type(page) is not int or not 0 < page < len(pages) or type(digest) is not bytes \
                    or type(before) is not int or not 0 <= before <= trees \
                    or not _valid_stack(stack, open_elements, n) or type(block) is not int \
                    or type(reach) is not int or not 0 <= block < len(blocks) or not -1 <= reach < len(blocks):
                return False
        return all(isinstance(k, str) and isinstance(p, int) for k, p in entry["headings"]) \
            and all(isinstance(label, str) for label in entry["references"])
    except (KeyError, TypeError, ValueError):
        return False


def destinations_agree(entry) -> bool:
    """Whether the pages ``entry`` (of a valid shape) says its headings and Anchors stand on are
    those whose destinations its pages make (the contents' and cross-references' numbers follow
    them), the note references it says it drew first are those whose destinations it makes, and
    each of its notes' elements is the one named for that note."""
    try:
        marked, refs = [], set()
        for i, page in enumerate(entry["pages"]):
            for event in page[2]:
                if type(event) is tuple and len(event) == 5 and event[0] == "M" and type(event[1]) is str:
                    if event[1].startswith((HEADING, ANCHOR_KEY)):
                        marked.append((event[1], i))
                    elif event[1].startswith(REF):
                        refs.add(event[1][len(REF):])
        elements = entry["elements"]
        return sorted(marked) == sorted((k, p) for k, p in entry["headings"]) \
            and len(refs) == len(entry["references"]) and refs.issuperset(entry["references"]) \
            and all(dict(elements[i][1]).get("ID") == f"{NOTE}{number}" for number, i in entry["notes"])
    except (IndexError, KeyError, TypeError, ValueError):
        return False


def _valid_stack(stack, open_elements: int, n: int) -> bool:
    """Open sections as (level, element): a whole number each, the element among the part's or the ``open_elements``."""
    for level, ref in stack:
        if type(level) is not int or type(ref) is not int or not -open_elements <= ref < n:
            return False
    return True


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,31}")  # an element's type or a header's scope: written as a PDF name
_NAMES: set[str] = set()  # element types found to be names
_TEXTS = frozenset(("Lang", "Alt", "ID"))  # attributes written as strings


def _valid_element(kind, attrs) -> bool:
    """An element's type and attributes as the walk gives them: what is written as a name
    is a name, what is written as a string a string, a box four numbers."""
    if type(kind) is not str or type(attrs) is not tuple:
        return False
    if kind not in _NAMES:
        if not _NAME.fullmatch(kind):
            return False
        if len(_NAMES) < 256:  # the few the walk gives, once each
            _NAMES.add(kind)
    for key, value in attrs:
        if key in _TEXTS:
            ok = type(value) is str
        elif key == "Scope":
            ok = type(value) is str and _NAME.fullmatch(value) is not None
        else:
            ok = key == "BBox" and type(value) is tuple and len(value) == 4 and all(
                type(v) in (int, float) for v in value)
        if not ok:
            return False
    return True


_EVENTS = {  # the events checked by their kinds (a link to a destination and a destination on their own)
    "A": (str,), "U": (str, tuple, (int, float), str), "O": (str, str, int, (bool, type(None))),
}


def _nested(levels: list[int], level: int) -> bool:
    """Whether outline entries at ``levels`` can follow one at ``level``: never more than one deeper."""
    for next_level in levels:
        if not 0 <= next_level <= level + 1:
            return False
        level = next_level
    return True


_NUMBER = frozenset((int, float))
_RECT, _POINT = written_pattern(4).fullmatch, written_pattern(3).fullmatch  # as a link's and a destination's are written


def _valid_page(page, elements: int, found: tuple[list, set, list]) -> bool:
    """Whether a recorded page has the shape :class:`.Recorder` gives; to ``found`` are added
    the levels of its outline entries, the destinations it makes, and the destinations its
    links and outline entries go to (``("L" or "O", name)``)."""
    levels, made, named = found
    count, (names, chars), events = page
    if not isinstance(count, int) or not all(isinstance(n, str) for n in names):
        return False
    if not all(isinstance(name, str) and isinstance(text, str) for name, text in chars):
        return False
    depth = 0
    for event in events:
        kind = type(event)
        if kind is str:  # operators: the most of them
            continue
        if kind is int:  # marked content begun (n) or ended (-2 - n, or -1): the next most
            depth += 1 if event >= 0 else -1
            if depth < 0 or event >= elements or event < -1 - elements:
                return False
            continue
        if kind is tuple and len(event) == 6 and event[0] == "L":  # a link: the most of the rest
            _, _, name, rect, thickness, written = event
            if (type(event[1]) is str and type(name) is str and type(rect) is tuple and len(rect) == 4
                    and type(thickness) in _NUMBER and type(rect[0]) in _NUMBER and type(rect[1]) in _NUMBER
                    and type(rect[2]) in _NUMBER and type(rect[3]) in _NUMBER and type(written) is bytes
                    and _RECT(written) is not None):
                named.append(("L", name))
                continue
            return False
        if kind is tuple and len(event) == 5 and event[0] == "M":  # a destination: as many
            _, name, top, left, written = event
            if (type(name) is str and type(top) in _NUMBER and type(left) in _NUMBER and type(written) is bytes
                    and _POINT(written) is not None):
                made.add(name)
                continue
            return False
        kinds = _EVENTS.get(event[0]) if kind is tuple and event else None
        if kinds is None or len(event) != len(kinds) + 1 or not all(map(isinstance, event[1:], kinds)):
            return False
        op = event[0]
        if op == "O":
            levels.append(event[3])
            named.append(("O", event[2]))
        elif op == "A":
            depth += 1
        elif event[4] != "URI" or web_link(event[1]) != event[1] or len(event[2]) != 4 or not all(
                isinstance(v, (int, float)) for v in event[2]):  # a web link: its address and rectangle
            return False  # a link played again obeys the rule the writer made it by: http(s) only
    return depth == 0
