"""The page boundaries of a part laid out again, where its layout may meet an earlier build's.

A part whose content changed is laid out (see :mod:`.parts`), but an edit reaches only
so far. Its pages are the earlier build's (its recording of the part that stood in the
same place) before the first page the edit can reach: when the part starts as it did,
they are played up to a page that starts with the first flowable of a block before the
first changed one, a block the layout had looked at last before (tried at the foot of the
page before) and which is not kept with the next; the layout goes on from there. After the
edit, the layout may stand exactly where the earlier one stood at the start of one of its
pages: from there the pages are the same, and the earlier ones are played to the part's
end instead of laying out what remains.

Where a layout stands at the start of a page is told by a digest (:meth:`Boundaries.state`),
taken when nothing of the page but its running head is drawn, no note continues at its
foot and the next flowable is the first of one of the part's blocks, none of it placed:
the blocks still to come (each told in full, with its heading's destination and outline
level and which of its notes were referenced before it), whether that flowable is still
kept with the next (a group tried before sets that aside), the sections of the structure
tree open there (their levels), the outline's last level, the page template, the codes the
font subsets have given and the fonts named. A page that starts otherwise has none. Each
recording keeps, with the digest of each of its page starts, the block there, the last
block the layout had looked at before (a flowable placed or tried, with those kept with it)
and where its structure elements stood (how many of the part's elements precede the block,
and the open sections'), so that the earlier pages' marked content, numbered among the
earlier build's elements, is numbered among this build's: after the edit the elements of
the blocks still to come in the same order, the open sections by their place, the notes by
their numbers; before it the elements as they are; each checked to be made as the earlier
one was, and the earlier pages to part at the boundary where their elements do (the page
before marks none of the block's and those after, the page there none before them), else
the earlier pages are not played. What is played is the earlier recording's
own, checked as a part played whole is (:func:`.entries.valid_entry`).
"""

from __future__ import annotations

import hashlib

from reportlab.platypus.doctemplate import PageBegin

from ...document.model import Heading
from ...document.walk import iter_notes
from .recording import font_state


