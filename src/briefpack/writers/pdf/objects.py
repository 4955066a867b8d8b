"""The PDF objects a pack holds by the thousand, formatted straight to bytes: link
annotations, destinations and the dictionary of named destinations (two of each per
note), pages and their compressed content, and the file around them. reportlab formats every object through one
generic, recursive routine, which for these took most of the time spent writing
the file once laid out; these classes, and :class:`FastDocument`, which writes the
file's objects one after the other and its cross-reference table, give the very
bytes reportlab gives (tests hold them to it), and anything they were not made for
is formatted by reportlab itself.
"""

from __future__ import annotations

import math
import re

from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (Destination, LinkAnnotation, NoEncryption, PDFArray, PDFDestinationXYZ,
                                      PDFDictionary, PDFDocument, PDFFile, PDFName, PDFObjectReference, PDFPage,
                                      PDFResourceDictionary, PDFStream, PDFString, PDFTrailer, PDFZCompress,
                                      format as pdf_format, pdfdocEnc)

_PLAIN_NAME = re.compile(r"[!-~]*")  # printable ASCII: a PDF name as written, but for the characters below
_NAME_ESCAPED = set("%()<>{}[]#")


_LOG_10 = math.log(10.0)
_FORMATS = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")


def number(value: float) -> str:
    """``value`` as reportlab's fp_str writes one number, without its generality (reportlab's
    own Python function: when its C accelerator is installed, that one is used)."""
    size = abs(value)
    if size <= 1e-7:
        return "0"
    places = 6 if size <= 1 else min(max(0, 6 - int(math.log(size) / _LOG_10)), 6)
    text = _FORMATS[places] % value
    if places:
        text = text.rstrip("0").rstrip(".")
    return text[1:] if text[0] == "0" and len(text) > 1 else text


_FP = number if fp_str is getattr(rl_accel, "_py_fp_str", None) else fp_str
_NUMBERS: dict = {}  # a number's bytes by its value: a pack's rectangles and points repeat their coordinates


def _number(value) -> bytes | None:
    if type(value) not in (float, int):
        return None
    found = _NUMBERS.get(value)
    if found is None:
        if len(_NUMBERS) > 50_000:
            _NUMBERS.clear()
        found = _NUMBERS[value] = _FP(value).encode("ascii")
    return found


_PLAIN_TEXT = re.compile(r"[ -'*-\[\]-~]*")  # printable ASCII but ( ) and backslash: a string written as it is


def text_string(text, document) -> bytes:
    """A string as PDFString (escaped) formats it."""
    if type(text) is str and _PLAIN_TEXT.fullmatch(text) and type(document.encrypt) is NoEncryption:
        return b"(" + text.encode("ascii") + b")"
    return PDFString(text, 1).format(document)


def _array(values) -> bytes | None:
    """``[ a b c ]`` of numbers, as PDFArray formats it (up to ten: one line)."""
    get, numbers = _NUMBERS.get, []
    for v in values:
        kind = type(v)
        if kind is not float and kind is not int:
            return None
        found = get(v)
        numbers.append(found if found is not None else _number(v))
    if len(numbers) > 10:
        return None
    return b"[ " + b" ".join(numbers) + b" ]"


def coordinates(values) -> bytes | None:
    """Numbers as a link's rectangle or a destination's point is written (``[ 72 700.5 0 ]``), or
    None when they are not numbers."""
    return _array(values)


def written_pattern(count: int) -> re.Pattern:
    """What ``count`` numbers are as :func:`coordinates` writes them (a pattern for bytes)."""
    return re.compile(rb"\[(?: -?[0-9]*\.?[0-9]+){%d} \]" % count)


