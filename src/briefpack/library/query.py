"""Tag queries: which excerpts a brief section or ``briefpack excerpts`` selects.

    country:KZ and (topic:recruitment or topic:propaganda) and not group:IMU and date >= 2020

A query is parsed with a lark grammar (never evaluated as Python), checked
against the library (unknown facets and values are errors with a did-you-mean;
aliases are read as their canonical value) and compiled to a predicate.

Precedence: ``not`` binds tighter than ``and``, which binds tighter than ``or``;
keywords may be written in any case. Dates compare at their common precision:
both sides are cut to the shorter of the two, so an excerpt dated ``2017``
satisfies ``date >= 2017-06`` and ``date = 2017-06`` but not ``date < 2017-06``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..conventions.admiralty import is_credibility, is_reliability
from ..errors import QuerySyntaxError
from .load import date_problem
from .model import Excerpt, Library, Vocabulary
from .naming import TagNames, did_you_mean

GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr (OR and_expr)*
?and_expr: not_expr (AND not_expr)*
?not_expr: NOT not_expr -> negation
         | atom
?atom: tag | comparison | "(" or_expr ")"
tag: NAME COLON VALUE
comparison: NAME OP VALUE
AND: "and"i
OR: "or"i
NOT: "not"i
COLON: ":"
NAME: /[A-Za-z_][A-Za-z0-9_-]*/
OP: /<=|>=|!=|==|=|<|>/
VALUE: /"[^"\n]*"|[^\s()"]+/
%import common.WS
%ignore WS
"""

