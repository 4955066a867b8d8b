"""Styles and list numbering for the DOCX writer.

The output takes its styles from the starting document (python-docx's default
template or a house-style reference .docx). :class:`StyleSheet` finds each
style the writer needs by its name, whatever id the document gives it, and
adds the ones that are missing from the definitions below.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart

_W_VAL = qn("w:val")
_W_STYLE_ID = qn("w:styleId")
_W_TYPE = qn("w:type")

def _style(based: str = "Normal", *, next: str = "", link: str = "", priority: int = 0, unhide: bool = False,
           qformat: bool = False, ppr: str = "", rpr: str = "", tblpr: str = "") -> str:
    """A style's inner XML, its elements in the order the schema gives them."""
    out = f'<w:basedOn w:val="{based}"/>'
    out += f'<w:next w:val="{next}"/>' if next else ""
    out += f'<w:link w:val="{link}"/>' if link else ""
    out += f'<w:uiPriority w:val="{priority}"/>' if priority else ""
    out += ("<w:unhideWhenUsed/>" if unhide else "") + ("<w:qFormat/>" if qformat else "")
    out += f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    out += f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return out + (f"<w:tblPr>{tblpr}</w:tblPr>" if tblpr else "")


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _spacing(before: int | None = None, after: int | None = None) -> str:
    return "<w:spacing" + (f' w:before="{before}"' if before is not None else "") + \
        (f' w:after="{after}"' if after is not None else "") + "/>"


def _heading(level: int, before: int, after: int, rpr: str) -> str:
    return _style(next="Normal", priority=9, qformat=True, rpr=rpr,
                  ppr=f'<w:keepNext/><w:keepLines/>{_spacing(before, after)}<w:outlineLvl w:val="{level - 1}"/>')


_TIGHT = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'  # single lines, no space after
_BORDER = '<w:{} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
_TABLE_GRID = ("<w:tblBorders>" + "".join(_BORDER.format(side) for side in
                                         ("top", "left", "bottom", "right", "insideH", "insideV"))
               + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
               '<w:right w:w="108" w:type="dxa"/></w:tblCellMar>')
_BODY = {"next": "Normal", "qformat": True}  # a paragraph style followed by body text

