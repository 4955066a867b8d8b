"""The XML block vocabulary section templates produce, read into model blocks.

Blocks (at the top level of a template's output)::

    <h2>Title</h2>  <h3 toc="no">Title</h3>        headings (levels 2 and 3)
    <p>text</p>  <p style="small">...</p>          paragraphs (styles body, small)
    <quote>verbatim source text <cite keys="id"/></quote>
    <ul><li>...</li></ul>  <ol><li>...</li></ol>
    <table widths="0.2 0.5 0.3" caption="...">     widths relative; without them, from the content
      <tr><th>Measure</th>...</tr>                 one optional header row
      <tr><td>...</td>...</tr>
    </table>
    <figure kind="estimates" axis="fighters"><caption>...</caption>
      <point value="400" qualifier="about" label="..."><cite keys="id"/></point>
    </figure>                                      a chart (see :mod:`.figure_xml`)
    <pagebreak/>

Inlines: ``<em>``, ``<strong>``, ``<cite keys="a b"/>`` (one note citing both; ``anchor="name"``: a
reference may point to the start of the text it closes, see :mod:`.anchors`), ``<link href="https://
...">text</link>``, ``<ref to="anchor">Title</ref>`` (a cross-reference: "“Title,” p. 12"; a ``<cite/>``
right after it is left to the text it points to). White space runs collapse to one space as in HTML;
space before a ``<cite/>`` is dropped so the note mark sits on the word.

Parsing uses expat on the output wrapped in one root element, where a document type declaration
cannot occur (and is refused besides), so no entity can be declared or expanded: only the five
predefined XML entities and character references are understood.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import xml.parsers.expat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ..document.model import (BulletList, Cite, CrossRef, Heading, Link, PageBreak, Paragraph, Quote, Table, Text,
                              plain_text)
from ..document.names import UniqueNames
from ..document.paragraph_limit import long_heading
from ..errors import TemplateError
from .anchors import anchor_names
from .figure_xml import read_figure
from .table_text import content_widths, hyphenate_cells

_SPACE = re.compile(r"[ \t\r\n]+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}")  # <quote lang="...">: its source's language
INLINE_TAGS = {"em", "strong", "cite", "link", "ref"}
LINK_SCHEMES = ("http://", "https://", "mailto:")
MAX_COLUMNS = 40  # a table's columns: each wide enough for its padding and a word on any page


@dataclass
class _Node:
    tag: str
    attrs: dict
    line: int
    children: list = field(default_factory=list)  # _Node or str


MAX_DEPTH = 100  # elements nested in one another (the blocks are read recursively)


class _Refused(Exception):
    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def _parse(text: str) -> _Node:
    root = _Node("root", {}, 1)
    stack = [root]
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*args):
        raise _Refused("document type declarations and entities are not allowed")

    pending: list[str] = []  # the character data since the last tag, joined once

    def flush():
        if pending:
            stack[-1].children.append("".join(pending))
            pending.clear()

    def start(tag, attrs):
        if len(stack) > MAX_DEPTH + 1:  # the wrapping root and its element, then the output's
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep", parser.CurrentLineNumber)
        flush()
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag):
        flush()
        stack.pop()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = pending.append
    parser.buffer_text = True
    parser.Parse("<root>" + text + "</root>", True)
    return root.children[0]


class BlockReader:
    """Turns one template's output into blocks; errors name the template."""

    def __init__(self, template: Path, anchor_prefix: str, anchors: UniqueNames,
                 check_key: Callable[[str], str | None] | None = None):
        """``check_key(id)`` returns an error message for an excerpt id a
        ``<cite>`` may not use (unknown, above the marking limit), else None."""
        self.check_key = check_key
        self.template = template
        self.prefix = anchor_prefix
        self.anchors = anchors
        self.output = ""

    def read(self, text: str) -> list:
        self.output = text
        try:
            root = _parse(text)
        except _Refused as exc:
            self.fail(str(exc), exc.line)
        except xml.parsers.expat.ExpatError as exc:
            self.fail(f"malformed XML: {xml.parsers.expat.ErrorString(exc.code)}", exc.lineno)
        blocks = []
        for child in root.children:
            if isinstance(child, str):
                if child.strip():
                    self.fail(f"text outside a block element: {child.strip()[:40]!r}", None)
                continue
            block = self.block(child)
            if block is not None:
                blocks.append(block)
        keep_lead_ins(blocks)
        return blocks

    # ------------------------------------------------------------ errors
    def fail(self, message: str, out_line: int | None):
        """A TemplateError at the template line that produced ``out_line`` when
        that line's text occurs once in the template, else naming the output line."""
        line, where = None, ""
        found = _output_line(self.output, out_line) if out_line is not None else None
        if found is not None:
            text = found.strip()
            line = _template_line(self.template, text)
            if line is None:
                where = f" (output line {out_line}: {text[:60]!r})"
        raise TemplateError(message + where, self.template, line)

    # ------------------------------------------------------------ blocks
    def block(self, node: _Node):
        tag = node.tag
        if tag in ("h2", "h3"):
            content = self.inlines(node)
            problem = long_heading(plain_text(content))
            if problem:
                self.fail(problem, node.line)
            anchor = node.attrs.get("anchor") or self.anchor(content)
            return Heading(int(tag[1]), content, anchor=anchor, in_toc=node.attrs.get("toc") != "no")
        if tag == "p":
            style = node.attrs.get("style", "body")
            if style not in ("body", "small"):
                self.fail(f'<p style="{style}">: styles are body and small', node.line)
            return Paragraph(self.inlines(node), style=style)
        if tag == "quote":
            lang = node.attrs.get("lang", "").strip()  # the source's language, for readers' voices:
            return Quote(self.inlines(node), lang=lang if _LANGUAGE_TAG.fullmatch(lang) else "")  # a tag or none
        if tag in ("ul", "ol"):
            items = [self.inlines(li) for li in self.elements(node, {"li"})]
            return BulletList(items, ordered=tag == "ol") if items else None
        if tag == "table":
            return self.table(node)
        if tag == "figure":
            return read_figure(self, node)
        if tag == "pagebreak":
            return PageBreak()
        if tag in INLINE_TAGS:
            self.fail(f"<{tag}> must be inside a block (<p>, <li>, <td>, ...)", node.line)
        self.fail(f"unknown element <{tag}>", node.line)

    def elements(self, node: _Node, allowed: set[str]) -> list[_Node]:
        out = []
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    self.fail(f"text directly inside <{node.tag}>: {child.strip()[:40]!r}", node.line)
            elif child.tag not in allowed:
                self.fail(f"<{child.tag}> inside <{node.tag}> (expected {', '.join(sorted(allowed))})",
                          child.line)
            else:
                out.append(child)
        return out

    def table(self, node: _Node):
        header, rows = [], []
        for tr in self.elements(node, {"tr"}):
            cells = self.elements(tr, {"th", "td"})
            if cells and all(c.tag == "th" for c in cells):
                if header or rows:
                    self.fail("a table has one header row, before the other rows", tr.line)
                header = [self.inlines(c) for c in cells]
            else:
                rows.append([self.inlines(c) for c in cells])
        count = len(header) if header else (len(rows[0]) if rows else 0)
        for row, tr in zip(rows, [t for t in node.children if isinstance(t, _Node)][bool(header):]):
            if len(row) != count:
                self.fail(f"a table row has {len(row)} cells, the table {count}", tr.line)
        if count > MAX_COLUMNS:
            self.fail(f"a table has at most {MAX_COLUMNS} columns, not {count}", node.line)
        widths = self.widths(node, count) if "widths" in node.attrs else None
        if not header and not rows:
            return None
        table = Table(header=header, rows=rows, widths=widths, caption=node.attrs.get("caption", ""))
        hyphenate_cells(table)
        table.widths = widths or content_widths(table)
        return table

    def widths(self, node: _Node, count: int) -> list[float]:
        """The relative widths of a table's ``count`` columns, summing to 1: positive
        numbers, none under 1/MAX_COLUMNS of their sum (a column holds its padding)."""
        try:
            widths = [float(w) for w in node.attrs["widths"].split()]
        except ValueError:
            widths = []
        total = sum(widths)
        if len(widths) != count or not all(0 < w < math.inf for w in widths) or not total < math.inf:
            self.fail(f"widths must be {count} positive numbers, one a column, not "
                      f'"{node.attrs["widths"][:60]}"', node.line)
        if widths and min(widths) < total / MAX_COLUMNS:
            self.fail(f"widths: each column is at least 1/{MAX_COLUMNS} of the table's width, not "
                      f'"{node.attrs["widths"][:60]}"', node.line)
        return [w / total for w in widths]

    # ------------------------------------------------------------ inlines
    def inlines(self, node: _Node) -> list:
        out: list = []
        self._walk(node, False, False, out)
        return tidy_inlines(out)

    def _walk(self, node: _Node, bold: bool, italic: bool, out: list):
        for child in node.children:
            if isinstance(child, str):
                out.append(Text(child, bold=bold, italic=italic))
            elif child.tag == "em":
                self._walk(child, bold, True, out)
            elif child.tag == "strong":
                self._walk(child, True, italic, out)
            elif child.tag == "cite":
                if not (keys := tuple(child.attrs.get("keys", "").split())):
                    self.fail('<cite> needs keys="excerpt-id ..."', child.line)
                for problem in filter(None, map(self.check_key, keys) if self.check_key else ()):
                    self.fail(f"<cite>: {problem}", child.line)
                if (anchors := anchor_names(child.attrs.get("anchor", ""))) is None:
                    self.fail(f'<cite anchor="...">: not a name: "{child.attrs["anchor"][:60]}"', child.line)
                out.append(Cite(keys, anchors))
            elif child.tag == "link":
                href, text = child.attrs.get("href", "").strip(), self.words(child)
                if href.lower().startswith(LINK_SCHEMES):
                    out.append(Link(text or href, href))
                else:
                    out.append(Text(text or href, bold=bold, italic=italic))
            elif child.tag == "ref":  # the composer checks that its target is in the document
                target, text = child.attrs.get("to", "").strip(), self.words(child)
                if not target or not text:
                    self.fail('<ref> needs to="anchor" and the words of the heading it refers to', child.line)
                out.append(CrossRef(target, text))
            else:
                self.fail(f"<{child.tag}> inside <{node.tag}> (inline elements: "
                          f"{', '.join(sorted(INLINE_TAGS))})", child.line)

    def words(self, node: _Node) -> str:
        """The text inside an inline element, its white space collapsed."""
        inner: list = []
        self._walk(node, False, False, inner)
        return _SPACE.sub(" ", "".join(n.text for n in inner if isinstance(n, Text))).strip()

    def anchor(self, content) -> str:
        text = "".join(n.text for n in content if isinstance(n, (Text, Link)))
        return self.anchors.give(f"{self.prefix}-{slug(text)}")


