"""Text from the library shown safely: control characters escaped, never sent raw.

A quote, a title or a tag may hold an ESC (and so a terminal escape sequence),
a carriage return, a backspace or a bidirectional override that would change
what the listing shows. Listings and messages pass such text through
:func:`visible`: each of those characters is written as its Python escape
(``\\x1b``, ``\\r``, ``\\u202e``), so that what is shown is what the file holds.
"""

from __future__ import annotations

import functools
import re

# C0 and C1 controls, DEL, and the invisible characters that reorder or hide text.
_CONTROL = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


@functools.lru_cache(maxsize=None)
def _any_of(chars: str) -> re.Pattern:
    """A pattern matching one of ``chars``, compiled when first needed (a quiet build prints nothing)."""
    return re.compile(f"[{chars}]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written as an escape (one line of output)."""
    control = _any_of(_CONTROL)
    return control.sub(_escape, text) if control.search(text) else text


def visible_lines(text: str) -> str:
    """Like :func:`visible`, but line breaks kept (a multi-line message)."""
    return "\n".join(visible(line) for line in text.split("\n"))


_JSON_UNSAFE = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"


def visible_json(text: str) -> str:
    """JSON text with the characters JSON leaves raw but a terminal acts on (DEL, C1 controls,
    bidirectional controls, line separators) written as ``\\uXXXX``: the same JSON value."""
    return _any_of(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
