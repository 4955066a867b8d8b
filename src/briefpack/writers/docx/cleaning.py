"""What is taken out of a reference document's XML parts before the output
takes them (:mod:`.reference` decides which parts stay).

Every part is parsed by a parser that resolves no entity, loads no DTD and
fetches nothing, within libxml2's default bounds (a depth of 256, ten million
characters in one text or comment). Then, in every part: fields that fetch
content (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE... as ``w:fldSimple`` or
complex fields), embedded objects (OLE, ActiveX), pictures linked from
outside the file, and references to relationships that were dropped (a link
in a header is kept as its text). In the document part, the body (the
section properties stay); in the endnotes, the body's notes; in the
settings, the attached template, any mail-merge source and any protection
(the pack is not locked by its style); in the web settings, frames.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

# what is left out, in words (the keys are what reference.py and this module record)
CATEGORIES = {
    "macros": "macros",
    "template": "an attached template",
    "objects": "embedded objects (OLE, ActiveX)",
    "frames": "frames",
    "imports": "content imported from other files",
    "merge": "a mail-merge data source",
    "fields": "fields that fetch content",
    "linked": "pictures linked from outside the file",
    "external": "links to outside the file",
    "doctype": "a DOCTYPE",
    "entities": "entity references",
}

FETCHING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO",
                             "DATABASE", "HYPERLINK"})

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_O_NS = "urn:schemas-microsoft-com:office:office"
_V_NS = "urn:schemas-microsoft-com:vml"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# attributes found by XPath: reading every attribute of an element through lxml
# takes time growing with the square of their number
_PREFIXES = {"r": _R_NS, "o": _O_NS, "v": _V_NS}
_LINKING = etree.XPath("//@r:link | //@r:href | //@o:href | //v:*/@src", namespaces=_PREFIXES)
_RELATIONSHIP_IDS = etree.XPath("//@r:*", namespaces=_PREFIXES)
# a link written out in place: a VML shape's href, a hyperlink into another file
_ADDRESSES = etree.XPath("//v:*/@href | //w:hyperlink/@w:docLocation", namespaces={**_PREFIXES, "w": _W_NS})
_R, _FLDCHAR, _FLDSIMPLE = qn("w:r"), qn("w:fldChar"), qn("w:fldSimple")
_INSTR, _DELINSTR = qn("w:instrText"), qn("w:delInstrText")
_HYPERLINK, _BODY, _SECTPR = qn("w:hyperlink"), qn("w:body"), qn("w:sectPr")
_CONTAINERS = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
_OBJECTS = (qn("w:object"), qn("w:control"), f"{{{_O_NS}}}OLEObject")
_SELF_REMOVED = {"hlinkClick", "hlinkHover", "hlinkMouseOver", "svgBlip"}  # optional in what holds them
# what the writer finds by its id: kept only with one (a number where it is one)
_NAME, _NUMBER = re.compile(r".+", re.S), re.compile(r"-?[0-9]{1,9}")
_IDENTIFIED = {
    "styles": [("w:style", "w:styleId", _NAME)],
    "numbering": [("w:abstractNum", "w:abstractNumId", _NUMBER), ("w:num", "w:numId", _NUMBER)],
    "footnotes": [("w:footnote", "w:id", _NUMBER)],
    "endnotes": [("w:endnote", "w:id", _NUMBER)],
}
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")
_ENTITY_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);|#)[^;&<>\s]*;")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          remove_comments=True, remove_pis=True)


class BadPart(Exception):
    """An XML part that does not parse; ``limit`` when it is beyond the parser's bounds."""

    def __init__(self, name: str, message: str, limit: bool = False):
        super().__init__(f"{name}: {message}")
        self.name, self.message, self.limit = name, message, limit


class Findings:
    """What a reference document carries that the output leaves out, by category."""

    def __init__(self):
        self._found: dict[str, list[str]] = {}

    def add(self, category: str, example: str = "") -> None:
        examples = self._found.setdefault(category, [])
        if example and example not in examples and len(examples) < 20:
            examples.append(example)

    def by_category(self) -> dict[str, list[str]]:
        return {c: self._found[c] for c in CATEGORIES if c in self._found}


