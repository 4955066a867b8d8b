"""The bounds on the work of a template: a time and an output budget per render
(:class:`Limits`, set by ``briefpack build --template-time`` and
``--template-output``), fixed caps on numbers, ranges and collections, and the
checks that refuse an operation before it computes a result over them.

A check takes the output limit (characters) and the operands, and raises
:class:`LimitExceeded` with a message saying which bound was exceeded.
"""

from __future__ import annotations

import math
import re
import string
from types import MappingProxyType

from jinja2.exceptions import SecurityError

from .budget import Limits, current_limits, set_limits  # noqa: F401  (the settings, kept light to import)

MAX_INT_BITS = 10_000  # about 3,000 decimal digits
MAX_RANGE = 100_000  # numbers in one range()
MAX_ITEMS = 1_000_000  # items in one list, tuple or mapping


class LimitExceeded(SecurityError):
    """A template or text field went over a bound of :class:`Limits` or of the sandbox."""


def over(limit: int, what: str) -> str:
    return f"{what} is over the limit of {limit:,} characters (build --template-output)"


# ---------------------------------------------------------------- checks before computing
def check_power(base, exponent) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        bits = exponent * math.log2(abs(base))
        if bits > MAX_INT_BITS:
            raise LimitExceeded(f"a number of about {bits:,.0f} bits is over the limit of {MAX_INT_BITS:,}")


def check_product(limit: int, left, right) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise LimitExceeded(f"a number of about {left.bit_length() + right.bit_length():,} bits "
                                f"is over the limit of {MAX_INT_BITS:,}")
        return
    sequence, count = (left, right) if isinstance(right, int) else (right, left)
    if not isinstance(count, int) or not isinstance(sequence, (*TEXTS, list, tuple)):
        return
    size = len(sequence) * count
    cap, unit = (limit, "characters" if isinstance(sequence, str) else "bytes") if isinstance(sequence, TEXTS) \
        else (MAX_ITEMS, "items")
    if size > cap:
        raise LimitExceeded(f"a repetition of {size:,} {unit} is over the limit of {cap:,}")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _numbers_in(value, texts: bool) -> list[int]:
    """The numbers a format may take a width from: a whole number, or with ``texts`` the
    digits of a text (``'{:>{w}}'.format(x, w='1000000000')``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [abs(value)]
    if texts and isinstance(value, (str, bytes)):
        digits = _DIGITS.findall(value if isinstance(value, str) else value.decode("latin-1"))
        return [int(d) if len(d) < 20 else 10**20 for d in digits]
    return []


def _check_widths(limit: int, widths, args, texts: bool = False) -> None:
    for width in widths:
        if width and width != "*" and int(width) > limit:
            raise LimitExceeded(f"a format width of {int(width):,} is over the limit of {limit:,} characters")
    if "*" in widths:  # widths taken from the arguments
        for number in (n for arg in args for n in _numbers_in(arg, texts)):
            if number > limit:
                raise LimitExceeded(f"a format width of {number:,} is over the limit of {limit:,} characters")


def check_percent_format(limit: int, template: str | bytes, values) -> None:
    template = template if isinstance(template, str) else template.decode("latin-1")
    widths = [w for m in _PERCENT_SPEC.finditer(template) for w in m.groups() if w]
    args = values if isinstance(values, tuple) else (values,)
    _check_widths(limit, widths, args)


def check_brace_format(limit: int, template: str, args, kwargs) -> None:
    widths = []
    try:
        for _, _, spec, _ in string.Formatter().parse(template):
            widths += _DIGITS.findall(spec or "") + (["*"] if spec and "{" in spec else [])
    except ValueError:
        return  # str.format reports the bad format itself
    _check_widths(limit, widths, tuple(args) + tuple(kwargs.values()), texts=True)


def arguments(args, kwargs, **defaults) -> list:
    """The values of the parameters named in ``defaults`` (in order), given by position or by name."""
    return [args[i] if i < len(args) else kwargs.get(name, default)
            for i, (name, default) in enumerate(defaults.items())]


def _check_padding(limit: int, text: str, args, kwargs) -> None:
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and arg > limit:
            raise LimitExceeded(f"a width of {arg:,} is over the limit of {limit:,} characters")


def _check_replace(limit: int, text: str | bytes, args, kwargs) -> None:
    old, new, most = arguments(args, kwargs, old=None, new=None, count=None)
    if isinstance(old, type(text)) and isinstance(new, type(text)) and len(new) > len(old):
        count = text.count(old) if old else len(text) + 1
        if isinstance(most, int) and 0 <= most < count:
            count = most
        size = len(text) + count * (len(new) - len(old))
        if size > limit:
            raise LimitExceeded(over(limit, f"a replacement of {size:,} characters"))


def _check_join(limit: int, separator: str, args, kwargs) -> None:
    items = args[0] if args else kwargs.get("iterable", ())
    if isinstance(items, (list, tuple)):
        size = sum(len(i) for i in items if isinstance(i, TEXTS)) + len(separator) * max(len(items) - 1, 0)
        if size > limit:
            raise LimitExceeded(over(limit, f"a join of {size:,} characters"))


def _check_translate(limit: int, text: str, args, kwargs) -> None:
    table = args[0] if args else None
    if isinstance(table, dict):
        longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
        if len(text) * longest > limit:
            raise LimitExceeded(over(limit, f"a translation of up to {len(text) * longest:,} characters"))


def _check_expandtabs(limit: int, text: str, args, kwargs) -> None:
    size = (args[0] if args else kwargs.get("tabsize", 8))
    if isinstance(size, int) and text.count("\t") * size > limit:
        raise LimitExceeded(over(limit, f"expanded tabs of {text.count(chr(9)) * size:,} characters"))


CONTAINERS = (list, tuple, dict, set, frozenset, MappingProxyType)
TEXTS = (str, bytes, bytearray)  # what a character (or byte) budget bounds

METHOD_CHECKS = {  # str (and bytes) methods whose result can be much longer than their inputs
    "center": _check_padding, "ljust": _check_padding, "rjust": _check_padding, "zfill": _check_padding,
    "replace": _check_replace, "join": _check_join, "translate": _check_translate,
    "expandtabs": _check_expandtabs,
}


# ---------------------------------------------------------------- filters
def _filter_indent(limit, value, args, kwargs):
    width = args[0] if args else kwargs.get("width", 4)
    width = len(width) if isinstance(width, str) else width
    if isinstance(width, int) and isinstance(value, str) and (value.count("\n") + 1) * width > limit:
        raise LimitExceeded(over(limit, "an indented text"))


def _filter_counts(limit, value, args, kwargs):
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and arg > MAX_ITEMS:
            raise LimitExceeded(f"a count of {arg:,} is over the limit of {MAX_ITEMS:,}")


def _filter_items(limit, value, args, kwargs):
    """For the filters that make a list of their value's items (``sort``, ``unique``, ``map`` ...)."""
    if hasattr(value, "__len__") and len(value) > MAX_ITEMS:
        raise LimitExceeded(f"a collection of {len(value):,} items is over the limit of {MAX_ITEMS:,}")


