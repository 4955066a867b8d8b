"""Marked content as the PDF is drawn, and the structure elements that own it.

Reportlab writes no structure, so the writer marks its own content while it
draws: each flowable that carries a structure element (``bp_node``, given by
the walk) is drawn inside ``/P <</MCID n>> BDC ... EMC`` (its element's type,
the next number on the page), and the element records the page and number;
what is not content (running heads and feet, TLP banners, rules, table grids,
dot leaders, a repeated table header) is drawn inside ``/Artifact ... BDC``.
The link annotations made while an element is drawn become its Link elements:
a note reference's link a Reference holding a Link, followed by the note's
Note, so that a reader hears each note right after its reference; a
cross-reference to a heading a Reference holding a Link.
:mod:`.structure` writes the elements into the file after layout.
"""

from __future__ import annotations

import re

from reportlab.platypus import Table
from reportlab.platypus.paragraph import Paragraph

from ..glyphs import line_runs
from ..languages import language_runs, other_language
from .notes import NOTE, REF
from .shaping import span_label


class Node:
    """A structure element: its type, attributes (``Lang``, ``Alt``, ``ID``, ...), and
    its kids in reading order: elements, ``(page, mcid)`` and ``("annot", name)``; ``ref``, a
    reference to its object, given when the tree is written."""

    __slots__ = ("kind", "kids", "attrs", "parent", "ref")

    def __init__(self, kind: str, parent: "Node | None" = None, **attrs):
        self.kind, self.kids, self.attrs, self.parent = kind, [], attrs, parent
        if parent is not None:
            parent.kids.append(self)

    def add(self, kind: str, **attrs) -> "Node":
        return Node(kind, self, **attrs)

    def adopt(self, node: "Node") -> None:
        node.parent = self
        self.kids.append(node)

    def pages(self) -> set[int]:
        return {kid[0] for kid in self.kids if isinstance(kid, tuple) and kid[0] != "annot"}


class Outline:
    """Sections nested as the headings are: Document -> Sect -> H1, its content, Sect -> H2 ..."""

    def __init__(self, root: Node):
        self.stack = [(0, root)]

    @property
    def here(self) -> Node:
        return self.stack[-1][1]

    def heading(self, level: int, **attrs) -> Node:
        while self.stack[-1][0] >= level:
            self.stack.pop()
        sect = self.here.add("Sect")
        self.stack.append((level, sect))
        return sect.add(f"H{level}", **attrs)


class Tagger:
    """The structure being drawn: which element owns each marked-content number of
    each page, the link annotations and what they say, the notes by number."""

    def __init__(self, language: str):
        self.language = language
        self.root = Node("Document")
        self.outline = Outline(self.root)
        self.owners: list[list[Node]] = []  # per page (0-based): the element of each MCID
        self.links: list[tuple[int, str, Node, str]] = []  # (page, annotation name, Link element, Contents)
        self.notes: dict[int, Node] = {}
        self.titles: dict[str, str] = {}  # a heading's destination -> its title
        # what links add to a section or the document while its elements are still being
        # made (the walk runs ahead of the layout): id -> (element, a holder of the additions)
        self._later: dict[int, tuple[Node, Node]] = {}

    # -- marked content
    def begin(self, canv, node: Node) -> int:
        page = canv.getPageNumber() - 1
        while len(self.owners) <= page:
            self.owners.append([])
        owners = self.owners[page]
        node.kids.append((page, len(owners)))
        canv.addLiteral(f"/{node.kind} <</MCID {len(owners)}>> BDC")
        owners.append(node)
        return len(canv._annotationrefs)

    def end(self, canv, node: Node | None, mark: int) -> None:
        canv.addLiteral("EMC")
        refs = canv._annotationrefs
        if len(refs) > mark:
            for ref in refs[mark:]:
                self.link(canv, node or self.root, ref.name)

    def begin_artifact(self, canv, kind: str = "Layout") -> int:
        canv.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        return len(canv._annotationrefs)

    # -- links
    def link(self, canv, node: Node, name: str) -> None:
        """The link annotation ``name``, made while ``node`` was drawn: its Link element."""
        if node.kind[0] == "H" and node.parent is not None:  # a heading holds its text only: its
            node = node.parent  # note's reference and the note follow it in its section
        if node is self.root or node.kind == "Sect":  # elements still being made: added at the end
            node = self._later.setdefault(id(node), (node, Node(node.kind)))[1]
        annotation = canv._doc.idToObject[name]
        dest = getattr(getattr(annotation, "Destination", None), "name", None)
        page = canv.getPageNumber() - 1
        if dest and dest.startswith(NOTE) and dest[len(NOTE):].isdigit() and node.kind != "Figure":
            n = int(dest[len(NOTE):])
            link = node.add("Reference").add("Link")
            note = self.notes.get(n)
            if note is not None and note.parent is None:
                node.adopt(note)
            contents = f"Note {n}"
        elif dest and dest.startswith(REF) and node.kind == "Note":
            label = Node("Lbl")
            label.parent = node
            node.kids.insert(0, label)
            link = label.add("Link")
            contents = f"Back to the reference of note {dest[len(REF):]}"
        elif dest and dest.startswith(NOTE):
            link, contents = node.add("Link"), f"Note {dest[len(NOTE):]}"
        elif dest:  # a cross-reference in the text is a Reference; a contents entry links alone
            holder = node if node.kind == "TOCI" else node.add("Reference")
            link, contents = holder.add("Link"), f"Section: {self.titles.get(dest, dest)}"
        else:
            uri = annotation["A"]["URI"]
            link, contents = node.add("Link"), f"Link to {getattr(uri, 's', uri)}"
        link.kids.append(("annot", name))
        self.links.append((page, name, link, contents))

    def finish(self) -> None:
        """What links added to a section or the document, after their elements; notes
        whose reference was never drawn (none in a sound layout) at the end."""
        for node, gained in self._later.values():
            for kid in gained.kids:
                node.adopt(kid) if isinstance(kid, Node) else node.kids.append(kid)
        self._later.clear()
        for note in self.notes.values():
            if note.parent is None:
                self.root.adopt(note)


