"""Inline nodes of the document model as reportlab paragraph markup.

Every piece of text from the model is cleaned of control characters and escaped
before it enters the markup, so source text is printed as written; each
character is set in a font that has it; note references and cross-references
become links, and an Anchor a destination (see :mod:`.notes` and :mod:`.references`).
"""

from __future__ import annotations

import re

from ...document.model import Anchor, CrossRef, Link, Note, Text
from ..glyphs import Glyphs
from ..scripts import COMPLEX
from ..shared import cannot_write, escape, web_link
from .bidi import isolation_marks, marked
from .notes import NOTE, REF_CALLBACK
from .shaping import install as install_shaping
from .style import HouseStyle
from .tagging import PHRASE, language_marks

_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile("[\t\n\r\u2028\u2029]")


def clean(text: str) -> str:
    """Text without control characters (line breaks and tabs become spaces)."""
    return _DROP.sub("", _SPACE.sub(" ", text))


class Markup:
    """Inline nodes to reportlab paragraph markup; remembers the notes referenced.

    Text is cleaned and escaped; each character is set in a font that has it
    (see :class:`.Glyphs`); a phrase in the other direction than the paragraph's
    (``base``) is an isolated run. Whether a paragraph needs shaping is gathered as
    its text goes by, and taken with its notes."""

    def __init__(self, hs: HouseStyle):
        install_shaping()
        self.link = hs.colours["link"].hexval().replace("0x", "#")
        self.notes: list[int] = []
        self.complex = False  # some text in a complex script or right to left: shape the paragraph
        self.base = "L"  # the direction of the paragraph being made
        self.language = "en"  # the document's: words in another are marked with theirs
        self.glyphs = {False: Glyphs(hs.body_font, hs.heading_font),
                       True: Glyphs(hs.heading_font, hs.body_font)}

    def text(self, text: str, heading: bool = False, marks=None) -> str:
        """Plain text as markup, for a style set in the body font (or the heading font);
        ``marks``: where isolated runs begin and end in it (else found in it alone)."""
        text = clean(text)
        if not text.isascii():
            self.complex = self.complex or bool(COMPLEX.search(text))
            if marks is None:
                marks = isolation_marks([text], self.base)[0]
        if not marks:
            return self._markup(text, heading)
        self.complex = True  # a phrase in the other direction: an isolated run, ordered line by line
        return marked(text, marks, lambda piece: self._markup(piece, heading))

    def _markup(self, text: str, heading: bool) -> str:
        if not text.isascii() and PHRASE.search(text):  # a phrase in another language: marked
            return language_marks(text, self.language, self.glyphs[heading].markup)
        return self.glyphs[heading].markup(text)

    def __call__(self, content, notes=True, heading=False) -> str:
        out = []
        texts = [clean(n.text) if isinstance(n, (Text, Link)) else clean(self.references.words(n))
                 if isinstance(n, CrossRef) else "" if isinstance(n, Anchor) else "\ufffc" for n in content]
        marks = iter(isolation_marks(texts, self.base))
        for node in content:
            node_marks = next(marks)
            if isinstance(node, Text):
                s = self.text(node.text, heading, node_marks)
                if node.bold:
                    s = f"<b>{s}</b>"
                if node.italic:
                    s = f"<i>{s}</i>"
                out.append(s)
            elif isinstance(node, Link):
                url = web_link(clean(node.url))
                if url:
                    href = escape(url, quotes=True)
                    out.append(f'<a href="{href}" color="{self.link}">{self.text(node.text, heading, node_marks)}</a>')
                else:
                    out.append(self.text(node.text, heading, node_marks))
            elif isinstance(node, Anchor):  # where a cross-reference may point: not in the contents' copy
                if notes:
                    out.append(self.references.anchor(node))
            elif isinstance(node, CrossRef):  # "“Kazakhstan,” p. 12", linked to the heading
                out.append(self.references.markup(node, lambda s: self.text(s, heading, node_marks), self.link))
            elif isinstance(node, Note):
                if notes:  # a note's reference; none in the contents, none inside a note
                    n = int(node.number)
                    self.notes.append(n)
                    out.append(f'<onDraw name="{REF_CALLBACK}" label="{n}"/>'
                               f'<a href="#{NOTE}{n}" color="{self.link}"><super>{n}</super></a>')
            else:
                raise cannot_write("PDF", node)
        return "".join(out)

    def take_notes(self) -> tuple[int, ...]:
        taken, self.notes = tuple(self.notes), []
        return taken

    def take_script(self) -> tuple[bool, bool]:
        """Whether the text since the last call needs shaping, and whether it runs right to left."""
        taken = self.complex, self.base == "R"
        self.complex = False
        return taken
