"""The files of the library: which there are, their bytes and their text.

Problems (a file that cannot be read, or is not UTF-8) are collected with the
file's path relative to the workspace root, never raised.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import Problem

# Characters that are not text: control characters but tab and line ends, lone
# surrogates, U+FFFE and U+FFFF. No document can print them (XML refuses them), and
# a source holding one must not shift the paragraph numbers citations give.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# In a file written by hand in YAML (a brief), DEL and the C1 controls are not text either:
# YAML refuses them (and reads U+0085 as a line end), and no one types them.
NOT_YAML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The bytes of UTF-8 text that can only be such characters: control bytes (every other byte
# is deleted by translate), and U+FFFE, U+FFFF encoded. A fast test before the exact one.
_OTHER_BYTES = bytes(b for b in range(256) if not (b < 0x20 and b not in b"\t\n\r"))
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_NAMES = {"\0": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x08": "backspace",
          "\x7f": "delete"}


def not_text_message(char: str) -> str:
    """What an error says of a character matched by NOT_TEXT."""
    control = ord(char) < 0x20 or 0x7f <= ord(char) <= 0x9f
    name = _NAMES.get(char, "a control character" if control else "not a character")
    return f"U+{ord(char):04X} ({name}) is not text: remove it"


def not_text_line(text: str, start_line: int = 1, pattern: re.Pattern = NOT_TEXT) -> tuple[int, str] | None:
    """(line, message) of the first character of ``text`` that is not text (``pattern``), or None."""
    found = pattern.search(text)
    if found is None:
        return None
    return start_line + text.count("\n", 0, found.start()), not_text_message(found.group())


def read_bytes(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None with a problem when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, f"cannot read: {exc.strerror or exc}"))
        return None


def decode(data: bytes, rel: str, problems: list[Problem]) -> str | None:
    """The file's text (BOM dropped, newlines normalised), or None with a problem if not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(rel, line, f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded")
        )
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not data.translate(None, _OTHER_BYTES) and not any(n in data for n in _NONCHARACTERS):
        return text
    bad = not_text_line(text)
    if bad is not None:
        problems.append(Problem(rel, *bad))
        return None
    return text


def files_under(root: Path, folder: Path, suffixes: tuple[str, ...]) -> list[tuple[Path, str]]:
    """(path, path relative to root) of files with one of the suffixes under root/folder,
    recursively, sorted, hidden files and folders skipped."""
    found = []
    top = os.path.join(root, folder)
    for current, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_dir = os.path.relpath(current, root).replace(os.sep, "/")
        for name in files:
            if not name.startswith(".") and name.endswith(suffixes):
                found.append((f"{rel_dir}/{name}", current, name))
    found.sort()
    return [(Path(current, name), rel) for rel, current, name in found]