def parse_part(data: bytes, name: str, findings: Findings):
    """The root element of an XML part, without DOCTYPE, entity references,
    comments or processing instructions."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        message = (exc.msg or str(exc)).split(", line ")[0]
        limit = any(word in message for word in ("Excessive depth", "too big", "Resource limit", "huge"))
        raise BadPart(name, message if limit else f"not well-formed XML ({message})", limit) from None
    except ValueError as exc:
        raise BadPart(name, f"not well-formed XML ({exc})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:  # entities can only be declared there
        findings.add("doctype", name)
        text, count = _ENTITY_REFERENCE.subn(b"", etree.tostring(root, encoding="UTF-8"))
        if count:
            findings.add("entities", name)
            root = etree.fromstring(text, _PARSER)
    return root


def clean_part(root, kind: str, rels: tuple[set, dict], findings: Findings) -> None:
    """Take out of the part ``root`` (reached by a relationship of ``kind``) what
    the output must not carry; ``rels``: the ids of its relationships kept, and
    those dropped with their targets."""
    if kind == "officeDocument":
        _clear_body(root)
    elif kind == "settings":
        _drop(root, "w:attachedTemplate", findings, "template")
        _drop(root, "w:linkStyles", findings, "template")
        _drop(root, "w:mailMerge", findings, "merge")
        for tag in ("w:documentProtection", "w:writeProtection"):  # the pack is not locked by its style
            for element in list(root.iterchildren(qn(tag))):
                _remove(element)
    elif kind == "webSettings":
        _drop(root, "w:frameset", findings, "frames")
    elif kind == "endnotes":  # the notes of the body left behind; the separators stay
        for note in list(root.iterchildren(qn("w:endnote"))):
            if note.get(qn("w:type")) not in ("separator", "continuationSeparator", "continuationNotice"):
                _remove(note)
    for tag, attribute, form in _IDENTIFIED.get(kind, ()):
        for element in list(root.iterchildren(qn(tag))):
            if not form.fullmatch(element.get(qn(attribute)) or ""):
                _remove(element)  # a style without an id, a note or list without a number
    _drop_fetching_fields(root, findings)
    _drop_objects(root, findings)
    _drop_references(root, *rels, findings)


def _drop(root, tag: str, findings: Findings, category: str) -> None:
    for element in list(root.iter(qn(tag))):
        findings.add(category)
        _remove(element)


def _clear_body(root) -> None:
    """The body without its content: only its last section properties (the page set-up)."""
    body = root.find(_BODY)
    if body is None:
        return
    last = body[-1] if len(body) and body[-1].tag == _SECTPR else None
    body.clear()
    if last is not None:
        body.append(last)


def _field_name(instruction: str) -> str | None:
    match = _FIELD_NAME.match(instruction)
    name = match.group(1).upper() if match else ""
    return name if name in FETCHING_FIELDS else None


def _drop_fetching_fields(root, findings: Findings) -> None:
    """Remove every field that fetches, its code and its shown result: a
    ``w:fldSimple``, or the runs of a complex field from its begin to its end
    (fields inside it included)."""
    runs, doomed, simple = [], [], []
    stack: list[list] = []  # open complex fields: [index of the begin run, instruction pieces, length]
    for element in root.iter(_R, _FLDSIMPLE):
        if element.tag == _FLDSIMPLE:
            name = _field_name(element.get(qn("w:instr")) or "")
            if name:
                findings.add("fields", name)
                simple.append(element)
            continue
        index = len(runs)
        runs.append(element)
        for child in element:
            if child.tag == _FLDCHAR:
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    stack.append([index, [], 0])
                elif kind == "end" and stack:
                    _close_field(stack.pop(), index, doomed, findings)
            elif child.tag in (_INSTR, _DELINSTR) and not stack:
                doomed.append((index, index))  # a field code outside any field: nothing to show
            elif child.tag in (_INSTR, _DELINSTR) and stack[-1][2] < 64:
                stack[-1][1].append(child.text or "")
                stack[-1][2] += len(child.text or "")
    while stack:  # a field never ended: to the end of the part
        _close_field(stack.pop(), len(runs) - 1, doomed, findings)
    reach = -1
    for start, end in sorted(doomed):
        for run in runs[max(start, reach + 1): end + 1]:
            _remove(run)
        reach = max(reach, end)
    for element in simple:
        _remove(element)


def _close_field(field: list, end: int, doomed: list, findings: Findings) -> None:
    name = _field_name("".join(field[1]))
    if name:
        findings.add("fields", name)
        doomed.append((field[0], end))


def _drop_objects(root, findings: Findings) -> None:
    for element in list(root.iter(*_OBJECTS)):
        program = next((e.get("ProgID") for e in element.iter() if e.get("ProgID")), "")
        findings.add("objects", program)
        _remove(_removed_with(element))


def _drop_references(root, kept_ids: set, dropped: dict, findings: Findings) -> None:
    """Pictures linked from outside (``r:link``, ``o:href``, VML ``src``) go with
    what holds them; so does anything that refers to a relationship dropped
    (``dropped``: id -> target), except a hyperlink, which keeps its text (as
    one into another file does); a shape's own link (VML ``href``) goes."""
    found: dict = {}  # element -> None, in the order found
    for value in _LINKING(root):
        relationship = value.attrname.startswith(f"{{{_R_NS}}}")
        findings.add("linked", dropped.get(value, str(value)) if relationship else str(value))
        found[value.getparent()] = None
    for value in _RELATIONSHIP_IDS(root):
        if value not in kept_ids:
            found[value.getparent()] = None
    for value in _ADDRESSES(root):
        findings.add("external", str(value))
        element = value.getparent()
        if element.tag == _HYPERLINK:
            found[element] = None
        else:
            del element.attrib[value.attrname]
    for element in found:
        if element.tag == _HYPERLINK:
            _unwrap(element)
        else:
            _remove(_removed_with(element))


def _removed_with(element):
    """What goes when ``element`` goes: the drawing, picture or object holding it."""
    if etree.QName(element).localname in _SELF_REMOVED:
        return element
    for container in element.iterancestors(*_CONTAINERS):
        holder = container.getparent()
        if holder is not None and holder.tag == qn("w:numPicBullet"):
            return holder
        return container
    return element


def _unwrap(element) -> None:
    """``element``'s children in its place."""
    for child in list(element):
        element.addprevious(child)
    _remove(element)


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
