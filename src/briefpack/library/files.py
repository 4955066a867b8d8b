"""The files of the library: which there are, their bytes and their text.

Problems (a file that cannot be read, or is not text: see ``textfiles``) are collected with the
file's path relative to the workspace root, never raised.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import Problem
from .textfiles import NOT_TEXT, decode_text, not_text_line, not_text_message, surely_text  # noqa: F401

SOURCES_DIR = Path("seeds/sources")
EXCERPTS_DIR = Path("seeds/excerpts")
SOURCE_SUFFIXES = (".txt",)  # a source file of the library (importers turn other files into one)
EXCERPT_SUFFIXES = (".yaml", ".yml")


def content_hash(data: bytes) -> str:
    """A library file's hash, by which its check is kept (``check_cache``): its SHA-256. A build's
    fingerprints take it of the bytes they read, and hand both to the check (``check_library``)."""
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None with a problem when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, f"cannot read: {exc.strerror or exc}"))
        return None


def decode(data: bytes, rel: str, problems: list[Problem]) -> str | None:
    """The file's text (see ``textfiles``: UTF-8, or UTF-16 with its byte-order mark; the mark
    dropped, newlines normalised), or None with a problem when it is not text."""
    text, how, offset = decode_text(data)
    if text is None:
        problems.append(Problem(rel, data.count(b"\n", 0, offset) + 1, how))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if how.startswith("utf-8") and surely_text(data):
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
