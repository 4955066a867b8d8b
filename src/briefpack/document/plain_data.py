"""Blocks of the document model as plain data, and back: what a cache keeps on disk.

A node is a tuple ``(kind, field, ...)``: the index of its class in :data:`NODES`, then
its fields in the order of the class; a Text neither bold nor italic (most nodes) is its
text alone, a string. Every list or tuple of the model stays a list or a
tuple, so that a block read back is equal to the one written, field by field and type by
type. :func:`blocks_from_data` takes untrusted data (``marshal`` leaves nothing else to
trust): it checks each value against the type its field declares and raises ValueError
at the first that does not fit, so it never yields anything but the model's own nodes
holding strings, numbers and booleans.
"""

from __future__ import annotations

import dataclasses

from .model import (Anchor, BulletList, ChartPoint, Cite, CrossRef, Figure, Heading, Link, Note, PageBreak,
                    Paragraph, Quote, Table, TableOfContents, Text)

NODES = (Text, Link, Anchor, CrossRef, Cite, Note, Heading, Paragraph, Quote, BulletList, Table, ChartPoint,
         Figure, PageBreak, TableOfContents)
INLINES = (Text, Link, Anchor, CrossRef, Cite, Note)
BLOCKS = (Heading, Paragraph, Quote, BulletList, Table, Figure, PageBreak, TableOfContents)

# What each declared type of a field holds: a scalar check, or (depth, node classes) for
# nested lists (or tuples) of nodes, or a list of scalars.
_SCALARS = {
    "str": lambda v: type(v) is str,
    "bool": lambda v: type(v) is bool,
    "int": lambda v: type(v) is int,
    "float": lambda v: type(v) in (int, float),
    "float | None": lambda v: v is None or type(v) in (int, float),
    "tuple[str, ...]": lambda v: type(v) is tuple and all(type(s) is str for s in v),
    "list[float] | None": lambda v: v is None or (type(v) in (list, tuple) and all(type(x) in (int, float) for x in v)),
}
_NESTED = {
    "list[Inline]": (1, INLINES),
    "tuple['Inline', ...]": (1, INLINES),
    "list[list[Inline]]": (2, INLINES),
    "list[list[list[Inline]]]": (3, INLINES),
    "list[ChartPoint]": (1, (ChartPoint,)),
}
_FIELDS = {cls: tuple((f.name, f.type) for f in dataclasses.fields(cls)) for cls in NODES}
_INDEX = {cls: i for i, cls in enumerate(NODES)}
# (name, str or a check or None, (depth, classes) or None) of each field, by class
_SPECS = {cls: tuple((name, str if declared == "str" else _SCALARS.get(declared), _NESTED.get(declared))
                     for name, declared in fields) for cls, fields in _FIELDS.items()}
for _cls, _fields in _FIELDS.items():
    if hasattr(_cls, "__post_init__") or hasattr(_cls, "__slots__"):
        raise TypeError(f"{_cls.__name__}: a node made other than by setting its fields cannot be kept")
    for _name, _declared in _fields:
        if _declared not in _SCALARS and _declared not in _NESTED:
            raise TypeError(f"{_cls.__name__}.{_name}: a field of type {_declared} cannot be kept as plain data")


# ---------------------------------------------------------------- to plain data
def blocks_data(blocks: list) -> list:
    """``blocks`` as plain data (see the module docstring)."""
    return [_node(block) for block in blocks]


def _node(node):
    cls = type(node)
    if cls is Text and node.bold is False and node.italic is False:
        return node.text  # the most frequent node, as its text alone
    out = [_INDEX[cls]]
    for name, declared in _FIELDS[cls]:
        value = getattr(node, name)
        out.append(_nested(value, _NESTED[declared][0]) if declared in _NESTED else value)
    return tuple(out)


def _nested(value, depth: int):
    if depth == 0:
        return _node(value)
    items = [_nested(v, depth - 1) for v in value]
    return items if type(value) is list else tuple(items)


def inlines_data(inlines) -> list:
    """A list of inlines as plain data."""
    return [_node(node) for node in inlines]