FIELDS = ("date", "credibility", "reliability")
EXAMPLES = {"date": "date >= 2020", "credibility": "credibility <= 2", "reliability": "reliability <= B"}
_NAMES = {
    "NAME": "a tag (facet:value)",
    "LPAR": "'('",
    "RPAR": "')'",
    "AND": "'and'",
    "OR": "'or'",
    "NOT": "'not'",
    "COLON": "':'",
    "OP": "a comparison (<, <=, =, !=, >=, >)",
    "VALUE": "a value",
    "$END": "the end of the query",
}
_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}
_parser = None
# The most common query, one tag (``country:KZ``), as the grammar reads it (NAME COLON VALUE, no
# space, no quotes): read without the parser, which takes longer to make than a build to select.
_ONE_TAG = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*):([^\s()"]+)')
DEPTH_LIMIT = 100  # 'and', 'or' and 'not' within each other (a chain of 'not's counts once)


# --- the tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tag:
    facet: str
    value: str  # "*" for any value
    column: int
    line: int = 1  # in the query


@dataclass(frozen=True)
class Compare:
    field: str  # date, credibility or reliability
    op: str
    value: str
    column: int
    line: int = 1


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class AllOf:
    items: tuple


@dataclass(frozen=True)
class AnyOf:
    items: tuple


@dataclass
class Query:
    """A parsed query; ``matches(excerpt, library)`` tests one excerpt."""

    text: str
    root: object
    _compiled: tuple = field(default=(None, None), repr=False, compare=False)

    def predicate(self, library: Library | Vocabulary):
        """A function excerpt -> bool, with tags resolved against the vocabulary.

        Given a Library, source ids are checked and ``reliability`` compares the
        excerpt's source; given only a Vocabulary, ``source:`` is not checked.
        Raises QuerySyntaxError (with the column) for unknown facets, values or sources.
        """
        if self._compiled[0] is library:
            return self._compiled[1]
        if isinstance(library, Vocabulary):
            context = Library(root=None, sources={}, excerpts={}, vocabulary=library)
            check_sources = False
        else:
            context, check_sources = library, True
        test = _compile(self.root, self.text, context, TagNames(context.vocabulary), check_sources)
        self._compiled = (library, test)
        return test


def parse_query(text: str) -> Query:
    """Parse a query; QuerySyntaxError says what was expected and where (1-based line and column)."""
    simple = _ONE_TAG.fullmatch(text)
    if simple and simple.group(1).lower() not in ("and", "or", "not") and simple.group(1) not in FIELDS:
        return Query(text, Tag(simple.group(1), simple.group(2), 1))  # what the grammar reads it as
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    global _parser
    if _parser is None:
        from lark import Lark

        _parser = Lark(GRAMMAR, parser="lalr")
    if not text.strip():
        raise _error(text, 1, "empty query: expected a tag (facet:value)")
    try:
        tree = _parser.parse(text)
    except UnexpectedToken as exc:
        at_end = exc.token.type == "$END"
        line, column = _position(text, len(text.rstrip())) if at_end else (exc.line, exc.column)
        found = "the end of the query" if at_end else f"'{exc.token}'"
        expected = _expected(exc.expected, text, line, column)
        raise _error(text, column, f"expected {expected}, found {found}", line) from None
    except UnexpectedCharacters as exc:
        found = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        expected = _expected(exc.allowed, text, exc.line, exc.column)
        raise _error(text, exc.column, f"expected {expected}, found '{found}'", exc.line) from None
    except UnexpectedInput as exc:  # pragma: no cover - other lark errors
        raise _error(text, getattr(exc, "column", 1) or 1, "cannot read the query",
                     getattr(exc, "line", 1) or 1) from None  # fmt: skip
    return Query(text, _build(tree, text))


def select_excerpts(library: Library, query: str | Query | None, index: TagIndex | None = None) -> list[Excerpt]:
    """The library's excerpts that the query selects, in file order (all for None or "").
    With the library's ``index``, a query that needs a tag looks only at the excerpts with it."""
    if query is None or (isinstance(query, str) and not query.strip()):
        return list(library.excerpts.values())
    if isinstance(query, str):
        query = parse_query(query)
    test = query.predicate(library)
    pool = index.candidates(test) if index is not None else None
    return [e for e in (library.excerpts.values() if pool is None else pool) if test(e)]


class TagIndex:
    """A library's excerpts by tag, each list in file order: a brief with a section per tag
    selects from what each tag holds rather than reading the whole library each time."""

    def __init__(self, library: Library):
        self.by_tag: dict[str, list[Excerpt]] = {}
        for excerpt in library.excerpts.values():
            for tag in dict.fromkeys(excerpt.tags):
                self.by_tag.setdefault(tag, []).append(excerpt)

    def candidates(self, test) -> list[Excerpt] | None:
        """The excerpts that can pass ``test`` (a compiled query), or None for all: those with
        its tag, or for ``a and b``, the fewest of its parts' candidates."""
        if getattr(test, "tag", None) is not None:
            return self.by_tag.get(test.tag, [])
        found = [c for c in map(self.candidates, getattr(test, "all_of", ())) if c is not None]
        return min(found, key=len) if found else None


# --- building and checking -------------------------------------------------------------


def _error(text: str, column: int, message: str, line: int = 1) -> QuerySyntaxError:
    """The error at ``line`` and ``column`` of the query: the message, that line and a caret."""
    lines = text.split("\n")
    shown = lines[line - 1] if 0 < line <= len(lines) else text
    full = f"query:{line}:{column}: {message}\n  {shown}\n  {' ' * (column - 1)}^"
    return QuerySyntaxError(full, text, column, query_line=line)


def _position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both 1-based, of an offset into the text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _expected(names, text: str, line: int, column: int) -> str:
    before = text[: sum(len(t) + 1 for t in text.split("\n")[: line - 1]) + column - 1]
    depth = before.count("(") - before.count(")")
    words = [_NAMES.get(n, n) for n in sorted(names) if not (n == "RPAR" and depth <= 0)]
    order = list(_NAMES.values())
    words = sorted(set(words), key=lambda w: order.index(w) if w in order else 99)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _build(tree, text: str, depth: int = 0):
    from lark import Token

    if isinstance(tree, Token):  # pragma: no cover - the grammar never yields a bare token
        raise _error(text, tree.column, "cannot read the query", tree.line)
    if depth > DEPTH_LIMIT:
        first = _first_token(tree)
        raise _error(text, first.column, f"the query nests 'and', 'or' and 'not' more than {DEPTH_LIMIT} "
                     "deep", first.line)  # fmt: skip
    kind = tree.data
    if kind == "negation":  # not not x is x: a chain of them is one or none
        negated = False
        while not isinstance(tree, Token) and tree.data == "negation":
            tree, negated = tree.children[-1], not negated
        inner = _build(tree, text, depth + 1)
        return Not(inner) if negated else inner
    children = [c for c in tree.children if not (isinstance(c, Token) and c.type in ("AND", "OR", "NOT"))]
    if kind == "or_expr":
        return AnyOf(tuple(_build(c, text, depth + 1) for c in children))
    if kind == "and_expr":
        return AllOf(tuple(_build(c, text, depth + 1) for c in children))
    name, _, value = tree.children
    raw = str(value)
    if raw.startswith('"'):
        raw = raw[1:-1]
    if kind == "tag":
        if name in FIELDS:
            example = f"{name} = {raw}" if _value_problem(str(name), raw) is None else EXAMPLES[name]
            raise _error(text, name.column, f"'{name}' is compared, not tagged: write e.g. {example}",
                         name.line)  # fmt: skip
        return Tag(str(name), raw, name.column, name.line)
    return _comparison(str(name), str(tree.children[1]), raw, name, value, text)


def _first_token(tree):
    from lark import Token

    while not isinstance(tree, Token):
        tree = tree.children[0]
    return tree


def _comparison(field: str, op: str, value: str, name, token, text: str):
    """``name`` and ``token``: the field's and the value's tokens (for their line and column)."""
    if field not in FIELDS:
        hint = did_you_mean(field, FIELDS)
        hint = f" (did you mean {hint}?)" if hint else ""
        raise _error(text, name.column, f"cannot compare '{field}': only date, credibility and "
                     f"reliability are compared; tags are written facet:value{hint}", name.line)  # fmt: skip
    problem = _value_problem(field, value)
    if problem is not None:
        raise _error(text, token.column, f"bad {field} '{value}': {problem}", token.line)
    return Compare(field, "=" if op == "==" else op, value, name.column, name.line)


def _value_problem(field: str, value: str) -> str | None:
    """What is wrong with a value compared with ``field``, or None."""
    if field == "date":
        return date_problem(value)
    if field == "credibility" and not is_credibility(value):
        return "expected 1-6"
    if field == "reliability" and not is_reliability(value):
        return "expected A-F"
    return None


def _compile(node, text: str, library: Library, names: TagNames, check_sources: bool = True):
    if isinstance(node, AnyOf):
        tests = [_compile(n, text, library, names, check_sources) for n in node.items]
        return lambda e: any(t(e) for t in tests)
    if isinstance(node, AllOf):
        tests = [_compile(n, text, library, names, check_sources) for n in node.items]

        def every(e):
            return all(t(e) for t in tests)

        every.all_of = tests  # what TagIndex.candidates narrows by
        return every
    if isinstance(node, Not):
        test = _compile(node.item, text, library, names, check_sources)
        return lambda e: not test(e)
    if isinstance(node, Compare):
        return _compile_compare(node, library)
    return _compile_tag(node, text, library, names, check_sources)


def _compile_tag(node: Tag, text: str, library: Library, names: TagNames, check_sources: bool):
    facet, value = node.facet, node.value
    if facet == "source":
        if value == "*":
            return lambda e: True
        if check_sources and value not in library.sources:
            hint = did_you_mean(value, library.sources, cutoff=80, partial=True)
            hint = f" (did you mean source:{hint}?)" if hint else ""
            raise _error(text, node.column, f"unknown source '{value}'{hint}", node.line)
        return lambda e: e.source == value
    if facet not in names.words:
        raise _error(text, node.column, f"unknown facet '{facet}'{_facet_hint(node, library, names)}",
                     node.line)  # fmt: skip
    if value == "*":
        prefix = facet + ":"
        return lambda e: any(t.startswith(prefix) for t in e.tags)
    canonical = names.canonical(facet, value)
    if canonical is None:
        hint = names.suggest(facet, value)
        hint = f" (did you mean {hint}?)" if hint else ""
        raise _error(text, node.column, f"unknown tag '{facet}:{value}'{hint}", node.line)
    tag = f"{facet}:{canonical}"

    def tagged(e):
        return tag in e.tags

    tagged.tag = tag  # what TagIndex.candidates looks up
    return tagged


def _facet_hint(node: Tag, library: Library, names: TagNames) -> str:
    """A did-you-mean for an unknown facet: a tag that exists, else the facet alone."""
    close = did_you_mean(node.facet, [*names.words, "source"])
    if close is None:
        return ""
    if node.value == "*" or (close == "source" and node.value in library.sources):
        tag = f"{close}:{node.value}"
    else:
        tag = names.suggest(close, node.value) if close != "source" else None
    return f" (did you mean {tag}?)" if tag else f" (did you mean the facet '{close}'?)"


def _compile_compare(node: Compare, library: Library):
    compare, value = _COMPARE[node.op], node.value
    if node.field == "credibility":
        number = int(value)
        return lambda e: compare(e.credibility, number)
    if node.field == "reliability":
        sources = library.sources
        return lambda e: e.source in sources and compare(sources[e.source].reliability, value)

    def test_date(e: Excerpt) -> bool:
        if not e.date:
            return False
        n = min(len(e.date), len(value))
        return compare(e.date[:n], value[:n])

    return test_date