def _dictionary(entries: list[tuple[str, bytes]]) -> bytes:
    """``entries`` (sorted by name) as PDFDictionary formats them: six to a line."""
    items = [b"/" + name.encode("ascii") + b" " + value for name, value in entries]
    for i in reversed(range(6, len(items), 6)):
        items.insert(i, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _simple() -> bool:
    return not rl_config.pdfMultiLine


class FastDestination(Destination):
    """A destination at a point of a page (XYZ): ``[ page /XYZ left top zoom ]``, formatted
    once (a link to it and the named destinations both write it)."""

    bp_bytes = None
    bp_point = None  # (its fmt, left, top and zoom as written), when they were written before

    def format(self, document):
        fmt, page = self.fmt, self.page
        known = self.bp_bytes
        if known is not None and known[0] is page and known[1] is fmt and known[2] is document:
            return known[3]
        if type(fmt) is PDFDestinationXYZ and type(page) is PDFObjectReference and _simple():
            point = self.bp_point
            numbers = point[1] if point is not None and point[0] is fmt else _array((fmt.left, fmt.top, fmt.zoom))
            found = document.idToObjectNumberAndVersion.get(page.name)
            if numbers is not None and found is not None:
                fmt.page = page
                self.bp_bytes = (page, fmt, document, b"[ %d %d R /XYZ " % found + numbers[2:])
                return self.bp_bytes[3]
        return super().format(document)


class FastLink(LinkAnnotation):
    """A link to a destination in the file, as ``canvas.linkRect`` makes it."""

    bp_rect = None  # its rectangle as written, when it was written before

    def format(self, document):
        data = self._bytes(document) if _simple() else None
        return data if data is not None else super().format(document)

    def _bytes(self, document) -> bytes | None:
        other, border, dest = self.otherkw, self.Border, self.Destination
        if type(border) is not PDFArray or type(dest) is not FastDestination or isinstance(self.Rect, str):
            return None
        parent = None
        if other:
            value = other.get("StructParent") if len(other) == 1 else None
            # a whole number below a million is written as it is printed (each link has its own)
            parent = b"%d" % value if type(value) is int and 0 <= value < 1_000_000 else _number(value)
            if parent is None:
                return None
        border, rect = _array(border.sequence), self.bp_rect or _array(self.Rect)
        if border is None or rect is None:
            return None
        values = (border, text_string(self.Contents, document), dest.format(document), rect)
        if parent is None:  # as PDFDictionary writes them: six entries to a line
            return b"<<\n/Border %s /Contents %s /Dest %s /Rect %s /Subtype /Link /Type /Annot\n>>" % values
        return (b"<<\n/Border %s /Contents %s /Dest %s /Rect %s /StructParent %s /Subtype /Link \n  /Type /Annot\n>>"
                % (*values, parent))


def add_link(canv, link: FastLink, rect: bytes | None = None) -> None:
    """``link`` (its rectangle written as ``rect``) added to the page as ``canvas._addAnnotation``
    adds it (named ``Annot.NUMBER<n>``, the next object), without asking whether it was added
    before: it was just made."""
    link.bp_rect = rect
    doc = canv._doc
    count = canv._annotationCount = canv._annotationCount + 1
    name = "Annot.NUMBER%d" % count
    if name in doc.idToObject:
        raise ValueError("redefining named object: " + repr(name))
    number = doc.objectcounter = doc.objectcounter + 1
    link.__InternalName__ = name
    doc.idToObjectNumberAndVersion[name] = (number, 0)
    doc.numberToId[number] = name
    doc.idToObject[name] = link
    canv._annotationrefs.append(PDFObjectReference(name))


class NamedDestinations(PDFDictionary):
    """The catalog's ``/Dests``: each name (note-12, ref-12, a section's) to its destination."""

    def format(self, document, IND=b"\n "):
        names = sorted(self.dict)
        if not _simple() or not all(_PLAIN_NAME.fullmatch(n) and not _NAME_ESCAPED.intersection(n) for n in names):
            return super().format(document, IND)
        found = self.dict
        return _dictionary([(name, found[name].format(document) if type(found[name]) is FastDestination
                             else pdf_format(found[name], document)) for name in names])


class FastDocument(PDFDocument):
    """reportlab's document, whose file is written as its ``format`` writes it, with less
    said in between: an object already formatted (a structure element) written as it is,
    a run of them given numbers together (:meth:`run`) written in one go, the
    cross-reference table in one pass."""

    def run(self, objects: list) -> int:
        """Numbers for ``objects`` (formatted already, as bytes, or filled in before the file is
        written): the first of them; the rest follow."""
        first = self.objectcounter + 1
        self.objectcounter += len(objects)
        self.__dict__.setdefault("bp_runs", {})[first] = objects
        return first

    def format(self):
        runs = self.__dict__.pop("bp_runs", {})
        if type(self.encrypt) is not NoEncryption or getattr(self, "_digiSigs", None) or (
                rl_config.pdfComments and not rl_config.invariant):
            for first, objects in runs.items():  # each object of a run named, as reportlab writes them
                for number, obj in enumerate(objects, first):
                    self.idToObjectNumberAndVersion[f"Run{number}"] = (number, 0)
                    self.numberToId[number] = f"Run{number}"
                    self.idToObject[f"Run{number}"] = obj
            return super().format()
        _SAME.clear()  # what another file's objects are numbered as is not this one's
        self.Reference(self.Catalog)
        self.Reference(self.info)
        numbers, objects, offsets = self.idToObjectNumberAndVersion, self.idToObject, self.idToOffset
        out = [PDFFile(self._pdfVersion).format(self)]
        at, xref, counter, to_id = len(out[0]), [], 1, self.numberToId
        while True:  # objects may be added while others are formatted
            if counter in runs:
                for data in runs[counter]:
                    data = _indirect(counter, 0, data)
                    xref.append(b"%010d 00000 n \n" % at)
                    at += len(data)
                    out.append(data)
                    counter += 1
                continue
            name = to_id.get(counter)
            if name is None:
                break
            obj = objects[name]
            kind = type(obj)
            number, version = numbers[name]
            if kind is bytes:  # an object formatted already
                data = _indirect(number, version, obj)
            else:
                data = _indirect(number, version, page_bytes(obj, self) if kind is PDFPage
                                 else pdf_format(obj, self, toplevel=1))
            offsets[name] = at
            xref.append(b"%010d %05d n \n" % (at, version))
            at += len(data)
            out.append(data)
            counter += 1
        if counter - 1 != len(to_id) + sum(map(len, runs.values())):
            raise ValueError(f"counter {counter} doesn't match number to id dictionary {len(to_id)}")
        out.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(xref) + 1))
        out += xref
        trailer = PDFTrailer(startxref=at, Size=len(xref) + 1, Root=self.Reference(self.Catalog),
                             Info=self.Reference(self.info), ID=self.ID())
        out.append(trailer.format(self))
        _NUMBERS.clear()  # kept for one file's numbers
        _SAME.clear()
        return b"".join(out)


