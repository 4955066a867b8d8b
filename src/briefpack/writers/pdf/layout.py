"""Page-foot notes for reportlab's platypus, laid out in one pass (TeX's insertions).

What is reserved, and when: each page has one :class:`NoteFrame` whose body
floor starts at the bottom margin. When a flowable is about to be placed, the
notes it references that are not yet placed are measured (each note wrapped
once at the frame width) and the floor is raised by their height, plus the
short rule for the first notes of a page, *in the same step*: the flowable is
placed only if it fits above the raised floor, and the raise is then kept.
The notes are drawn under the floor when the page ends.

Splitting: a paragraph or table that does not fit with its notes is split so
that its first part fits together with the notes whose references that part
holds (read from the part's own fragments, or its cells); the rest starts on
the next page. A shorter part holds a subset of a longer part's notes, so
"fits with its notes" only gets worse with height: the split height is found by
bisection, first guessing the room less the notes of the whole room's part. If
no part fits with whole notes, the last note may be split (two lines at least
stay with the reference); its rest is carried to the foot of the next page,
ahead of everything, and no further note enters the page (only text without
references). On a fresh page whose notes cannot fit at all (more than a page
of notes from one line), as many as fit start there and the rest continue.
A heading kept with a long paragraph or table stays on the page with the first
part of it that fits there with its notes, rather than leaving a gap. Which
notes a flowable holds, and their heights, are :mod:`.notes`.

Why it terminates: every decision is taken once, when a flowable is placed,
and never revisited (the floor only rises within a page), so the layout is a
single pass like a plain build. Numbers known only at the end (the page count
of "Page X of Y", the table of contents' page numbers) are form XObjects drawn
by name during the pass and defined before the file is saved; the contents'
entries have the same size whatever their numbers (see :mod:`.document`).
"""

from __future__ import annotations

import copy

from reportlab.platypus import Table
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak
from reportlab.platypus.frames import Frame
from reportlab.platypus.paragraph import Paragraph

from .notes import FULL, LAST_SPLITS, NOTE_GAP, OVERFLOW, RULE_SPACE, NoteStore

RULE_DROP = 4.0  # the rule's distance below the body floor
CARRY_SHARE = 0.8  # the most of a page a continued note may take
_FUZZ = 1e-6


def _splittable(flowable) -> bool:
    return isinstance(flowable, (Paragraph, Table))


def _height(part, width: float, limit: float) -> float:
    if isinstance(part, Paragraph) and getattr(part, "height", None) is not None:
        return part.height
    if isinstance(part, ActionFlowable):
        return 0.0
    return part.wrap(width, limit)[1]


