"""What an excerpt or a source supports: the documents, sections and key judgments citing it.

Computed from the current briefs and library (never from a stale build) by
composing each document: ``briefpack impact ID`` lists the places, and a build
whose library withdraws an excerpt (``withdrawn: "<reason>"``, on the excerpt
or its source) names the places that lost its support, in the change section
and as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import BriefpackError, relative_path

_SECTION = re.compile(r"^sec-(\d+)-")


@dataclass(frozen=True)
class Place:
    """A key judgment or a section of one document that cites some excerpts."""

    kind: str  # "judgment" or "section"
    number: int  # 1-based: the judgment's place among the key judgments, the section's in the brief
    text: str  # the judgment's text or the section's title
    line: int | None  # its line in the brief
    excerpts: tuple[str, ...]  # those of the excerpts asked about that it cites

    def describe(self) -> str:
        if self.kind == "judgment":
            from .changes import shorten

            text = shorten(self.text, 90)
            return f"key judgment {self.number}: \N{LEFT DOUBLE QUOTATION MARK}{text}\N{RIGHT DOUBLE QUOTATION MARK}"
        return f"section {self.number}: {self.text}"

    def to_json(self) -> dict:
        return {"kind": self.kind, "number": self.number, "text": self.text, "line": self.line,
                "excerpts": list(self.excerpts)}


def places_citing(document, brief, keys) -> list[Place]:
    """The key judgments and sections of a composed ``document`` (of ``brief``) citing any of ``keys``."""
    from .documents import structure

    keys = set(keys)
    judgments, sections = structure(document)
    out = []
    for i, judgment in enumerate(judgments, 1):
        cited = tuple(k for k in judgment["excerpts"] if k in keys)
        if cited:
            out.append(Place("judgment", i, judgment["text"], brief.line_of(f"key_judgments.{i - 1}"), cited))
    for section in sections:
        cited = tuple(k for k in section["excerpts"] if k in keys)
        match = _SECTION.match(section.get("anchor", ""))
        if cited and match:
            number = int(match.group(1))
            out.append(Place("section", number, section["title"], brief.line_of(f"sections.{number - 1}"), cited))
    return out


def lost_support(instance, library, compose) -> list[Place]:
    """The places of one document that would cite a withdrawn excerpt of
    ``library`` (``compose(instance, library)`` -> document)."""
    from ..library.model import with_withdrawn

    if not library.withdrawn:
        return []
    document = compose(instance, with_withdrawn(library))
    return places_citing(document, instance, library.withdrawn)


def impact(root, ident: str, briefs: list) -> list[dict]:
    """Every document of ``briefs`` citing excerpt ``ident`` (or any excerpt of
    source ``ident``): its sections and key judgments."""
    from ..briefs.read import load_brief
    from ..compose.composer import compose_document
    from ..compose.expand import expand_brief
    from ..library.check import load_checked_library

    library, _ = load_checked_library(root)
    keys = _excerpts_of(library, ident)
    results = []
    for path in briefs:
        brief = load_brief(path)
        for instance in expand_brief(brief, library):
            document = compose_document(instance, library, root=root, produced="", timestamp=0)
            places = places_citing(document, instance, keys)
            if places:
                results.append({"document": instance.name, "brief": relative_path(path, root),
                                "places": [p.to_json() for p in places]})
    return results


def _excerpts_of(library, ident: str) -> set[str]:
    if ident in library.excerpts:
        return {ident}
    if ident in library.sources:
        return {k for k, e in library.excerpts.items() if e.source == ident}
    from ..library.naming import suggestion

    hint = suggestion(ident, [*library.excerpts, *library.sources], cutoff=80)
    raise BriefpackError(f"no excerpt or source with id '{ident}'{hint}")


def impact_lines(ident: str, results: list[dict]) -> list[str]:
    if not results:
        return [f"Nothing in the briefs cites {ident}."]
    lines = []
    for r in results:
        lines.append(f"{r['document']} ({r['brief']})")
        for p in r["places"]:
            place = Place(p["kind"], p["number"], p["text"], p["line"], tuple(p["excerpts"]))
            where = f"{r['brief']}:{p['line']}" if p["line"] else r["brief"]
            lines.append(f"  {place.describe()}  [{', '.join(p['excerpts'])}; {where}]")
    return lines
