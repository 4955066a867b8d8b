"""Checking the source library.

The check loads every file (see ``library.load``) and verifies, besides the format
of each record: every quote occurs in its source (and sets the excerpt's
``locator``), every source id and tag an excerpt uses exists, ids are unique,
and every source is used.

Results are cached per file (see ``library.check_cache``); checks across files
(duplicate ids, unused sources) run every time.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..collector import held
from ..errors import LibraryError, Problem, plural, relative_path
from .check_cache import (
    ALL_IDS,
    CheckCache,
    content_hash,
    records_of_excerpts,
    excerpts_from_records,
    ids_key,
    problem_records,
    problems_from_records,
)
from .files import NOT_TEXT, read_bytes
from .load import (
    VOCABULARY_FILE,
    add_excerpts,
    add_source,
    excerpt_files,
    parse_excerpt_file,
    parse_source,
    source_files,
    source_paragraphs,
)
from .events import event_problem
from .matching import SourceText, quote_parts
from .model import Excerpt, Library, Source, record_key
from .naming import TagNames, did_you_mean, figure_field_problem
from .vocabulary import load_vocabulary

def check_library(root: Path, *, use_cache: bool = True, texts: bool = True,
                  read: dict[str, tuple[bytes, str]] | None = None) -> tuple[Library, list[Problem]]:
    """Load the library and check it; every excerpt whose quote was found gets its locator.
    Without ``texts`` a source taken from the cache is left without its paragraphs unless
    an excerpt is checked against it (a build reads no source's text after the check).
    ``read``: files already read, by workspace path: their bytes and ``content_hash`` (taken
    from it as they are used: a build's fingerprints read them first)."""
    root = Path(root)
    files = _Files(read)
    with held():
        cache = CheckCache(root, use_cache)
        problems: list[Problem] = []
        sources, source_hash, failed, unsplit = _check_sources(root, cache, problems, files)
        vocabulary_path = root / VOCABULARY_FILE
        vocabulary, found = load_vocabulary(vocabulary_path, VOCABULARY_FILE.as_posix())
        problems.extend(found)
        vocabulary_bytes = vocabulary_path.read_bytes() if vocabulary_path.is_file() else b""
        context = content_hash(cache.code_key.encode() + vocabulary_bytes)
        # Without a usable vocabulary (its own error says why) tags are not checked, nor are the
        # excerpts of a source whose file failed to load (its own error says why) said to name an
        # unknown source.
        checker = _Checker(sources, TagNames(vocabulary) if vocabulary.facets else None, failed, unsplit)
        excerpts, complete, file_keys, record_keys = _check_excerpts(root, cache, checker, context, source_hash,
                                                                     problems, files)
        if complete:  # which sources are used is known only when every excerpts file was read
            problems.extend(_unused(sources, excerpts, root))
        problems.extend(_shared_ids(sources, excerpts, root))
        cache.save()
        if texts:
            for source in sources.values():
                checker.paragraphs(source)
    # The vocabulary first: every tag depends on it. Then the files in order.
    vocabulary_rel = VOCABULARY_FILE.as_posix()
    problems.sort(key=lambda p: (p.path != vocabulary_rel, str(p.path or ""), p.line or 0))
    library = Library(root=root, sources=sources, excerpts=excerpts, vocabulary=vocabulary, file_keys=file_keys,
                      record_keys=record_keys)
    return library, problems


class _Files:
    """The bytes of each library file and their hash: from what was read already, else read."""

    def __init__(self, read: dict[str, tuple[bytes, str]] | None):
        self.read = read if read is not None else {}

    def get(self, path: Path, rel: str, problems: list[Problem]) -> tuple[bytes | None, str | None]:
        found = self.read.pop(rel, None)
        if found is not None:
            return found
        data = read_bytes(path, rel, problems)
        return data, content_hash(data) if data is not None else None


def _check_sources(root: Path, cache: CheckCache, problems: list[Problem], files: _Files):
    """The sources (from the cache, or parsed), the hash of each one's file, the
    file names of sources that exist but did not load under that id, and the bytes of
    each source taken from the cache (by its path: its paragraphs not yet split)."""
    sources: dict[str, Source] = {}
    source_hash: dict[str, str] = {}
    failed: set[str] = set()
    unsplit: dict[Path, bytes] = {}
    for path, rel in source_files(root):
        data, digest = files.get(path, rel, problems)
        if data is None:
            failed.add(path.stem)
            continue
        source, found = cache.source(rel, digest)
        if found is None:
            source, found = parse_source(path, rel, data)
            cache.put_source(rel, digest, source, found)
        elif source is not None:
            source.path = path
            unsplit[path] = data
        problems.extend(found)
        if source is None or source.id != path.stem:
            failed.add(path.stem)
        if source is not None:
            if source.id not in sources:
                source_hash[source.id] = digest
            add_source(sources, source, rel, problems, root)
    # What an excerpts file's findings depend on: a failed source's file name is known,
    # so that its excerpts are not reported as naming an unknown source.
    source_hash = {**dict.fromkeys(failed - sources.keys(), "failed"), **source_hash}
    return sources, source_hash, failed, unsplit


def _check_excerpts(root, cache, checker, context, source_hash, problems, files: _Files):
    """The excerpts of every excerpts file, from the cache or parsed and checked, whether
    every file could be read, each file's key and each excerpt's (see ``Library.file_keys``,
    ``Library.record_keys``)."""
    excerpts: dict[str, Excerpt] = {}
    complete = True
    file_keys: dict[str, str] = {}
    made: list = []  # (excerpt, its record's key) of every file
    for path, rel in excerpt_files(root):
        data, digest = files.get(path, rel, problems)
        if data is None:
            complete = False
            continue
        cached = cache.excerpts(rel, digest, context, source_hash)
        if cached is not None:
            found_excerpts = excerpts_from_records(cached[0], path)
            found = problems_from_records(rel, cached[1])
            deps, keys = cached[2], cached[3]
        else:
            found_excerpts, found = parse_excerpt_file(path, rel, data, checker.sources, checker)
            deps = {e.source: source_hash.get(e.source) for e in found_excerpts or ()}
            if None in deps.values():  # the did-you-mean of an unknown source uses every id
                deps[ALL_IDS] = ids_key(source_hash)
            keys = None
            if cache.enabled:
                keys = [record_key(e) for e in found_excerpts] if found_excerpts is not None else None
                cache.put_excerpts(rel, digest, context, deps, records_of_excerpts(found_excerpts),
                                   problem_records(found), keys)  # fmt: skip
        file_keys[rel] = content_hash(repr((digest, context, sorted(deps.items()))).encode())
        problems.extend(found)
        complete = complete and found_excerpts is not None
        add_excerpts(excerpts, found_excerpts or [], rel, problems, root)
        if keys is not None and found_excerpts is not None:
            made += zip(found_excerpts, keys)
    record_keys = {e.id: key for e, key in made if excerpts.get(e.id) is e}  # (an id given twice: the one kept)
    return excerpts, complete, file_keys, record_keys


def _unused(sources: dict[str, Source], excerpts: dict[str, Excerpt], root: Path) -> list[Problem]:
    used = {e.source for e in excerpts.values()}
    return [Problem(relative_path(source.path, root), source.line, f"source '{source.id}' is not used by any excerpt",
                    "warning")
            for source in sources.values() if source.id not in used and source.path.stem not in used]


def _shared_ids(sources: dict[str, Source], excerpts: dict[str, Excerpt], root: Path) -> list[Problem]:
    """An excerpt whose id is a source's: a citation or ``impact`` of the id names either."""
    return [Problem(relative_path(e.path, root), e.line, f"excerpt id '{e.id}' is also the id of a source: "
                    f"rename one (briefpack rename {e.id} NEW-ID)", "warning")
            for e in excerpts.values() if e.id in sources and e.path is not None]


def load_checked_library(root: Path, *, strict: bool = False, texts: bool = True,
                         read: dict | None = None) -> tuple[Library, list[Problem]]:
    """The checked library and its warnings; LibraryError if it has errors (or warnings, if
    strict). ``texts``, ``read``: see :func:`check_library`."""
    library, problems = check_library(root, texts=texts, read=read)
    failing = [p for p in problems if strict or p.severity == "error"]
    if failing:
        raise LibraryError(failing)
    return library, problems


def summary(library: Library, problems: list[Problem], strict: bool = False) -> tuple[str, bool]:
    """The closing line of a check and whether the check failed."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    counted = f"{plural(len(library.sources), 'source')}, {plural(len(library.excerpts), 'excerpt')}"
    if not problems:
        return f"{counted}: no problems", False
    found = ", ".join(
        part for part in (errors and plural(errors, "error"), warnings and plural(warnings, "warning")) if part
    )
    failed = bool(errors) or (strict and bool(warnings))
    if strict and warnings:
        found += " (warnings are errors with --strict)"
    return f"{counted}: {found}", failed


class _Checker:
    """Checks one excerpt against the rest of the library, while its field lines are known."""

    def __init__(self, sources: dict[str, Source], tags: TagNames | None, failed: set[str],
                 unsplit: dict[Path, bytes]):
        self.sources = sources
        self.unsplit = unsplit  # see _check_sources
        self.tags = tags  # None: tags are not checked
        self.failed = failed
        self.texts: dict[str, SourceText] = {}
        self.path = None  # the file being checked

    def __call__(self, excerpt: Excerpt, fields, report):
        if excerpt.path != self.path and self.tags is not None:
            self.path = excerpt.path
            self.tags.new_budget()
        for tag in excerpt.tags if self.tags is not None else ():
            if tag not in self.tags.tags:
                report(fields.item_line("tags", tag), self.tags.problem(tag))
        if "figures" in fields and self.tags is not None:
            self.figures(fields, report)
        source = self.sources.get(excerpt.source)
        if source is None and excerpt.source in self.failed or NOT_TEXT.search(excerpt.quote):
            return  # its own error says why
        if source is None:
            hint = did_you_mean(excerpt.source, self.sources, cutoff=80, partial=True)
            hint = f" (did you mean '{hint}'?)" if hint else ""
            report(fields.line("source"), f"unknown source '{excerpt.source}'{hint}")
            return
        problem = event_problem(excerpt, source)
        if problem:
            report(fields.line("event_date"), problem, "warning")
        text = self.texts.get(source.id)
        if text is None:
            text = self.texts[source.id] = SourceText(self.paragraphs(source), source.non_body)
        number, in_body = text.locate(excerpt.quote)
        excerpt.locator = number
        if number is None:
            report(fields.line("quote"), self.misquote(text, excerpt))
        elif not in_body:
            report(fields.line("quote"), f"quote found only in paragraph {number}, "
                                         "which the source lists as non_body", "warning")  # fmt: skip

    def paragraphs(self, source: Source) -> list[str]:
        """The source's paragraphs, split from its file's bytes the first time they are asked for."""
        data = self.unsplit.pop(source.path, None)
        if data is not None:
            source.paragraphs = source_paragraphs(data)
        return source.paragraphs

    def figures(self, fields, report) -> None:
        """Each figure's measure and place are values of the vocabulary (see ``figure_field_problem``)."""
        node = fields.nodes["figures"][1]
        for item in node.value if isinstance(node, yaml.SequenceNode) else ():
            for key, value in item.value if isinstance(item, yaml.MappingNode) else ():
                if key.value in ("measure", "place") and isinstance(value, yaml.ScalarNode) and value.value:
                    problem = figure_field_problem(self.tags.vocabulary, key.value, value.value)
                    if problem:
                        report(value.start_mark.line + 1 + fields.offset, problem)

    @staticmethod
    def misquote(text: SourceText, excerpt: Excerpt) -> str:
        if not quote_parts(excerpt.quote):
            return "the quote is empty: it holds only omission marks or white space"
        message = f"quote not found in source '{excerpt.source}'"
        reason, closest_helps = text.why_not_found(excerpt.quote)
        if reason is not None:
            message += f": {reason}"
        number, passage, score = text.closest(excerpt.quote) if closest_helps else (None, "", 0)
        if number is None:
            return message
        if len(passage) > 300:
            passage = passage[:300] + "…"
        return f'{message}; closest passage (para. {number}, {score:.0f}% alike): "{passage}"'