class Boundaries:
    """The part being laid out: its blocks' digests, the elements the walk made (``nodes``, the
    tree's then the notes', ``notes``: (number, element)), their parents as the walk made them
    (as :func:`.recording.element_parents` gives), where each block's first flowable started
    (``starts``: id -> (block, open sections, their kid counts)), ``start``: a digest of the state
    the part starts in, and the earlier recording of the part that stood there (``old``, or None)."""

    def __init__(self, base: bytes, part, digests: list[bytes], names: tuple[list, list], starts: dict,
                 elements: tuple[list, list, list, list], start: bytes, old):
        self.base, self.starts, self.start = base, starts, start
        self.nodes, self.parents, self.notes, self.outside = elements
        self.blocks = _told(part, digests, names)
        self.index = {id(node): i for i, node in enumerate(self.nodes)}
        self.index.update((id(node), -1 - i) for i, node in enumerate(self.outside))
        self.trees = len(self.nodes) - len(self.notes)
        self.bounds: list = []  # (page, digest, elements before, open sections, block, last block looked at)
        self.old = old
        self.known = {bound[1]: bound for bound in old["bounds"]} if old is not None else {}
        self.last = 0  # the last page a boundary was looked for at
        self.block_of: dict[int, int] = {}  # each flowable's block, by id
        self.first_of: dict = {}  # each block's first flowable
        self.reach = -1  # the last block the layout has looked at

    def own(self, flowables: list) -> None:
        """The part's ``flowables``, as the walk made them."""
        block = -1
        for flowable in flowables:
            start = self.starts.get(id(flowable))
            if start is not None:
                block = start[0]
                self.first_of[block] = flowable
            self.block_of[id(flowable)] = block

    def look(self, flowables) -> None:
        """The layout is about to handle ``flowables[0]`` (and the flowables kept with it)."""
        block_of, count, i = self.block_of, len(flowables), 0
        while i < count:
            flowable = flowables[i]
            for one in getattr(flowable, "_content", None) or (flowable,):  # a group kept together
                self.reach = max(self.reach, block_of.get(id(one), -1))
            if not flowable.getKeepWithNext():
                break
            i += 1

    # -- where the layout stands
    def state(self, doc, flowable) -> tuple | None:
        """At the start of a page whose next flowable is ``flowable``: (digest, elements before,
        open sections, block) or None when the page starts inside a block."""
        start = self.starts.get(id(flowable))
        if start is None:
            return None
        j, stack, _ = start
        before = self._before(start)
        refs = [(level, self.index.get(id(node))) for level, node in stack]
        if before < 0 or any(ref is None for _, ref in refs):
            return None
        digest = hashlib.blake2b(self.base, digest_size=16)
        for told in self.blocks[j:]:
            digest.update(told)
        digest.update(font_state(doc.canv._doc))
        digest.update(repr(([level for level, _ in stack], doc.pageTemplate.id, flowable.getKeepWithNext(),
                            getattr(doc.canv._doc.outline, "currentlevel", -1), len(self.outside))).encode())
        return digest.digest(), before, refs, j

    def _before(self, start: tuple) -> int:
        """How many of the part's elements precede the block whose first flowable ``start`` tells
        (-1: one made before it is not the part's)."""
        _, stack, counts = start
        before = self.trees
        for (_, node), count in zip(stack, counts):
            kid = next((k for k in node.kids[count:] if type(k) is not tuple), None)
            if kid is not None:
                before = min(before, self.index.get(id(kid), -1))
        return before

    def mark(self, page: int, state: tuple, reach: int) -> tuple | None:
        """Page ``page`` of the part starts in ``state``, the layout having looked at blocks up to
        ``reach``: kept, and the earlier recording's pages from the same state, numbered among
        this build's elements, with its boundaries after it (or None)."""
        digest, before, refs, j = state
        self.bounds.append((page, digest, before, refs, j, reach))
        bound = self.known.get(digest) if digest else None
        if bound is None:
            return None
        return self._renumbered(bound, page, before, refs, j)

    def _renumbered(self, bound, page: int, before: int, refs: list, j: int) -> tuple | None:
        old = self.old
        at, _, old_before, old_refs, old_j, _ = bound
        elements = old["elements"]
        old_trees = len(elements) - len(old["notes"])
        if old_trees - old_before != self.trees - before or len(old_refs) != len(refs) \
                or not _cut(old["pages"], at, old_before, old_trees):
            return None
        to = self._notes_to(len(elements))
        for i in range(old_before, old_trees):
            to[i] = i - old_before + before
        for (_, old_ref), (_, ref) in zip(old_refs, refs):
            if old_ref < 0 and old_ref != ref or old_ref >= 0 and to[old_ref] not in (None, ref):
                return None
            if old_ref >= 0:
                to[old_ref] = ref
        pages = self._pages(old["pages"][at:], to)
        if pages is None:
            return None
        later, shift = [], j - old_j
        for k, digest, b, stack, block, reach in old["bounds"]:
            if k > at:
                moved = [(level, ref if ref < 0 else to[ref]) for level, ref in stack]
                if all(ref is not None for _, ref in moved):
                    later.append((k - at + page, digest, b - old_before + before, moved, block + shift, reach + shift))
        return at, pages, later

    def first_pages(self) -> tuple | None:
        """The earlier recording's pages before the first the edit can reach, numbered among this
        build's elements: (how many, the pages, the block the next starts with, the last block looked
        at before it), or None (the part starts otherwise, or no page comes before)."""
        old = self.old
        if old is None or old["start"] != self.start:
            return None
        same = 0
        for mine, theirs in zip(self.blocks, old["blocks"]):
            if mine != theirs:
                break
            same += 1
        # a page that starts with the first flowable of a block the layout had looked at only as far as
        # that flowable, not kept with the next (so not touched by a group tried before)
        bound = max((b for b in old["bounds"] if b[4] == b[5] < same and b[4] in self.first_of
                     and not self.first_of[b[4]].getKeepWithNext()), key=lambda b: b[0], default=None)
        if bound is None:
            return None
        at, _, before, _, j, reach = bound
        if before != self._before(self.starts[id(self.first_of[j])]) \
                or not _cut(old["pages"], at, before, len(old["elements"]) - len(old["notes"])):
            return None
        to = self._notes_to(len(old["elements"]))
        for i in range(before):
            to[i] = i
        pages = self._pages(old["pages"][:at], to)
        if pages is None:
            return None
        # the boundaries before, kept for the pages before them only: what follows them has changed
        self.bounds = [(k, b"", b, stack, block, looked) for k, _, b, stack, block, looked in old["bounds"] if k < at]
        return at, pages, j, reach

    def _notes_to(self, count: int) -> list:
        """A numbering of an earlier recording's ``count`` elements in which only its notes (by their
        numbers) are numbered yet."""
        to = [None] * count
        mine = {number: i for number, i in self.notes}
        for number, i in self.old["notes"]:
            to[i] = mine.get(number)
        return to

    def _pages(self, pages: list, to: list) -> list | None:
        """Earlier ``pages`` with their marked content numbered by ``to``, if each element so
        numbered is made as this build's is (None: not, or one of theirs is not numbered)."""
        if not self._same_elements(self.old["elements"], to):
            return None
        out = [_renumber_page(p, to) for p in pages]
        return None if any(p is None for p in out) else out

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

    def entries(self, later: list) -> dict:
        """What to keep with the part's recording: its blocks told, the state it starts in and its pages' boundaries."""
        return {"blocks": self.blocks, "start": self.start, "bounds": [list(bound) for bound in self.bounds + later]}


