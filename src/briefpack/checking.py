"""Checking the source library, with a cache keyed by file content.

The check loads every file (see ``loading``) and verifies, besides the format
of each record: every quote occurs in its source (and sets the excerpt's
``locator``), every source id and tag an excerpt uses exists, ids are unique,
and every source is used.

The cache (``<root>/.briefpack-cache/library.json``) keeps, per file, what
loading and checking it produced. A source file's entry is reused when the
file's bytes are unchanged; an excerpts file's entry when its bytes, the
vocabulary's bytes, the bytes of every source it refers to (or the absence of
one it named) and the code are unchanged. Anything that could change a
finding is in the key, so a stale cache cannot hide an error. Checks across
files (duplicate ids, unused sources) run every time.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .errors import LibraryError, Problem, format_location
from .library import Excerpt, Figure, Library, Source
from .loading import (
    EXCERPTS_DIR,
    SOURCES_DIR,
    VOCABULARY_FILE,
    add_excerpts,
    add_source,
    files_under,
    load_vocabulary,
    parse_excerpt_file,
    parse_source,
    relative,
)
from .matching import SourceText
from .naming import TagNames, did_you_mean

CACHE_DIR = ".briefpack-cache"
CACHE_FILE = "library.json"
CACHE_FORMAT = 1
_CODE = ("checking.py", "loading.py", "yamlfields.py", "matching.py", "naming.py", "library.py",
         "marking.py")  # fmt: skip


def check_library(root: Path, *, use_cache: bool = True) -> tuple[Library, list[Problem]]:
    """Load the library and check it; every excerpt whose quote was found gets its locator."""
    root = Path(root)
    with _gc_paused():
        cache = _Cache(root, use_cache)
        problems: list[Problem] = []

        sources: dict[str, Source] = {}
        source_hash: dict[str, str] = {}
        for path in files_under(root / SOURCES_DIR, (".txt",)):
            rel = relative(path, root)
            data = path.read_bytes()
            digest = _hash(data)
            source, found = cache.source(rel, digest)
            if found is None:
                source, found = parse_source(path, rel, data)
                cache.put_source(rel, digest, source, found)
            elif source is not None:
                source.path = path
            problems.extend(found)
            if source is not None:
                if source.id not in sources:
                    source_hash[source.id] = digest
                add_source(sources, source, rel, problems, root)

        vocabulary_path = root / VOCABULARY_FILE
        vocabulary, found = load_vocabulary(vocabulary_path, VOCABULARY_FILE.as_posix())
        problems.extend(found)
        vocabulary_bytes = vocabulary_path.read_bytes() if vocabulary_path.is_file() else b""
        context = _hash(cache.code_key.encode() + vocabulary_bytes)

        checker = _Checker(sources, TagNames(vocabulary))
        excerpts: dict[str, Excerpt] = {}
        unreadable = False  # an excerpts file could not be read: which sources are used is unknown
        for path in files_under(root / EXCERPTS_DIR, (".yaml", ".yml")):
            rel = relative(path, root)
            data = path.read_bytes()
            digest = _hash(data)
            found_excerpts, found = cache.excerpts(rel, digest, context, source_hash)
            if found is None:
                found_excerpts, found = parse_excerpt_file(path, rel, data, sources, checker)
                deps = {e.source: source_hash.get(e.source) for e in found_excerpts or ()}
                if None in deps.values():  # the did-you-mean of an unknown source uses every id
                    deps[_ALL_IDS] = _ids_key(source_hash)
                cache.put_excerpts(rel, digest, context, deps, found_excerpts, found)
            else:
                for excerpt in found_excerpts or ():
                    excerpt.path = path
            problems.extend(found)
            unreadable = unreadable or found_excerpts is None
            add_excerpts(excerpts, found_excerpts or [], rel, problems, root)

        used = {e.source for e in excerpts.values()}
        for source in sources.values() if not unreadable else ():
            if source.id not in used:
                problems.append(Problem(relative(source.path, root), source.line,
                                        f"source '{source.id}' is not used by any excerpt",
                                        "warning"))  # fmt: skip
        cache.save()
    problems.sort(key=lambda p: (str(p.path or ""), p.line or 0))
    library = Library(root=root, sources=sources, excerpts=excerpts, vocabulary=vocabulary)
    return library, problems


def load_checked_library(root: Path, *, strict: bool = False) -> tuple[Library, list[Problem]]:
    """The checked library and its warnings; LibraryError if it has errors (or warnings, if strict)."""
    library, problems = check_library(root)
    failing = [p for p in problems if strict or p.severity == "error"]
    if failing:
        raise LibraryError(failing)
    return library, problems


def problem_line(problem: Problem) -> str:
    """``path:line: message``, with ``warning:`` before the message of a warning."""
    prefix = "warning: " if problem.severity == "warning" else ""
    return format_location(problem.path, problem.line, prefix + problem.message)


def summary(library: Library, problems: list[Problem], strict: bool = False) -> tuple[str, bool]:
    """The closing line of a check and whether the check failed."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counted = f"{_plural(len(library.sources), 'source')}, {_plural(len(library.excerpts), 'excerpt')}"
    if not problems:
        return f"{counted}: no problems", False
    found = ", ".join(
        part for part in (errors and _plural(errors, "error"), warnings and _plural(warnings, "warning")) if part
    )
    failed = bool(errors) or (strict and bool(warnings))
    if strict and warnings:
        found += " (warnings are errors with --strict)"
    return f"{counted}: {found}", failed


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Checker:
    """Checks one excerpt against the rest of the library, while its field lines are known."""

    def __init__(self, sources: dict[str, Source], tags: TagNames):
        self.sources = sources
        self.tags = tags
        self.texts: dict[str, SourceText] = {}

    def __call__(self, excerpt: Excerpt, fields, report):
        for tag in excerpt.tags:
            if tag not in self.tags.tags:
                report(fields.line("tags"), self.tags.problem(tag))
        source = self.sources.get(excerpt.source)
        if source is None:
            hint = did_you_mean(excerpt.source, self.sources, cutoff=80, partial=True)
            hint = f" (did you mean '{hint}'?)" if hint else ""
            report(fields.line("source"), f"unknown source '{excerpt.source}'{hint}")
            return
        text = self.texts.get(source.id)
        if text is None:
            text = self.texts[source.id] = SourceText(source.paragraphs, source.non_body)
        number, in_body = text.locate(excerpt.quote)
        excerpt.locator = number
        if number is None:
            report(fields.line("quote"), self.misquote(text, excerpt))
        elif not in_body:
            report(fields.line("quote"), f"quote found only in paragraph {number}, "
                                         "which the source lists as non_body", "warning")  # fmt: skip

    @staticmethod
    def misquote(text: SourceText, excerpt: Excerpt) -> str:
        message = f"quote not found in source '{excerpt.source}'"
        number, passage, score = text.closest(excerpt.quote)
        if number is None:
            return message
        if len(passage) > 300:
            passage = passage[:300] + "…"
        return f'{message}; closest passage (para. {number}, {score:.0f}% alike): "{passage}"'


