"""Files of the workspace's cache (``.briefpack-cache/``), for every stage that keeps one.

A file is written whole or not at all (a temporary renamed into place). A sealed file opens
with a header: the format's magic line, the 16-byte key of the code that wrote it, and a
hash of its data (the first 16 bytes of its SHA-256: with the processor's SHA instructions,
twice as fast as BLAKE2b on the megabytes a rebuild reads); it is read as untrusted input:
anything but a header that matches, a hash that holds and data within the bound reads as
nothing, and the caller makes the thing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path

from .errors import relative_path


def folder_name(name: str, place: Path, root: Path) -> str:
    """``name`` and a short hash of where ``place`` stands (in the workspace ``root``: its path
    there, else its absolute path): one cache folder for each such place."""
    where = relative_path(Path(place).resolve(), Path(root).resolve())
    return f"{name}-{hashlib.blake2b(where.encode(), digest_size=6).hexdigest()}"


def write_whole(path: Path, data: bytes) -> None:
    """``data`` as the file ``path``, in one rename (raises OSError)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_sealed(path: Path, magic: bytes, code: bytes, data: bytes) -> None:
    """``data`` behind the header of ``magic`` and ``code`` (raises OSError)."""
    write_whole(path, magic + code + _hash(data) + data)


def _hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()[:16]


def read_sealed(path: Path, magic: bytes, code: bytes, most: int):
    """The value marshalled in the sealed file ``path``, or None: no such file, another
    format or code, a hash that does not hold, more than ``most`` bytes of data."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(magic) + 32)
            if head[:len(magic)] != magic or head[len(magic):len(magic) + 16] != code:
                return None
            data = fh.read(most + 1)
        if len(data) > most or _hash(data) != head[len(magic) + 16:]:
            return None
        return marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None
