"""The pages of a PDF as pdfminer.six lays them out, read within the limits (``limits.py``).

A PDF is untrusted: 88 KB can hold ten million drawing operators, a compressed
stream can expand a thousandfold. Before any page is drawn every compressed
stream is expanded as far as ``--max-bytes`` allows and no further; while pages
are drawn each operator and each character counts towards ``--max-operations``
for its page, the pages towards ``--max-pages`` and the time towards
``--max-seconds`` (checked here at each page and every 1,000 operations). A file past a limit is refused, the limit named.

A character drawn wholly outside its page is not laid out: no reader sees it (a
slide deck moves the lines it has not revealed yet off the page, a footline may
run past the edge), and poppler's ``pdftotext`` does not take it either. Nor is
a character whose font does not say what it is (no Unicode, no glyph name one
can read: a symbol font's bullet), which pdfminer would write as "(cid:129)";
but in a font encoded as WinAnsi an unused code above 040 is a bullet, as the
PDF Reference says. How many of each there were is given with each page.
"""

from __future__ import annotations

import io
import zlib
from typing import NamedTuple

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTFigure, LTPage
from pdfminer.lzw import lzwdecode
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psparser import literal_name
from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE,
                               LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE, PDFStream, resolve1)
from pdfminer.runlength import rldecode

from ..errors import BriefpackError
from .limits import Limits

_CHUNK = 1 << 16
_STACK = 1000  # operands left on the stack by operators pdfminer does not know: the oldest are dropped


class LeftOut(NamedTuple):
    """The characters of a page not laid out (spaces aside)."""

    outside: int = 0  # drawn outside the page
    unnamed: int = 0  # their font does not say what they are


def pdf_pages(data: bytes, limits: Limits):
    """The laid-out pages (pdfminer's LTPage), one at a time, each with what was left out of it."""
    document = open_document(data)
    check_streams(document, limits)
    manager = FontEncodings(caching=True)
    # all_texts: the text inside a Form XObject (a figure to pdfminer), which some producers
    # put whole pages in, is laid out in lines and boxes as the page's own is
    device = CountingDevice(manager, laparams=LAParams(all_texts=True))
    device.limits = limits
    interpreter = CountingInterpreter(manager, device)
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        if number > limits.max_pages:
            limits.refuse(f"this PDF has more than {limits.max_pages:,} pages", "--max-pages")
        device.page, device.operations = number, 0
        limits.check_time()
        interpreter.process_page(page)
        yield device.get_result(), LeftOut(device.outside, device.unnamed)


def open_document(data: bytes):
    """pdfminer's document; an encrypted one (a password needed) is refused as such."""

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFEncryptionError as exc:
        raise BriefpackError("this PDF is encrypted and needs a password to be read"
                             + (f" ({exc})" if str(exc) else "")
                             + ": open it, save a copy without the password, and add that") from None


def check_streams(document, limits: Limits) -> None:
    """Refuse the file when a compressed stream expands past ``limits.max_bytes``."""

    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                obj = document.getobj(objid)
            except Exception:  # noqa: BLE001 - a damaged object is pdfminer's to skip or refuse
                continue
            if isinstance(obj, PDFStream) and obj.rawdata is not None:
                _check_stream(obj, limits)


def _check_stream(stream, limits: Limits) -> None:

    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    what = f"a stream of this PDF (object {stream.objid}) expands to"
    for kind, _ in stream.get_filters():
        if kind in LITERALS_FLATE_DECODE:
            data = _inflate(data, limits.max_bytes, what)
        elif kind in LITERALS_LZW_DECODE or kind in LITERALS_RUNLENGTH_DECODE:
            data = (lzwdecode if kind in LITERALS_LZW_DECODE else rldecode)(data)
        elif kind in LITERALS_ASCII85_DECODE or kind in LITERALS_ASCIIHEX_DECODE:
            data = (ascii85decode if kind in LITERALS_ASCII85_DECODE else asciihexdecode)(data)
        else:
            return  # images and the like: pdfminer does not expand them
        limits.check_bytes(len(data), what)


def _inflate(data: bytes, limit: int, what: str) -> bytes:
    """``data`` inflated, no further than ``limit`` bytes (a damaged stream: as far as it goes)."""
    inflater = zlib.decompressobj()
    out = []
    size = 0
    try:
        for start in range(0, len(data), _CHUNK):
            chunk = inflater.decompress(data[start:start + _CHUNK], limit + 1 - size)
            size += len(chunk)
            out.append(chunk)
            if size > limit or inflater.unconsumed_tail:
                raise BriefpackError(f"{what} more than {limit:,} bytes: refused "
                                     "(to take it, raise the limit with --max-bytes)")
    except zlib.error:
        pass
    return b"".join(out)


