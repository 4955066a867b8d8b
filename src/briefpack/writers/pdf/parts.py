"""The PDF in parts: the runs of blocks between fixed page breaks, each laid out on
pages of its own, and the reuse of a part an earlier build laid out.

A part starts on a fresh page (after a PageBreak block; the first part with the
cover) and ends where the next one starts, so its pages depend only on: its
blocks and their notes (which hold the note numbers), the destinations and
outline levels of its headings, which of its notes were referenced before it;
the house style, paper and the writer's code (:func:`layout_key`); and what the
document carries into it when it starts: the codes the font subsets have given
so far and the fonts named (the operators of its text use them), the sections
of the structure tree still open (their levels), and a note continuing from the
part before (a part that starts or ends with one is laid out on every build).
Its key is a digest of all of these. Page numbers are not among them: the
running heads and feet, "Page X of Y" and the contents' numbers are drawn fresh
on every page, nor is a part's starting page parity, since no page template
differs between odd and even pages.

At the start of each part the :class:`PartLayout` looks its key up in the
output's folder (:mod:`.layout_cache`): found, the part's pages are played again
(:mod:`.recording`) and its blocks are not even walked; not found, the walk makes
its flowables, which are laid out while the recorder keeps what they draw for
the next build, save for the pages before and after the change that the earlier
build's recording of the part in the same place holds (:mod:`.boundaries`): those
are played from it. A full build is the same pass with nothing found, so the two
write the same bytes. The contents (whose entries list every heading) and the
cover are laid out on every build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus.doctemplate import ActionFlowable

from ...collector import held, released
from ...document.model import Heading, PageBreak, TableOfContents, Text
from ...document.walk import iter_notes
from .boundaries import Boundaries, turn as _turn
from .entries import destinations_agree, valid_entry, valid_shape
from .layout_cache import LayoutFolder, code_key
from .notes import REF, refs_in
from .recording import Recorder, element_parents, font_state, fonts_known, make_elements, new_elements, play_page


@dataclass
class Part:
    index: int
    start: int  # its first block's index among the document's
    blocks: list
    key: bytes  # a digest of what it depends on but the state it starts in; b"": laid out on every build
    headings: int = 0  # how many headings precede it
    earlier: tuple = ()  # the numbers of its notes referenced before it
    slot: str = ""  # its place: a digest of its first heading's destination (or of its index)


class PartStart(ActionFlowable):
    """Where part ``index`` starts: the document template hands it to the PartLayout."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index


def layout_key(style, paper: str, language: str, fonts: list[str]) -> bytes:
    """What every part's layout depends on besides its own content."""
    digest = hashlib.blake2b(code_key(), digest_size=16)
    digest.update(repr((getattr(style, "sections", None), paper, language)).encode())
    for name in sorted(set(fonts)):
        digest.update(_face_digest(pdfmetrics.getFont(name)))
    return digest.digest()


def _face_digest(font) -> bytes:
    """A TrueType face's file digest, taken as ``fonts.register_font`` registered it; a standard font's name."""
    known = getattr(getattr(font, "face", None), "bp_key", None)
    return known.encode() if known else repr(getattr(font, "fontName", "")).encode()


def plan_parts(blocks: list, keys: list[str], levels: list[int], base: bytes | None) -> list[Part]:
    """The document's parts; ``keys`` and ``levels``: every heading's destination and outline level;
    ``base``: what every part's key starts from (None: no cache, the parts are not keyed)."""
    parts: list[Part] = []
    start, headings, seen = 0, 0, set()
    for end in [i for i, b in enumerate(blocks) if isinstance(b, PageBreak)] + [len(blocks)]:
        own = blocks[start:end]
        count = sum(1 for b in own if isinstance(b, Heading))
        numbers = [note.number for note in iter_notes(own)]
        earlier = sorted(seen.intersection(numbers))
        seen.update(numbers)
        key = b""
        if base is not None and parts and not any(isinstance(b, TableOfContents) for b in own):
            shape, texts = [], []
            _content(own, shape, texts)
            digest = hashlib.blake2b(base, digest_size=16)
            digest.update(repr((shape, list(map(len, texts)), keys[headings:headings + count],
                                levels[headings:headings + count], earlier)).encode())
            digest.update("".join(texts).encode("utf-8", "surrogatepass"))
            key = digest.digest()
        place = keys[headings] if count else f"#{len(parts)}"
        parts.append(Part(len(parts), start, own, key, headings, tuple(earlier),
                          hashlib.blake2b(place.encode(), digest_size=4).hexdigest()))
        start, headings = end + 1, headings + count
    return parts