def _told(part, digests: list[bytes], names: tuple[list, list]) -> list[bytes]:
    """Each of ``part``'s blocks told (``digests``) with its heading's destination and outline level
    (``names``: every heading's), and which of its notes were referenced before it."""
    keys, levels = names
    seen, heading, out = set(part.earlier), part.headings, []
    for block, digest in zip(part.blocks, digests):
        numbers = [note.number for note in iter_notes([block])]
        name = None
        if isinstance(block, Heading):
            name, heading = (keys[heading], levels[heading]), heading + 1
        out.append(hashlib.blake2b(digest + repr((name, sorted(seen.intersection(numbers)))).encode(),
                                   digest_size=16).digest())
        seen.update(numbers)
    return out


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


def _cut(pages: list, at: int, before: int, trees: int) -> bool:
    """Whether recorded ``pages`` part at page ``at`` where their part's elements (``trees`` of them,
    the notes' after) do at ``before``: the page before marks none of those from ``before`` on, page
    ``at`` none before it."""
    head, tail = _marked(pages[at - 1]), _marked(pages[at])
    return all(n < before or n >= trees for n in head) and all(n >= before for n in tail if n < trees)


def _marked(page: list) -> list[int]:
    """The elements a recorded page's marked content belongs to, by their numbers."""
    return [event if event >= 0 else -2 - event for event in page[2] if type(event) is int and event != -1]


def turn(doc) -> None:
    """The page played ended and the next begun, as the end of the page's last frame and the page
    begin it hangs do, without a flowable handled (nothing else is hanging)."""
    frame = doc.frame
    if doc._hanging or hasattr(doc, "_nextFrameIndex") or frame is not doc.pageTemplate.frames[-1]:
        doc.handle_frameEnd()
        doc.clean_hanging()
        return
    doc.handle_pageEnd()
    doc.frame, hanging = None, doc._hanging
    if len(hanging) == 1 and hanging[0] is PageBegin:
        hanging.clear()
        doc.handle_pageBegin()
    doc.clean_hanging()
