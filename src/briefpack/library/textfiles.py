"""What text is: one rule for every file briefpack reads or imports.

A file is text in UTF-8 (a byte-order mark allowed) or in UTF-16 with its
byte-order mark, as Notepad saves it; an importer may also read a web page in
the encoding it declares, when that names a real text encoding (``zlib``,
``base64``, ``rot13`` and the like are codecs, not encodings). Whatever the
encoding, the characters must be text: no control characters but tab and line
ends (C0, DEL and C1 alike), no lone surrogates, no U+FFFE or U+FFFF. No
document can print them (XML refuses them), and a source holding one must not
shift the paragraph numbers citations give.
"""

from __future__ import annotations

import codecs
import re

NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The bytes of UTF-8 text that may begin such a character: control bytes and DEL (every
# other byte is deleted by translate); C1 characters and U+FFFE, U+FFFF start with these.
_OTHER_BYTES = bytes(b for b in range(256) if not (b < 0x20 and b not in b"\t\n\r" or b == 0x7f))
_MAYBE = (b"\xc2", b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_NAMES = {"\0": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x08": "backspace",
          "\x7f": "delete", "\x85": "next line"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def not_text_message(char: str) -> str:
    """What an error says of a character matched by NOT_TEXT."""
    code = ord(char)
    name = _NAMES.get(char, "a control character" if code < 0x20 or 0x7f <= code <= 0x9f else "not a character")
    return f"U+{code:04X} ({name}) is not text: remove it"


def not_text_line(text: str, start_line: int = 1) -> tuple[int, str] | None:
    """(line, message) of the first character of ``text`` that is not text, or None."""
    found = NOT_TEXT.search(text)
    if found is None:
        return None
    return start_line + text.count("\n", 0, found.start()), not_text_message(found.group())


def drop_not_text(text: str) -> tuple[str, int]:
    """``text`` without the characters that are not text, and how many there were."""
    return NOT_TEXT.subn("", text)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark states (the codec drops the mark), or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def text_encoding(name: str) -> str | None:
    """The codec of a declared encoding name when it is a text encoding, else None."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_text(data: bytes) -> tuple[str | None, str, int]:
    """(text, encoding, 0) of a file by the rule above: its byte-order mark, else UTF-8;
    (None, why, offset of the first byte that is not) when it is neither. Line ends are
    not changed."""
    encoding = bom_encoding(data) or "utf-8"
    try:
        return data.decode(encoding), encoding, 0
    except UnicodeDecodeError as exc:
        shown = "UTF-8" if encoding.startswith("utf-8") else "UTF-16"
        return None, f"not {shown}: byte 0x{data[exc.start]:02x} cannot be decoded", exc.start


def surely_text(data: bytes) -> bool:
    """True when UTF-8 bytes cannot hold a character that is not text (a fast test:
    False means look at the decoded text)."""
    return not data.translate(None, _OTHER_BYTES) and not any(m in data for m in _MAYBE)
