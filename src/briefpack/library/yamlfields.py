"""Reading YAML records with the line of every field.

Documents are composed with libyaml (``yaml.CSafeLoader``, or the pure-Python
loader where libyaml is missing) into nodes. Nodes keep their position, so every
problem can point at the offending field's line at no extra cost, and scalars
are read as the text written (no YAML 1.1 surprises such as ``no`` -> False or
dates turned into ``datetime.date``).
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problem
from .files import NOT_TEXT, not_text_message
from .model import Figure
from .naming import suggestion
from .yaml_limits import YamlLimitError, check_aliases

NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Composes nodes only; a plain scalar is a null or text (read by the caller)."""

    def resolve(self, kind, value, implicit):
        # Called for every node: the general resolver's regular expressions are wasted here.
        if kind is ScalarNode:
            return NULL_TAG if implicit[0] and value in _NULLS else STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG

    def descend_resolver(self, current_node, current_index):
        pass  # no path resolvers: skip the bookkeeping done for every node

    def ascend_resolver(self):
        pass


FIGURE_FIELDS = ("measure", "value", "qualifier", "place", "as_of", "estimator", "unit", "note", "incident",
                 "incident_date")


def compose(text: str):
    """The node tree of one YAML document (None for an empty one), aliases bounded
    (see ``yaml_limits``)."""
    check_aliases(text)
    return yaml.compose(text, Loader=Loader)


# The escapes of a double-quoted YAML scalar that write a character NOT_TEXT refuses (a
# backslash written "\\" before one of them is looked at too: the walk then finds nothing).
_CONTROL_HEX = r"(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])"
_BAD_ESCAPE = re.compile(rf"\\(?:N|(?i:[0abvfe]|x{_CONTROL_HEX}|u(?:00{_CONTROL_HEX}|d[89a-f]|fff[ef])"
                         rf"|U0000(?:00{_CONTROL_HEX}|d[89a-f]|fff[ef])))")


def escaped_not_text(node, text: str, report, offset: int = 0) -> None:
    """Report each scalar whose escapes (``"\\0"``, ``"\\x07"``) write a character that is not
    text (see ``files.NOT_TEXT``), at its line; the file's own characters are checked
    when it is decoded. Each node is looked at once, aliases or not."""
    if node is None or "\\" not in text or _BAD_ESCAPE.search(text) is None:
        return
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if type(item) is ScalarNode:
            found = NOT_TEXT.search(item.value) if item.style == '"' else None
            if found is not None:
                report(item.start_mark.line + 1 + offset, not_text_message(found.group()))
        elif type(item) is MappingNode:
            stack.extend(part for pair in item.value for part in pair)
        else:
            stack.extend(item.value)


def yaml_problem(exc: yaml.YAMLError, rel: str, offset: int = 0, text: str | None = None) -> Problem:
    """A YAML syntax error at the line where it was noticed (and where its context began),
    said as what to do where the parser's message is known (``yaml_advice``); ``text``,
    the YAML parsed, lets the advice read the line."""
    from .yaml_advice import advice

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 + offset if mark is not None else None
    if isinstance(exc, YamlLimitError):
        return Problem(rel, line, exc.problem)
    lines = text.split("\n") if text is not None else []
    line_text = lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else None
    message = advice(str(getattr(exc, "problem", None) or exc), line_text, mark.column if mark else None)
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and context_mark.line + 1 + offset != line:
        begun = context_mark.line + 1 + offset
        if "opened here" in message or "not closed" in message:  # said where it was opened
            return Problem(rel, begun, message)
        message += f" (in what begins at line {begun})"
    return Problem(rel, line, message)


def figure_value(raw: str) -> int | float | None:
    """The number written (a whole number, or a decimal one), or None: not a number,
    or not a finite one (nan, inf, 1e999)."""
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class Reporter:
    """report(line, message, severity="error") appends a Problem for one file."""

    __slots__ = ("rel", "problems")

    def __init__(self, rel: str, problems: list[Problem]):
        self.rel = rel
        self.problems = problems

    def __call__(self, line, message: str, severity: str = "error"):
        self.problems.append(Problem(self.rel, line, message, severity))


def scalar_text(node) -> str | None:
    """The text of a scalar node; None for a null or a non-scalar."""
    if type(node) is not ScalarNode or node.tag == NULL_TAG:
        return None
    return node.value


def fields_of(node, report: Reporter, what: str, offset: int = 0, line: int | None = None):
    """The Fields of a mapping node, or None (with a problem) if it is not a mapping."""
    if type(node) is not MappingNode:
        where = node.start_mark.line + 1 + offset if node is not None else line
        report(where, f"{what} must be a mapping of 'field: value' lines")
        return None
    return Fields(node, report, offset)