def _filter_groups(limit, value, args, kwargs):
    """``batch`` and ``slice``: the items, and the number of groups or of items in one."""
    _filter_items(limit, value, args, kwargs)
    _filter_counts(limit, value, args, kwargs)


_WRAP_BREAKS = " \t\n\x0b\x0c\r-\x1c\x1d\x1e\x85\u2028\u2029"  # where textwrap or splitlines may end a line


def _filter_wordwrap(limit, value, args, kwargs):
    """The lines of a wrapped text: at most one per ``width`` characters, plus one per space,
    hyphen or line end (where a line may end early); each ends with ``wrapstring``."""
    width, _, wrapstring = arguments(args, kwargs, width=79, break_long_words=True, wrapstring=None)
    if not isinstance(value, str) or not isinstance(width, int) or width < 1:
        return
    breaks = sum(map(value.count, _WRAP_BREAKS))
    lines = min(len(value), len(value) // width + breaks) + 1
    size = len(value) + lines * len(wrapstring if isinstance(wrapstring, str) else "\n")
    if size > limit:
        raise LimitExceeded(over(limit, f"a wrapped text of up to {size:,} characters"))


def _filter_tojson(limit, value, args, kwargs):
    """JSON with an ``indent``: each item on a line of its own, indented by its depth."""
    indent = args[0] if args else kwargs.get("indent")
    width = len(indent) if isinstance(indent, str) else indent
    if not isinstance(width, int) or isinstance(width, bool) or width <= 0:
        return
    total, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        total += width * depth + 2  # its line: indentation, line end, separator
        if total > limit:
            raise LimitExceeded(over(limit, f"JSON indented by {width:,}"))
        if isinstance(item, CONTAINERS):
            total += width * depth + 1  # its closing bracket's line
            children = item.values() if isinstance(item, (dict, MappingProxyType)) else item
            stack.extend((child, depth + 1) for child in children)


def _filter_format(limit, value, args, kwargs):
    check_percent_format(limit, str(value), tuple(kwargs.values()) or tuple(args))


def _filter_replace(limit, value, args, kwargs):
    _check_replace(limit, str(value), args, kwargs)


FILTER_CHECKS = {
    "center": lambda limit, value, args, kwargs: _check_padding(limit, value, args, kwargs),
    "indent": _filter_indent, "batch": _filter_groups, "slice": _filter_groups,
    "format": _filter_format, "replace": _filter_replace, "wordwrap": _filter_wordwrap, "tojson": _filter_tojson,
    **dict.fromkeys(["sort", "unique", "map", "select", "reject", "selectattr", "rejectattr", "groupby",
                     "dictsort", "list"], _filter_items),
}
