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
the next build. A full build is the same pass with nothing found, so the two
write the same bytes. The contents (whose entries list every heading) and the
cover are laid out on every build.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus.doctemplate import ActionFlowable, PageBegin

from ...collector import held
from ...document.model import Heading, PageBreak, TableOfContents, Text
from ...document.walk import iter_notes
from ..shared import web_link
from .layout_cache import LayoutFolder, code_key
from .objects import written_pattern
from .recording import Recorder, element_parents, font_state, fonts_known, make_elements, new_elements, play_page


@dataclass
class Part:
    index: int
    start: int  # its first block's index among the document's
    blocks: list
    key: bytes  # a digest of what it depends on but the state it starts in; b"": laid out on every build
    headings: int = 0  # how many headings precede it


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
    face = getattr(font, "face", None)
    data = getattr(face, "_ttf_data", None)
    if data is None:
        return repr(getattr(font, "fontName", "")).encode()
    known = face.__dict__.get("bp_key")  # the file's digest, taken as it was registered
    if known is None:
        known = face.__dict__["bp_key"] = hashlib.blake2b(data, digest_size=16).hexdigest()
    return known.encode()


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
        parts.append(Part(len(parts), start, own, key, headings))
        start, headings = end + 1, headings + count
    return parts


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

    def __init__(self, walk, store, parts: list[Part], folder: LayoutFolder | None):
        self.walk, self.store, self.parts, self.folder = walk, store, parts, folder
        self.recorder = None
        self.recording = None  # (key, the part's elements, their parents, headings before, references before)

    @classmethod
    def of(cls, walk, store, style, paper: str, cache) -> "PartLayout":
        """The parts of ``walk``'s document, with the house style sheet ``style``, ``paper``
        and the ``CacheFolder`` of the output (or None)."""
        hs = walk.hs
        fonts = [f for family in (hs.body_font, hs.heading_font, hs.chart_font) if family for f in vars(family).values()]
        base = layout_key(style, paper, walk.language, fonts) if cache is not None else None
        parts = plan_parts(walk.doc.blocks, walk.keys, walk.outline_levels, base)
        reused = cache is not None and any(part.key for part in parts)  # else nothing to keep: no folder
        return cls(walk, store, parts, LayoutFolder(cache.path, cache.reuse) if reused else None)

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
        carried = self._carried(doc)
        key = ""
        if part.key and not carried and self.folder is not None:
            digest = hashlib.blake2b(part.key, digest_size=20)
            digest.update(font_state(doc.canv._doc))
            digest.update(repr([level for level, _ in walk.outline.stack]).encode())
            key = digest.hexdigest()
            entry = self.folder.part(key)
            with held(freeze=False):  # what a part played again makes lives on: no cycles to look for
                if entry is not None and self._play(doc, part, entry):
                    return []
        open_elements = [(node, len(node.kids)) for _, node in walk.outline.stack]
        outside = [node for node, _ in open_elements]
        before = set(walk.tagger.notes)
        self.store.notes.update(walk.note_paragraphs(part.blocks))
        flowables = walk.part(part.blocks, part.start, part.headings, cover=index == 0)
        if not key:
            return flowables  # made as the layout reaches them
        flowables = list(flowables)  # all made before the first is drawn: the elements the walk made are the part's
        numbers = [n for n in walk.tagger.notes if n not in before]
        nodes = new_elements(open_elements, [walk.tagger.notes[n] for n in numbers])
        if self.recorder is None:
            self.recorder = Recorder(doc.canv)
        self.recorder.start(doc, nodes)
        ref = {id(node): i for i, node in enumerate(nodes)} | {id(node): -1 - i for i, node in enumerate(outside)}
        stack = [(level, ref[id(node)]) for level, node in walk.outline.stack]
        notes = list(zip(numbers, range(len(nodes) - len(numbers), len(nodes))))
        self.recording = (key, nodes, element_parents(nodes, outside), stack, notes, dict(walk.heading_pages),
                          set(doc._references), doc.page)
        return flowables

    def page_begun(self, doc) -> None:
        if self.recording is not None:
            self.recorder.page_begun(doc)

    def page_ended(self, doc) -> None:
        if self.recording is not None:
            self.recorder.page_ended(doc)

    def close(self, doc, last: bool = False) -> None:
        """The part being recorded has ended (``last``: with the document): keep what it drew,
        if it can be played again (not when a note runs on into the next part)."""
        if self.recording is None:
            return
        key, nodes, parents, stack, notes, headings, references, first = self.recording
        self.recording = None
        pages = self.recorder.finish()
        if pages is None or not last and self._carried(doc):
            return
        pages_of = {k: p - first for k, p in self.walk.heading_pages.items() if headings.get(k) != p}
        self.folder.keep(key, {
            "pages": pages,
            "elements": [(node.kind, tuple(node.attrs.items()), parent) for node, parent in zip(nodes, parents)],
            "notes": notes, "stack": stack, "headings": sorted(pages_of.items()),
            "references": sorted(set(doc._references) - references),
        })

    def _carried(self, doc) -> bool:
        """Whether a note runs on from the page before (into the part that starts here)."""
        return bool(self.store.carry) or bool(getattr(doc.frame, "foot", None))

    def _play(self, doc, part: Part, entry) -> bool:
        walk = self.walk
        outside = [node for _, node in walk.outline.stack]
        level = getattr(doc.canv._doc.outline, "currentlevel", -1)  # the outline's last entry's
        bound = doc.canv._destinations
        if not valid_entry(entry, len(outside), level, lambda name: getattr(bound.get(name), "page", None) is not None) \
                or not all(fonts_known(page[1]) for page in entry["pages"]):
            return False
        nodes = make_elements(entry["elements"], outside)
        for number, i in entry["notes"]:
            walk.tagger.notes[number] = nodes[i]
        walk.outline.stack = [(level, outside[-1 - ref] if ref < 0 else nodes[ref]) for level, ref in entry["stack"]]
        first = doc.page
        for i, page in enumerate(entry["pages"]):
            if i:
                _turn(doc)
            play_page(doc.canv, walk.tagger, nodes, page)
            doc._curPageFlowableCount = page[0]
        walk.heading_pages.update((name, first + offset) for name, offset in entry["headings"])
        doc._references.update(entry["references"])
        return True

    def streams(self):
        """The page streams' encodings kept with the parts (None without a folder)."""
        return self.folder.streams if self.folder is not None else None

    def save(self) -> None:
        """After the file is written: what this build laid out and encoded, for the next."""
        if self.folder is not None:
            self.folder.save()


def _turn(doc) -> None:
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


# ---------------------------------------------------------------- an entry read back
def valid_entry(entry, open_elements: int, outline_level: int, bound) -> bool:
    """Whether ``entry`` (read from a file) has the shape :meth:`PartLayout.close` gives: its
    outline entries nesting under an outline whose last entry is at ``outline_level``, each at a
    destination the part makes, and each link to one the part makes or one ``bound(name)`` says
    the document has already."""
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
        for level, ref in entry["stack"]:
            if type(level) is not int or type(ref) is not int or not -open_elements <= ref < n:
                return False
        ok = all(isinstance(k, str) and isinstance(p, int) for k, p in entry["headings"])
        ok = ok and all(isinstance(label, str) for label in entry["references"])
        levels, made, named = [], set(), []
        ok = ok and bool(pages) and all(_valid_page(page, n, (levels, made, named)) for page in pages)
        return ok and _nested(levels, outline_level) and all(
            name in made or kind == "L" and bound(name) for kind, name in named)
    except (KeyError, TypeError, ValueError):
        return False


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
