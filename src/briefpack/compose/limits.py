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
    if not isinstance(count, int) or not isinstance(sequence, (str, list, tuple)):
        return
    if isinstance(sequence, str):
        size, cap = len(sequence) * count, limit
    else:
        size, cap = len(sequence) * count, MAX_ITEMS
    if size > cap:
        raise LimitExceeded(f"a repetition of {size:,} {'characters' if cap == limit else 'items'} "
                            f"is over the limit of {cap:,}")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _check_widths(limit: int, widths, args) -> None:
    for width in widths:
        if width and width != "*" and int(width) > limit:
            raise LimitExceeded(f"a format width of {int(width):,} is over the limit of {limit:,} characters")
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > limit and "*" in widths:
            raise LimitExceeded(f"a format width of {arg:,} is over the limit of {limit:,} characters")


def check_percent_format(limit: int, template: str, values) -> None:
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
    _check_widths(limit, widths, tuple(args) + tuple(kwargs.values()))


def _check_padding(limit: int, text: str, args, kwargs) -> None:
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and arg > limit:
            raise LimitExceeded(f"a width of {arg:,} is over the limit of {limit:,} characters")


def _check_replace(limit: int, text: str, args, kwargs) -> None:
    old, new = (list(args) + [kwargs.get("old"), kwargs.get("new")])[:2]
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        count = text.count(old) if old else len(text) + 1
        size = len(text) + count * (len(new) - len(old))
        if size > limit:
            raise LimitExceeded(over(limit, f"a replacement of {size:,} characters"))


def _check_join(limit: int, separator: str, args, kwargs) -> None:
    items = args[0] if args else kwargs.get("iterable", ())
    if isinstance(items, (list, tuple)):
        size = sum(len(i) for i in items if isinstance(i, str)) + len(separator) * max(len(items) - 1, 0)
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

METHOD_CHECKS = {  # str methods whose result can be much longer than their inputs
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


def _filter_format(limit, value, args, kwargs):
    check_percent_format(limit, str(value), tuple(kwargs.values()) or tuple(args))


def _filter_replace(limit, value, args, kwargs):
    _check_replace(limit, str(value), args, kwargs)


FILTER_CHECKS = {
    "center": lambda limit, value, args, kwargs: _check_padding(limit, value, args, kwargs),
    "indent": _filter_indent, "batch": _filter_counts, "slice": _filter_counts,
    "format": _filter_format, "replace": _filter_replace,
}