class Fields:
    """The fields of one YAML mapping, by name, with their lines."""

    __slots__ = ("nodes", "report", "offset", "line_of_item", "_item_lines")

    def __init__(self, node: MappingNode, report: Reporter, offset: int = 0):
        self.report = report
        self.offset = offset
        self.line_of_item = node.start_mark.line + 1 + offset
        nodes: dict = {}
        for key, value in node.value:
            name = key.value if type(key) is ScalarNode else None
            if name is None:
                report(key.start_mark.line + 1 + offset, "a field name must be plain text")
            elif name in nodes:
                report(key.start_mark.line + 1 + offset, f"duplicate field '{name}'")
            else:
                nodes[name] = (key, value)
        self.nodes = nodes
        self._item_lines: dict[str, dict[str, int]] | None = None

    def __contains__(self, name: str) -> bool:
        return name in self.nodes

    def line(self, name: str) -> int:
        entry = self.nodes.get(name)
        return entry[0].start_mark.line + 1 + self.offset if entry else self.line_of_item

    def item_line(self, name: str, text: str) -> int:
        """The line of the list item ``text`` in field ``name`` (the field's line if not found)."""
        if self._item_lines is None:
            self._item_lines = {}
        lines = self._item_lines.get(name)
        if lines is None:  # every item's line at once: asking for each item stays linear
            lines = self._item_lines[name] = {}
            entry = self.nodes.get(name)
            for item in entry[1].value if entry is not None and type(entry[1]) is SequenceNode else ():
                if type(item) is ScalarNode:
                    lines.setdefault(item.value, item.start_mark.line + 1 + self.offset)
        return lines.get(text) or self.line(name)

    def unknown(self, allowed, what: str):
        for name in self.nodes:
            if name not in allowed:
                hint = suggestion(name, sorted(allowed))
                self.report(self.line(name), f"unknown field '{name}' in {what}{hint}", "warning")

    def require(self, names, essential=()) -> bool:
        """Report missing or empty required fields; False if one of ``essential`` is missing."""
        ok = True
        for name in names:
            entry = self.nodes.get(name)
            node = entry[1] if entry else None
            if entry is None or (type(node) is ScalarNode and scalar_text(node) in (None, "")):
                what = "missing required field" if entry is None else "empty required field"
                self.report(self.line(name), f"{what} '{name}'")
                if name in essential:
                    ok = False
        return ok

    def text(self, name: str) -> str | None:
        entry = self.nodes.get(name)
        if entry is None:
            return None
        node = entry[1]
        if type(node) is ScalarNode:
            return None if node.tag == NULL_TAG else node.value
        self.report(self.line(name), f"'{name}' must be text, not a list or mapping")
        return None

    def text_list(self, name: str, unique: bool = False) -> list[str]:
        """A list of texts; a single text is allowed where ``unique`` is false (e.g. author)."""
        entry = self.nodes.get(name)
        if entry is None:
            return []
        node = entry[1]
        if type(node) is ScalarNode:
            if node.tag == NULL_TAG:
                return []
            if not unique:
                return [node.value]
        if type(node) is not SequenceNode:
            self.report(self.line(name), f"'{name}' must be a list, e.g. [a, b]")
            return []
        out, seen = [], set()
        for item in node.value:
            text = scalar_text(item)
            if text is None or text == "":
                self.report(item.start_mark.line + 1 + self.offset, f"each item of '{name}' must be text")
            elif unique and text in seen:
                self.report(item.start_mark.line + 1 + self.offset, f"'{text}' is listed twice in '{name}'", "warning")
            else:
                out.append(text)
                seen.add(text)
        return out

    def _collection(self, name: str, kind, message: str):
        """The node of field ``name`` when it is a ``kind`` node; None when the
        field is missing or null; False (with ``message`` reported) otherwise."""
        entry = self.nodes.get(name)
        if entry is None or (type(entry[1]) is ScalarNode and entry[1].tag == NULL_TAG):
            return None
        if type(entry[1]) is not kind:
            self.report(self.line(name), message)
            return False
        return entry[1]

    def int_list(self, name: str) -> list[tuple[int, int]]:
        """A list of integers, each with its line."""
        node = self._collection(name, SequenceNode, f"'{name}' must be a list of numbers, e.g. [1, 2]")
        if not node:
            return []
        out = []
        for item in node.value:
            line = item.start_mark.line + 1 + self.offset
            text = scalar_text(item)
            if text is not None and text.isascii() and text.isdigit():
                out.append((int(text), line))
            else:
                self.report(line, f"each item of '{name}' must be a whole number")
        return out

    def mapping(self, name: str) -> list[tuple[str, object, int]] | None:
        """The entries of a mapping field as (key, value node, line)."""
        node = self._collection(name, MappingNode, f"'{name}' must be a mapping")
        if node is None:
            return []
        if node is False:
            return None
        sub = Fields(node, self.report, self.offset)
        return [(key, value, sub.line(key)) for key, (_, value) in sub.nodes.items()]

    def figures(self, name: str, date_problem) -> list[Figure]:
        """The figures of field ``name``; ``date_problem(text)`` says what is wrong with an as_of date."""
        entry = self.nodes.get(name)
        node = entry[1] if entry else None
        if node is None or scalar_text(node) is None and type(node) is ScalarNode:
            return []
        if type(node) is not SequenceNode:
            self.report(self.line(name), f"'{name}' must be a list of figures")
            return []
        figures = []
        for item in node.value:
            fields = fields_of(item, self.report, "a figure", self.offset)
            if fields is None:
                continue
            fields.unknown(FIGURE_FIELDS, "figure")
            if not fields.require(("measure", "value"), ("measure", "value")):
                continue
            raw = fields.text("value") or ""
            value = figure_value(raw)
            if value is None:
                shown = raw if len(raw) <= 40 else raw[:40] + "…"
                self.report(fields.line("value"), f"figure value '{shown}' is not a number")
                continue
            figure = Figure(measure=fields.text("measure"), value=value)
            for key in FIGURE_FIELDS[2:]:
                setattr(figure, key, fields.text(key) or "")
            for key in ("as_of", "incident_date"):
                value = getattr(figure, key)
                problem = date_problem(value) if value else None
                if problem is not None:
                    self.report(fields.line(key), f"bad date '{value}' in '{key}': {problem}")
            figures.append(figure)
        return figures
