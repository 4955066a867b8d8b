"""The cache of ``briefpack check``: per-file results, keyed by file content.

A source file's entry is reused when the file's bytes are unchanged; an
excerpts file's entry when its bytes, the vocabulary's bytes, the bytes of every
source it refers to (or the absence of one it named) and the code are
unchanged. Anything that could change a finding is in the key, so a stale
cache cannot hide an error.

Stored in ``<root>/.briefpack-cache/library.marshal`` with ``marshal``: plain
lists, strings and numbers, fast to read, and unlike pickle it cannot run code
when read. Records are positional, in the order of the data classes' fields
(the code key changes whenever a class does). Each file's entry is kept marshalled
on its own, so that saving after a few files changed writes the others' bytes as
they were read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import marshal
import os
from pathlib import Path

from .. import __version__
from ..errors import Problem
from .model import Excerpt, Figure, Source

CACHE_DIR = ".briefpack-cache"
CACHE_FILE = "library.marshal"
CACHE_FORMAT = 5
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


def content_hash(data: bytes) -> str:
    """The hash a file's entry is keyed by: its SHA-256, as the build's fingerprints take it
    (a build hands the check the bytes it hashed, with their hash: see ``check_library``)."""
    return hashlib.sha256(data).hexdigest()


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
    def __init__(self, root: Path, enabled: bool):
        self.path = root / CACHE_DIR / CACHE_FILE
        self.enabled = enabled
        self.code_key = code_key()
        self.old_sources, self.old_excerpts = {}, {}
        self.new_sources, self.new_excerpts = {}, {}
        self.changed = False
        if enabled:
            try:
                stored = marshal.loads(self.path.read_bytes())
                if stored.get("key") == self.code_key:
                    self.old_sources = stored["sources"]
                    self.old_excerpts = stored["excerpts"]
            except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
                pass

    def source(self, rel: str, digest: str):
        """(source or None, problems) from the cache, or (None, None) if not cached."""
        kept = self.old_sources.get(rel)
        entry = _entry(kept)
        if entry is None or entry[0] != digest:
            self.changed = True
            return None, None
        self.new_sources[rel] = kept
        source = None
        if entry[1] is not None:
            source = Source(*entry[1])
            source.non_body = set(source.non_body)
            source.author = list(source.author)
        return source, problems_from_records(rel, entry[2])

    def put_source(self, rel: str, digest: str, source: Source | None, problems: list[Problem]):
        record = None
        if source is not None:
            record = [_NOT_STORED.get(name, getattr(source, name)) for name in _SOURCE_FIELDS]
            record[_SOURCE_FIELDS.index("non_body")] = sorted(source.non_body)
        self.new_sources[rel] = (digest, record, problem_records(problems))

    def excerpts(self, rel: str, digest: str, context: str, source_hash: dict[str, str]):
        """(excerpt records or None, problem records, what they depend on, the records' keys or
        None) from the cache, or None if not cached."""
        kept = self.old_excerpts.get(rel)
        entry = _entry(kept)
        if (
            entry is None
            or entry[0] != digest
            or entry[1] != context
            or any(
                (ids_key(source_hash) if sid == ALL_IDS else source_hash.get(sid)) != h
                for sid, h in entry[2].items()
            )
        ):
            self.changed = True
            return None
        self.new_excerpts[rel] = kept
        keys = entry[5] if len(entry) > 5 else None
        if not (type(keys) is list and type(entry[3]) is list and len(keys) == len(entry[3])
                and all(type(key) is bytes and len(key) == 16 for key in keys)):
            keys = None
        return entry[3], entry[4], entry[2], keys

    def put_excerpts(self, rel, digest, context, deps, records, problems, keys=None):
        self.new_excerpts[rel] = (digest, context, deps, records, problems, keys)

    def save(self):
        if not self.enabled:
            return
        if not self.changed and len(self.new_sources) == len(self.old_sources) and len(
            self.new_excerpts
        ) == len(self.old_excerpts):
            return
        temporary = self.path.with_name(f"{CACHE_FILE}.{os.getpid()}.tmp")
        try:
            stored = {"key": self.code_key, "sources": _kept(self.new_sources), "excerpts": _kept(self.new_excerpts)}
            self.path.parent.mkdir(exist_ok=True)
            temporary.write_bytes(marshal.dumps(stored))
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs time
        finally:
            try:
                temporary.unlink(missing_ok=True)  # a full disk leaves no part-written cache behind
            except OSError:
                pass


def _kept(entries: dict) -> dict:
    """Each file's entry marshalled (as it was read, when reused)."""
    return {rel: entry if type(entry) is bytes else marshal.dumps(entry) for rel, entry in entries.items()}


def _entry(kept):
    """A file's entry as kept (its marshalled bytes), read; None when there is none or it is not one."""
    if type(kept) is not bytes:
        return None
    try:
        return marshal.loads(kept)
    except (ValueError, EOFError, TypeError):
        return None
