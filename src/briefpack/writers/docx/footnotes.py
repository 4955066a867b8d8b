"""The footnotes part of a .docx (``word/footnotes.xml``), added the way
python-docx adds its comments part: element classes registered with the oxml
parser, a :class:`FootnotesPart` with a default template, and a get-or-create
accessor, :func:`footnotes_part`.

Word needs two special footnotes in the part, the separator (id -1) and the
continuation separator (id 0); ordinary notes have small positive ids and are
numbered by Word in document order.
"""

from __future__ import annotations

import copy
from typing import cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml, register_element_cls
from docx.oxml.xmlchemy import BaseOxmlElement, ZeroOrMore

_W_ID = qn("w:id")
_W_TYPE = qn("w:type")
_W_VAL = qn("w:val")
_SPECIAL_TYPES = ("separator", "continuationSeparator", "continuationNotice")
_NOTE_TEMPLATES: dict = {}  # (paragraph style, reference style) -> an empty note to copy

_DEFAULT_FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1">'
    '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p>"
    "</w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0">'
    '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p>"
    "</w:footnote>"
    "</w:footnotes>"
)


# ---------------------------------------------------------------- elements
class CT_Footnote(BaseOxmlElement):
    """``<w:footnote>``: one note (or one of the special separator notes)."""

    @property
    def is_special(self) -> bool:
        return self.get(_W_TYPE) in _SPECIAL_TYPES

    @property
    def note_id(self) -> int:
        return int(self.get(_W_ID))


class CT_Footnotes(BaseOxmlElement):
    """``<w:footnotes>``: root element of the footnotes part."""

    footnote_lst: list[CT_Footnote]
    footnote = ZeroOrMore("w:footnote")

    def drop_ordinary_notes(self) -> None:
        """Remove every note except the separators (a reference document's own notes)."""
        for note in self.footnote_lst:
            if not note.is_special:
                self.remove(note)

    def max_special_id(self) -> int:
        """The largest id taken by a separator note (0 in a normal part)."""
        return max((n.note_id for n in self.footnote_lst if n.is_special), default=0)

    def add_note(self, note_id: int, para_style: str, ref_style: str):
        """Append ``<w:footnote w:id=note_id>`` holding one paragraph styled
        ``para_style`` that starts with the note's reference mark; returns that
        ``<w:p>`` for the caller to append the note's runs to."""
        note = copy.copy(self._note_template(para_style, ref_style))  # one (whole: lxml's) copy, not nine elements
        note.set(_W_ID, str(note_id))
        self.append(note)
        return note[0]

    def _note_template(self, para_style: str, ref_style: str):
        key = (para_style, ref_style)
        if key not in _NOTE_TEMPLATES:
            note = self.makeelement(qn("w:footnote"), {_W_ID: "0"})
            p = _sub(note, "w:p")
            _sub(_sub(p, "w:pPr"), "w:pStyle", {_W_VAL: para_style})
            r = _sub(p, "w:r")
            _sub(_sub(r, "w:rPr"), "w:rStyle", {_W_VAL: ref_style})
            _sub(r, "w:footnoteRef")
            space = _sub(_sub(p, "w:r"), "w:t", {qn("xml:space"): "preserve"})
            space.text = " "
            _NOTE_TEMPLATES[key] = note
        return _NOTE_TEMPLATES[key]


def _sub(parent, tag: str, attrib: dict | None = None):
    el = parent.makeelement(qn(tag), attrib or {})
    parent.append(el)
    return el


register_element_cls("w:footnotes", CT_Footnotes)
register_element_cls("w:footnote", CT_Footnote)


# ---------------------------------------------------------------- part
class FootnotesPart(XmlPart):
    """The ``word/footnotes.xml`` part."""

    @property
    def footnotes(self) -> CT_Footnotes:
        return cast(CT_Footnotes, self._element)

    @classmethod
    def default(cls, package) -> "FootnotesPart":
        """A new footnotes part holding only the separator and continuation separator."""
        element = parse_xml(_DEFAULT_FOOTNOTES_XML.encode("utf-8"))
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, package)


# A reference document's own footnotes part loads as XML, to be reused.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart


def footnotes_part(document_part) -> FootnotesPart:
    """The document's footnotes part, created (and related) if it has none.

    An existing part keeps its separators and loses its ordinary notes.
    """
    try:
        part = document_part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        part = FootnotesPart.default(document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        return part
    part.footnotes.drop_ordinary_notes()
    _ensure_separators(part.footnotes)
    return part


def normalize_separator_ids(footnotes: CT_Footnotes, settings) -> None:
    """Give the separator id -1 and the continuation separator id 0, as Word does
    (LibreOffice writes 0 and 1), so that notes can take ids from 1; the
    references in ``settings.xml`` (``w:footnotePr``) follow."""
    wanted = {"separator": -1, "continuationSeparator": 0}
    mapping = {
        n.note_id: wanted[n.get(_W_TYPE)]
        for n in footnotes.footnote_lst
        if n.get(_W_TYPE) in wanted and n.note_id != wanted[n.get(_W_TYPE)]
    }
    if not mapping:
        return
    kept = {n.note_id for n in footnotes.footnote_lst} - set(mapping)
    if kept & set(mapping.values()):
        return  # ids taken by other special notes: leave the part as it is
    for note in footnotes.footnote_lst:
        if note.note_id in mapping:
            note.set(_W_ID, str(mapping[note.note_id]))
    for ref in settings.iter(qn("w:footnote")):  # inside w:footnotePr
        old = ref.get(_W_ID)
        if old is not None and old.lstrip("-").isdigit() and int(old) in mapping:
            ref.set(_W_ID, str(mapping[int(old)]))


def _ensure_separators(footnotes: CT_Footnotes) -> None:
    """Add the separator or continuation separator if a reused part lacks one."""
    types = {n.get(_W_TYPE) for n in footnotes.footnote_lst}
    ids = {n.note_id for n in footnotes.footnote_lst}
    for position, note in enumerate(list(parse_xml(_DEFAULT_FOOTNOTES_XML.encode("utf-8")))):
        if note.get(_W_TYPE) in types:
            continue
        if int(note.get(_W_ID)) in ids:
            note.set(_W_ID, str(min(ids) - 1))
        ids.add(int(note.get(_W_ID)))
        footnotes.insert(position, note)


