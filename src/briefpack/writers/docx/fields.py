"""Fields, bookmarks and the table of contents for the DOCX writer.

python-docx has no field API. A complex field is a run sequence: ``fldChar``
begin, ``instrText``, ``fldChar`` separate, the cached result, ``fldChar`` end.
Word and LibreOffice show the cached result until fields are updated, so the
table of contents is written with its entries already in place: one paragraph
per heading, an internal hyperlink to the heading's bookmark and a ``PAGEREF``
field whose cached value is an estimate of the page (:mod:`.pages`).
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...document.names import UniqueNames

_VAL = qn("w:val")
_R, _T, _RPR, _PPR = qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:pPr")
_FLDCHAR, _FLDCHARTYPE, _INSTR = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
_SPACE = qn("xml:space")

TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
_BOOKMARK_BAD = re.compile(r"[^A-Za-z0-9_]+")


# ---------------------------------------------------------------- fields
def _run(parent, rpr_factory=None):
    """A new run in ``parent``; ``rpr_factory(run)`` may give it a ``w:rPr``."""
    r = SubElement(parent, _R)
    if rpr_factory:
        rpr_factory(r)
    return r


def _fld_char(parent, kind: str, rpr_factory=None):
    r = _run(parent, rpr_factory)
    SubElement(r, _FLDCHAR, {_FLDCHARTYPE: kind})
    return r


def add_field(parent, instruction: str, result: str, rpr_factory=None) -> None:
    """Append a complex field with a cached ``result`` to a paragraph (or hyperlink).

    ``rpr_factory(run)`` may add a ``w:rPr`` to each run it is given.
    """
    _fld_char(parent, "begin", rpr_factory)
    SubElement(_run(parent, rpr_factory), _INSTR, {_SPACE: "preserve"}).text = instruction
    _fld_char(parent, "separate", rpr_factory)
    add_t(_run(parent, rpr_factory), result)
    _fld_char(parent, "end", rpr_factory)


def add_t(r, text: str):
    """A ``w:t`` holding ``text`` in run ``r``, its spaces kept."""
    t = SubElement(r, _T)
    t.text = text
    if text[:1].isspace() or text[-1:].isspace() or "  " in text:
        t.set(_SPACE, "preserve")
    return t


def add_text(parent, text: str, rpr_factory=None):
    """A run holding ``text`` appended to ``parent``."""
    r = _run(parent, rpr_factory)
    add_t(r, text)
    return r


def add_page_x_of_y(p) -> None:
    """``Page X of Y`` from PAGE and NUMPAGES fields."""
    add_text(p, "Page ")
    add_field(p, " PAGE ", "1")
    add_text(p, " of ")
    add_field(p, " NUMPAGES ", "1")


# ---------------------------------------------------------------- bookmarks
class Bookmarks:
    """Unique, valid bookmark names and ids (names: a letter first, then letters,
    digits and underscores, at most 40 characters)."""

    def __init__(self):
        self._names = UniqueNames(_numbered, str.lower)
        self._next_id = 0

    def name_for(self, anchor: str, fallback: str) -> str:
        base = _BOOKMARK_BAD.sub("_", anchor or fallback).strip("_") or "section"
        if not base[0].isalpha():
            base = "h_" + base
        return self._names.give(base[:40])

    def wrap(self, p, name: str, first_child_index: int) -> None:
        """Put ``bookmarkStart``/``bookmarkEnd`` named ``name`` around the children
        of paragraph ``p`` from ``first_child_index`` on."""
        attrs = {qn("w:id"): str(self._next_id)}
        self._next_id += 1
        start = p.makeelement(qn("w:bookmarkStart"), {**attrs, qn("w:name"): name})
        p.insert(first_child_index, start)
        SubElement(p, qn("w:bookmarkEnd"), attrs)


def _numbered(base: str, n: int) -> str:
    suffix = f"_{n}"
    return base[: 40 - len(suffix)] + suffix


# ---------------------------------------------------------------- table of contents
def add_toc(body, title: str, entries, style_ids, tab_pos: int) -> None:
    """Append a TOC field to ``body`` with its result already filled in.

    ``entries``: ``(level, text, bookmark, page)`` for each listed heading;
    ``style_ids``: the StyleSheet; ``tab_pos``: right edge of the text, in twips.
    """
    if title:
        p = SubElement(body, qn("w:p"))
        SubElement(SubElement(p, _PPR), qn("w:pStyle"), {_VAL: style_ids["toc_heading"]})
        add_text(p, title)
    if not entries:
        p = SubElement(body, qn("w:p"))
        _toc_ppr(p, style_ids["toc1"], tab_pos)
        _open_toc(p)
        _fld_char(p, "end")
        return
    for i, (level, text, bookmark, page) in enumerate(entries):
        p = SubElement(body, qn("w:p"))
        _toc_ppr(p, style_ids["toc1" if level <= 1 else "toc2"], tab_pos)
        if i == 0:
            _open_toc(p)
        link = SubElement(p, qn("w:hyperlink"), {qn("w:anchor"): bookmark, qn("w:history"): "1"})
        add_text(link, text, _no_proof)
        SubElement(_run(link, _no_proof), qn("w:tab"))
        add_field(link, f" PAGEREF {bookmark} \\h ", str(page), _no_proof)
    p = SubElement(body, qn("w:p"))
    _toc_ppr(p, style_ids["toc1"], tab_pos)
    _fld_char(p, "end")


def _toc_ppr(p, style_id: str, tab_pos: int) -> None:
    ppr = SubElement(p, _PPR)
    SubElement(ppr, qn("w:pStyle"), {_VAL: style_id})
    tabs = SubElement(ppr, qn("w:tabs"))
    SubElement(tabs, qn("w:tab"), {_VAL: "right", qn("w:leader"): "dot", qn("w:pos"): str(tab_pos)})


def _open_toc(p) -> None:
    _fld_char(p, "begin")
    SubElement(_run(p), _INSTR, {_SPACE: "preserve"}).text = TOC_INSTRUCTION
    _fld_char(p, "separate")


def _no_proof(r) -> None:
    SubElement(SubElement(r, _RPR), qn("w:noProof"))