def block_digests(blocks: list) -> list[bytes]:
    """Each block told in full (as a part's key tells its blocks)."""
    out = []
    for block in blocks:
        shape, texts = [], []
        _content(block, shape, texts)
        digest = hashlib.blake2b(repr((shape, list(map(len, texts)))).encode(), digest_size=16)
        digest.update("".join(texts).encode("utf-8", "surrogatepass"))
        out.append(digest.digest())
    return out


_PLAIN = frozenset((int, bool, float, type(None)))


def _content(value, shape: list, texts: list) -> None:
    """``value`` (blocks of the model) told in full, faster than its repr: its strings to ``texts``,
    and to ``shape`` everything else, in order: ``""`` for each string, each list's or tuple's kind
    and length, each node's class name, and the numbers and flags as they are. With the strings'
    lengths the two say the value and nothing else."""
    kind = type(value)
    if kind is list or kind is tuple:
        shape.append((kind is list, len(value)))
        items = value
    else:
        shape.append(kind.__qualname__)
        items = vars(value).values()
    for item in items:
        kind = type(item)
        if kind is str:
            texts.append(item)
            shape.append("")
        elif kind in _PLAIN:
            shape.append(item)
        elif kind is Text and type(item.text) is str and type(item.bold) is type(item.italic) is bool:
            # the most of them: told here as below
            texts.append(item.text)
            shape += ("Text", "", item.bold, item.italic)
        else:
            _content(item, shape, texts)


