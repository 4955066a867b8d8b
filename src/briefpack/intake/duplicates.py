"""Whether a file being added is in the library already: the same file captured (the SHA-256 of
``seeds/captures/*``), or the same text under another file (the hash of the text with its white
space, Unicode forms and letter case evened out, against every source's body)."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from ..errors import BriefpackError
from ..library.load import source_files
from .source_file import CAPTURES

_CHUNK = 1 << 20


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise BriefpackError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return digest.hexdigest()


def text_hash(text: str) -> str:
    """The hash of ``text`` as words: white space, Unicode normal form and case evened out."""
    words = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def captured_as(root: Path, path: Path) -> str | None:
    """The id of the source whose capture is the same file as ``path``, or None."""
    folder = root / CAPTURES
    if not folder.is_dir():
        return None
    size = path.stat().st_size
    wanted = None
    for capture in sorted(folder.iterdir()):
        if capture.is_file() and not capture.name.startswith(".") and capture.stat().st_size == size:
            wanted = wanted or file_hash(path)
            if file_hash(capture) == wanted:
                return capture.stem
    return None


def text_held_by(root: Path, paragraphs: list[str]) -> str | None:
    """The id of the source whose text is ``paragraphs``' (as words), or None."""
    wanted = text_hash("\n".join(paragraphs))
    for path, _ in source_files(root):
        try:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            continue
        if text_hash(_body(text)) == wanted:
            return path.stem
    return None


def _body(text: str) -> str:
    """A source file's text after its front matter."""
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end == -1:
        return text
    newline = text.find("\n", end + 4)
    return "" if newline == -1 else text[newline + 1:]
