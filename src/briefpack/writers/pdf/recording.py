"""What a part of the PDF drew, recorded as it is laid out, and played again in a later build.

While a part is laid out (see :mod:`.parts`), the :class:`Recorder` keeps, page by
page, the operators its flowables wrote to the page (from the end of the page's
running head to the end of the page, the notes at its foot included) and, in
their place among them, every call that does more than write operators: link
annotations, destinations, outline entries, marked content opened and closed for
the structure tree. With each page it keeps which characters each font subset
gave a code to, in the order given, and which fonts the document named first:
played again into the subsets, the codes the operators use are the same and the
fonts embedded at the end hold the same glyphs. With the part it keeps the
structure elements the walk made for it (made again as they were, then filled by
the marked content played again).

Playing a part makes the same calls in the same order, so the objects of the file
(annotations, destinations, pages) are numbered as in a build that laid it out,
and the file is the same byte for byte; the running heads and feet are drawn
fresh on each page, so page numbers and "Page X of Y" follow where the part now
stands. A part whose drawing did anything else (a form or an image, a colour
space, a font that is not subset, a glyph that has no character, as shaping
gives) is not recorded: it is laid out on every build.
"""

from __future__ import annotations

import hashlib
import itertools

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFArray, PDFDocument
from reportlab.pdfgen.canvas import Canvas

from ..fonts import SHAPED_FONTS, script_fonts
from .objects import FastDestination, FastDocument, FastLink, add_link, coordinates
from .tagging import Node, Tagger

_PRIVATE_USE = range(0xE000, 0xF900)  # codes HarfBuzz gives glyphs without a character
_OBJECTS_MADE_BY_PAGES = ("Annot.", "Page")  # what a part's pages add to the file (played again)


# ---------------------------------------------------------------- the calls beyond page content
def _recording(canv):
    recorder = getattr(canv, "bp_recorder", None)
    return recorder if recorder is not None and recorder.events is not None else None


class RecordingCanvas(Canvas):
    """A canvas that tells the recorder of the part being laid out of each call that adds
    to the file more than page content; rectangles and positions are made absolute
    first, and the call made with them, recorded or not, so that a part played again
    makes the very same call. It also encodes page streams through ``bp_streams``, and
    makes its links, destinations and document of the classes that format themselves
    fast (:mod:`.objects`)."""

    bp_recorder = None
    bp_streams = None  # a StreamMemo: a page's content encoded once for the same content

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        if type(self._doc) is PDFDocument:
            self._doc.__class__ = FastDocument

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1,
                 thickness=0, color=None, dashArray=None, **kw):
        rect = tuple(self._absRect(Rect, relative))
        rec = _recording(self)
        if rec is not None:
            rec.flush()
            rec.plain = rec.plain and addtopage == 1 and name is None and color is dashArray is None and not kw
        result = super().linkRect(contents, destinationname, rect, addtopage, name, 0, thickness, color,
                                  dashArray, **kw)
        if rec is not None:
            written = coordinates(rect)
            rec.plain = rec.plain and written is not None
            if rec.plain:  # the link just added to the page: its rectangle written once (and as kept)
                link = self._doc.idToObject[self._annotationrefs[-1].name]
                rec.plain = type(link) is FastLink
                link.bp_rect = written
            rec.add(("L", contents, destinationname, rect, thickness, written))
        return result

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        rect = tuple(self._absRect(rect, relative))
        rec = _recording(self)
        if rec is not None:
            rec.flush()
            rec.plain = rec.plain and color is dashArray is None and not kw
        super().linkURL(url, rect, 0, thickness, color, dashArray, kind, **kw)
        if rec is not None:
            rec.add(("U", url, rect, thickness, kind))

    def bookmarkHorizontal(self, key, relativeX, relativeY, **kw):
        left, top = self.absolutePosition(relativeX, relativeY)
        rec = _recording(self)
        if rec is not None:
            rec.flush()
            rec.plain = rec.plain and not kw
        self.bookmarkHorizontalAbsolute(key, top, left=left, **kw)
        if rec is not None:
            dest = self._destinations[key]
            written = coordinates((dest.fmt.left, dest.fmt.top, dest.fmt.zoom))
            rec.plain = rec.plain and type(dest) is FastDestination and written is not None
            if rec.plain:
                dest.bp_point = (dest.fmt, written)
            rec.add(("M", key, top, left, written))

    def addOutlineEntry(self, title, key, level=0, closed=None):
        rec = _recording(self)
        if rec is not None:
            rec.flush()
        super().addOutlineEntry(title, key, level, closed)
        if rec is not None:
            rec.add(("O", title, key, level, closed))

    def _bookmarkReference(self, name):
        found = self._destinations.get(name)
        if found is None:
            found = self._destinations[name] = FastDestination(name)
        return found

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        if type(annotation) is LinkAnnotation:
            annotation.__class__ = FastLink
        return super()._addAnnotation(annotation, name, addtopage)

    def showPage(self):
        super().showPage()
        if self.bp_streams is not None:
            self.bp_streams.encode_page(self._doc.Pages.pages[-1])