def _indirect(number: int, version: int, body: bytes) -> bytes:
    """``body`` as object ``number``, as reportlab writes one: ``n v obj``, the body, ``endobj``."""
    return (b"%d %d obj\n%bendobj\n" if body[-1:] == b"\n" else b"%d %d obj\n%b\nendobj\n") % (
        number, version, body)


# ---------------------------------------------------------------- pages
_FLATE = {"Filter": PDFArray([PDFName("FlateDecode")])}


class PageStream(PDFStream):
    """A page's content, compressed already: ``<< /Filter [ /FlateDecode ] /Length n >>`` and the
    bytes, as PDFStream formats them."""

    def __init__(self, content: bytes):
        super().__init__(PDFDictionary(dict(_FLATE)), content)

    def format(self, document):
        entries, content = self.dictionary.dict, self.content
        if (type(content) is bytes and type(document.encrypt) is NoEncryption and _simple() and len(entries) == 1
                and entries.get("Filter") is _FLATE["Filter"] and type(self.dictionary) is PDFDictionary):
            return b"<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n%bendstream\n" % (len(content), content)
        return super().format(document)


def deflate(page, encode=PDFZCompress.encode) -> None:
    """A page's content compressed by ``encode`` when the page ends, not held whole until the
    file is saved."""
    if page.stream and page.compression and not page.Contents:
        page.Contents = PageStream(encode(page.stream))
        page.stream = None


