"""The brief's schema: every field of a brief and of its sections, described once.

An entry is a field's kind of value (text and its checks, a whole number, a list,
a record of fields of its own: :mod:`briefpack.briefs.fields`), whether it is
required, and so the messages for it. :mod:`briefpack.briefs.read` reads a brief
along these entries, for a build (stopping at the first problem) or for
``check`` (every problem, each at its line). The schemas are registries: a field
added here (or registered, ``BRIEF_FIELDS[name] = Field(...)``) is read, checked and
listed in messages; its value goes to the Brief's attribute of its name, or to
``Brief.extra`` when the Brief has none. A section's fields but ``type`` and
``title`` go to ``Section.params``. The format is described in
:mod:`briefpack.briefs.model`.
"""

from __future__ import annotations

import dataclasses
import re

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..conventions.dates import HOUSE_STYLES
from ..library.naming import suggestion
from ..writers.registry import FORMATS
from .fields import (INVALID, NULL_TAG, Field, Flag, ListOf, Reader, Record, Text, Whole, choice, citations, constructed,
                     day, invalid, marking, tag_query, template_path, vocabulary_value)
from .judgments import BottomLine, KeyJudgments
from .model import SORTS, Brief, Section
from .sections import SECTION_TYPES

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FOR_EACH = 'for_each must map a facet to a list of values or "*", e.g. {country: [KZ, KG]}'


class ForEach:
    """One document per value of a facet: facet -> a list of values, or "*" (every value
    with excerpts)."""

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, MappingNode) or not node.value:
            return r.problem(node, _FOR_EACH)
        out = {}
        for key_node, values in node.value:
            facet = key_node.value if isinstance(key_node, ScalarNode) else None
            if facet is None or not NAME.match(facet):
                out[str(facet)] = r.problem(key_node, f"for_each facet {facet!r} must be a plain name")
                continue
            r.lines[f"{key}.{facet}"] = values.start_mark.line + 1
            out[facet] = self.values(r, facet, key_node, values)
        return INVALID if invalid(*out.values()) else out

    def values(self, r: Reader, facet: str, key_node, node):
        facets = r.library.vocabulary.facets if r.library is not None else None
        if facets is not None and facet not in facets:
            return r.problem(key_node, f"for_each: no facet '{facet}' in the vocabulary{suggestion(facet, facets)}")
        if isinstance(node, ScalarNode) and node.value == "*":
            return "*"
        items = node.value if isinstance(node, SequenceNode) else []
        if not items or any(not isinstance(item, ScalarNode) or item.tag == NULL_TAG for item in items):
            return r.problem(node, f'for_each {facet}: expected a list of values or "*"')
        checked = [vocabulary_value(facet)(r, item.value, item, "") for item in items]
        return INVALID if invalid(*checked) else checked


class PerValue:
    """Analyst text, or (with ``for_each``) a mapping of for_each values to such texts: a
    threat outlook's own text per country."""

    def __init__(self, kind):
        self.kind = kind

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, MappingNode):
            return self.kind.read(r, node, key)
        by_value = {str(k.value): r.read(self.kind, v, f"{key}.{k.value}", k) for k, v in node.value}
        return INVALID if invalid(*by_value.values()) else by_value


class Variables:
    """Extra template variables: plain identifiers to YAML values."""

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, MappingNode):
            return r.problem(node, "variables must be a mapping of names to values")
        ok = True
        for key_node, _ in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            if name is None or not NAME.match(name):
                r.problem(key_node, f"variable name {name!r} must be a plain identifier")
                ok = False
        return constructed(node) if ok else INVALID


def _needs(r: Reader, values: dict, nodes: dict, node):
    """A section of a type that needs a parameter (``country:``) gives it."""
    kind = values.get("type")
    needed = SECTION_TYPES[kind].needs if isinstance(kind, str) and kind in SECTION_TYPES else ""
    if needed and not values.get(needed):
        return r.problem(node, f"a {kind} section needs '{needed}:'")
    return None


def _section(r: Reader, values: dict, key: str, node) -> Section:
    prefix = key + "."
    section = Section(type=values.pop("type"), title=values.pop("title", ""), params=values,
                      line=node.start_mark.line + 1)
    section.lines = {k[len(prefix):]: v for k, v in r.lines.items() if k.startswith(prefix)}
    section.literal = {k[len(prefix):] for k in r.literal if k.startswith(prefix)}
    return section