class FontEncodings(PDFResourceManager):
    """pdfminer's resources, each font marked with whether it is encoded as WinAnsi."""

    def get_font(self, objid, spec):
        font = super().get_font(objid, spec)
        encoding = resolve1(spec.get("Encoding")) if isinstance(spec, dict) else None
        if isinstance(encoding, dict):
            encoding = resolve1(encoding.get("BaseEncoding"))
        try:
            font.win_ansi = literal_name(encoding) == "WinAnsiEncoding" if encoding is not None else False
        except Exception:  # noqa: BLE001 - a damaged encoding entry: not WinAnsi
            font.win_ansi = False
        return font


class CountingDevice(PDFPageAggregator):
    """pdfminer's layout device, counting the operations of a page (its interpreters call
    ``tick``) and the characters drawn, and setting aside those drawn outside the page and
    those whose font does not say what they are."""

    limits: Limits
    page = 0
    operations = 0
    outside = 0
    unnamed = 0
    undefined = False  # the character being drawn has no Unicode
    box = (0.0, 0.0, 0.0, 0.0)

    def begin_page(self, page, ctm) -> None:
        super().begin_page(page, ctm)
        self.box, self.outside, self.unnamed = self.cur_item.bbox, 0, 0

    def end_page(self, page) -> None:
        """The page laid out, and apart from it the characters set sideways (a printer's slug in
        the margin, a landscape page's running head), turned to read across first: among the
        upright text they would come out one letter a line."""
        sideways = _take_sideways(self.cur_item)
        super().end_page(page)
        if sideways:
            lines = LTPage(0, self.result.bbox)
            lines.extend(_turned_to_read_across(sideways))
            lines.analyze(LAParams(boxes_flow=None))  # boxes in plain order: grouping them costs n² log n
            self.result.extend(lines)

    def handle_undefined_char(self, font, cid: int) -> str:
        if getattr(font, "win_ansi", False) and 0o40 < cid < 256:
            return "\u2022"  # WinAnsiEncoding's unused codes above 040 are bullets (PDF Reference, D.2)
        self.undefined = True
        return ""

    def tick(self) -> None:
        self.operations += 1
        if self.operations % 1000 == 0:
            self.limits.check_time()
            if self.operations > self.limits.max_operations:
                self.limits.refuse(f"page {self.page} of this PDF draws more than "
                                   f"{self.limits.max_operations:,} operators and characters", "--max-operations")

    def render_char(self, *args, **kwargs):
        self.tick()
        advance = super().render_char(*args, **kwargs)
        char = self.cur_item._objs[-1]  # the character just added (to the page or to a figure on it)
        left, bottom, right, top = self.box
        if self.undefined:
            self.cur_item._objs.pop()
            self.unnamed += 1
            self.undefined = False
        elif char.x1 < left or char.x0 > right or char.y1 < bottom or char.y0 > top:
            self.cur_item._objs.pop()
            self.outside += not char.get_text().isspace()
        return advance


def _take_sideways(container) -> list:
    """The characters set sideways in ``container`` and the figures in it (their baseline runs
    more up or down the page than across it), taken out."""
    taken, kept = [], []
    for item in container:
        if isinstance(item, LTChar) and abs(item.matrix[1]) > abs(item.matrix[0]):
            taken.append(item)
            continue
        if isinstance(item, LTFigure):
            taken += _take_sideways(item)
        kept.append(item)
    container._objs = kept  # pdfminer's containers have no way to remove an item
    return taken


def _turned_to_read_across(chars: list) -> list:
    """``chars``, each box turned a quarter back (those read upwards to the right, those read
    downwards to the left), in reading order: line by line from the top, each from the left
    (some producers draw a sideways line's letters last to first)."""
    for char in chars:
        x0, y0, x1, y1 = char.bbox
        char.set_bbox((y0, -x1, y1, -x0) if char.matrix[1] > 0 else (-y1, x0, -y0, x1))
    return sorted(chars, key=lambda char: (char.matrix[1] < 0, -round(char.y1), char.x0))


class CountingInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, each operator counted on the device."""

    def push(self, obj) -> None:
        if len(self.argstack) >= _STACK:
            del self.argstack[: _STACK // 2]
        self.argstack.append(obj)

    def pop(self, n: int):
        self.device.tick()
        if n == 0:
            return []
        taken = self.argstack[-n:]
        del self.argstack[-n:]  # in place: pdfminer copies the stack at every operator
        return taken


def _counted(method):
    def counted(self):
        self.device.tick()
        return method(self)

    return counted


for _name in dir(PDFPageInterpreter):  # the operators without operands, counted as they run
    _method = getattr(PDFPageInterpreter, _name)
    if _name.startswith("do_") and _method.__code__.co_argcount == 1:
        setattr(CountingInterpreter, _name, _counted(_method))
