"""What ``briefpack excerpts``, ``sources`` and ``tags`` print: JSON records and plain text."""

from __future__ import annotations

import dataclasses
import textwrap
from collections import Counter

from ..conventions.admiralty import grade
from ..errors import relative_path
from .model import Excerpt, Library, Source


def excerpt_json(excerpt: Excerpt, library: Library) -> dict:
    source = library.sources.get(excerpt.source)
    reliability = source.reliability if source else None
    return {
        "id": excerpt.id,
        "source": excerpt.source,
        "quote": excerpt.quote,
        "tags": list(excerpt.tags),
        "locator": excerpt.locator,
        "date": excerpt.date,
        "event_date": excerpt.event_date,
        "event": excerpt.event,
        "kind": excerpt.kind,
        "credibility": excerpt.credibility,
        "reliability": reliability,
        "grade": grade(reliability, excerpt.credibility),
        "marking": excerpt.marking,
        "summary": excerpt.summary,
        "note": excerpt.note,
        "figures": [dataclasses.asdict(f) for f in excerpt.figures],
        "path": relative_path(excerpt.path, library.root) if excerpt.path else None,
        "line": excerpt.line,
    }


def source_record(source: Source, library: Library, used: Counter) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "author": list(source.author),
        "publisher": source.publisher,
        "published": source.published,
        "accessed": source.accessed,
        "url": source.url,
        "language": source.language,
        "reliability": source.reliability,
        "marking": source.marking,
        "notes": source.notes,
        "non_body": sorted(source.non_body),
        "paragraphs": len(source.paragraphs),
        "excerpts": used[source.id],
        "path": relative_path(source.path, library.root) if source.path else None,
    }


def source_records(library: Library) -> list[dict]:
    used = Counter(e.source for e in library.excerpts.values())
    return [source_record(s, library, used) for s in library.sources.values()]


def tag_records(library: Library) -> list[dict]:
    counts = Counter(tag for e in library.excerpts.values() for tag in e.tags)
    records = []
    for name, facet in library.vocabulary.facets.items():
        for value, term in facet.values.items():
            tag = f"{name}:{value}"
            records.append({
                "tag": tag, "facet": name, "facet_label": facet.label, "value": value,
                "label": term.label, "aliases": list(term.aliases), "count": counts[tag],
            })  # fmt: skip
    return records


def excerpt_lines(excerpts: list[Excerpt], library: Library, width: int = 100):
    for excerpt in excerpts:
        record = excerpt_json(excerpt, library)
        where = f"para. {excerpt.locator}" if excerpt.locator else "para. ?"
        yield f"{excerpt.id}  {excerpt.date}  {record['grade']}  {excerpt.marking}"
        yield f"    {excerpt.source}, {where}"
        if excerpt.tags:
            yield f"    {' '.join(excerpt.tags)}"
        quote = " ".join(excerpt.quote.split())
        yield from textwrap.wrap(f"\u201c{quote}\u201d", width, initial_indent="    ",
                                 subsequent_indent="    ")  # fmt: skip
        yield ""
    yield f"{len(excerpts)} excerpt{'s' if len(excerpts) != 1 else ''}"


def source_lines(library: Library, width: int = 100):
    used = Counter(e.source for e in library.excerpts.values())
    rows = [("ID", "REL", "PUBLISHED", "PARAS", "EXCERPTS", "TITLE")]
    for source in library.sources.values():
        rows.append((source.id, source.reliability, source.published or "n.d.",
                     str(len(source.paragraphs)), str(used[source.id]), source.title))  # fmt: skip
    yield from _table(rows, width)
    yield f"{len(library.sources)} source{'s' if len(library.sources) != 1 else ''}"


def tag_lines(library: Library, width: int = 100):
    records = tag_records(library)
    facet = None
    for record in records:
        if record["facet"] != facet:
            if facet is not None:
                yield ""
            facet = record["facet"]
            yield f"{facet}: {record['facet_label']}"
        aliases = f"  (also: {', '.join(record['aliases'])})" if record["aliases"] else ""
        line = f"  {record['count']:>5}  {record['tag']:<32} {record['label']}{aliases}"
        yield line if len(line) <= width else line[: width - 1] + "\u2026"


def _table(rows, width: int):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1]
        yield line if len(line) <= width else line[: width - 1] + "\u2026"
