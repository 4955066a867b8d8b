"""The kinds of value a brief's field holds, and the one pass that reads them.

A field (:class:`Field`) is a kind of value and whether it is required; a kind
(:class:`Text` with its checks, :class:`Whole`, :class:`ListOf`, :class:`Record`
of fields of its own...) says what it accepts and the message when a value is not
that. :class:`Reader` walks a brief's YAML nodes along its fields once, noting the
line of each field. Every problem goes through :meth:`Reader.problem`: reading for a
build stops at the first one (``BriefpackError`` at its line); reading for ``check``
collects each one with its line and goes on. Given a library, ``check`` also
checks what a field names in it (vocabulary values, citations, tag queries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..conventions.tlp import MarkingError, normalize_marking
from ..errors import BriefpackError, Problem
from ..library.naming import citation_problem, suggestion, value_problem

NULL_TAG = "tag:yaml.org,2002:null"
_CITE = re.compile(r"\[@([^\]]*)\]")
_KEY = re.compile(r"@([^\]\s;@]+)")


class _Invalid:
    """What a kind returns for a value it reported: the field is left out of what is read."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML with dates kept as written (a field says what a date must be)."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def constructed(node):
    """The plain data of a node (its YAML types: numbers, booleans ...)."""
    return Loader("").construct_document(node)


class Reader:
    """One pass over a brief's nodes: the line of each field (``lines``, by dotted key:
    ``title``, ``sections.1.limit``), the fields in a literal block (``literal``), what
    each key judgment states (``assessments``), and the problems found."""

    def __init__(self, path: Path, collect: bool = False, library=None, template_problems=None):
        self.path, self.collect = Path(path), collect
        self.library = library  # with one, what fields name in it is checked too
        self.template_problems = template_problems  # (template as written) -> messages
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}
        self.literal: set[str] = set()
        self.assessments: dict = {}

    def problem(self, at, message: str, severity: str = "error"):
        """Report ``message`` at a node or a line (raised at once unless collecting, an
        error); returns INVALID, what a kind returns for the value it refused."""
        line = at if isinstance(at, int) or at is None else at.start_mark.line + 1
        if severity == "error" and not self.collect:
            raise BriefpackError(message, self.path, line)
        found = Problem(self.path, line, message, severity)
        if found not in self.problems:
            self.problems.append(found)
        return INVALID

    def read(self, kind, node, key: str, key_node=None):
        """The value of ``node`` read as ``kind``, its line noted under ``key``: a text's
        first line, a list's or a mapping's where it is named."""
        if isinstance(node, ScalarNode):
            line, literal = text_line(node)
            if literal:
                self.literal.add(key)
        else:
            line = (key_node or node).start_mark.line + 1
        self.lines[key] = line
        return kind.read(self, node, key)


def text_line(node) -> tuple[int, bool]:
    """First content line of a scalar and whether newlines in it map to lines."""
    line = node.start_mark.line + 1
    if node.style in ("|", ">"):
        return line + 1, node.style == "|"
    return line, False


def field_name(key: str) -> str:
    """The name a message gives the field at ``key``: ``authors`` for ``authors.0``."""
    return next((part for part in reversed(key.split(".")) if not part.isdigit()), key)


def invalid(*values) -> bool:
    return any(value is INVALID for value in values)


@dataclass(frozen=True)
class Field:
    """A field of a record: its kind of value, and whether it is required (True, or the
    message when it is missing)."""

    kind: object
    required: bool | str = False


class Text:
    """Any scalar but a null, as written (no YAML 1.1 ``no`` -> False); each check
    ``(reader, text, node, key)`` returns the value to keep, or INVALID."""

    def __init__(self, *checks, message: str = "'{name}' must be text"):
        self.checks, self.message = checks, message

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, ScalarNode) or node.tag == NULL_TAG:
            return r.problem(node, self.message.format(name=field_name(key)))
        value = node.value
        for check in self.checks:
            value = check(r, value, node, key)
            if value is INVALID:
                break
        return value


class Whole:
    """A whole number, at least ``minimum``."""

    def __init__(self, minimum: int, message: str):
        self.minimum, self.message = minimum, message

    def read(self, r: Reader, node, key: str):
        text = node.value if isinstance(node, ScalarNode) else ""
        if re.fullmatch(r"[0-9]{1,18}", text) and int(text) >= self.minimum:
            return int(text)
        return r.problem(node, self.message)


class Flag:
    """true or false."""

    def read(self, r: Reader, node, key: str):
        text = node.value.lower() if isinstance(node, ScalarNode) and node.tag != NULL_TAG else ""
        if text in ("true", "false"):
            return text == "true"
        return r.problem(node, f"{field_name(key)} must be true or false")