_KEYS: dict = {}  # a dictionary key's name as written


def page_bytes(page, document) -> bytes:
    """A page's dictionary, as PDFPage (a PDFCatalog) formats it."""
    page.check_format(document)
    entries = {}
    for key, default in page.__Defaults__.items():
        value = getattr(page, key, default)
        if value is not None:
            entries[key] = value
    for key in page.__NoDefault__:
        value = getattr(page, key, None)
        if value is not None:
            entries[key] = value
    for key in page.__Refs__:
        if key in entries:
            entries[key] = document.Reference(entries[key])
    return _value(PDFDictionary(entries), document)


def _value(value, document) -> bytes:
    """``value`` as reportlab's ``format`` formats it below the top level: the kinds of value a
    page holds formatted here, any other by reportlab."""
    kind = type(value)
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is str:
        return pdfdocEnc(value)
    if kind is int or kind is float:
        return _number(value)
    if kind is PDFDictionary and type(value.dict) is dict and value.multiline != "forced" and _simple():
        return _dictionary_of(value.dict, document)
    if kind is PDFArray and value.multiline != "forced" and _simple():
        items = [_value(item, document) for item in value.sequence]
        for i in reversed(range(10, len(items), 10)):
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"
    if kind is PDFResourceDictionary:  # most pages have the same: formatted once
        key = _resources_key(value)
        found = _SAME.get(key) if key is not None else None
        if found is None:
            found = _value(_resources(value), document)
            if key is not None:
                _SAME[key] = found
        return found
    return pdf_format(value, document)


def _dictionary_of(entries: dict, document) -> bytes:
    items = []
    for key in sorted(entries):
        name = _KEYS.get(key)
        if name is None:
            name = _KEYS[key] = pdfdocEnc(PDFName(key))
        items.append(name + b" " + _value(entries[key], document))
    for i in reversed(range(6, len(items), 6)):
        items.insert(i, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


_SAME: dict = {}  # resources formatted, by what they hold (names of objects): kept for one file


def _resources_key(resources) -> tuple | None:
    """What ``resources`` holds, when it is references and names only (None otherwise)."""
    key = []
    for name in resources.dict_attributes:
        value = getattr(resources, name)
        kind = type(value)
        if kind is PDFObjectReference:
            key.append((name, value.name))
            continue
        items = value if kind is dict else value.dict if kind is PDFDictionary else None
        if type(items) is not dict or kind is PDFDictionary and value.multiline == "forced":
            return None
        refs = [(k, v.name) for k, v in items.items() if type(v) is PDFObjectReference]
        if len(refs) != len(items):
            return None
        key.append((name, kind is dict, tuple(refs)))
    procs = resources.ProcSet
    if type(procs) not in (list, tuple) or not all(type(p) is str for p in procs):
        return None
    key.append(tuple(procs))
    return tuple(key)


def _resources(resources) -> PDFDictionary:
    """What PDFResourceDictionary.format formats."""
    entries = {}
    for name in resources.dict_attributes:
        value = getattr(resources, name)
        if not isinstance(value, dict):
            entries[name] = value
        elif value:
            entries[name] = PDFDictionary(value)
    procs = resources.ProcSet
    if not isinstance(procs, (list, tuple)):
        entries["ProcSet"] = procs
    elif procs:
        entries["ProcSet"] = PDFArray(procs)
    return PDFDictionary(entries)