# <onDraw> names around each word in another language than the document's (Cyrillic in
# an English paragraph): a span with its /Lang inside the paragraph's marked content.
LANG, LANG_END = "bpLang", "bpLangEnd"


# A phrase of three Cyrillic words or more (a name alone is read with its sentence).
PHRASE = re.compile("[\u0400-\u052f]+(?:[\\s,.;:'\"«»“”-]+[\u0400-\u052f]+){2}")
_WORDS = re.compile(r"(\s+)")


def language_marks(text: str, language: str, markup) -> str:
    """``markup(text)`` with each word of a phrase in another language than ``language``
    (the document's) between language marks, each naming the language: a word never
    breaks, but its opening mark may end the line before it (see ``_begin_language``)."""
    out = []
    for script, lang, piece in language_runs(text):
        tag = other_language(lang, language) if script is None else None
        if not tag or not PHRASE.search(piece):
            out.append(markup(piece))
            continue
        for word in _WORDS.split(piece):
            out.append(f'<onDraw name="{LANG}" label="{tag}"/>{markup(word)}<onDraw name="{LANG_END}" label="{tag}"/>'
                       if word and not word.isspace() else markup(word))
    return "".join(out)


# A mark with no width belongs to the word before it when a space precedes it (reportlab
# keeps it with that word's trailing space), so a word's opening mark may end a line, and
# the part of the paragraph on one page, while the word begins the next. Each text object
# therefore closes the spans still open when it ends, and a closing mark with no open span
# opens its span at the start of the text object (where its word is).
def _begin_language(canv, kind, label) -> None:
    tx = canv._curr_tx_info["tx"]
    spans = tx.__dict__.get("bp_spans")
    if spans is None:
        spans = tx.bp_spans = []
        tx.getCode = _closing_code(tx, tx.getCode)
    tx._code.append(f"/Span <</Lang ({label})>> BDC")
    spans.append(label)


def _end_language(canv, kind, label) -> None:
    tx = canv._curr_tx_info["tx"]
    spans = tx.__dict__.get("bp_spans")
    if spans:
        spans.pop()
    elif label:  # its word opens this part of the paragraph: the span opens with it
        tx._code.insert(1 if tx._code[:1] == ["BT"] else 0, f"/Span <</Lang ({label})>> BDC")
    else:
        return
    tx._code.append("EMC")


def _closing_code(tx, get_code):
    def code():
        tx._code.extend("EMC" for _ in tx.bp_spans)
        tx.bp_spans.clear()
        return get_code()
    return code