class PartLayout:
    """Each part laid out (and recorded) or played again, as the document template reaches it."""

    def __init__(self, walk, store, parts: list[Part], folder: LayoutFolder | None, base: bytes | None = None):
        self.walk, self.store, self.parts, self.folder, self.base = walk, store, parts, folder, base
        self.recorder = None
        self.frozen = False  # whether what playing parts made was left out of collections
        self.recording = None  # (key, the part's elements, their parents, headings before, references before)
        self.bounds = None  # the page boundaries of the part being recorded (see .boundaries)
        self.later = []  # the boundaries of the earlier pages played at its end
        self.own = set()  # the ids of the flowables of the part being recorded
        self.playing = False  # whether an earlier build's pages are being played into the part recorded

    @classmethod
    def of(cls, walk, store, style, paper: str, cache) -> "PartLayout":
        """The parts of ``walk``'s document, with the house style sheet ``style``, ``paper``
        and the ``CacheFolder`` of the output (or None)."""
        hs = walk.hs
        fonts = [f for family in (hs.body_font, hs.heading_font, hs.chart_font) if family for f in vars(family).values()]
        base = layout_key(style, paper, walk.language, fonts) if cache is not None else None
        parts = plan_parts(walk.doc.blocks, walk.keys, walk.outline_levels, base)
        reused = cache is not None and any(part.key for part in parts)  # else nothing to keep: no folder
        return cls(walk, store, parts, LayoutFolder(cache.path, cache.reuse) if reused else None, base)

    def flowables(self) -> list:
        out = []
        for part in self.parts:
            out += [RLPageBreak(), PartStart(part.index)] if part.index else [PartStart(0)]
        return out

    def enter(self, doc, index: int):
        """At the start of part ``index`` (its first page begun): its flowables (a list, or an
        iterator when it is not recorded), or none when it was played again."""
        self.close(doc)
        part, walk = self.parts[index], self.walk
        key = ""
        if part.key and not self._carried(doc) and self.folder is not None:
            digest = hashlib.blake2b(part.key, digest_size=20)
            digest.update(font_state(doc.canv._doc))
            digest.update(repr([level for level, _ in walk.outline.stack]).encode())
            key = f"{part.slot}-{digest.hexdigest()}"
            with held(freeze=False):  # the entry read and checked: many small objects, few cycles
                entry = self.folder.part(key)
                playable = entry is not None and self._playable(doc, entry)
            if playable:
                # what a part played again makes lives on to the end of the file and holds no cycles
                # to look for: left out of collections until the file is written (see save)
                with held() as was_on:
                    self._play(doc, part, entry)
                self.frozen = self.frozen or was_on
                return []
        open_elements = [(node, len(node.kids)) for _, node in walk.outline.stack]
        before = set(walk.tagger.notes)
        self.store.notes.update(walk.note_paragraphs(part.blocks, later=bool(key)))
        if not key:
            # made as the layout reaches them
            return walk.part(part.blocks, part.start, part.headings, cover=index == 0)
        walk.starts = {}
        try:  # all made before the first is drawn: the elements the walk made are the part's
            flowables = list(walk.part(part.blocks, part.start, part.headings, cover=index == 0))
            starts = walk.starts
        finally:
            walk.starts = None
        return self._record(doc, part, key, flowables, starts, open_elements, before)

    def _record(self, doc, part: Part, key: str, flowables: list, starts: dict, open_elements: list, before: set):
        """The part's ``flowables`` to lay out, recorded (its first pages played when they are an earlier
        build's); ``open_elements``: the structure's open sections as it started, ``before``: the notes made
        before it."""
        walk, outside = self.walk, [node for node, _ in open_elements]
        numbers = [n for n in walk.tagger.notes if n not in before]
        nodes = new_elements(open_elements, [walk.tagger.notes[n] for n in numbers])
        if self.recorder is None:
            self.recorder = Recorder(doc.canv)
        self.recorder.start(doc, nodes)
        notes = list(zip(numbers, range(len(nodes) - len(numbers), len(nodes))))
        parents = element_parents(nodes, outside)
        level = getattr(doc.canv._doc.outline, "currentlevel", -1)
        start = hashlib.blake2b(self.base + font_state(doc.canv._doc), digest_size=16)
        start.update(repr(([lv for lv, _ in walk.outline.stack], doc.pageTemplate.id, level, len(outside))).encode())
        self.bounds = bounds = Boundaries(self.base, part, block_digests(part.blocks), (walk.keys, walk.outline_levels),
                                          starts, (nodes, parents, notes, outside), start.digest(),
                                          self._previous(part, key, len(outside)))
        bounds.own(flowables)
        self.own, self.later = set(map(id, flowables)), []
        stack = [(lv, bounds.index[id(node)]) for lv, node in walk.outline.stack]
        self.recording = (key, nodes, parents, stack, notes, dict(walk.heading_pages), set(doc._references), doc.page)
        first = bounds.first_pages()
        if first is not None and self._may_play(doc, bounds.old["pages"][:first[0]]):
            at, pages, j, bounds.reach = first
            self._play_earlier(doc, pages, 0, [f for f in flowables if bounds.block_of[id(f)] < j])
            _turn(doc)  # the page the layout goes on on, recorded
            return [f for f in flowables if bounds.block_of[id(f)] >= j]
        return flowables

    def _previous(self, part: Part, key: str, outside: int):
        """The earlier build's recording of the part that stood in ``part``'s place, if its shape is sound."""
        with held(freeze=False):
            entry = self.folder.previous(part.slot, key)
            return entry if entry is not None and valid_shape(entry, outside) and destinations_agree(entry) else None

    def page_begun(self, doc) -> None:
        if self.recording is not None and not self.playing:
            self.recorder.page_begun(doc)

    def page_ended(self, doc) -> None:
        if self.recording is not None and not self.playing:
            self.recorder.page_ended(doc)

    def boundary(self, doc, flowables) -> bool:
        """Before a flowable of the part being recorded is placed: whether the part's remaining
        pages were played from its earlier recording, from here (its flowables left)."""
        bounds, rec = self.bounds, self.recorder
        reach = bounds.reach
        bounds.look(flowables)
        if doc._curPageFlowableCount or not rec.pages or rec.events != [] or not rec.plain:
            return False
        if id(flowables[0]) not in bounds.starts or bounds.last == len(rec.pages):
            return False
        frame = doc.frame
        if (len(doc.canv._code) != rec.pos or self.store.carry or getattr(frame, "foot", True) or frame.closed
                or frame.continued or not frame._atTop):
            return False
        bounds.last = len(rec.pages)  # one boundary a page
        state = bounds.state(doc, flowables[0])
        found = bounds.mark(len(rec.pages), state, reach) if state is not None else None
        if found is None or not self._may_play(doc, bounds.old["pages"][found[0]:]):
            return False
        at, pages, self.later = found
        dropped = []
        while len(flowables) and id(flowables[0]) in self.own:  # (a few are made ahead at a time)
            dropped.append(flowables.pop(0))
        self._play_earlier(doc, pages, at, dropped)
        return True

    def _may_play(self, doc, pages: list) -> bool:
        """Whether the earlier recording's ``pages`` can be played where the document stands."""
        return self._valid(doc, dict(self.bounds.old, pages=pages, bounds=()), len(self.bounds.outside)) \
            and all(fonts_known(page[1]) for page in pages)

    @staticmethod
    def _valid(doc, entry, open_elements: int) -> bool:
        """Whether ``entry`` passes :func:`valid_entry` where the document stands: its outline under
        the outline's last entry, its links to destinations the part or the document makes."""
        bound = doc.canv._destinations
        return valid_entry(entry, open_elements, getattr(doc.canv._doc.outline, "currentlevel", -1),
                           lambda name: getattr(bound.get(name), "page", None) is not None)

    @staticmethod
    def _play_pages(doc, tagger, nodes: list, pages: list) -> None:
        """Recorded ``pages`` played from the page begun, each after the one before is turned."""
        for i, page in enumerate(pages):
            if i:
                _turn(doc)
            play_page(doc.canv, tagger, nodes, page)
            doc._curPageFlowableCount = page[0]

    def _play_earlier(self, doc, pages: list, at: int, dropped: list) -> None:
        """The earlier recording's ``pages`` (from its page ``at``) played from the page begun, in place
        of the flowables ``dropped``: their headings' pages, references and notes as drawing them gives."""
        walk, rec, first = self.walk, self.recorder, doc.page
        rec.events, self.playing = None, True
        try:
            self._play_pages(doc, walk.tagger, self.bounds.nodes, pages)
        finally:
            self.playing = False
        rec.pages.extend(pages)
        old = self.bounds.old
        walk.heading_pages.update((name, first + offset - at) for name, offset in old["headings"]
                                  if at <= offset < at + len(pages))
        drawn = {event[1][len(REF):] for page in pages for event in page[2]
                 if type(event) is tuple and event[0] == "M" and event[1].startswith(REF)}
        doc._references.update(drawn.intersection(old["references"]))
        for flowable in dropped:
            for number in refs_in(flowable):  # its notes drawn at the foot of the pages played
                self.store.notes.drop(number)
                self.store.placed.add(number)

    def close(self, doc, last: bool = False) -> None:
        """The part being recorded has ended (``last``: with the document): keep what it drew,
        if it can be played again (not when a note runs on into the next part)."""
        if self.recording is None:
            return
        key, nodes, parents, stack, notes, headings, references, first = self.recording
        bounds, self.recording, self.bounds, self.own = self.bounds, None, None, set()
        pages = self.recorder.finish()
        if pages is None or not last and self._carried(doc):
            return
        pages_of = {k: p - first for k, p in self.walk.heading_pages.items() if headings.get(k) != p}
        self.folder.keep(key, {
            "pages": pages,
            "elements": [(node.kind, tuple(node.attrs.items()), parent) for node, parent in zip(nodes, parents)],
            "notes": notes, "stack": stack, "headings": sorted(pages_of.items()),
            "references": sorted(set(doc._references) - references),
            "outside": len(bounds.outside), **bounds.entries(self.later),
        })

    def _carried(self, doc) -> bool:
        """Whether a note runs on from the page before (into the part that starts here)."""
        return bool(self.store.carry) or bool(getattr(doc.frame, "foot", None))

    def _playable(self, doc, entry) -> bool:
        """Whether ``entry`` can be played where the document stands (see :func:`valid_entry`)."""
        return self._valid(doc, entry, len(self.walk.outline.stack)) and destinations_agree(entry) \
            and all(fonts_known(page[1]) for page in entry["pages"])

    def _play(self, doc, part: Part, entry) -> None:
        walk = self.walk
        outside = [node for _, node in walk.outline.stack]
        nodes = make_elements(entry["elements"], outside)
        for number, i in entry["notes"]:
            walk.tagger.notes[number] = nodes[i]
        walk.outline.stack = [(level, outside[-1 - ref] if ref < 0 else nodes[ref]) for level, ref in entry["stack"]]
        first = doc.page
        self._play_pages(doc, walk.tagger, nodes, entry["pages"])
        walk.heading_pages.update((name, first + offset) for name, offset in entry["headings"])
        doc._references.update(entry["references"])

    def streams(self):
        """The page streams' encodings kept with the parts (None without a folder)."""
        return self.folder.streams if self.folder is not None else None

    def save(self) -> None:
        """After the file is written: what this build laid out and encoded, for the next; what was
        left out of collections as parts were played (the document's objects among it), back in them."""
        if self.folder is not None:
            self.folder.save()
        if self.frozen:
            self.frozen = False
            released()
