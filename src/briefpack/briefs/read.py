"""Reading a brief's YAML: validation with the line of every field.

The format is described in :mod:`briefpack.briefs.model`. Briefs are small, so the
file is composed into YAML nodes once, constructed into plain data, and the
nodes are kept for line numbers (``start_mark``) in error messages.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from ..conventions.tlp import MarkingError, normalize_marking
from ..errors import BriefpackError, Problem
from ..library.files import not_text_line
from ..library.naming import suggestion
from ..library.yaml_limits import YamlLimitError, check_aliases
from ..library.yamlfields import escaped_not_text
from ..writers.registry import FORMATS, default_formats, known_formats
from .judgments import read_judgment
from .model import BRIEF_KEYS, SECTION_KEYS, SORTS, _NAME, Brief, Section
from .sections import SECTION_TYPES, known_section_types

DEPTH_LIMIT = 50  # lists and mappings within each other, in a brief


class _Loader(yaml.SafeLoader):
    """Safe YAML with dates kept as written (validated here, with a line number)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_brief(path: Path) -> Brief:
    """Read and validate one brief; raises BriefpackError naming ``path:line``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BriefpackError(f"cannot read brief: {exc.strerror or exc}", path) from None
    except UnicodeDecodeError:
        raise BriefpackError("brief is not UTF-8 text", path) from None
    bad = not_text_line(text)
    if bad is not None:
        raise BriefpackError(bad[1], path, bad[0])
    loader = _Loader(text)
    try:
        check_aliases(text, depth=DEPTH_LIMIT)
        node = loader.get_single_node()
        if node is not None:
            _check_duplicates(node, path)
            escaped_not_text(node, text, lambda line, message: _raise(message, path, line))
        data = loader.construct_document(node) if node is not None else None
    except YamlLimitError as exc:
        raise BriefpackError(exc.problem, path, exc.problem_mark.line + 1) from None
    except yaml.MarkedYAMLError as exc:  # said as what to do (yaml_advice), where it begins
        from ..library.yamlfields import yaml_problem

        problem = yaml_problem(exc, str(path), text=text.replace("\r\n", "\n"))
        raise BriefpackError(problem.message, path, problem.line) from None
    except yaml.YAMLError as exc:
        raise BriefpackError(f"YAML error: {exc}", path) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or node is None:
        raise BriefpackError("a brief must be a YAML mapping (title:, as_of:, sections: ...)", path, 1)
    return _Reader(path, node).brief(data)


def _raise(message, path, line):
    raise BriefpackError(message, path, line)


def _check_duplicates(node, path, seen_nodes=None):
    """Refuse a key given twice in one mapping; each node is looked at once, aliases or not."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise BriefpackError(f"duplicate key '{key.value}'", path, key.start_mark.line + 1)
                seen.add(key.value)
            _check_duplicates(value, path, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicates(item, path, seen_nodes)


def _child(node, key):
    """(key node, value node) for ``key`` in a mapping node."""
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None, None


def _text_line(node) -> tuple[int, bool]:
    """First content line of a scalar and whether newlines in it map to lines."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return line + 1, node.style == "|"
    return line, False


class _Reader:
    def __init__(self, path: Path, root):
        self.path = path
        self.root = root
        self.lines: dict[str, int] = {}
        self.literal: set[str] = set()
        self.assessments: dict = {}  # "key_judgments.0" -> Assessment

    def fail(self, message, node):
        raise BriefpackError(message, self.path, node.start_mark.line + 1)

    def unknown_keys(self, data: dict, node, known, what):
        for key in data:
            if key not in known:
                knode, _ = _child(node, key)
                hint = suggestion(key, known, otherwise=f" (known: {', '.join(known)})")
                self.fail(f"unknown {what} key '{key}'{hint}", knode or node)

    def note(self, key, node):
        line, literal = _text_line(node)
        self.lines[key] = line
        if literal:
            self.literal.add(key)

    def string(self, data, node, key, *, required=False, prefix="", default=""):
        if key not in data:
            if required:
                self.fail(f"missing required key '{key}'", node)
            return default
        _, vnode = _child(node, key)
        self.note(prefix + key, vnode)
        value = data[key]
        if value is None or isinstance(value, (dict, list, bool)):
            self.fail(f"'{key}' must be text", vnode)
        return value.isoformat() if isinstance(value, date) else str(value)

    def brief(self, data: dict) -> Brief:
        node = self.root
        self.unknown_keys(data, node, BRIEF_KEYS, "brief")
        warnings: list[Problem] = []
        title = self.string(data, node, "title", required=True)
        marking = self.marking(data, node, "marking", warnings, required=True)
        max_marking = self.marking(data, node, "max_marking", warnings) if "max_marking" in data else None
        brief = Brief(
            name=self.path.stem,
            path=self.path,
            title=title,
            as_of=self.as_of(data, node),
            marking=marking,
            subtitle=self.string(data, node, "subtitle"),
            organization=self.string(data, node, "organization"),
            authors=self.string_list(data, node, "authors"),
            formats=self.formats(data, node),
            key_judgments=self.judgments(data, node) if not self.judgments_by_value(data) else [],
            key_judgments_for=self.judgments_by_value(data),
            intro=self.string(data, node, "intro"),
            sections=self.sections(data, node),
            max_marking=max_marking,
            for_each=self.for_each(data, node),
            variables=self.variables(data, node),
            stale_after_years=self.years(data, node),
        )
        brief.lines = self.lines
        brief.literal = self.literal
        brief.assessments = self.assessments
        brief.warnings = warnings
        return brief

    def marking(self, data, node, key, warnings, required=False):
        value = self.string(data, node, key, required=required, default="TLP:CLEAR")
        _, vnode = _child(node, key)
        try:
            label, warning = normalize_marking(value)
        except MarkingError as exc:
            self.fail(f"{key}: {exc}", vnode or node)
        if warning:
            warnings.append(Problem(self.path, vnode.start_mark.line + 1, warning, "warning"))
        return label

    def as_of(self, data, node) -> str:
        if "as_of" not in data:
            self.fail("missing required key 'as_of' (the information cut-off, YYYY-MM-DD)", node)
        _, vnode = _child(node, "as_of")
        self.note("as_of", vnode)
        value = data["as_of"]
        if isinstance(value, date):
            return value.isoformat()
        text = str(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return date.fromisoformat(text).isoformat()
            except ValueError:
                pass
        self.fail(f"as_of must be a date written YYYY-MM-DD, not {text!r}", vnode)

    def string_list(self, data, node, key, per_item=False, prefix=""):
        if key not in data:
            return []
        _, vnode = _child(node, key)
        self.note(prefix + key, vnode)
        value = data[key]
        if isinstance(value, str) and not per_item:
            return [value]
        if not isinstance(value, list):
            self.fail(f"'{key}' must be a list", vnode)
        out = []
        for i, (item, inode) in enumerate(zip(value, vnode.value)):
            if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                self.fail(f"'{key}' items must be text", inode)
            self.note(f"{prefix}{key}.{i}", inode)
            out.append(str(item))
        return out

    def judgments(self, data, node, key="key_judgments", prefix=""):
        """Key judgments: text, or mappings of text and assessment (see judgment_reader)."""
        if key not in data:
            return []
        _, vnode = _child(node, key)
        if not isinstance(data[key], list):
            return self.string_list(data, node, key, per_item=True, prefix=prefix)
        self.note(prefix + key, vnode)
        return [read_judgment(self, item, inode, f"{prefix}{key}.{i}")
                for i, (item, inode) in enumerate(zip(data[key], vnode.value))]

    def judgments_by_value(self, data) -> dict[str, list[str]]:
        value = data.get("key_judgments")
        if not isinstance(value, dict):
            return {}
        knode, vnode = _child(self.root, "key_judgments")
        self.lines["key_judgments"] = knode.start_mark.line + 1
        if "for_each" not in data:
            self.fail("key_judgments is a mapping of for_each values to lists, but there is no for_each", vnode)
        out = {}
        for key in value:
            out[str(key)] = self.judgments(value, vnode, key, prefix="key_judgments.")
        return out

    def formats(self, data, node):
        if "formats" not in data:
            return default_formats()
        formats = self.string_list(data, node, "formats")
        _, vnode = _child(node, "formats")
        for fmt in formats:
            if fmt not in FORMATS:
                self.fail(f"unknown format '{fmt}' (known: {known_formats()})", vnode)
        if not formats:
            self.fail("formats must name at least one format", vnode)
        return formats

    def years(self, data, node):
        if "stale_after_years" not in data:
            return 2
        _, vnode = _child(node, "stale_after_years")
        value = data["stale_after_years"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail("stale_after_years must be a whole number of years", vnode)
        return value

    def variables(self, data, node):
        if "variables" not in data:
            return {}
        _, vnode = _child(node, "variables")
        value = data["variables"]
        if not isinstance(value, dict):
            self.fail("variables must be a mapping of names to values", vnode)
        for key, knode_v in zip(value, vnode.value):
            if not isinstance(key, str) or not _NAME.match(key):
                self.fail(f"variable name {key!r} must be a plain identifier", knode_v[0])
        return dict(value)

    def for_each(self, data, node):
        if "for_each" not in data:
            return None
        _, vnode = _child(node, "for_each")
        self.note("for_each", vnode)
        value = data["for_each"]
        if not isinstance(value, dict) or not value:
            self.fail('for_each must map a facet to a list of values or "*", e.g. {country: [KZ, KG]}', vnode)
        out = {}
        for (facet, values), (knode, valnode) in zip(value.items(), vnode.value):
            if not isinstance(facet, str) or not _NAME.match(facet):
                self.fail(f"for_each facet {facet!r} must be a plain name", knode)
            self.lines[f"for_each.{facet}"] = valnode.start_mark.line + 1
            if values == "*":
                out[facet] = "*"
            elif isinstance(values, list) and values and all(
                isinstance(v, (str, int)) and not isinstance(v, bool) for v in values
            ):
                out[facet] = [str(v) for v in values]
            else:
                self.fail(f'for_each {facet}: expected a list of values or "*"', valnode)
        return out

    def sections(self, data, node):
        if "sections" not in data:
            self.fail("missing required key 'sections'", node)
        _, vnode = _child(node, "sections")
        items = data["sections"]
        if not isinstance(items, list) or not items:
            self.fail("sections must be a non-empty list", vnode)
        return [self.section(i, item, inode) for i, (item, inode) in enumerate(zip(items, vnode.value))]

    def section(self, index, item, node) -> Section:
        prefix = f"sections.{index}."
        self.lines[f"sections.{index}"] = node.start_mark.line + 1
        if not isinstance(item, dict):
            self.fail("a section must be a mapping with a 'type'", node)
        self.unknown_keys(item, node, SECTION_KEYS, "section")
        kind = self.string(item, node, "type", required=True, prefix=prefix)
        if kind not in SECTION_TYPES:
            _, tnode = _child(node, "type")
            self.fail(f"unknown section type '{kind}' (known: {known_section_types()})", tnode)
        section = Section(type=kind, line=node.start_mark.line + 1)
        section.title = self.string(item, node, "title", prefix=prefix)
        for key in ("country", "group", "select", "sort", "template", "intro"):
            if key in item:
                section.params[key] = self.string(item, node, key, prefix=prefix)
        if "limit" in item:
            _, lnode = _child(node, "limit")
            limit = item["limit"]
            if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
                self.fail("limit must be a whole number of excerpts, 1 or more", lnode)
            section.params["limit"] = limit
            self.note(prefix + "limit", lnode)
        if section.params.get("sort", "date") not in SORTS:
            _, snode = _child(node, "sort")
            self.fail(f"unknown sort '{section.params['sort']}' (known: {', '.join(SORTS)})", snode)
        needed = SECTION_TYPES[kind].needs
        if needed and not section.params.get(needed):
            self.fail(f"a {kind} section needs '{needed}:'", node)
        section.lines = {k[len(prefix):]: v for k, v in self.lines.items() if k.startswith(prefix)}
        section.literal = {k[len(prefix):] for k in self.literal if k.startswith(prefix)}
        return section


