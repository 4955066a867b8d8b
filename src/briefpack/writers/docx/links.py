"""Hyperlink relationships: one per web address and part, numbered without scanning.

``Part.relate_to`` scans every relationship of the part for each call, which is
quadratic with thousands of links; the next free id is kept per part instead."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT


class LinkRelations:
    def __init__(self):
        self._ids: dict[tuple[int, str], str] = {}
        self._next: dict[int, int] = {}

    def rid(self, part, url: str) -> str:
        """The relationship id of ``part`` pointing at ``url``, added the first time."""
        rid = self._ids.get((id(part), url))
        if rid is not None:
            return rid
        if id(part) not in self._next:
            taken = [int(r[3:]) for r in part.rels if r.startswith("rId") and r[3:].isdigit()]
            self._next[id(part)] = max(taken, default=0) + 1
        rid = f"rId{self._next[id(part)]}"
        self._next[id(part)] += 1
        part.rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
        self._ids[(id(part), url)] = rid
        return rid