class RecordingTagger(Tagger):
    """The structure being drawn, telling the recorder of each marked content opened
    and closed (its element by number among the part's). The operators opening and
    closing it stay among the page's operators: a page played again starts with no
    marked content, so they are the same then, and only the elements are told."""

    def begin(self, canv, node: Node) -> int:
        self._tell(canv, lambda rec: rec.number(node))
        return super().begin(canv, node)

    def begin_artifact(self, canv, kind: str = "Layout") -> int:
        self._tell(canv, lambda rec: ("A", kind))
        return super().begin_artifact(canv, kind)

    def end(self, canv, node: Node | None, mark: int) -> None:
        self._tell(canv, lambda rec: -1 if node is None else -2 - rec.number(node))
        super().end(canv, node, mark)

    @staticmethod
    def _tell(canv, event) -> None:
        """The recorder of the part being laid out (if any) told ``event(recorder)``, after what was drawn before."""
        rec = _recording(canv)
        if rec is not None:
            rec.flush()
            rec.events.append(event(rec))


# ---------------------------------------------------------------- fonts
_FONTS: list = [0, []]  # how many fonts were registered, and the subset fonts among them, by name


def _subset_fonts() -> list:
    names = pdfmetrics.getRegisteredFontNames()
    if _FONTS[0] != len(names):
        fonts = [(name, pdfmetrics.getFont(name)) for name in names]
        _FONTS[:] = [len(names), [(name, font) for name, font in fonts if getattr(font, "_dynamicFont", 0)]]
    return _FONTS[1]


def font_marks(doc) -> tuple[int, dict]:
    """How far the document's font names and each subset font's codes have gone."""
    marks = {}
    for name, font in _subset_fonts():
        state = font.state.get(doc)
        marks[name] = (len(state.assignments) if state is not None else -1,
                       font.__dict__.get("_TTFont__hbPrivate"))
    return len(doc.fontMapping), marks


def font_delta(doc, marks) -> tuple | None:
    """What the fonts were given since ``marks``: the fonts named (in order) and, per
    font, the characters given codes (in order); None when it cannot be played again."""
    count, before = marks
    names = list(doc.fontMapping)[count:] if len(doc.fontMapping) > count else []
    chars = []
    for name, font in _subset_fonts():
        had, private = before.get(name, (-1, None))
        if font.__dict__.get("_TTFont__hbPrivate") != private:
            return None  # shaping gave glyphs without a character codes of their own
        state = font.state.get(doc)
        if state is None or len(state.assignments) == had:
            continue
        new = list(itertools.islice(state.assignments, max(had, 0), None))
        if any(code in _PRIVATE_USE for code in new):
            return None
        chars.append((name, "".join(map(chr, new))))
    if names and any(name not in dict(chars) for name in names):
        return None  # a font named without subsetting: its objects are made as it is named
    return names, chars


