"""The document template for one layout pass with page-foot notes.

It draws each page's notes when the page ends, makes the pages for a note still
continuing at the end, defines the forms named during the pass (page count,
contents' and cross-references' page numbers) before saving, names the
destinations, and dates the file from the document's timestamp so that two
builds are byte-identical. It hands the start of each part of the document, the
beginning and end of each page and the end of the pass to the document's
:class:`.parts.PartLayout`.
"""

from __future__ import annotations

import time
from itertools import chain

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate

from ...collector import held
from .layout import NoteFrame
from .notes import REF, REF_CALLBACK, NoteStore
from .objects import NamedDestinations, deflate
from .parts import PartLayout, PartStart
from .references import install as install_references
from .shaping import register_span_callbacks
from .structure import write_structure
from .tagging import Artifact, Tagger, register_language_callbacks


class FlushNotes(ActionFlowable):
    """At the end of the document: pages for a note still continuing."""

    def __init__(self, store: NoteStore):
        super().__init__()
        self.store = store

    def apply(self, doc):
        while self.store.carry:
            doc.handle_pageBreak()
            doc.clean_hanging()


class Upcoming(list):
    """The flowables still to place, made from ``source`` as the layout reaches them:
    a few ahead, and every flowable kept with the next one (``keepWithNext``) with
    the one after it, so that platypus sees each group whole."""

    AHEAD = 8

    def __init__(self, source):
        super().__init__()
        self.source = iter(source)

    def __len__(self):
        n = super().__len__()
        while n < self.AHEAD or self[n - 1].getKeepWithNext():
            item = next(self.source, None)
            if item is None:
                break
            self.append(item)
            n += 1
        return n

    def put_first(self, items) -> None:
        """Make ``items`` (read as the layout reaches them) the next flowables."""
        ahead = list.copy(self)
        del self[:]
        self.source = chain(iter(items), ahead, self.source)


class BriefDocTemplate(BaseDocTemplate):
    """One pass; forms named during it are defined by ``at_end`` callbacks before saving."""

    def __init__(self, filename, *, timestamp: int, rule_colour, tagger: Tagger | None,
                 parts: PartLayout | None = None, **kw):
        super().__init__(filename, invariant=1, **kw)
        self.timestamp = timestamp
        self.parts = parts  # each part laid out or played again (None: the flowables as given)
        self.rule_colour = rule_colour
        self.tagger = tagger  # the structure, recorded as the pages are drawn (None: untagged)
        self.at_end = []  # callables(canvas), run after the last page, before save

    def _startBuild(self, filename=None, canvasmaker=None):
        if canvasmaker is None:
            super()._startBuild(filename)
        else:
            super()._startBuild(filename, canvasmaker)
        self.canv._doc._timeStamp = fixed_timestamp(self.timestamp)
        self.canv.setNamedCB(REF_CALLBACK, self._reference_drawn)
        register_span_callbacks(self.canv)
        register_language_callbacks(self.canv)
        install_references(self.canv)
        self.canv.bp_tagger = self.tagger
        self.canv.bp_streams = self.parts.streams() if self.parts is not None else None
        self.canv._doc._pdfVersion = (1, 7)  # PDF/UA-1 is written against PDF 1.7 (ISO 32000-1)
        self._references = set()

    def _reference_drawn(self, canv, kind, label):
        # The destination of a reference is where it is first drawn (a table's
        # repeated header draws its references again on later pages).
        if label in self._references:
            return
        self._references.add(label)
        info = canv._curr_tx_info
        canv.bookmarkHorizontal(REF + label, info["cur_x"], info["cur_y"] + info["leading"])

    def handle_flowable(self, flowables):
        if flowables and isinstance(flowables[0], PartStart):  # its flowables, or none: played again
            first = self.parts.enter(self, flowables.pop(0).index)
            flowables.put_first(first)  # the writer builds from an Upcoming
            return
        if self.parts is not None and self.parts.bounds is not None and self.parts.boundary(self, flowables):
            return  # the rest of the part played from an earlier build's layout
        # the flowable being placed (not a part of one split), named in a layout error
        if flowables and hasattr(flowables[0], "bp_section"):
            self.current = flowables[0]
        super().handle_flowable(flowables)

    def handle_pageBegin(self):
        super().handle_pageBegin()
        if self.parts is not None:
            self.parts.page_begun(self)

    def handle_pageEnd(self):
        if isinstance(self.frame, NoteFrame):
            self.frame.draw_foot(self.canv, self.rule_colour, Artifact)
        if self.parts is not None:
            self.parts.page_ended(self)
        super().handle_pageEnd()
        deflate(self.canv._doc.Pages.pages[-1])

    def _endBuild(self):
        self._doSave = 0
        super()._endBuild()
        if self.parts is not None:
            self.parts.close(self, last=True)
        for define in self.at_end:
            define(self.canv)
        # Named destinations (note-N, ref-N, sections) so that readers and links
        # from outside (file.pdf#note-12) find them.
        self.canv._doc.Catalog.Dests = NamedDestinations(dict(self.canv._destinations))
        a85, rl_config.useA85 = rl_config.useA85, 0  # streams deflated only: smaller, and saved sooner
        try:
            with held(freeze=False):  # the tree and the file's objects are let go of as they are written
                if self.tagger is not None:
                    write_structure(self.canv, self.tagger, self.title, self.tagger.language, self.timestamp)
                self.canv.save()
        finally:
            rl_config.useA85 = a85
        if self.parts is not None:
            self.parts.save()


def fixed_timestamp(seconds: int) -> TimeStamp:
    """A reportlab TimeStamp for ``seconds`` since the epoch, in UTC."""
    ts = TimeStamp(invariant=1)
    lt = time.gmtime(int(seconds))
    ts.t, ts.lt, ts.YMDhms, ts.dhh, ts.dmm, ts.tzname = seconds, lt, tuple(lt)[:6], 0, 0, "UTC"
    return ts