def keep_lead_ins(blocks: list) -> None:
    """A paragraph that ends in a colon introduces what follows (a quotation, a list,
    a table): it stands on that block's page, never alone at the foot of the one before."""
    for block, after in zip(blocks, blocks[1:]):
        if isinstance(block, Paragraph) and not isinstance(after, (Heading, PageBreak)) \
                and plain_text(block.content).rstrip().endswith(":"):
            block.keep_with_next = True


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-") or "part"


class _Run:
    """A Text being built: its pieces are joined once, at the end."""

    __slots__ = ("pieces", "bold", "italic")

    def __init__(self, text: str, bold: bool, italic: bool):
        self.pieces, self.bold, self.italic = [text], bold, italic


def tidy_inlines(nodes: list) -> list:
    """Collapse white space, trim the ends, drop space before a Cite (a Cite after a CrossRef), merge Text runs."""
    out: list = []
    for node in nodes:
        last = out[-1] if out else None
        if isinstance(node, Text):
            text = node.text
            if "  " in text or "\n" in text or "\t" in text or "\r" in text:  # else nothing to collapse
                text = _SPACE.sub(" ", text)
            if last is None or (isinstance(last, _Run) and last.pieces[-1].endswith(" ")):
                text = text.lstrip(" ")
            if not text:
                continue
            if isinstance(last, _Run) and (last.bold, last.italic) == (node.bold, node.italic):
                last.pieces.append(text)
            else:
                out.append(_Run(text, node.bold, node.italic))
            continue
        if isinstance(node, Cite) and isinstance(last, _Run):
            _trim_end(out)
        if isinstance(node, Cite) and (ref := _reference_before(out)) is not None:  # its note stands with
            out[ref] = replace(out[ref], keys=out[ref].keys + node.keys)  # the text the reference points to
            continue
        out.append(node)
    if out and isinstance(out[-1], _Run):
        _trim_end(out)
    return [Text("".join(n.pieces), n.bold, n.italic) if isinstance(n, _Run) else n for n in out]