def fonts_known(delta) -> bool:
    """Whether every font ``delta`` names or gives codes in is a subset font registered now (a
    script font is, when asked)."""
    used = [name for name, _ in delta[1]] + list(delta[0])
    names = dict(_subset_fonts())
    if any(name in SHAPED_FONTS and name not in names for name in used):
        script_fonts()
        names = dict(_subset_fonts())
    return all(name in names for name in used)


def play_fonts(doc, delta) -> None:
    names, chars = delta
    for name, text in chars:
        pdfmetrics.getFont(name).splitString(text, doc)
    for name in names:
        pdfmetrics.getFont(name).getSubsetInternalName(0, doc)


def font_state(doc) -> bytes:
    """A digest of every code given so far and of the fonts' names: the operators of text
    drawn next depend on them."""
    digest = hashlib.blake2b(repr(list(doc.fontMapping.items())).encode(), digest_size=16)
    for name, font in sorted(_subset_fonts()):
        state = font.state.get(doc)
        if state is not None:
            digest.update(repr((name, state.nextCode, state.subsets)).encode())
    return digest.digest()


# ---------------------------------------------------------------- structure elements
def new_elements(open_elements: list[tuple[Node, int]], notes: list[Node]) -> list[Node]:
    """The elements made since ``open_elements`` (each with how many kids it had then)
    was taken, each after its parent, then the ``notes`` (which have none yet)."""
    out: list[Node] = []
    for node, count in open_elements:
        todo = list(reversed(node.kids[count:]))
        while todo:
            kid = todo.pop()
            if isinstance(kid, Node):
                out.append(kid)
                todo.extend(reversed(kid.kids))
    return out + notes


def element_parents(nodes: list[Node], open_elements: list[Node]) -> list:
    """Each element's parent: its number among ``nodes``, ``-1 - i`` for the i-th of
    ``open_elements``, or None."""
    number = {id(node): i for i, node in enumerate(nodes)}
    outside = {id(node): -1 - i for i, node in enumerate(open_elements)}
    return [None if n.parent is None else number.get(id(n.parent), outside.get(id(n.parent))) for n in nodes]


def make_elements(records: list, open_elements: list[Node]) -> list[Node]:
    """The elements of ``records`` (kind, attributes, parent) made again, each added
    to its parent's kids in order."""
    nodes: list[Node] = []
    for kind, attrs, parent in records:
        node = Node(kind, None if parent is None else open_elements[-1 - parent] if parent < 0 else nodes[parent])
        if attrs:
            node.attrs = dict(attrs)
        nodes.append(node)
    return nodes


# ---------------------------------------------------------------- recording and playing
class Recorder:
    """The pages of the part being laid out: for each, how many flowables were placed on
    it, what the fonts were given, and its events: operators (a string), marked content begun
    for an element (its number ``n``, 0 or more) or ended (``-2 - n``, or -1 for the document's),
    ``("A", kind)`` (an artifact begun), ``("L", contents, destination, rect, thickness, written)``,
    ``("U", url, rect, thickness, kind)``, ``("M", name, top, left, written)``, ``("O", title, name,
    level, closed)``; the most of them, the first three, plain strings and numbers (read and checked
    fastest); ``written``: the rectangle or the point as the file writes it."""

    def __init__(self, canv):
        self.canv = canv
        self.events = None  # the events of the page being recorded; None between pages
        self.pages: list = []
        self.plain = True  # every call could be recorded
        canv.bp_recorder = self

    def start(self, doc, nodes: list[Node]) -> None:
        self.number_of = {id(node): i for i, node in enumerate(nodes)}
        self.pages, self.plain = [], True
        self.objects = len(doc.canv._doc.idToObject)
        self.page_begun(doc)

    def number(self, node: Node) -> int:
        found = self.number_of.get(id(node))
        if found is None:
            self.plain = False  # an element of another part
            return -1
        return found

    def flush(self) -> None:
        code = self.canv._code
        if len(code) > self.pos:
            self.events.append("\n".join(code[self.pos:]))
        elif len(code) < self.pos:
            self.plain = False
        self.pos = len(code)

    def add(self, event: tuple) -> None:
        self.events.append(event)
        self.pos = len(self.canv._code)

    def page_begun(self, doc) -> None:
        canv = self.canv
        self.events, self.pos = [], len(canv._code)
        self.fonts = font_marks(canv._doc)
        self.resources = page_resources(canv)

    def page_ended(self, doc) -> None:
        if self.events is None:
            return
        self.flush()
        delta = font_delta(self.canv._doc, self.fonts)
        if delta is None or page_resources(self.canv) != self.resources:
            self.plain = False
        self.pages.append([doc._curPageFlowableCount, delta, self.events])
        self.events = None

    def finish(self) -> list | None:
        """The part's pages, or None when they cannot be played again. A page begun after the
        part's last (the next part's first) has nothing of it yet and is left out."""
        if self.events or (self.events is not None and len(self.canv._code) > self.pos):
            self.plain = False
        self.events = None
        made = list(self.canv._doc.idToObject)[self.objects:]
        if not all(name.startswith(_OBJECTS_MADE_BY_PAGES) for name in made):
            self.plain = False
        return self.pages if self.plain else None


