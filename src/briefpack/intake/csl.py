"""Metadata from CSL-JSON, as Zotero (and pandoc, and citeproc) write it.

Fields used: ``title``, ``author`` (``family``/``given``, or ``literal``),
``container-title`` (the publication: the Chicago "publisher" of a web article)
or else ``publisher``, ``issued`` and ``accessed`` (``date-parts`` or ``raw``),
``URL`` and ``language``. An export of several items is narrowed to the one whose
URL or title matches the file being added.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import BriefpackError
from .capture import Capture

MAX_BYTES = 20_000_000  # an export of a few thousand items


def read_items(path: Path) -> list[dict]:
    """The items of a CSL-JSON file: text (``library.textfiles``), at most MAX_BYTES."""
    from ..library.textfiles import decode_text

    try:
        if path.stat().st_size > MAX_BYTES:
            raise BriefpackError(f"more than {MAX_BYTES:,} bytes: export the one item", path=path)
        text, how, _ = decode_text(path.read_bytes())
    except OSError as exc:
        raise BriefpackError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if text is None:
        raise BriefpackError(f"{how}: a CSL-JSON file is UTF-8 text", path=path)
    try:
        data = json.loads(text.lstrip("\ufeff"), parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BriefpackError(f"not JSON: {exc.msg} (column {exc.colno})", path=path, line=exc.lineno) from None
    except ValueError as exc:
        raise BriefpackError(f"not JSON: {exc}", path=path) from None
    except RecursionError:
        raise BriefpackError("arrays and objects nested too deep: not a CSL-JSON export", path=path) from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise BriefpackError("expected a CSL-JSON item or a list of them (Zotero: Export > CSL JSON)", path=path)
    return items


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def pick_item(items: list[dict], capture: Capture, url: str | None, path: Path) -> dict:
    """The one item describing the file: the only one, or the one whose URL or title matches."""
    if len(items) == 1:
        return items[0]
    wanted_url = _bare_url(url or capture.url)
    for item in items:
        if wanted_url and _bare_url(_string(item.get("URL"))) == wanted_url:
            return item
    title = _words(capture.title)
    for item in items:
        if title and _words(_string(item.get("title"))) == title:
            return item
    names = ", ".join(repr(_string(i.get("title")) or _string(i.get("id")) or "?")[:60] for i in items[:5])
    raise BriefpackError(f"{len(items)} items and none matches the file's URL or title ({names}, ...): "
                         "export the one item", path=path)


def csl_metadata(path: Path, capture: Capture, url: str | None) -> list[str]:
    """Set the capture's metadata from the item of the CSL-JSON file at ``path`` that describes
    it; the fields it gave. A field that cannot be what CSL says is an error naming it."""
    try:
        return apply_item(pick_item(read_items(path), capture, url, path), capture)
    except BriefpackError as exc:
        exc.path = exc.path or path
        raise


def apply_item(item: dict, capture: Capture) -> list[str]:
    """Set the capture's metadata from the item; the fields it gave."""
    from .vetting import given_url

    given = []

    def put(field: str, value) -> None:
        if value:
            setattr(capture, field, value)
            given.append(field)

    authors = item.get("author") or []
    if not isinstance(authors, list):
        raise BriefpackError(f"'author' must be a list of names, not {_kind(authors)}")
    put("title", _text(item, "title"))
    put("author", [name for name in (person(entry, f"author {n}") for n, entry in enumerate(authors, 1)) if name])
    put("publisher", _text(item, "container-title") or _text(item, "publisher"))
    put("published", csl_date(item.get("issued"), "issued"))
    put("accessed", csl_date(item.get("accessed"), "accessed"))
    put("url", _text(item, "URL") and given_url(_text(item, "URL"), "the item's URL"))
    put("language", _text(item, "language"))
    return given


def person(entry, where: str = "author") -> str:
    """"Given Family" (or the literal name) of a CSL name."""
    if not isinstance(entry, dict):
        return _line(entry, where)
    if entry.get("literal"):
        return _line(entry["literal"], where)
    parts = [entry.get(key) for key in ("given", "non-dropping-particle", "family")]
    name = " ".join(_line(p, where) for p in parts if p)
    suffix = _line(entry.get("suffix"), where)
    return f"{name}, {suffix}" if name and suffix else name


def csl_date(value, where: str = "date") -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD from a CSL date (its first date-parts, else a raw ISO date);
    an error when the date cannot be a real one."""
    from ..library.load import date_problem

    if value is None:
        return ""
    if not isinstance(value, dict):
        raise BriefpackError(f"'{where}' must be a CSL date ({{\"date-parts\": [[2024, 3, 26]]}}), not {_kind(value)}")
    parts = value.get("date-parts")
    if parts is not None:
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and 1 <= len(parts[0])):
            raise BriefpackError(f"'{where}': date-parts must hold a list of numbers, e.g. [[2024, 3, 26]]")
        numbers = [_date_number(p, where) for p in parts[0][:3]]
        text = "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    else:
        raw = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?!\d)", value.get("raw") if isinstance(value.get("raw"), str) else "")
        text = raw.group(0) if raw else ""
    problem = date_problem(text) if text else None
    if problem is not None:
        raise BriefpackError(f"'{where}': {text} is not a date: {problem}")
    return text


def _date_number(value, where: str) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return value
    raise BriefpackError(f"'{where}': {str(value)[:40]!r} in date-parts is not a year, month or day")


def _text(item: dict, key: str) -> str:
    return _line(item.get(key), f"'{key}'")


def _line(value, where: str = "a field") -> str:
    """The text of a field on one line; an error when it is not text."""
    from ..library.textfiles import NOT_TEXT, not_text_message

    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BriefpackError(f"{where} must be text, not {_kind(value)}")
    text = str(value)
    bad = NOT_TEXT.search(text)
    if bad is not None:
        raise BriefpackError(f"{where} holds {not_text_message(bad.group()).split(' is not')[0]}, which is not "
                             "text: remove it")
    return " ".join(text.split())


def _kind(value) -> str:
    return {dict: "an object", list: "a list", bool: "true or false", float: "a number", int: "a number",
            str: "text"}.get(type(value), "null")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _bare_url(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?|/$", "", (url or "").strip())


def _string(value) -> str:
    return value if isinstance(value, str) else ""