def _reference_before(out: list) -> int | None:
    """The index of a CrossRef ``out`` ends with, after it at most a run of punctuation."""
    at = len(out) - 1 - (bool(out) and isinstance(out[-1], _Run) and not "".join(out[-1].pieces).strip(".,;:!?"))
    return at if at >= 0 and isinstance(out[at], CrossRef) else None


def _trim_end(out: list) -> None:
    """Drop the space at the end of the run ``out`` ends with (and the run, if nothing is left)."""
    pieces = out[-1].pieces
    while pieces and not pieces[-1].rstrip(" "):
        pieces.pop()
    if pieces:
        pieces[-1] = pieces[-1].rstrip(" ")
    else:
        out.pop()


def _output_line(text: str, number: int) -> str | None:
    """Line ``number`` (from 1) of ``text``, its line ends counted as expat counts
    them; read up to that line, with no list of every line."""
    if number < 1:
        return None
    return next(itertools.islice(io.StringIO(text, newline=None), number - 1, None), None)


def _template_line(template: Path, text: str) -> int | None:
    """The one line of ``template`` that writes output line ``text``: the line
    itself, else the one line whose literal parts (around ``{{ }}`` and ``{% %}``)
    it holds in order."""
    if not text:
        return None
    try:
        lines = Path(template).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found = [i + 1 for i, line in enumerate(lines) if line.strip() == text]
    if not found:
        found = [i + 1 for i, line in enumerate(lines) if _writes(line.strip(), text)]
    return found[0] if len(found) == 1 else None


_TAG = re.compile(r"{{.*?}}|{%.*?%}")


def _writes(line: str, text: str) -> bool:
    """Whether template ``line`` (one with a tag) can write ``text``: its literal
    parts found in order, the first at the start and the last at the end (found
    left to right, in time linear in the line)."""
    parts = _TAG.split(line)
    if len(parts) < 2 or not "".join(parts).strip():
        return False
    first, *middle, last = parts
    if not text.startswith(first) or not text.endswith(last) or len(first) + len(last) > len(text):
        return False
    at, end = len(first), len(text) - len(last)
    for part in middle:
        at = text.find(part, at, end)
        if at < 0:
            return False
        at += len(part)
    return True
