"""The cache of ``briefpack check``: per-file results, keyed by file content.

A source file's entry is reused when the file's bytes are unchanged; an
excerpts file's entry when its bytes, the vocabulary's bytes, the bytes of every
source it refers to (or the absence of one it named) and the code are
unchanged. Anything that could change a finding is in the key, so a stale
cache cannot hide an error.

Stored in ``<root>/.briefpack-cache/library/``, one file per library file and content (named
by a hash of its path and bytes), so that a check reads only the entries of the files it
finds and writes only those of files that changed: sealed (``cache_files``: the code's key,
a hash of the data) and ``marshal``-ed plain lists, strings and numbers, fast to read, and
unlike pickle it cannot run code when read; an entry that is not what this module writes is
not used. Records are positional, in the order of the data classes' fields (the code key
changes whenever a class does).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import marshal
from pathlib import Path

from .. import __version__
from ..cache_files import read_sealed, write_sealed
from ..errors import Problem
from .files import content_hash
from .model import Excerpt, Figure, Source

CACHE_DIR = ".briefpack-cache"
CACHE_FOLDER = "library"
OLD_CACHE_FILE = "library.marshal"
CACHE_FORMAT = 5
MAGIC = b"briefpack check 5\n"
MOST_BYTES = 256 * 1024 * 1024  # the most an entry may hold (a file's findings)
SOURCE, EXCERPTS = "source", "excerpts"  # the kinds of entry
# the modules whose code can change a finding, by name (wherever their files are)
CODE = (
    "briefpack.library.check",
    "briefpack.library.check_cache",
    "briefpack.library.load",
    "briefpack.library.events",
    "briefpack.library.files",
    "briefpack.library.textfiles",
    "briefpack.library.vocabulary",
    "briefpack.library.yamlfields",
    "briefpack.library.matching",
    "briefpack.library.naming",
    "briefpack.library.model",
    "briefpack.conventions.tlp",
    "briefpack.conventions.admiralty",
    "briefpack.conventions.links",
    "briefpack.conventions.judgment_rules",
    "briefpack.conventions.kinds",
    "briefpack.errors",
)
ALL_IDS = "\0ids"  # a dependency on the set of source ids (for a did-you-mean)

_SOURCE_FIELDS = [f.name for f in dataclasses.fields(Source)]
_EXCERPT_FIELDS = [f.name for f in dataclasses.fields(Excerpt)]
_FIGURE_FIELDS = [f.name for f in dataclasses.fields(Figure)]
_NOT_STORED = {"path": None, "paragraphs": []}  # set again on reading (paragraphs from the file)


def ids_key(source_hash: dict[str, str]) -> str:
    return content_hash("\n".join(sorted(source_hash)).encode())


def code_key() -> str:
    digest = hashlib.blake2b(f"{__version__}/{CACHE_FORMAT}".encode(), digest_size=16)
    for name in CODE:
        digest.update(Path(importlib.util.find_spec(name).origin).read_bytes())
    return digest.hexdigest()


def records_of_excerpts(excerpts: list[Excerpt] | None) -> list | None:
    if excerpts is None:
        return None
    records = []
    figures_at = _EXCERPT_FIELDS.index("figures")
    for excerpt in excerpts:
        record = [_NOT_STORED.get(name, getattr(excerpt, name)) for name in _EXCERPT_FIELDS]
        record[figures_at] = [[getattr(f, n) for n in _FIGURE_FIELDS] for f in excerpt.figures]
        records.append(record)
    return records


def excerpts_from_records(records: list | None, path: Path) -> list[Excerpt] | None:
    if records is None:
        return None
    excerpts = [Excerpt(*record) for record in records]
    for excerpt in excerpts:
        excerpt.path = path
        excerpt.tags = list(excerpt.tags)
        if excerpt.figures:
            excerpt.figures = [Figure(*f) for f in excerpt.figures]
    return excerpts


def problem_records(problems: list[Problem]) -> list:
    return [[p.line, p.message, p.severity] for p in problems]


def problems_from_records(rel: str, records: list) -> list[Problem]:
    return [Problem(rel, line, message, severity) for line, message, severity in records]


class CheckCache:
    """The entries of one check: each read when the check asks for its file, the new ones
    written (and those no file has any more removed) by :meth:`save`."""

    def __init__(self, root: Path, enabled: bool):
        self.folder = root / CACHE_DIR / CACHE_FOLDER
        self.enabled = enabled
        self.code_key = code_key()
        self._code = bytes.fromhex(self.code_key)
        self.used: set[str] = set()  # the entries this check read, or wrote
        self.new: dict[str, tuple] = {}

    def _entry(self, kind: str, rel: str, digest: str):
        """(name, value) of the entry of the file ``rel`` whose bytes hash to ``digest``: its value
        None unless it holds that file's findings (the rest of its key is the caller's to check)."""
        name = _entry_name(kind, rel, digest)
        if not self.enabled:
            return name, None
        value = read_sealed(self.folder / name, MAGIC, self._code, MOST_BYTES)
        if not (isinstance(value, tuple) and len(value) == (4 if kind == SOURCE else 7) and value[:2] == (rel, digest)):
            return name, None
        return name, value

    def source(self, rel: str, digest: str):
        """(source or None, problems) from the cache, or (None, None) if not cached."""
        name, entry = self._entry(SOURCE, rel, digest)
        if entry is None:
            return None, None
        self.used.add(name)
        source = None
        if entry[2] is not None:
            source = Source(*entry[2])
            source.non_body = set(source.non_body)
            source.author = list(source.author)
        return source, problems_from_records(rel, entry[3])

    def put_source(self, rel: str, digest: str, source: Source | None, problems: list[Problem]):
        record = None
        if source is not None:
            record = [_NOT_STORED.get(name, getattr(source, name)) for name in _SOURCE_FIELDS]
            record[_SOURCE_FIELDS.index("non_body")] = sorted(source.non_body)
        self._put(SOURCE, rel, (rel, digest, record, problem_records(problems)))

    def excerpts(self, rel: str, digest: str, context: str, source_hash: dict[str, str]):
        """(excerpt records or None, problem records, what they depend on, the records' keys or
        None) from the cache, or None if not cached."""
        name, entry = self._entry(EXCERPTS, rel, digest)
        if (
            entry is None
            or entry[2] != context
            or type(entry[3]) is not dict
            or any(
                (ids_key(source_hash) if sid == ALL_IDS else source_hash.get(sid)) != h
                for sid, h in entry[3].items()
            )
        ):
            return None
        self.used.add(name)
        keys = entry[6]
        if not (type(keys) is list and type(entry[4]) is list and len(keys) == len(entry[4])
                and all(type(key) is bytes and len(key) == 16 for key in keys)):
            keys = None
        return entry[4], entry[5], entry[3], keys

    def put_excerpts(self, rel, digest, context, deps, records, problems, keys=None):
        self._put(EXCERPTS, rel, (rel, digest, context, deps, records, problems, keys))

    def _put(self, kind: str, rel: str, value: tuple) -> None:
        name = _entry_name(kind, rel, value[1])
        self.used.add(name)
        self.new[name] = value

    def save(self):
        """Write the new entries; when there were any, remove those this check did not use (of
        files changed or gone). A cache that cannot be written only costs time."""
        if not self.enabled or not self.new:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, value in self.new.items():
                write_sealed(self.folder / name, MAGIC, self._code, marshal.dumps(value))
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink()
            (self.folder.parent / OLD_CACHE_FILE).unlink(missing_ok=True)  # one file of an earlier version
        except (OSError, ValueError):
            pass


def _entry_name(kind: str, rel: str, digest: str) -> str:
    """The file of the entry of the library file ``rel`` whose bytes hash to ``digest``."""
    key = hashlib.sha256(rel.encode("utf-8", "surrogateescape") + b"\0" + digest.encode())
    return f"{kind}-{key.hexdigest()[:32]}"
