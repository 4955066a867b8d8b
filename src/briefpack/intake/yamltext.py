"""Writing YAML by hand, value by value, so that what is written reads back as the same text."""

from __future__ import annotations

import json
import re
import textwrap

# Plain scalars that read back as the same text: no indicator first, no ': ' or ' #',
# no trailing space, not a null word (the library reads every other plain scalar as text).
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")
_NULLS = {"", "~", "null", "Null", "NULL"}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def scalar(text: str, flow: bool = False) -> str:
    """``text`` as a YAML scalar on one line: plain where safe, else double-quoted.
    ``flow``: for use inside ``[...]`` or ``{...}``, where ``,[]{}`` end a plain scalar."""
    text = str(text)
    if flow and re.search(r"[,\[\]{}]", text):
        return quoted(text)
    if (_PLAIN.fullmatch(text) and ": " not in text and " #" not in text and not text.endswith((" ", ":"))
            and text not in _NULLS and not _UNSAFE.search(text) and not re.fullmatch(r"[\d.-]+", text)):
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's), line separators escaped too."""
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85") \
        .replace("\ufeff", "\\ufeff")


def folded(key: str, text: str, indent: str = "  ", width: int = 96) -> list[str]:
    """``key: >-`` and the text folded into lines; white space runs become one space.

    A text a folded block cannot hold as it is (control characters) is written double-quoted."""
    flat = " ".join(text.split())
    if _UNSAFE.search(flat) or not flat:
        return [f"{key}: {quoted(flat)}"]
    lines = textwrap.wrap(flat, width - len(indent), break_long_words=False, break_on_hyphens=False)
    return [f"{key}: >-", *(indent + line for line in lines)]


def flow_list(items) -> str:
    return "[" + ", ".join(scalar(i, flow=True) for i in items) + "]"
