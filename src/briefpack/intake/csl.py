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


def read_items(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise BriefpackError(f"cannot read: {exc.strerror or exc}", path=path) from None
    except UnicodeDecodeError:
        raise BriefpackError("not UTF-8: a CSL-JSON file is UTF-8 text", path=path) from None
    except json.JSONDecodeError as exc:
        raise BriefpackError(f"not JSON: {exc.msg} (column {exc.colno})", path=path, line=exc.lineno) from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise BriefpackError("expected a CSL-JSON item or a list of them (Zotero: Export > CSL JSON)", path=path)
    return items


def pick_item(items: list[dict], capture: Capture, url: str | None, path: Path) -> dict:
    """The one item describing the file: the only one, or the one whose URL or title matches."""
    if len(items) == 1:
        return items[0]
    wanted_url = _bare_url(url or capture.url)
    for item in items:
        if wanted_url and _bare_url(item.get("URL", "")) == wanted_url:
            return item
    title = _words(capture.title)
    for item in items:
        if title and _words(item.get("title", "")) == title:
            return item
    names = ", ".join(repr(str(i.get("title", i.get("id", "?"))))[:60] for i in items[:5])
    raise BriefpackError(f"{len(items)} items and none matches the file's URL or title ({names}, ...): "
                         "export the one item", path=path)


def apply_item(item: dict, capture: Capture) -> list[str]:
    """Set the capture's metadata from the item; the fields it gave."""
    given = []

    def put(field: str, value) -> None:
        if value:
            setattr(capture, field, value)
            given.append(field)

    put("title", _line(item.get("title")))
    put("author", [name for name in map(person, item.get("author") or []) if name])
    put("publisher", _line(item.get("container-title") or item.get("publisher")))
    put("published", csl_date(item.get("issued")))
    put("accessed", csl_date(item.get("accessed")))
    put("url", _line(item.get("URL")))
    put("language", _line(item.get("language")))
    return given


def person(entry) -> str:
    """"Given Family" (or the literal name) of a CSL name."""
    if not isinstance(entry, dict):
        return _line(entry)
    if entry.get("literal"):
        return _line(entry["literal"])
    parts = [entry.get("given"), entry.get("non-dropping-particle"), entry.get("family")]
    name = " ".join(_line(p) for p in parts if p)
    suffix = _line(entry.get("suffix"))
    return f"{name}, {suffix}" if name and suffix else name


def csl_date(value) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD from a CSL date (its first date-parts, else a raw ISO date)."""
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(p) for p in parts[0][:3]]
        except (TypeError, ValueError):
            return ""
        return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    raw = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", str(value.get("raw", "")))
    return raw.group(0) if raw else ""


def _line(value) -> str:
    return " ".join(str(value or "").split())


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _bare_url(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?|/$", "", (url or "").strip())