def register_language_callbacks(canv) -> None:
    canv.setNamedCB(LANG, _begin_language)
    canv.setNamedCB(LANG_END, _end_language)


def tagger_of(canv) -> Tagger | None:
    return getattr(canv, "bp_tagger", None)


class Tagged:
    """A flowable drawn as the marked content of its element ``bp_node`` (an artifact
    without one); the parts it splits into keep the element."""

    bp_node: Node | None = None

    def drawOn(self, canv, x, y, _sW=0):
        tagger = tagger_of(canv)
        if tagger is None:
            return super().drawOn(canv, x, y, _sW)
        node = self.bp_node
        page = canv.getPageNumber() - 1
        if node is None or (node.kind == "TH" and node.kids and min(node.pages() or {page}) < page):
            mark = tagger.begin_artifact(canv, "Pagination" if node is not None else "Layout")
        else:
            mark = tagger.begin(canv, node)
        super().drawOn(canv, x, y, _sW)
        tagger.end(canv, node, mark)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        none = getattr(self, "bp_notes", None) == ()
        for part in parts:
            if part is not self and isinstance(part, Tagged):
                part.bp_node = self.bp_node
                if none:  # the parts of what references no note reference none
                    part.bp_notes = ()
        return parts


class TaggedParagraph(Tagged, Paragraph):
    pass


class ListParagraph(TaggedParagraph):
    """A list item's text (LBody) with its label ("•", "3.") drawn before it as the
    item's Lbl, each its own marked content."""

    bp_label: tuple[Node, str] | None = None

    def drawOn(self, canv, x, y, _sW=0):
        tagger = tagger_of(canv)
        if tagger is not None and self.bp_label is not None:
            node, text = self.bp_label
            st = self.style
            mark = tagger.begin(canv, node)
            canv.saveState()
            canv.setFont(st.bulletFontName, st.bulletFontSize)
            canv.setFillColor(st.textColor)
            at = y + self.height - st.fontSize + getattr(st, "bulletOffsetY", 0)
            if getattr(st, "bidi_rtl", False):  # a right-to-left item: its label at the right, read from
                right = x + self.width - st.bulletIndent  # there ("1." drawn ".1", as Word and LibreOffice do)
                canv.addLiteral(f"/Span <</ActualText <FEFF{span_label(text)}>>> BDC")
                canv.drawRightString(right, at, "".join(run.drawn for run in line_runs(text, st.bulletFontName, "R")))
                canv.addLiteral("EMC")
            else:
                canv.drawString(x + st.bulletIndent, at, text)
            canv.restoreState()
            tagger.end(canv, node, mark)
        super().drawOn(canv, x, y, _sW)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) > 1:
            parts[0].bp_label = self.bp_label  # the label stands before the first part only
            for part in parts[1:]:
                part.bp_label = None
        return parts


class TaggedTable(Table):
    """A table whose backgrounds and grid lines are artifacts (its cells carry their
    own elements)."""

    def _drawBkgrnd(self):
        self._as_artifact(super()._drawBkgrnd)

    def _drawLines(self):
        self._as_artifact(super()._drawLines)

    def _as_artifact(self, draw) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None:
            return draw()
        mark = tagger.begin_artifact(self.canv)
        draw()
        tagger.end(self.canv, None, mark)


class Artifact:
    """``with Artifact(canv, "Pagination"):`` what is drawn inside is an artifact."""

    def __init__(self, canv, kind: str = "Layout"):
        self.canv, self.kind = canv, kind

    def __enter__(self):
        tagger = tagger_of(self.canv)
        self.mark = tagger.begin_artifact(self.canv, self.kind) if tagger is not None else None
        return self

    def __exit__(self, *exc):
        if self.mark is not None:
            tagger_of(self.canv).end(self.canv, None, self.mark)
        return False


class Marked:
    """``with Marked(canv, node):`` what is drawn inside is ``node``'s content."""

    def __init__(self, canv, node: Node | None):
        self.canv, self.node = canv, node

    def __enter__(self):
        tagger = tagger_of(self.canv)
        self.tagger = tagger
        if tagger is not None:
            self.mark = (tagger.begin(self.canv, self.node) if self.node is not None
                         else tagger.begin_artifact(self.canv))
        return self

    def __exit__(self, *exc):
        if self.tagger is not None:
            self.tagger.end(self.canv, self.node, self.mark)
        return False