class ListOf:
    """A list of ``item`` (one item written alone allowed with ``one_allowed``)."""

    def __init__(self, item, one_allowed: bool = False, empty: str = "", not_list: str = "'{name}' must be a list"):
        self.item, self.one_allowed, self.empty, self.not_list = item, one_allowed, empty, not_list

    def read(self, r: Reader, node, key: str):
        if self.one_allowed and isinstance(node, ScalarNode) and node.tag != NULL_TAG:
            items = [node]
        elif isinstance(node, SequenceNode):
            items = node.value
        else:
            return r.problem(node, self.not_list.format(name=field_name(key)))
        if not items and self.empty:
            return r.problem(node, self.empty)
        values = [r.read(self.item, item, f"{key}.{i}") for i, item in enumerate(items)]
        return INVALID if invalid(*values) else values


class Record:
    """A mapping of named fields (``fields``, read live: a registry), with ``rules``
    across fields ``(reader, values, nodes, node)`` and ``make(reader, values, key, node)``,
    what the record becomes (the values by name without one)."""

    def __init__(self, what: str, fields: dict, not_mapping: str, rules=(), make=None):
        self.what, self.fields, self.not_mapping, self.rules, self.make = what, fields, not_mapping, rules, make

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, MappingNode):
            return r.problem(node, self.not_mapping)
        values, nodes, ok = {}, {}, True
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            field = self.fields.get(name)
            if field is None:
                ok = False
                r.problem(key_node, "a key must be plain text" if name is None else
                          f"unknown {self.what} key '{name}'"
                          + suggestion(name, self.fields, otherwise=f" (known: {', '.join(self.fields)})", cutoff=70))
                continue
            nodes[name] = (key_node, value_node)
            values[name] = r.read(field.kind, value_node, f"{key}.{name}" if key else name, key_node)
        for name, field in self.fields.items():
            if field.required and name not in values:
                ok = False
                r.problem(node, field.required if isinstance(field.required, str) else f"missing required key '{name}'")
        for rule in self.rules:
            ok = rule(r, values, nodes, node) is not INVALID and ok
        if not ok or invalid(*values.values()):
            return INVALID
        return self.make(r, values, key, node) if self.make else values


def choice(what: str, known):
    """A check: the text is one of ``known()`` (a registry, read when checked)."""
    def check(r: Reader, value: str, node, key: str):
        names = list(known())
        if value in names:
            return value
        hint = suggestion(value, names, otherwise=f" (known: {', '.join(names)})", cutoff=70)
        return r.problem(node, f"unknown {what} '{value}'{hint}")
    return check


def marking(r: Reader, value: str, node, key: str):
    """A check: a TLP 2.0 label (TLP:WHITE read as TLP:CLEAR, with a warning)."""
    try:
        label, warning = normalize_marking(value)
    except MarkingError as exc:
        return r.problem(node, f"{field_name(key)}: {exc}")
    if warning:
        r.problem(node, warning, "warning")
    return label


def day(r: Reader, value: str, node, key: str):
    """A check: a date written YYYY-MM-DD."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    return r.problem(node, f"{field_name(key)} must be a date written YYYY-MM-DD, not {value!r}")


# ------------------------------------------------------------ what a field names in the library
def vocabulary_value(facet: str):
    """A check: the text is a value (or alias, in any case) of ``facet``."""
    def check(r: Reader, value: str, node, key: str):
        if r.library is None or "{{" in value:  # rendered per document: composing checks it
            return value
        message = value_problem(r.library.vocabulary, facet, value)
        return r.problem(node, message) if message else value
    return check


def citations(r: Reader, value: str, node, key: str):
    """A check of analyst text: every ``[@id]`` names an excerpt of the library."""
    if r.library is None or "[@" not in value:
        return value
    line, literal = text_line(node)
    ok = True
    for match in _CITE.finditer(value):
        for cited in _KEY.findall(match.group(0)):
            if cited in r.library.excerpts or cited in r.library.withdrawn:
                continue  # a withdrawn excerpt's citation is dropped, with a warning, by the build
            at = line + (value.count("\n", 0, match.start()) if literal else 0)
            ok = r.problem(at, citation_problem(cited, r.library)) is not INVALID and ok
    return value if ok else INVALID


def tag_query(r: Reader, value: str, node, key: str):
    """A check: the text is a tag query of the library's tags."""
    from ..errors import QuerySyntaxError
    from ..library.query import select_excerpts

    if r.library is None or "{{" in value:
        return value
    try:
        select_excerpts(r.library, value)
    except QuerySyntaxError as exc:
        line = node.start_mark.line + 1 + (exc.query_line if node.style == "|" else 0)
        return r.problem(line, f"bad query: {exc.message}")
    except BriefpackError as exc:
        return r.problem(node, f"{exc.message} in query {value!r}")
    return value


def template_path(r: Reader, value: str, node, key: str):
    """A check: the text names a section template that can be read (what a template is
    is the composer's to say: ``Reader.template_problems``)."""
    if r.template_problems is None or "{{" in value:
        return value
    messages = r.template_problems(value)
    for message in messages:
        r.problem(node, message)
    return INVALID if messages else value