# ---------------------------------------------------------------- back to blocks
def blocks_from_data(data) -> list:
    """The blocks ``data`` (from :func:`blocks_data`) holds; ValueError when it is not such data."""
    if type(data) is not list:
        raise ValueError("not a list of blocks")
    return [_read(item, BLOCKS) for item in data]


def inlines_from_data(data, allowed: tuple = INLINES) -> list:
    """The inlines ``data`` (from :func:`inlines_data`) holds, each of a class ``allowed``;
    ValueError when it is not such data."""
    if type(data) not in (list, tuple):
        raise ValueError("not a list of inlines")
    return _inlines(data, allowed)


_TEXT, _CITE, _PARAGRAPH = _INDEX[Text], _INDEX[Cite], _INDEX[Paragraph]
_strings = _SCALARS["tuple[str, ...]"]
if (_FIELDS[Text] != (("text", "str"), ("bold", "bool"), ("italic", "bool"))
        or _FIELDS[Cite] != (("keys", "tuple[str, ...]"), ("anchors", "tuple[str, ...]"))
        or _FIELDS[Paragraph] != (("content", "list[Inline]"), ("style", "str"), ("keep_with_next", "bool"))):
    raise TypeError("Text, Cite, Paragraph: read below field by field")


def _text(text: str, bold: bool = False, italic: bool = False) -> Text:
    """A Text node, as its __init__ would make it (plain text is kept as the string alone)."""
    node = object.__new__(Text)
    node.__dict__.update(text=text, bold=bold, italic=italic)
    return node


def _read(data, allowed: tuple):
    if type(data) is str and Text in allowed:
        return _text(data)
    if type(data) is not tuple or not data or type(data[0]) is not int or not 0 <= data[0] < len(NODES):
        raise ValueError("not a node")
    kind = data[0]
    if kind == _TEXT and len(data) == 4 and Text in allowed:  # the most frequent nodes, read directly
        _, text, bold, italic = data
        if type(text) is not str or type(bold) is not bool or type(italic) is not bool:
            raise ValueError("Text: not of its types")
        return _text(text, bold, italic)
    if kind == _CITE and len(data) == 3 and Cite in allowed:
        _, keys, anchors = data
        if not (_strings(keys) and _strings(anchors)):
            raise ValueError("Cite: not of its types")
        node = object.__new__(Cite)
        node.__dict__.update(keys=keys, anchors=anchors)
        return node
    if kind == _PARAGRAPH and len(data) == 4 and Paragraph in allowed:
        _, content, style, keep = data
        if type(content) is not list or type(style) is not str or type(keep) is not bool:
            raise ValueError("Paragraph: not of its types")
        node = object.__new__(Paragraph)
        node.__dict__.update(content=_inlines(content, INLINES), style=style, keep_with_next=keep)
        return node
    cls = NODES[data[0]]
    specs = _SPECS[cls]
    if cls not in allowed or len(data) != len(specs) + 1:
        raise ValueError(f"not a node in its place: {cls.__name__}")
    node = object.__new__(cls)  # as the class's __init__ would set it (no __post_init__), without
    fields = node.__dict__  # a frozen class's __setattr__ per field
    for (name, check, nested), value in zip(specs, data[1:]):
        if check is str:  # most fields
            if type(value) is not str:
                raise ValueError(f"{cls.__name__}.{name}: not a str")
        elif nested is not None:
            value = _read_nested(value, *nested)
        elif not check(value):
            raise ValueError(f"{cls.__name__}.{name}: not of its type")
        fields[name] = value
    return node


def _inlines(items, allowed: tuple) -> list:
    """A list of inlines read, its plain Text nodes (most nodes, kept as strings) here directly."""
    texts = Text in allowed
    return [_text(data) if texts and type(data) is str else _read(data, allowed) for data in items]


def _read_nested(value, depth: int, classes: tuple):
    if depth == 0:
        return _read(value, classes)
    if type(value) not in (list, tuple):
        raise ValueError("not a list")
    if depth == 1:  # a list of nodes (most lists)
        items = _inlines(value, classes) if classes is INLINES else [_read(v, classes) for v in value]
    else:
        items = [_read_nested(v, depth - 1, classes) for v in value]
    return items if type(value) is list else tuple(items)
