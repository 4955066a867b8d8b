"""Plain text and Markdown (.txt, .md): paragraphs separated by blank lines.

A file that opens with a YAML front-matter block (``---`` lines, as static
site generators write) states its own metadata there: ``title``, ``author`` or
``authors``, ``date`` or ``published``, ``url``, ``publisher`` or ``site``,
``language`` or ``lang``. A Markdown file's first ``# heading`` states its
title. Nothing else is taken for metadata.
"""

from __future__ import annotations

import re

from .capture import Capture, paragraphs_of

_HEADING = re.compile(r"#\s+(.+?)\s*#*\s*")
_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)")

_KEYS = {
    "title": ("title",),
    "author": ("author", "authors"),
    "published": ("date", "published"),
    "url": ("url", "canonical_url", "link"),
    "publisher": ("publisher", "site", "site_name"),
    "language": ("language", "lang"),
}


def decode_text(data: bytes) -> tuple[str, list[str]]:
    try:
        text = data.decode("utf-8-sig")
        notes = []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notes = ["the file is not UTF-8: read as windows-1252"]
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def read(data: bytes, name: str) -> Capture:
    text, notes = decode_text(data)
    capture = Capture(kind="text", notes=notes)
    text = _front_matter(text, capture)
    blocks = re.split(r"\n[^\S\n]*\n", text)
    capture.paragraphs = paragraphs_of(blocks)
    if not capture.title and name.lower().endswith((".md", ".markdown")) and capture.paragraphs:
        heading = _HEADING.fullmatch(capture.paragraphs[0])
        if heading:
            capture.title = heading.group(1)
    return capture


def _front_matter(text: str, capture: Capture) -> str:
    """Fill the capture from a leading YAML block; the text after it."""
    import yaml

    from ..library.yaml_limits import safe_load

    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for end, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            break
    else:
        return text
    try:
        data = safe_load("\n".join(lines[1:end]))  # aliases bounded
    except yaml.YAMLError:
        capture.notes.append("the file's front matter is not valid YAML: its metadata was not read")
        return "\n".join(lines[end + 1:])
    if isinstance(data, dict):
        for field, keys in _KEYS.items():
            value = next((data[k] for k in keys if data.get(k) not in (None, "")), None)
            if value is None:
                continue
            if field == "author":
                capture.author = [str(a).strip() for a in (value if isinstance(value, list) else [value])]
            elif field == "published":
                found = _DATE.match(str(value))
                capture.published = found.group(1) if found else ""
            else:
                capture.__dict__[field] = " ".join(str(value).split())
    return "\n".join(lines[end + 1:])