SECTION_FIELDS: dict[str, Field] = {
    "type": Field(Text(choice("section type", lambda: SECTION_TYPES)), required=True),
    "title": Field(Text()),
    "country": Field(Text(vocabulary_value("country"))),
    "group": Field(Text(vocabulary_value("group"))),
    "select": Field(Text(tag_query)),
    "sort": Field(Text(choice("sort", lambda: SORTS))),
    "limit": Field(Whole(1, "limit must be a whole number of excerpts, 1 or more")),
    "quotations": Field(Whole(0, "quotations must be a whole number of quotations, 0 or more")),
    "template": Field(Text(template_path)),
    "intro": Field(PerValue(Text(citations))),
    "new_page": Field(Flag()),
}
SECTION = Record("section", SECTION_FIELDS, "a section must be a mapping with a 'type'", rules=(_needs,),
                 make=_section)


def _judgments_by_value(r: Reader, values: dict, nodes: dict, node):
    """Key judgments (and a bottom line) per ``for_each`` value need a ``for_each``."""
    for name in ("bottom_line", "key_judgments"):
        if name in nodes and isinstance(nodes[name][1], MappingNode) and "for_each" not in nodes:
            return r.problem(nodes[name][1], f"{name} is a mapping of for_each values to lists, but there is no for_each")
    return None


# The Brief's attributes that are not fields of the file.
_NOT_FIELDS = {"name", "path", "key_judgments_for", "bottom_line_for", "assessments", "lines", "literal", "warnings", "extra"}


def _brief(r: Reader, values: dict, key: str, node) -> Brief:
    judgments = values.pop("key_judgments", [])
    by_value = judgments if isinstance(judgments, dict) else {}
    bottom = values.pop("bottom_line", [])
    bottom_for = bottom if isinstance(bottom, dict) else {}
    attributes = {f.name for f in dataclasses.fields(Brief)} - _NOT_FIELDS
    extra = {name: values.pop(name) for name in list(values) if name not in attributes}
    brief = Brief(name=r.path.stem, path=r.path, key_judgments=[] if by_value else judgments,
                  key_judgments_for=by_value, bottom_line=[] if bottom_for else bottom, bottom_line_for=bottom_for,
                  extra=extra, **values)
    brief.lines, brief.literal, brief.assessments = r.lines, r.literal, r.assessments
    brief.warnings = [p for p in r.problems if p.severity == "warning"]
    return brief


RELEASE_FIELDS: dict[str, Field] = {
    "approvals": Field(Whole(0, "release approvals must be a whole number, 0 or more")),
    "author": Field(Text()),
}

BRIEF_FIELDS: dict[str, Field] = {
    "title": Field(Text(), required=True),
    "subtitle": Field(Text()),
    "marking": Field(Text(marking), required=True),
    "as_of": Field(Text(day), required="missing required key 'as_of' (the information cut-off, YYYY-MM-DD)"),
    "organization": Field(Text()),
    "authors": Field(ListOf(Text(message="'{name}' items must be text"), one_allowed=True)),
    "formats": Field(ListOf(Text(choice("format", lambda: FORMATS)), one_allowed=True,
                            empty="formats must name at least one format")),
    "bottom_line": Field(BottomLine()),
    "key_judgments": Field(KeyJudgments()),
    "intro": Field(Text(citations)),
    "sections": Field(ListOf(SECTION, empty="sections must be a non-empty list",
                             not_list="sections must be a non-empty list"), required=True),
    "max_marking": Field(Text(marking)),
    "for_each": Field(ForEach()),
    "variables": Field(Variables()),
    "stale_after_years": Field(Whole(0, "stale_after_years must be a whole number of years")),
    "release": Field(Record("release", RELEASE_FIELDS, 'release must be a mapping, e.g. '
                            '{approvals: 1, author: "N. Analyst"}')),
    "house_style": Field(Text(choice("house style", lambda: HOUSE_STYLES))),
}
BRIEF = Record("brief", BRIEF_FIELDS, "a brief must be a YAML mapping (title:, as_of:, sections: ...)",
               rules=(_judgments_by_value,), make=_brief)
