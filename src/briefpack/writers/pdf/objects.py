"""The PDF objects a pack holds by the thousand, formatted straight to bytes: link
annotations, destinations and the dictionary of named destinations (two of each per
note). reportlab formats every object through one generic, recursive routine, which
for these took most of the time spent writing the file once laid out; these
classes give the very bytes reportlab gives (a test holds them to it), and
anything they were not made for is formatted by reportlab itself.
"""

from __future__ import annotations

import math
import re

from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (Destination, LinkAnnotation, PDFArray, PDFDestinationXYZ, PDFDictionary,
                                      PDFObjectReference, PDFString, format as pdf_format)

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


def _number(value) -> bytes | None:
    return _FP(value).encode("ascii") if type(value) in (float, int) else None


def _array(values) -> bytes | None:
    """``[ a b c ]`` of numbers, as PDFArray formats it (up to ten: one line)."""
    numbers = [_number(v) for v in values]
    if len(numbers) > 10 or None in numbers:
        return None
    return b"[ " + b" ".join(numbers) + b" ]"


def _dictionary(entries: list[tuple[str, bytes]]) -> bytes:
    """``entries`` (sorted by name) as PDFDictionary formats them: six to a line."""
    items = [b"/" + name.encode("ascii") + b" " + value for name, value in entries]
    for i in reversed(range(6, len(items), 6)):
        items.insert(i, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _simple() -> bool:
    return not rl_config.pdfMultiLine


class FastDestination(Destination):
    """A destination at a point of a page (XYZ): ``[ page /XYZ left top zoom ]``."""

    def format(self, document):
        fmt, page = self.fmt, self.page
        if type(fmt) is PDFDestinationXYZ and type(page) is PDFObjectReference and _simple():
            numbers = _array((fmt.left, fmt.top, fmt.zoom))
            found = document.idToObjectNumberAndVersion.get(page.name)
            if numbers is not None and found is not None:
                fmt.page = page
                return b"[ %d %d R /XYZ " % found + numbers[2:]
        return super().format(document)


class FastLink(LinkAnnotation):
    """A link to a destination in the file, as ``canvas.linkRect`` makes it."""

    def format(self, document):
        entries = self._entries(document) if _simple() else None
        return _dictionary(entries) if entries is not None else super().format(document)

    def _entries(self, document):
        if set(self.otherkw) - {"StructParent"} or isinstance(self.Rect, str):
            return None
        border = _array(getattr(self.Border, "sequence", ())) if isinstance(self.Border, PDFArray) else None
        rect = _array(self.Rect)
        dest = self.Destination.format(document) if isinstance(self.Destination, FastDestination) else None
        if border is None or rect is None or dest is None:
            return None
        entries = [("Border", border), ("Contents", PDFString(self.Contents, 1).format(document)), ("Dest", dest),
                   ("Rect", rect)]
        if "StructParent" in self.otherkw:
            parent = _number(self.otherkw["StructParent"])
            if parent is None:
                return None
            entries.append(("StructParent", parent))
        return entries + [("Subtype", b"/Link"), ("Type", b"/Annot")]


class NamedDestinations(PDFDictionary):
    """The catalog's ``/Dests``: each name (note-12, ref-12, a section's) to its destination."""

    def format(self, document, IND=b"\n "):
        names = sorted(self.dict)
        if not _simple() or not all(_PLAIN_NAME.fullmatch(n) and not _NAME_ESCAPED.intersection(n) for n in names):
            return super().format(document, IND)
        return _dictionary([(name, pdf_format(self.dict[name], document)) for name in names])
