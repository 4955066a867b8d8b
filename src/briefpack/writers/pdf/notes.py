"""The notes of the PDF: which notes a flowable references, their measured
heights, and which are placed (:class:`NoteStore`; a note may be made only when
the layout first asks for it, :class:`Later`); the names of the
destinations at a note and at its reference. The frame that places them is
:mod:`.layout`."""

from __future__ import annotations

from reportlab.platypus import Table
from reportlab.platypus.paragraph import Paragraph

REF = "ref-"  # destination of a note's reference in the body
NOTE = "note-"  # destination of the note at the foot of the page
REF_CALLBACK = "bpRef"  # <onDraw name="bpRef" label="N"/> marks note N's reference
NOTE_GAP = 1.5  # between two notes
RULE_SPACE = 10.0  # above the first note of a page: white space and the rule
# How a flowable's notes may be placed, in order of preference: all of them whole; the
# last one split, its rest continuing on the next page; and, only on a fresh page when
# even that cannot fit (notes longer than a page), as many as fit, the others continuing.
FULL, LAST_SPLITS, OVERFLOW = "full", "last-splits", "overflow"


# ---------------------------------------------------------------- which notes a flowable holds
def refs_in(flowable) -> tuple[int, ...]:
    """Numbers of the notes referenced in ``flowable`` (a paragraph, a part of a split
    paragraph, a table or part of one, or a group), in order."""
    known = getattr(flowable, "bp_notes", None)
    if known is not None:
        return known
    out: list[int] = []
    if isinstance(flowable, Paragraph):
        _frag_refs(flowable.frags, out)
    elif isinstance(flowable, Table):
        for row in flowable._cellvalues:
            for cell in row:
                for item in cell if isinstance(cell, (list, tuple)) else (cell,):
                    out.extend(refs_in(item))
    else:
        for item in getattr(flowable, "_content", None) or ():
            out.extend(refs_in(item))
        return tuple(out)
    flowable.bp_notes = tuple(out)  # a part of a paragraph or table: read once
    return flowable.bp_notes


def _frag_refs(frags, out: list[int]) -> None:
    # A split paragraph holds its words as lists ([width, (fragment, text), ...]), or
    # other nestings of lists and tuples; a note's reference is a callback fragment
    # (<onDraw name="bpRef" label="N"/>).
    stack = []
    for item in frags:
        if isinstance(item, list) and all(isinstance(piece, tuple) for piece in item[1:]):
            for piece in item[1:]:  # a word: only its fragments can be references
                _frag_ref(piece[0], out)
        else:
            stack.append(item)
            while stack:
                item = stack.pop()
                if isinstance(item, (list, tuple)):
                    stack.extend(reversed(item))
                else:
                    _frag_ref(item, out)


def _frag_ref(frag, out: list[int]) -> None:
    cb = getattr(frag, "__dict__", {}).get("cbDefn")
    if cb is not None and getattr(cb, "name", None) == REF_CALLBACK:
        label = str(getattr(cb, "label", ""))
        if label.isdigit():
            out.append(int(label))


# ---------------------------------------------------------------- the notes
class Later:
    """A note flowable to be made when it is first asked for: ``make()``."""

    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


class NoteFlowables(dict):
    """The note flowables by number, each given as one or as :class:`Later` (made, and kept,
    when it is first asked for)."""

    def __getitem__(self, n: int):
        value = dict.__getitem__(self, n)
        if type(value) is Later:
            value = value.make()
            dict.__setitem__(self, n, value)
        return value

    def pop(self, n: int, *default):
        if n in self:
            self[n]  # made
        return dict.pop(self, n, *default)

    def drop(self, n: int) -> None:
        """Note ``n`` gone, unmade if it was not made."""
        dict.pop(self, n, None)


class NoteStore:
    """The note flowables by number, their measured heights, and what is placed."""

    def __init__(self, notes: dict[int, Paragraph], width: float):
        self.notes = NoteFlowables(notes)
        self.width = width
        self.placed: set[int] = set()
        self.carry: list[Paragraph] = []  # notes (or their rest) continuing on the next page
        self._heights: dict[int, float] = {}

    def pending(self, flowable) -> list[int]:
        refs = refs_in(flowable)
        if not refs:
            return []
        seen = self.placed
        out = []
        for n in refs:
            if n not in seen and n in self.notes and n not in out:
                out.append(n)
        return out

    def height(self, n: int) -> float:
        h = self._heights.get(n)
        if h is None:
            h = self._heights[n] = self.notes[n].wrap(self.width, 1e7)[1] + NOTE_GAP
        return h

    def least(self, n: int) -> float:
        """The least of note ``n`` that must stay on its reference's page."""
        full = self.height(n)
        leading = self.notes[n].style.leading
        return min(full, 2 * leading + NOTE_GAP) if full > 3 * leading + NOTE_GAP else full

    def demand(self, nums: list[int], first_on_page: bool, mode: str = FULL) -> float:
        """Room the notes ``nums`` need below the body: all of them (FULL), all but the
        rest of the last one (LAST_SPLITS), or the start of the first (OVERFLOW)."""
        if not nums:
            return 0.0
        if mode == OVERFLOW:
            total = self.least(nums[0])
        else:
            total = sum(self.height(n) for n in nums)
            if mode == LAST_SPLITS:
                total += self.least(nums[-1]) - self.height(nums[-1])
        return total + (RULE_SPACE if first_on_page else 0.0)