# key -> (type, style id, name, inner XML used when the document lacks the style)
STYLES: dict[str, tuple[str, str, str, str]] = {
    "heading1": ("paragraph", "Heading1", "heading 1",
                 _heading(1, 480, 120, '<w:b/><w:bCs/><w:color w:val="1F3864"/>' + _size(32))),
    "heading2": ("paragraph", "Heading2", "heading 2",
                 _heading(2, 240, 80, '<w:b/><w:bCs/><w:color w:val="2F5496"/>' + _size(26))),
    "heading3": ("paragraph", "Heading3", "heading 3", _heading(3, 200, 60, "<w:b/><w:bCs/><w:i/><w:iCs/>")),
    "title": ("paragraph", "Title", "Title", _style(**_BODY, ppr=_spacing(after=300), rpr="<w:b/>" + _size(52))),
    "subtitle": ("paragraph", "Subtitle", "Subtitle", _style(**_BODY, rpr="<w:i/>" + _size(32))),
    "lead": ("paragraph", "Lead", "Lead",
             _style(**_BODY, rpr=_size(24),
                    ppr='<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="1F3864"/></w:pBdr>'
                        + _spacing(120, 200) + '<w:ind w:left="240"/>')),
    "small": ("paragraph", "Small", "Small", _style(qformat=True, ppr=_spacing(after=80), rpr=_size(18))),
    "quote": ("paragraph", "Quote", "Quote",
              _style(**_BODY, ppr='<w:ind w:left="720" w:right="720"/>', rpr="<w:i/><w:iCs/>")),
    "list_bullet": ("paragraph", "ListBullet", "List Bullet", _style(ppr="<w:contextualSpacing/>")),
    "list_number": ("paragraph", "ListNumber", "List Number", _style(ppr="<w:contextualSpacing/>")),
    "caption": ("paragraph", "Caption", "caption",
                _style(**_BODY, ppr="<w:keepNext/>" + _spacing(120, 60), rpr="<w:b/><w:bCs/>" + _size(18))),
    "toc_heading": ("paragraph", "TOCHeading", "TOC Heading",
                    _style("Heading1", **_BODY, ppr='<w:outlineLvl w:val="9"/>')),
    "toc1": ("paragraph", "TOC1", "toc 1",
             _style(next="Normal", priority=39, unhide=True, ppr=_spacing(120, 60), rpr="<w:b/><w:bCs/>")),
    "toc2": ("paragraph", "TOC2", "toc 2",
             _style(next="Normal", priority=39, unhide=True, ppr=_spacing(after=40) + '<w:ind w:left="220"/>')),
    "footnote_text": ("paragraph", "FootnoteText", "footnote text",
                      _style(link="FootnoteTextChar", priority=99, unhide=True, ppr=_TIGHT, rpr=_size(18))),
    "footnote_text_char": ("character", "FootnoteTextChar", "Footnote Text Char",
                           _style("DefaultParagraphFont", link="FootnoteText", priority=99, rpr=_size(18))),
    "footnote_reference": ("character", "FootnoteReference", "footnote reference",
                           _style("DefaultParagraphFont", priority=99, unhide=True,
                                  rpr='<w:vertAlign w:val="superscript"/>')),
    "hyperlink": ("character", "Hyperlink", "Hyperlink",
                  _style("DefaultParagraphFont", priority=99, unhide=True,
                         rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>')),
    "header": ("paragraph", "Header", "header", _style(ppr=_TIGHT)),
    "footer": ("paragraph", "Footer", "footer", _style(ppr=_TIGHT)),
    "table_grid": ("table", "TableGrid", "Table Grid",
                   _style("TableNormal", priority=59, ppr=_TIGHT, tblpr=_TABLE_GRID)),
}


class StyleSheet:
    """The style ids of the output document, by the writer's keys (``"heading1"``...)."""

    def __init__(self, styles_element):
        self._styles = styles_element
        self._ids: dict[str, str] = {}
        by_name: dict[tuple[str, str], str] = {}
        by_id: dict[tuple[str, str], str] = {}
        for style in styles_element.iterchildren(qn("w:style")):
            sid = style.get(_W_STYLE_ID)
            name = style.find(qn("w:name"))
            stype = style.get(_W_TYPE) or "paragraph"
            by_id[(stype, sid.lower())] = sid
            if name is not None:
                by_name[(stype, name.get(_W_VAL, "").lower())] = sid
        added = []
        for key, (stype, sid, name, inner) in STYLES.items():
            found = by_name.get((stype, name.lower())) or by_id.get((stype, sid.lower()))
            if found is None:
                found = self._add(stype, sid, name, inner, by_id)
                added.append(self._styles[-1])
            self._ids[key] = found
        self._link_added(added)
        self._indent_quote()

    def __getitem__(self, key: str) -> str:
        return self._ids[key]

    def _add(self, stype, sid, name, inner, by_id) -> str:
        while (stype, sid.lower()) in by_id:  # the id is taken by a style of another name
            sid += "X"
        xml = (
            f'<w:style {nsdecls("w")} w:type="{stype}"'
            f' w:customStyle="{0 if name[0].islower() or sid.startswith(("Heading", "TOC")) else 1}"'
            f' w:styleId="{sid}"><w:name w:val="{name}"/>{inner}</w:style>'
        )
        style = parse_xml(xml.encode("utf-8"))
        if style.get(qn("w:customStyle")) == "0":
            del style.attrib[qn("w:customStyle")]
        self._styles.append(style)
        by_id[(stype, sid.lower())] = sid
        return sid

    def _link_added(self, added) -> None:
        """Point the added styles' basedOn/next/link at the ids this document uses,
        dropping references to styles it does not have (e.g. TableNormal)."""
        present = {style.get(_W_STYLE_ID) for style in self._styles.iterchildren(qn("w:style"))}
        canonical = {sid: self._ids[key] for key, (_, sid, _, _) in STYLES.items()}
        for style in added:
            for tag in ("w:basedOn", "w:next", "w:link"):
                ref = style.find(qn(tag))
                if ref is None:
                    continue
                target = canonical.get(ref.get(_W_VAL), ref.get(_W_VAL))
                if target in present:
                    ref.set(_W_VAL, target)
                else:
                    style.remove(ref)

    def _indent_quote(self) -> None:
        """A quotation is set off by indentation: give the Quote style some if it has none."""
        style = self._styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{self['quote']}']")
        if style is None or style.find(f"{qn('w:pPr')}/{qn('w:ind')}") is not None:
            return
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            ppr = style.makeelement(qn("w:pPr"), {})
            rpr = style.find(qn("w:rPr"))
            if rpr is not None:
                rpr.addprevious(ppr)
            else:
                style.append(ppr)
        ind = ppr.makeelement(qn("w:ind"), {qn("w:left"): "720", qn("w:right"): "720"})
        # w:ind comes after w:spacing and before the rest (jc, outlineLvl, rPr...)
        later = [c for c in ppr if c.tag in _PPR_AFTER_IND]
        if later:
            later[0].addprevious(ind)
        else:
            ppr.append(ind)


_PPR_AFTER_IND = {
    qn(t)
    for t in (
        "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
        "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange",
    )
}


# ---------------------------------------------------------------- language
# w:rPr children that come after w:lang in the schema's order
_RPR_AFTER_LANG = {qn(t) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")}


def insert_in_order(parent, element, later_tags):
    """``element`` added to ``parent`` before the first child the schema puts after it; returned."""
    later = [c for c in parent if c.tag in later_tags]
    if later:
        later[0].addprevious(element)
    else:
        parent.append(element)
    return element


def set_default_language(styles_element, tag: str) -> None:
    """The text's language (a BCP 47 tag such as ``en-GB``), for Word's spelling,
    grammar and hyphenation: ``w:lang`` in the document's default run properties.
    A bare ``en`` keeps a starting document's ``en-US`` or ``en-GB``."""
    tag = tag.strip().replace("_", "-")
    if not tag:
        return
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles_element.makeelement(qn("w:docDefaults"), {})
        styles_element.insert(0, defaults)
    rpr_default = _child(defaults, "w:rPrDefault", first=True)
    rpr = _child(rpr_default, "w:rPr")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = insert_in_order(rpr, rpr.makeelement(qn("w:lang"), {}), _RPR_AFTER_LANG)
    current = lang.get(_W_VAL, "")
    if "-" in tag or current.split("-")[0].lower() != tag.lower():
        lang.set(_W_VAL, tag)


def _child(parent, tag: str, first: bool = False):
    child = parent.find(qn(tag))
    if child is None:
        child = parent.makeelement(qn(tag), {})
        parent.insert(0 if first else len(parent), child)
    return child


# ---------------------------------------------------------------- numbering
_ABSTRACT_XML = (
    '<w:abstractNum {ns} w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>'
    '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
)


class Numbering:
    """List numbering: one bullet definition shared by every bullet list, and a
    fresh numbering instance per ordered list so that each starts at 1."""

    def __init__(self, document_part):
        self._document_part = document_part
        self._root = None
        self._bullet_num: int | None = None

    def _setup(self) -> None:
        """Find or create the numbering part and add the two list definitions (on first use)."""
        document_part = self._document_part
        try:
            part = document_part.part_related_by(RT.NUMBERING)
        except KeyError:
            element = parse_xml(f'<w:numbering {nsdecls("w")}/>'.encode())
            part = NumberingPart(
                PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, document_part.package
            )
            document_part.relate_to(part, RT.NUMBERING)
        self._root = part.element
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in self._abstracts()]
        self._num_ids = [int(n.get(qn("w:numId"))) for n in self._root.iterchildren(qn("w:num"))]
        base = max(abstract_ids, default=-1) + 1
        self._bullet_abstract = self._add_abstract(base, "bullet", "\u2022")
        self._decimal_abstract = self._add_abstract(base + 1, "decimal", "%1.")

    def _abstracts(self):
        return list(self._root.iterchildren(qn("w:abstractNum")))

    def _add_abstract(self, aid: int, fmt: str, text: str) -> int:
        xml = _ABSTRACT_XML.format(
            ns=nsdecls("w"), aid=aid, nsid=f"{0x5A17B000 + aid:08X}", fmt=fmt, text=text
        )
        element = parse_xml(xml.encode("utf-8"))
        existing = self._abstracts()
        if existing:
            existing[-1].addnext(element)
        else:
            first_num = self._root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self._root.append(element)
        return aid

    def _add_num(self, abstract_id: int, restart: bool) -> int:
        num_id = max(self._num_ids, default=0) + 1
        self._num_ids.append(num_id)
        restart_xml = (
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        )
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{restart_xml}</w:num>".encode()
        )
        nums = list(self._root.iterchildren(qn("w:num")))
        if nums:
            nums[-1].addnext(num)
        else:
            self._root.append(num)
        return num_id

    def bullet_num(self) -> int:
        if self._root is None:
            self._setup()
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._bullet_abstract, restart=False)
        return self._bullet_num

    def new_ordered_num(self) -> int:
        if self._root is None:
            self._setup()
        return self._add_num(self._decimal_abstract, restart=True)
