"""Reading a laid-out PDF back line by line (pdfminer): words broken across lines
without a hyphen, headings left alone at a page's foot, the text of a page's charts.
The bundled-pack tests read both the PDF and LibreOffice's rendering of the DOCX with it."""

from __future__ import annotations

import re
from dataclasses import dataclass

MARGIN = 60.0  # points at the top and foot of a page that hold the running header and footer


@dataclass(frozen=True)
class Line:
    y: float
    x: float
    size: float
    font: str
    text: str


def page_lines(pdf) -> list[list[Line]]:
    """Each page's text lines, top to bottom, without the running header and footer."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    pages = []
    for page in extract_pages(str(pdf)):
        found: list[Line] = []

        def walk(node):
            if isinstance(node, LTTextLine):
                chars = [c for c in node if isinstance(c, LTChar)]
                text = node.get_text().strip()
                if chars and text:
                    found.append(Line(node.y0, node.x0, max(c.size for c in chars), chars[0].fontname, text))
            elif hasattr(node, "__iter__"):
                for child in node:
                    walk(child)

        walk(page)
        body = [line for line in found if MARGIN < line.y < page.height - MARGIN]
        pages.append(sorted(body, key=lambda line: (-line.y, line.x)))
    return pages


_EDGE = re.compile(r"[^\w,’']")


def broken_words(pages: list[list[Line]], words: set[str]) -> list[tuple[int, str, str]]:
    """(page, end of a line, start of the next line in its column) where one word of
    ``words`` was cut in two without a hyphen ("Afghanista" / "n")."""
    found = []
    for number, lines in enumerate(pages, 1):
        for line in lines:
            if not re.search(r"[^\W_]$", line.text):
                continue
            height = max(line.size, 1.0)
            below = [b for b in lines if abs(b.x - line.x) < 2 and 0 < line.y - b.y < 2.2 * height]
            if not below:
                continue
            nxt = max(below, key=lambda b: b.y)
            last, first = line.text.split()[-1], nxt.text.split()[0]
            head, tail = _EDGE.sub("", last).strip(","), _EDGE.sub("", first).strip(",")
            if head and tail and (head + tail) in words and head not in words:
                found.append((number, last, first))
    return found


def words_of(texts) -> set[str]:
    """The words of ``texts`` (soft hyphens taken out), as broken_words compares them."""
    out = set()
    for text in texts:
        for token in text.replace("\u00ad", "").split():
            word = _EDGE.sub("", token).strip(",")
            if word:
                out.add(word)
    return out


def stranded_headings(pages: list[list[Line]], note_size: float = 9.1) -> list[tuple[int, str]]:
    """Headings (the heading font, bold, 11 pt or more) after which their page holds
    nothing, or only page-foot notes (smaller lines set well below the heading)."""
    found = []
    for number, lines in enumerate(pages, 1):
        heads = [i for i, line in enumerate(lines) if line.size >= 11 and "Sans-Bold" in line.font]
        if not heads:
            continue
        at = heads[-1]
        after = lines[at + 1:]
        if not after or (all(line.size <= note_size for line in after) and lines[at].y - after[0].y > 40):
            found.append((number, lines[at].text))
    return found


def lone_lead_ins(pages: list[list[Line]], note_size: float = 9.5) -> list[tuple[int, str]]:
    """Pages whose last line of text (page-foot notes aside) ends in a colon: a lead-in
    ("Webber wrote in June 2024:") parted from the quotation it introduces."""
    found = []
    for number, lines in enumerate(pages, 1):
        body = [line for line in lines if line.size > note_size]
        if body and body[-1].text.rstrip().endswith(":"):
            found.append((number, body[-1].text))
    return found


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ENDS_IN_MONTH = re.compile(r"\b(?:%s)(?: [0-3]?\d,)?$" % "|".join(_MONTHS))
_ENDS_IN_PART = re.compile(r"\b([A-Z][a-z]+)-$")


def split_dates(pages: list[list[Line]]) -> list[tuple[int, str, str]]:
    """(page, end of a line, start of the next line in its column) where a date was broken:
    a month name hyphenated ("Decem-" / "ber 2023") or parted from its day or year
    ("December" / "2023")."""
    found = []
    for number, lines in enumerate(pages, 1):
        for line in lines:
            height = max(line.size, 1.0)
            below = [b for b in lines if abs(b.x - line.x) < 2 and 0 < line.y - b.y < 2.2 * height]
            if not below:
                continue
            nxt = max(below, key=lambda b: b.y)
            first = nxt.text.split()[0]
            part = _ENDS_IN_PART.search(line.text)
            if part and any(m.startswith(part.group(1)) and m == part.group(1) + first.rstrip(",")
                            for m in _MONTHS):
                found.append((number, line.text.split()[-1], first))
            elif _ENDS_IN_MONTH.search(line.text) and re.match(r"[0-3]?\d\b", first):
                found.append((number, line.text.split()[-1], first))
    return found
