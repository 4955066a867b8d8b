"""Plain text and Markdown (.txt, .md): paragraphs separated by blank lines.

A file that opens with a YAML front-matter block (``---`` lines, as static
site generators write) states its own metadata there: ``title``, ``author`` or
``authors``, ``date`` or ``published``, ``url``, ``publisher`` or ``site``,
``language`` or ``lang``. A Markdown file's first ``# heading`` states its
title. Nothing else is taken for metadata. The file is text by the library's
rule (``library.textfiles``): a character that is not text is an error at its
line, and so is a front-matter date that is not a real one, a list where text
is due, or lists and mappings nested more than FRONT_MATTER_DEPTH deep.
"""

from __future__ import annotations

import re

import yaml

from ..errors import BriefpackError
from ..library.load import date_problem
from ..library.textfiles import decode_text as decoded, not_text_line
from ..library.yaml_limits import YamlLimitError, check_aliases
from ..library.yamlfields import compose, scalar_text
from .capture import Capture, paragraphs_of

_HEADING = re.compile(r"#\s+(.+?)\s*#*\s*")
_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?!\d)")
FRONT_MATTER_DEPTH = 20  # lists and mappings nested deeper are refused

_KEYS = {
    "title": ("title",),
    "author": ("author", "authors"),
    "published": ("date", "published"),
    "url": ("url", "canonical_url", "link"),
    "publisher": ("publisher", "site", "site_name"),
    "language": ("language", "lang"),
}


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """The text of the file (``library.textfiles``: UTF-8 or UTF-16 with its byte-order mark),
    else read as windows-1252, with a note; line ends made ``\\n``."""
    text, _, _ = decoded(data)
    notes = []
    if text is None:
        text = data.decode("cp1252", errors="replace")
        notes = ["the file is not UTF-8: read as windows-1252"]
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def read(data: bytes, name: str, limits=None) -> Capture:
    text, notes = decode_text(data)
    bad = not_text_line(text)
    if bad is not None:
        raise BriefpackError(bad[1], line=bad[0])
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
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for end, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            break
    else:
        return text
    try:
        fields = _fields("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        if isinstance(exc, YamlLimitError):
            raise BriefpackError(f"front matter: {exc.problem}", line=exc.problem_mark.line + 2) from None
        capture.notes.append("the file's front matter is not valid YAML: its metadata was not read")
        return "\n".join(lines[end + 1:])
    for field, keys in _KEYS.items():
        key = next((k for k in keys if fields.get(k, (None,))[0] not in (None, "")), None)
        if key is not None:
            _take(capture, field, key, *fields[key])
    return "\n".join(lines[end + 1:])


def _fields(front: str) -> dict[str, tuple[object, int]]:
    """The front matter's fields: name -> (text or list of texts, line in the file)."""
    check_aliases(front, depth=FRONT_MATTER_DEPTH)
    node = compose(front)
    if not isinstance(node, yaml.MappingNode):
        return {}
    fields = {}
    for key, value in node.value:
        line = value.start_mark.line + 2
        if isinstance(value, yaml.SequenceNode):
            fields[scalar_text(key)] = ([scalar_text(v) for v in value.value], line)
        else:
            fields[scalar_text(key)] = (scalar_text(value), line)
    return fields


def _take(capture: Capture, field: str, key: str, value, line: int) -> None:
    """Set one stated field from the front matter's ``key``; an error at its line when it cannot
    be what it says."""
    if isinstance(value, list) and field != "author" or isinstance(value, list) and None in value:
        raise BriefpackError(f"front matter: '{key}' must be text", line=line)
    if field == "author":
        capture.author = [" ".join(a.split()) for a in (value if isinstance(value, list) else [value]) if a.strip()]
    elif field == "published":
        found = _DATE.match(value)
        problem = date_problem(found.group(1)) if found else None
        if problem:
            raise BriefpackError(f"front matter: bad date '{value}': {problem}", line=line)
        capture.published = found.group(1) if found else ""
    else:
        capture.__dict__[field] = " ".join(value.split())
