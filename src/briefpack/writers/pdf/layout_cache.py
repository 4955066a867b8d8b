"""The folder where the PDF writer keeps, from one build of an output to the next, the
parts it laid out and the page streams it encoded.

The pipeline gives each output a folder of its own (see ``pipeline.writing``). A
part is one file named by its place and its key (:mod:`.parts`: everything its pages
depend on, the writer's code and reportlab's version included; a part laid out again
looks for the one an earlier build kept in its place, :mod:`.boundaries`), the page
streams one more file. Files hold plain data only, lists, strings and numbers, written with
``marshal`` (uncompressed: read and written faster), and are read as untrusted input: a file the writer did
not write as it is now (another version, a file cut short or changed, data of the
wrong shape) is ignored and the part laid out, never run; what is read is bounded.
Each file is written to a temporary file and renamed into place; after a build
the folder keeps only the files that build used or wrote. A folder that cannot be
read or written costs the reuse, never the build.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
import zlib
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION, rl_config
from reportlab.pdfbase.pdfdoc import PDFZCompress

from ... import __version__
from ...cache_files import read_sealed, write_sealed
from .objects import deflate

MAGIC = b"briefpack layout 1\n"
MOST_BYTES = 256 * 1024 * 1024  # the most a file may hold
STREAMS = "streams"
PART = ".part"
_WRITERS = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=None)
def code_key() -> bytes:
    """briefpack's and reportlab's versions and the writers' code: what lays a part out."""
    digest = hashlib.blake2b(f"{__version__}/{REPORTLAB_VERSION}/{sys.version_info[:2]}/"
                             f"{zlib.ZLIB_RUNTIME_VERSION}/{rl_config.useA85}".encode(), digest_size=16)
    for path in sorted(_WRITERS.rglob("*.py")):
        digest.update(path.relative_to(_WRITERS).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


class LayoutFolder:
    """One output's folder: ``part(key)`` a part laid out before (or None), ``keep(key, pages)``
    one laid out now, ``streams`` the page streams' encodings, ``save()`` at the end."""

    def __init__(self, folder: Path, reuse: bool):
        self.folder, self.reuse = Path(folder), reuse
        self.used: set[str] = set()
        self.new: set[str] = set()
        known = self._read(STREAMS) if reuse else None
        self.streams = StreamMemo(known if _valid_streams(known) else {})

    def part(self, key: str):
        if not self.reuse:
            return None
        entry = self._read(key + PART)
        if entry is not None:
            self.used.add(key)
        return entry

    def previous(self, slot: str, key: str):
        """The entry an earlier build kept for the part at ``slot`` (its key's start), if one
        (another than ``key``'s, which is read as a part's own)."""
        if not self.reuse:
            return None
        try:
            names = [p.name for p in self.folder.glob(f"{slot}-*{PART}") if p.name != key + PART]
        except OSError:
            return None
        return self._read(names[0]) if len(names) == 1 else None

    def keep(self, key: str, entry) -> None:
        """Write ``entry`` now (the part's pages are not held until the end of the build)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(key + PART, entry)
            self.new.add(key)
        except (OSError, ValueError):
            return

    def _read(self, name: str):
        return read_sealed(self.folder / name, MAGIC, code_key(), MOST_BYTES)

    def save(self) -> None:
        """Write the streams encoded; remove what this build did not use."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(STREAMS, self.streams.used)
            keep = {key + PART for key in self.used | self.new} | {STREAMS}
            for path in self.folder.iterdir():
                if path.name not in keep and path.is_file():
                    path.unlink()
        except (OSError, ValueError):
            return

    def _write(self, name: str, value) -> None:
        write_sealed(self.folder / name, MAGIC, code_key(), marshal.dumps(value))


def _valid_streams(known) -> bool:
    return isinstance(known, dict) and all(
        isinstance(k, bytes) and isinstance(v, (bytes, str)) for k, v in known.items())


# ---------------------------------------------------------------- page streams
class StreamMemo:
    """Page streams compressed once for the same content: ``known`` from the last build,
    ``used`` by this one, by the content's digest."""

    def __init__(self, known: dict):
        self.known, self.used = known, {}

    def encode_page(self, page) -> None:
        """The page just ended: its content compressed now (:func:`.objects.deflate`), once for
        the same content over builds, and let go."""
        deflate(page, self._encode)

    def _encode(self, stream: str) -> bytes:
        data = stream.encode("utf8")
        key = hashlib.sha256(data).digest()[:16]  # (in hardware: twice BLAKE2b's speed over megabytes)
        out = self.known.get(key)
        if out is None:
            out = PDFZCompress.encode(data)
        self.used[key] = out
        return out
