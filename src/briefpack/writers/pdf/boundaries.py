"""The page boundaries of a part laid out again, where its layout may meet an earlier build's.

A part whose content changed is laid out (see :mod:`.parts`), but an edit reaches only
so far: from some page on, the layout may stand exactly where the earlier build's
layout of the part that stood there (its recording, found by the part's place) stood
at the start of one of its pages. From there the pages are the same, and the earlier
ones are played to the part's end instead of laying out what remains.

Where a layout stands at the start of a page is told by a digest (:meth:`Boundaries.state`)
taken when nothing of the page but its running head is drawn and the next flowable is
the first of one of the part's blocks, untouched by the layout (no part of it placed,
still kept with the next as the walk made it): the blocks still to come (each told in
full, with their headings' destinations and outline levels and which of their notes
were referenced before), the sections of the structure tree open there (their levels),
the outline's last level, the page template, the codes the font subsets have given and
the fonts named. A page with notes continuing at its foot, or one a group kept together
reaches, has none. Each recording keeps the digests of its pages' starts with where its
structure elements stood there (how many of the part's elements precede the block, and
the open sections'), so that the earlier pages' marked content, numbered among the
earlier build's elements, is numbered among this build's: the elements of the blocks
still to come in the same order, the open sections by their place, the notes by their
numbers, each checked to be made as the earlier one was; anything else, and the
earlier pages are not played. What is played is the earlier recording's own, checked as
a part played whole is (:func:`.entries.valid_entry`).
"""

from __future__ import annotations

import hashlib

from ...document.model import Heading
from ...document.walk import iter_notes
from .recording import font_state


class Boundaries:
    """The part being laid out: its blocks' digests (``digests``), the elements the walk
    made (``nodes``, the tree's then ``notes`` of them the notes'), where each block's first
    flowable started (``starts``: id -> (block, open sections, their kid counts)), the elements'
    parents as the walk made them (``parents``, as :func:`.recording.element_parents` gives), and the
    earlier recording of the part that stood there (``old``, or None)."""

    def __init__(self, base: bytes, part, digests: list[bytes], names: tuple[list, list], starts: dict,
                 nodes: list, parents: list, notes: list[tuple[int, int]], outside: list, old):
        self.base, self.part, self.digests, self.names = base, part, digests, names
        self.starts, self.nodes, self.parents, self.notes, self.outside = starts, nodes, parents, notes, outside
        self.index = {id(node): i for i, node in enumerate(nodes)}
        self.index.update((id(node), -1 - i) for i, node in enumerate(outside))
        self.trees = len(nodes) - len(notes)
        self.bounds: list = []  # (page, digest, elements before, open sections' [(level, ref)])
        self.old = old
        self.known = {bound[1]: bound for bound in old["bounds"]} if old is not None else {}
        self.last = 0  # the last page a boundary was looked for at

    # -- where the layout stands
    def state(self, doc, flowable) -> tuple | None:
        """At the start of a page whose next flowable is ``flowable``: (digest, elements before,
        open sections) or None when the page starts inside a block."""
        start = self.starts.get(id(flowable))
        if start is None:
            return None
        j, stack, counts = start
        before = self.trees
        for (_, node), count in zip(stack, counts):
            kid = next((k for k in node.kids[count:] if type(k) is not tuple), None)
            if kid is not None:
                before = min(before, self.index.get(id(kid), -1))
        refs = [(level, self.index.get(id(node))) for level, node in stack]
        if before < 0 or any(ref is None for _, ref in refs):
            return None
        digest = hashlib.blake2b(self._rest(j), digest_size=16)
        digest.update(font_state(doc.canv._doc))
        digest.update(repr(([level for level, _ in stack], doc.pageTemplate.id, flowable.getKeepWithNext(),
                            getattr(doc.canv._doc.outline, "currentlevel", -1), len(self.outside))).encode())
        return digest.digest(), before, refs

    def _rest(self, j: int) -> bytes:
        """The blocks from the part's ``j``-th to its end, told: their digests, their headings'
        destinations and levels, which of their notes were referenced before them."""
        blocks, part = self.part.blocks, self.part
        digest = hashlib.blake2b(self.base, digest_size=16)
        for d in self.digests[j:]:
            digest.update(d)
        first = part.headings + sum(1 for b in blocks[:j] if isinstance(b, Heading))
        last = part.headings + sum(1 for b in blocks if isinstance(b, Heading))
        keys, levels = self.names
        seen = set(part.earlier).union(note.number for note in iter_notes(blocks[:j]))
        earlier = sorted(seen.intersection(note.number for note in iter_notes(blocks[j:])))
        digest.update(repr((keys[first:last], levels[first:last], earlier)).encode())
        return digest.digest()

    def mark(self, page: int, state: tuple) -> tuple | None:
        """Page ``page`` of the part starts in ``state``: kept, and the earlier recording's pages
        from the same state, numbered among this build's elements (with its boundaries after
        it), or None."""
        digest, before, refs = state
        self.bounds.append((page, digest, before, refs))
        bound = self.known.get(digest)
        if bound is None:
            return None
        return self._renumbered(bound, page, before, refs)

    def _renumbered(self, bound, page: int, before: int, refs: list) -> tuple | None:
        old = self.old
        at, _, old_before, old_refs = bound
        elements = old["elements"]
        old_trees = len(elements) - len(old["notes"])
        if old_trees - old_before != self.trees - before or len(old_refs) != len(refs) \
                or old.get("outside") != len(self.outside):
            return None
        to = [None] * len(elements)
        for i in range(old_before, old_trees):
            to[i] = i - old_before + before
        mine = {number: i for number, i in self.notes}
        for number, i in old["notes"]:
            to[i] = mine.get(number)
        for (_, old_ref), (_, ref) in zip(old_refs, refs):
            if old_ref < 0 and old_ref != ref or old_ref >= 0 and to[old_ref] not in (None, ref):
                return None
            if old_ref >= 0:
                to[old_ref] = ref
        if not self._same_elements(elements, to):
            return None
        pages = [_renumber_page(p, to) for p in old["pages"][at:]]
        if any(p is None for p in pages):
            return None
        later = []
        for k, digest, b, stack in old["bounds"]:
            if k > at:
                moved = [(level, ref if ref < 0 else to[ref]) for level, ref in stack]
                if all(ref is not None for _, ref in moved):
                    later.append((k - at + page, digest, b - old_before + before, moved))
        return at, pages, later

    def _same_elements(self, elements: list, to: list) -> bool:
        """Whether each earlier element numbered among this build's is made as this build's is:
        its type, attributes and parent."""
        nodes, parents = self.nodes, self.parents
        for i, target in enumerate(to):
            if target is None or target < 0:  # not numbered, or an open section outside the part (by its place)
                continue
            kind, attrs, parent = elements[i]
            node = nodes[target]
            theirs = parent if parent is None or parent < 0 else to[parent]
            if kind != node.kind or attrs != tuple(node.attrs.items()) or theirs != parents[target]:
                return False
        return True

    def entries(self, later: list) -> list:
        """The boundaries to keep with the part's recording."""
        return [list(bound) for bound in self.bounds + later]


def _renumber_page(page: list, to: list) -> list | None:
    """A recorded page with its marked content's elements numbered by ``to`` (None: one is not)."""
    count, delta, events = page
    out = []
    for event in events:
        if type(event) is int and event != -1:
            n = event if event >= 0 else -2 - event
            if not 0 <= n < len(to) or to[n] is None or to[n] < 0:
                return None
            event = to[n] if event >= 0 else -2 - to[n]
        out.append(event)
    return [count, delta, out]