# --- the cache -------------------------------------------------------------------------


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_ALL_IDS = "\0ids"


def _ids_key(source_hash: dict[str, str]) -> str:
    return _hash("\n".join(sorted(source_hash)).encode())


def _code_key() -> str:
    digest = hashlib.blake2b(f"{__version__}/{CACHE_FORMAT}".encode(), digest_size=16)
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


_SOURCE_FIELDS = [f.name for f in dataclasses.fields(Source) if f.name != "path"]
_EXCERPT_FIELDS = [f.name for f in dataclasses.fields(Excerpt) if f.name != "path"]
_FIGURE_FIELDS = [f.name for f in dataclasses.fields(Figure)]


class _Cache:
    """Per-file results of a previous check, stored as JSON (never pickled: it is safe to read)."""

    def __init__(self, root: Path, enabled: bool):
        self.path = root / CACHE_DIR / CACHE_FILE
        self.enabled = enabled
        self.code_key = _code_key()
        self.old_sources, self.old_excerpts = {}, {}
        self.new_sources, self.new_excerpts = {}, {}
        self.changed = False
        if enabled:
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                if stored.get("key") == self.code_key:
                    self.old_sources = stored["sources"]
                    self.old_excerpts = stored["excerpts"]
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass

    def source(self, rel: str, digest: str):
        """(source or None, problems) from the cache, or (None, None) if not cached."""
        entry = self.old_sources.get(rel)
        if entry is None or entry[0] != digest:
            self.changed = True
            return None, None
        self.new_sources[rel] = entry
        source = None
        if entry[1] is not None:
            source = Source(**dict(zip(_SOURCE_FIELDS, entry[1])))
            source.non_body = set(source.non_body)
        return source, _problems(rel, entry[2])

    def put_source(self, rel, digest, source, problems):
        record = None
        if source is not None:
            record = [getattr(source, name) for name in _SOURCE_FIELDS]
            record[_SOURCE_FIELDS.index("non_body")] = sorted(source.non_body)
        self.new_sources[rel] = [digest, record, _problem_records(problems)]

    def excerpts(self, rel: str, digest: str, context: str, source_hash: dict[str, str]):
        entry = self.old_excerpts.get(rel)
        if (
            entry is None
            or entry[0] != digest
            or entry[1] != context
            or any(
                (_ids_key(source_hash) if sid == _ALL_IDS else source_hash.get(sid)) != h
                for sid, h in entry[2].items()
            )
        ):
            self.changed = True
            return None, None
        self.new_excerpts[rel] = entry
        if entry[3] is None:
            return None, _problems(rel, entry[4])
        excerpts = []
        for record in entry[3]:
            excerpt = Excerpt(**dict(zip(_EXCERPT_FIELDS, record)))
            excerpt.figures = [Figure(*f) for f in excerpt.figures]
            excerpts.append(excerpt)
        return excerpts, _problems(rel, entry[4])

    def put_excerpts(self, rel, digest, context, deps, excerpts, problems):
        records = None if excerpts is None else []
        figures_at = _EXCERPT_FIELDS.index("figures")
        for excerpt in excerpts or ():
            record = [getattr(excerpt, name) for name in _EXCERPT_FIELDS]
            record[figures_at] = [[getattr(f, n) for n in _FIGURE_FIELDS] for f in excerpt.figures]
            records.append(record)
        self.new_excerpts[rel] = [digest, context, deps, records, _problem_records(problems)]

    def save(self):
        if not self.enabled:
            return
        if not self.changed and len(self.new_sources) == len(self.old_sources) and len(
            self.new_excerpts
        ) == len(self.old_excerpts):
            return
        stored = {"key": self.code_key, "sources": self.new_sources, "excerpts": self.new_excerpts}
        try:
            self.path.parent.mkdir(exist_ok=True)
            temporary = self.path.with_name(f"{CACHE_FILE}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _problem_records(problems: list[Problem]) -> list:
    return [[p.line, p.message, p.severity] for p in problems]


def _problems(rel: str, records: list) -> list[Problem]:
    return [Problem(rel, line, message, severity) for line, message, severity in records]


@contextmanager
def _gc_paused():
    """Loading builds many small objects that never form cycles; the cyclic GC only slows it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