def page_resources(canv) -> tuple:
    """What a page's resources hold besides fonts: forms, colour spaces, shadings, graphics states."""
    return (len(canv._formsinuse), len(canv._colorsUsed), len(canv._shadingUsed),
            len(getattr(canv._extgstate, "_d", ())))


def play_page(canv, tagger: Tagger, nodes: list[Node], page: list) -> None:
    """One recorded page's content and calls, onto the page just begun (which has no
    marked content yet: the numbers in the recorded operators are the page's)."""
    _count, delta, events = page
    play_fonts(canv._doc, delta)
    marks, refs, number = [], canv._annotationrefs, canv.getPageNumber() - 1
    owners = tagger.owners
    while len(owners) <= number:
        owners.append([])
    owned = owners[number]
    emit, own, push, pop = canv._code.append, owned.append, marks.append, marks.pop
    borders, here = {}, None  # each thickness's border; this page's reference
    for event in events:
        kind = type(event)
        if kind is str:
            emit(event)
        elif kind is int:
            if event >= 0:  # as Tagger.begin does, but for the operators
                node = nodes[event]
                node.kids.append((number, len(owned)))
                own(node)
                push(len(refs))
                continue
            mark = pop()  # as Tagger.end does: the links made inside belong to the element
            if len(refs) > mark:
                node = nodes[-2 - event] if event < -1 else tagger.root
                for ref in refs[mark:]:
                    tagger.link(canv, node, ref.name)
        elif event[0] == "M":  # as bookmarkHorizontalAbsolute does
            dest = canv._bookmarkReference(event[1])
            canv._doc.inPage()
            dest.xyz(event[3], event[2], 0)
            dest.bp_point = (dest.fmt, event[4])
            if here is None:
                here = canv._doc.thisPageRef()
            dest.setPage(here)
        elif event[0] == "L" and not canv._cropMarks:  # as linkRect makes it, the rectangle absolute already
            border = borders.get(event[4])
            if border is None:
                border = borders[event[4]] = PDFArray([0, 0, event[4] or 0])
            add_link(canv, FastLink(event[3], event[1], canv._bookmarkReference(event[2]), border), event[5])
        elif event[0] == "A":
            push(len(refs))
        else:
            _play_call(canv, event)


def _play_call(canv, event: tuple) -> None:
    """A recorded call made again as it was made: a link with crop marks, a web link, an outline entry."""
    op = event[0]
    if op == "L":
        canv.linkRect(event[1], event[2], event[3], relative=0, thickness=event[4])
    elif op == "U":
        canv.linkURL(event[1], event[2], relative=0, thickness=event[3], kind=event[4])
    elif op == "O":
        canv.addOutlineEntry(event[1], event[2], event[3], event[4])
