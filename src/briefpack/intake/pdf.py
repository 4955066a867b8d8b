"""PDF files: the text with pdfminer.six's layout analysis, paragraphs rebuilt.

A PDF holds lines, not paragraphs: pdfminer.six groups lines into text boxes
(a paragraph each, where the layout separates them), and here the lines of a
box are joined again, a word hyphenated at a line end made whole ("recruit-" +
"ment": "recruitment"; "ISIS-" + "K" keeps its hyphen). A paragraph broken by a
page end is joined with its continuation. Page furniture (a line repeated on
most pages, such as a running head, or a page number) is left out and counted.

Metadata: the document's Title and Author (a title that is a file name, such as
"Microsoft Word - draft.docx", is not taken) and its /Lang. A PDF's creation
date is when the file was made, not when the work was published: not taken.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from ..errors import BriefpackError
from .capture import Capture, paragraphs_of
from .limits import Limits
from .pdf_pages import pdf_pages

_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[ivxlc]{1,6}", re.I)
_FILE_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|odt|rtf|indd)|untitled.*)$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)\]]$")


def read(data: bytes, name: str, limits: Limits | None = None) -> Capture:
    from pdfminer.layout import LTTextContainer

    capture = Capture(kind="pdf")
    pages = []
    try:
        for page in pdf_pages(data, limits or Limits()):
            boxes = [element.get_text() for element in page if isinstance(element, LTTextContainer)]
            pages.append([b for b in (_join_lines(box) for box in boxes) if b])
    except BriefpackError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        raise BriefpackError(f"cannot read this PDF: {str(exc) or type(exc).__name__}") from None
    furniture = _page_furniture(pages)
    blocks: list[str] = []
    dropped = 0
    for page in pages:
        first = True
        for block in page:
            if _shape(block) in furniture or _PAGE_NUMBER.fullmatch(block.strip()):
                dropped += 1
                continue
            if first and blocks and _continues(blocks[-1], block):
                blocks[-1] = _join(blocks[-1], block)
            else:
                blocks.append(block)
            first = False
    capture.paragraphs = paragraphs_of(blocks)
    if dropped:
        capture.notes.append(f"left out {dropped} running heads, feet and page numbers")
    _metadata(data, capture)
    return capture


def _join_lines(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        out = _join(out, line) if out else line
    return out


def _join(left: str, right: str) -> str:
    """Two pieces of one paragraph: a hyphen at a line end before a lower-case letter goes."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right
    if left.endswith(("\u00ad",)):
        return left[:-1] + right
    return f"{left} {right}"


def _continues(previous: str, block: str) -> bool:
    """True when ``block``, first on its page, carries on the paragraph the page before ended."""
    return not _SENTENCE_END.search(previous) and block[:1].islower()


def _shape(block: str) -> str:
    return re.sub(r"\d+", "#", " ".join(block.split()))


def _page_furniture(pages: list[list[str]]) -> set[str]:
    """Short blocks (digits aside) found on every page of a two-page file, or on more than half
    of the pages of a longer one."""
    if len(pages) < 2:
        return set()
    counts = Counter(shape for page in pages for shape in {_shape(b) for b in page if len(b) < 120})
    needed = len(pages) if len(pages) == 2 else len(pages) / 2 + 0.5
    return {shape for shape, n in counts.items() if n >= needed}


def _metadata(data: bytes, capture: Capture) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        info = document.info[0] if document.info else {}
        lang = resolve1(document.catalog.get("Lang"))
    except Exception:  # noqa: BLE001 - metadata is optional
        return
    if not isinstance(info, dict):
        return

    def text(value) -> str:
        """A text string of the file (anything else, such as a nested array, is not taken)."""
        value = resolve1(value)
        if isinstance(value, bytes):
            value = decode_text(value)
        return " ".join(value.split()) if isinstance(value, str) else ""

    title = text(info.get("Title"))
    if title and _FILE_TITLE.match(title):
        capture.notes.append(f"the PDF's title '{title}' is a file name: not taken")
        title = ""
    capture.title = title
    author = text(info.get("Author"))
    capture.author = [a.strip() for a in re.split(r";|\s+and\s+", author) if a.strip()] if author else []
    capture.language = text(lang) if lang else ""