# ---------------------------------------------------------------- the frame
class NoteFrame(Frame):
    """A frame whose foot holds the notes referenced by what is placed in it."""

    def __init__(self, store: NoteStore, x1, y1, width, height, **kw):
        self.__dict__["store"] = store
        super().__init__(x1, y1, width, height, leftPadding=0, rightPadding=0,
                         topPadding=0, bottomPadding=0, **kw)

    def _reset(self):
        # Geometry is set directly: Frame._restoreGeom indexes wrongly in reportlab 5.1.0.
        self._geom()
        self._x = self._x1 + self._leftPadding
        self._y = self._y2 - self._topPadding
        self._atTop = 1
        self._prevASpace = 0
        self._leftExtraIndent = 0.0
        self._rightExtraIndent = 0.0
        self.foot = []  # note flowables (or parts) drawn at this page's foot, in order
        self.foot_height = 0.0
        self.closed = False  # a note continues on the next page: no new note here
        self.continued = False  # the page's foot starts with a continued note
        store = self.__dict__.get("store")
        if store is not None and store.carry:
            self._take_carry(store)

    def __deepcopy__(self, memo):
        # platypus deep-copies the current frame to measure kept-together groups;
        # the note store is shared, not copied (it holds every note).
        new = copy.copy(self)
        new.__dict__["foot"] = list(self.foot)
        return new

    @property
    def base(self) -> float:
        return self._y1 + self._bottomPadding

    def _take_carry(self, store: NoteStore) -> None:
        parts, store.carry = store.carry, []
        limit = self._aH * CARRY_SHARE - RULE_SPACE
        self.continued = True
        self.foot_height = RULE_SPACE
        for i, part in enumerate(parts):
            h = part.wrap(self._aW, 1e7)[1] + NOTE_GAP
            if h > limit:
                split = part.split(self._aW, limit - NOTE_GAP)
                if len(split) == 2:
                    part, rest = split
                    store.carry = [rest] + parts[i + 1:]
                    self.closed = True
                h = part.wrap(self._aW, 1e7)[1] + NOTE_GAP
            self.foot.append(part)
            self.foot_height += h
            limit -= h
            if self.closed:
                break
        self._y1p = self.base + self.foot_height

    # -- placing
    def _add(self, flowable, canv, trySplit=0):
        store = self.store
        nums = store.pending(flowable)
        if not nums:
            return Frame._add(self, flowable, canv, trySplit)
        if self.closed:
            return 0
        first = not self.foot
        full = store.demand(nums, first)
        if self._add_above(flowable, canv, trySplit, full):
            self._commit(nums, canv)
            return 1
        if trySplit and _splittable(flowable):
            return 0  # let split() find a part that fits with its notes
        for mode in self._fallbacks():
            if self._add_above(flowable, canv, trySplit, store.demand(nums, first, mode)):
                self._commit(nums, canv, room=self._y + flowable.getSpaceAfter() - self._y1p)
                return 1
        return 0

    def _fallbacks(self):
        return (LAST_SPLITS, OVERFLOW) if self._atTop and not self.foot else (LAST_SPLITS,)

    add = _add

    def _add_above(self, flowable, canv, trySplit, extra) -> int:
        floor = self._y1p
        self._y1p = floor + extra
        try:
            return Frame._add(self, flowable, canv, trySplit)
        finally:
            self._y1p = floor

    def _commit(self, nums, canv, room=None) -> None:
        """Put the notes ``nums`` at this page's foot; with ``room`` (below the body),
        the note that does not fit is split and it and the rest continue on the next page."""
        store = self.store
        left = room  # what the new notes may take, between the body and the current foot
        if not self.foot:
            self.foot_height += RULE_SPACE
            if left is not None:
                left -= RULE_SPACE
        for i, n in enumerate(nums):
            h = store.height(n)
            note = store.notes.pop(n)  # placed: the foot holds it until the page is drawn
            store.placed.add(n)
            if left is not None and h > left + _FUZZ:
                parts = note.split(self._aW, left - NOTE_GAP) if left > NOTE_GAP else []
                if len(parts) == 2:
                    note, rest = parts
                    store.carry.append(rest)
                else:  # nothing of it fits here (a failed split drops the measured lines)
                    note.wrap(self._aW, 1e7)
                    store.carry.append(note)
                    note = None
                for later in nums[i + 1:]:
                    store.carry.append(store.notes.pop(later))
                    store.placed.add(later)
                self.closed = True
                if note is None:
                    break
                h = note.wrap(self._aW, 1e7)[1] + NOTE_GAP
            self.foot.append(note)
            self.foot_height += h
            if left is not None:
                left -= h
            if self.closed:
                break
        self._y1p = self.base + self.foot_height

    # -- splitting
    def split(self, flowable, canv):
        store = self.store
        nums = store.pending(flowable)
        if not nums:
            return Frame.split(self, flowable, canv)
        if self.closed:  # only a part without references may still go here
            parts = self._reference_free_split(flowable, canv)
            if not parts:
                flowable.__dict__.pop("_postponed", None)  # it waits for a page, not for room
                return []
        elif not _splittable(flowable):  # a group kept together: a heading with the start of
            # what follows, or room for all its notes, or the group comes apart
            return (self._start_under_heads(flowable, canv)
                    or self._split_above(flowable, canv, store.demand(nums, not self.foot))
                    or Frame.split(self, flowable, canv))
        else:
            parts = []
            for mode in (FULL,) + self._fallbacks():
                parts = self._fitting_split(flowable, canv, not self.foot, mode)
                if parts:
                    break
        if not parts:
            return []
        if len(parts) > 1 and not isinstance(parts[0], ActionFlowable):
            # The first part may have been cut short to leave room for its notes: the
            # rest starts on the next page, not in the room left here.
            parts = [parts[0], FrameBreak()] + list(parts[1:])
        return parts

    def _start_under_heads(self, group, canv) -> list:
        """Headings kept with the next flowable (``keepWithNext``), when that is a long
        paragraph or table: the headings and the first part of it that fits here with
        its notes, rather than all of them on the next page and a gap on this one."""
        *heads, last = getattr(group, "_content", None) or [None]
        if not heads or self._atTop or not _splittable(last) or any(map(self.store.pending, heads)):
            return []
        saved = self._y, self._atTop, self._prevASpace
        try:  # the room left under the headings, as if they were placed
            for head in heads:
                space = max(head.getSpaceBefore() - (self._prevASpace if self._oASpace else 0), 0)
                self._y -= space + head.wrap(self._aW, self._y - self._y1p)[1] + head.getSpaceAfter()
                self._atTop, self._prevASpace = 0, head.getSpaceAfter()
            parts = self._fitting_split(last, canv, not self.foot, FULL) if self._y > self._y1p else []
        finally:
            self._y, self._atTop, self._prevASpace = saved
        if len(parts) > 1:
            parts = [parts[0], FrameBreak()] + list(parts[1:])
        return heads + list(parts) if parts else []

    def _reference_free_split(self, flowable, canv):
        room = self._room(flowable)
        h = room
        step = getattr(getattr(flowable, "style", None), "leading", None)
        while step and h > 0:
            parts = self._split_above(flowable, canv, room - h)
            if not parts or parts[0] is flowable:
                if not parts:
                    return []
                h -= step
                continue
            if not self.store.pending(parts[0]):
                return parts
            h = _height(parts[0], self._aW, room) - step
        return []

    def _split_above(self, flowable, canv, extra):
        floor = self._y1p
        self._y1p = floor + extra
        try:
            return Frame.split(self, flowable, canv)
        finally:
            self._y1p = floor

    def _room(self, flowable) -> float:
        s = 0.0
        if not self._atTop:
            s = flowable.getSpaceBefore()
            if self._oASpace:
                s = max(s - self._prevASpace, 0)
        return self._y - self._y1p - s

    def _fitting_split(self, flowable, canv, first, mode):
        store = self.store
        room = self._room(flowable)

        def demand(parts):
            return store.demand(store.pending(parts[0]), first, mode)

        def fits(parts, d):
            return _height(parts[0], self._aW, room) + d <= room + _FUZZ

        parts = self._split_above(flowable, canv, 0.0)
        if not parts:
            return []
        d = demand(parts)
        if fits(parts, d):
            return parts
        # Below some height there is no part at all, above another the part does not
        # fit with its notes: bisect for the tallest part that fits. The first guess,
        # the room less the notes of the whole room's part, fits when it is a part at all
        # (a shorter part holds a subset of those notes).
        step = max((getattr(getattr(flowable, "style", None), "leading", 0) or 0) / 2, 2.0)
        lo, hi, best, guess = 0.0, room, [], room - d
        while hi - lo > step:
            mid = guess if lo < guess < hi else (lo + hi) / 2
            guess = -1.0
            trial = self._split_above(flowable, canv, room - mid)
            if not trial:
                lo = mid
            elif fits(trial, demand(trial)):
                lo, best = mid, trial
            else:
                hi = mid
        return best

    # -- drawing the foot
    def draw_foot(self, canv, rule_colour, artifact) -> None:
        """The rule (drawn as an ``artifact``) and the notes under the body."""
        if not self.foot:
            return
        x = self._x1 + self._leftPadding
        top = self.base + self.foot_height
        with artifact(canv):
            canv.saveState()
            canv.setStrokeColor(rule_colour)
            canv.setLineWidth(0.5)
            length = self._aW if self.continued else min(self._aW / 3, 60 * 2.835)
            canv.line(x, top - RULE_DROP, x + length, top - RULE_DROP)
            canv.restoreState()
        y = top - RULE_SPACE
        for note in self.foot:
            note.drawOn(canv, x, y - note.height)
            y -= note.height + NOTE_GAP
