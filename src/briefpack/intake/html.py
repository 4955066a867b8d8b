"""Saved web pages (.html, .htm): the main text with trafilatura, the date with htmldate.

The page is decoded as it declares (a byte-order mark, ``<meta charset>``, a
``Content-Type`` meta or an XML declaration; ``iso-8859-1`` read as
``windows-1252``, as browsers do), else as UTF-8. The metadata is what the page
states: its title, author (meta tags, JSON-LD or the visible byline), site
name, publication date (meta tags, JSON-LD, ``<time>``; never a date guessed
from the running text), canonical URL (or the ``saved from url=`` comment a
browser writes) and ``<html lang>``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import trafilatura

from ..conventions.links import is_web_url
from ..library.textfiles import bom_encoding, text_encoding
from .capture import Capture, paragraphs_of
from .limits import Limits

_SNIFF = 8192
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)""", re.I)
# Over this many characters, trafilatura runs without its second opinion (readability and
# jusText, compared with its own result): on a 1 MB page that comparison takes 1.2 of 1.9 s.
# On the pages of benchmarks/intake_quality.py both ways score alike; the default keeps it.
FAST_FROM = 500_000
_BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
                    "us-ascii": "cp1252", "iso8859-1": "cp1252"}


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares (a BOM first), as a Python codec name, or None; a
    declared name that is not a text encoding (``zlib``, ``base64``) counts as none."""
    bom = bom_encoding(data)
    if bom is not None:
        return bom
    name = _declared_name(data)
    return text_encoding(_BROWSER_ALIASES.get(name, name)) if name else None


def _declared_name(data: bytes) -> str | None:
    """The encoding name the page's head declares, as written (lower case)."""
    head = data[:_SNIFF]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode_page(data: bytes) -> tuple[str, list[str]]:
    """The page's text and notes on how it was decoded."""
    declared = declared_encoding(data)
    notes = []
    if declared is None and _declared_name(data) and not bom_encoding(data):
        notes.append(f"the page declares '{_declared_name(data)}', which is not a text encoding: not taken")
    if declared is not None:
        try:
            return data.decode(declared), notes
        except UnicodeDecodeError:
            notes.append(f"the page declares {declared} but is not: read as UTF-8")
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        notes.append("the page declares no encoding and is not UTF-8: read as windows-1252")
        return data.decode("cp1252", errors="replace"), notes


def read(data: bytes, name: str, limits: Limits | None = None) -> Capture:
    (limits or Limits()).check_bytes(len(data), "this page")
    text, notes = decode_page(data)
    saved_from = _SAVED_FROM.search(text[:4096])
    address = saved_from.group(1) if saved_from and is_web_url(saved_from.group(1)) else None
    if saved_from and address is None:
        notes.append("the page was saved from an address that is not on the web: not taken")
    document = trafilatura.bare_extraction(
        text,
        url=address,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        fast=len(text) > FAST_FROM,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    capture = Capture(kind="html", notes=notes)
    if document is None:
        return capture
    capture.paragraphs = paragraphs_of(body_blocks(document.body))
    capture.title = _one_line(document.title)
    capture.author = split_authors(document.author)
    capture.url = document.url or ""
    capture.publisher = _one_line(document.sitename)
    if capture.publisher and capture.publisher.lower().removeprefix("www.") == _host(capture.url):
        capture.publisher = ""  # made up from the address, not stated by the page
    capture.published = document.date or ""
    lang = _HTML_LANG.search(text[:_SNIFF * 4])
    capture.language = lang.group(1) if lang else ""
    return capture


def body_blocks(body) -> list[str]:
    """The paragraphs of trafilatura's body tree: headings, paragraphs, quotations,
    list items and table rows, one each; a line break inside one is kept."""
    blocks: list[str] = []
    if body is None:
        return blocks
    for element in body:
        _blocks_of(element, blocks)
    return blocks


def _blocks_of(element, blocks: list[str]) -> None:
    tag = element.tag
    if tag in ("list", "quote") and len(element):
        if (element.text or "").strip():
            blocks.append(element.text)
        for child in element:
            _blocks_of(child, blocks)
    elif tag == "table":
        for row in element.iter("row"):
            cells = [_text(cell) for cell in row if cell.tag == "cell"]
            blocks.append(" | ".join(c for c in cells if c))
    elif tag == "row":
        blocks.append(" | ".join(_text(c) for c in element))
    else:
        blocks.append(_text(element))
    if tag in ("list", "quote", "table") and (element.tail or "").strip():
        blocks.append(element.tail)


def _text(element) -> str:
    """The element's text with ``<lb/>`` as a line break."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def split_authors(text: str | None) -> list[str]:
    if not text:
        return []
    return [a for a in (_one_line(part) for part in re.split(r";|\s+and\s+", text)) if a]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""
