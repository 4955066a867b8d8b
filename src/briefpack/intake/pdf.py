"""PDF files: the text with pdfminer.six's layout analysis, paragraphs rebuilt.

A PDF holds lines, not paragraphs: pdfminer.six groups lines into text boxes
(a paragraph each, where the layout separates them), and here the lines of a
box are joined again, a word hyphenated at a line end made whole ("recruit-" +
"ment": "recruitment"; "ISIS-" + "K" keeps its hyphen). A paragraph broken by a
page end, or a line the layout set in a box of its own (a list item's hanging
indent), is joined with what it continues (it starts in lower case, the block
before ends without a stop); a bullet in a box of its own joins its item. The
text inside Form XObjects (figures, to pdfminer), where some producers put
whole pages, is read as the page's own, and a line set sideways as a line.
Page furniture (a line repeated on most pages, such as a running head, or a
page number) is left out and counted; so is text drawn outside the page, which
no reader sees (``pdf_pages.py``).

What was taken is checked against an independent count (``pdf_count.py``): an
import that falls clearly short is a warning naming the pages that came out
empty (``add-source --strict`` refuses it); pages that are images without text
are named as scans.

Metadata: the document's Title and Author (a title that is a file name, such as
"Microsoft Word - draft.docx", or has no word in it, such as a typesetter's job
number, is not taken) and its /Lang. A PDF's creation date is when the file was
made, not when the work was published: not taken.
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
_LETTER_SPACED = re.compile(r"(?:^|\s)(?:\S ){3,}\S(?:\s|$)")  # four letters or more standing apart
_BULLET = re.compile(r"\s*[\u2022\u00b7\u25aa\u25cf\u25e6\u2043\u2219\u2013\u2014*\uf0b7\uf0a7-]\s*")


def read(data: bytes, name: str, limits: Limits | None = None) -> Capture:
    limits = limits or Limits()
    capture = Capture(kind="pdf")
    pages, drawn, images, outside, unnamed = [], [], [], 0, 0
    try:
        for page, left_out in pdf_pages(data, limits):
            outside, unnamed = outside + left_out.outside, unnamed + left_out.unnamed
            pages.append([b for b in (_join_lines(box) for box in _text_boxes(page)) if b])
            chars, image = _raw_content(page)
            drawn.append(chars)
            images.append(image)
    except BriefpackError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        raise BriefpackError(f"cannot read this PDF: {str(exc) or type(exc).__name__}") from None
    capture.paragraphs, dropped = _paragraphs(pages)
    if dropped:
        from .pdf_count import count_words

        capture.left_out_words = count_words("\n".join(dropped))
        capture.notes.append(f"left out {len(dropped)} running heads, feet and page numbers")
    if outside:
        capture.notes.append(f"left out {_characters(outside)} drawn outside the page, where no reader sees them "
                             "(a slide's lines not yet revealed, text running past the edge)")
    if unnamed:
        capture.notes.append(f"left out {_characters(unnamed)} that the font does not name "
                             "(symbols such as a list's bullets)")
    _check_count(data, limits, capture, pages, drawn, images)
    _metadata(data, capture)
    return capture


def _characters(count: int) -> str:
    return f"{count:,} character{'' if count == 1 else 's'}"


def _text_boxes(container):
    """The text of each box of a page, the boxes inside figures (Form XObjects) included."""
    from pdfminer.layout import LTFigure, LTTextBox, LTTextContainer

    for element in container:
        if isinstance(element, LTTextBox):
            yield "".join(_line_text(line) for line in element)
        elif isinstance(element, LTTextContainer):
            yield element.get_text()
        elif isinstance(element, LTFigure):
            yield from _text_boxes(element)


def _line_text(line) -> str:
    """A line's text; a line set letter-spaced, as a journal sets "R E S E A R C H  A R T I C L E"
    (pdfminer puts a space wherever letters stand apart), has its words rebuilt: a word ends at a
    space or where the gap is clearly wider than the gap between letters."""
    from pdfminer.layout import LTChar

    text = line.get_text()
    chars = [c for c in line if isinstance(c, LTChar)]
    if not _LETTER_SPACED.search(text) or len(chars) < 4:
        return text
    gaps = [(right.x0 - left.x1) / max(left.size, 1.0) for left, right in zip(chars, chars[1:])]
    between_letters = sorted(gaps)[len(gaps) // 2]
    if not 0.05 < between_letters < 0.22:  # none, or as wide as a space: single-letter words
        return text
    words = chars[0].get_text()
    for gap, char in zip(gaps, chars[1:]):
        letter = char.get_text()
        words += letter if letter.isspace() or gap < between_letters + 0.15 else " " + letter
    return " ".join(words.split()) + "\n"


def _raw_content(container) -> tuple[int, bool]:
    """The characters drawn anywhere on the page (spaces aside), and whether it holds an image."""
    from pdfminer.layout import LTChar, LTContainer, LTImage

    chars, image = 0, False
    for element in container:
        if isinstance(element, LTChar):
            chars += not element.get_text().isspace()
        elif isinstance(element, LTImage):
            image = True
        elif isinstance(element, LTContainer):
            more, inner = _raw_content(element)
            chars, image = chars + more, image or inner
    return chars, image


def _paragraphs(pages: list[list[str]]) -> tuple[list[str], list[str]]:
    """The paragraphs of the pages' blocks, furniture left out (and counted): a lone bullet
    joins the block it marks, a block that carries on the one before (a wrapped list item, a
    paragraph broken by a page end) joins it."""
    furniture = _page_furniture(pages)
    blocks: list[str] = []
    dropped: list[str] = []
    bullet = ""
    for page in pages:
        numbering = _numbering(page)
        for at, block in enumerate(page):
            if _shape(block) in furniture or at in numbering:
                dropped.append(block)
            elif _BULLET.fullmatch(block):
                bullet = block.strip()
            elif bullet:
                blocks.append(f"{bullet} {block}")
                bullet = ""
            elif blocks and _continues(blocks[-1], block):
                blocks[-1] = _join(blocks[-1], block)
            else:
                blocks.append(block)
    return paragraphs_of(blocks + ([bullet] if bullet else [])), dropped


def _numbering(page: list[str]) -> set[int]:
    """The blocks of a page that number it ("12", "Page 3 of 10", "iv") or its lines (a
    transcript's 1, 2 ... 25): at most two numbers standing alone, or numbers that count up one
    by one; many numbers that do not are a table's figures, which stay."""
    found = [at for at, block in enumerate(page) if _PAGE_NUMBER.fullmatch(block.strip())]
    if len(found) <= 2:
        return set(found)
    values = sorted({int(page[at]) for at in found if page[at].strip().isdigit()})
    longest = run = 1
    for before, after in zip(values, values[1:]):
        run = run + 1 if after == before + 1 else 1
        longest = max(longest, run)
    return set(found) if len(found) - longest <= 2 else set()


def _check_count(data: bytes, limits: Limits, capture: Capture, pages, drawn, images) -> None:
    from .pdf_count import page_list, pdftotext_words, scanned_pages, shortfall

    scans = scanned_pages(drawn, images)
    if scans:
        capture.notes.append(f"{page_list(scans)} hold{'s' if len(scans) == 1 else ''} an image and no text "
                             "(scanned?): that text needs OCR before it can be quoted")
    lost = shortfall(["\n".join(page) for page in pages], drawn, pdftotext_words(data, limits))
    if lost:
        capture.warnings.append(lost)


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
    if left.endswith("\u00ad") or (left.endswith("\u2010") and right[:1].islower()):
        return left[:-1] + right
    return f"{left} {right}"


def _continues(previous: str, block: str) -> bool:
    """True when ``block`` carries on the paragraph ``previous`` left unfinished (the next page's
    first block, or a wrapped line the layout set apart, as a list item's hanging indent)."""
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
    elif title and not any(c.isalpha() for c in title):
        capture.notes.append(f"the PDF's title '{title}' has no word in it (a job number?): not taken")
        title = ""
    capture.title = title
    author = text(info.get("Author"))
    capture.author = [a.strip() for a in re.split(r";|\s+and\s+", author) if a.strip()] if author else []
    capture.language = text(lang) if lang else ""
