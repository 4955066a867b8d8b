"""The composed sections a build keeps for the next build of the same document.

A section's template is rendered again only when something it could see has changed.
Its key (:meth:`Sections.key`) holds everything a section template's output depends
on: briefpack's code, the document-wide inputs (the brief as templates see it, its
variables, the vocabulary, every excerpt's id and marking, the figures of the library,
the marking limit, the template limits, every file of the workspace's ``templates/``),
the section's own (its number, type, title, anchor and parameters, its template's text
and the records of the excerpts it selects, sources included) and the state the sections
before it leave: what they printed (``once``, ``attributed``, ``first_time``...), the
anchors they gave and the names given out so far. That state is followed as a digest
of what each section changed (:class:`Trail`), so a section after a changed one is
reused when the change left the state as it was.

An entry holds the blocks the template produced (``document.plain_data``) and what the
section changed of the state, applied again when it is reused. One file per entry,
named by its key, in ``.briefpack-cache/sections/<document>/``, written with
``marshal`` behind a header (format, code, hash of the data); a file is read as
untrusted input: one of another format or code, cut short, changed or of the wrong
shape is ignored and the section rendered. After a build the folder keeps only the
entries it used or wrote. Beside the documents' folders, ``hyphenation`` keeps the words
the tables' cells were hyphenated with (keyed by the dictionary too), so that a section
rendered again does not load the dictionary for words it had already. A folder that cannot
be read or written costs the reuse, never the build.
"""

from __future__ import annotations

import hashlib
import marshal
import math
from pathlib import Path

from ..cache_files import read_sealed, write_sealed
from ..document.model import Figure
from ..document.names import UniqueNames
from ..document.plain_data import blocks_data, blocks_from_data
from ..document.walk import cites
from ..errors import relative_path
from ..library.model import record_fields
from ..workspace import template_files

MAGIC = b"briefpack sections 1\n"
MOST_BYTES = 64 * 1024 * 1024  # the most one entry's file may hold
ENTRY = ".section"
UNCHANGED = "unchanged-"  # and the house style's name: digests of the texts it left as they were
WORDS = "hyphenation"  # beside the documents' folders: words of table cells and their soft hyphens
# The composer's records of what the document printed, by name (helpers.Helpers):
# excerpt (or "\0thing") -> Place, excerpt -> Anchor name, excerpt -> order, Anchor name -> heading anchor.
STATE = ("printed", "anchored", "order", "fallbacks")


def digest(*parts) -> bytes:
    """The hash of ``parts`` (plain data: strings, bytes, numbers, lists, tuples, None)."""
    return hashlib.sha256(marshal.dumps(parts, 0)).digest()[:16]  # version 0: no references


class TrailedNames(UniqueNames):
    """Names given out once each (``UniqueNames``), every name asked for kept in order:
    ``asked`` since the last :meth:`take`, and a running digest of all of them."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []
        self.running = hashlib.blake2b(digest_size=16)

    def give(self, base: str) -> str:
        self.asked.append(base)
        self.running.update(base.encode("utf-8", "surrogatepass") + b"\0")
        return super().give(base)

    def take(self) -> list[str]:
        asked, self.asked = self.asked, []
        return asked


class Trail:
    """What the sections have left to the next: the names given (``names``) and the
    composer's records of what was printed (``helpers``), followed as one digest."""

    def __init__(self, names: TrailedNames, helpers):
        self.names, self.helpers = names, helpers
        self.running = hashlib.blake2b(digest_size=16)
        self.before: tuple = ()

    def state(self) -> bytes:
        """The digest of the state now: every name asked for, every change recorded."""
        return self.names.running.digest() + self.running.digest()

    def start(self) -> None:
        """A section is about to render: what the records hold now, to tell its changes."""
        self.names.take()
        self.before = tuple(dict(getattr(self.helpers, name)) for name in STATE)

    def changes(self) -> tuple:
        """What the section rendered since :meth:`start` changed, as plain data (and followed)."""
        out = [self.names.take()]
        for name, before in zip(STATE, self.before):
            after = getattr(self.helpers, name)
            out.append([(key, *_plain(value)) for key, value in after.items()
                        if before.get(key, _MISSING) is not value])
        self.before = ()
        change = tuple(out)
        self.running.update(marshal.dumps(change[1:], 0))
        return change

    def apply(self, change) -> None:
        """A reused section's ``change``, made again."""
        from .helpers import Place

        asked, *records = change
        for base in asked:
            self.names.give(base)
        self.names.take()
        for name, entries in zip(STATE, records):
            target = getattr(self.helpers, name)
            for key, *value in entries:
                target[key] = Place(value[0], value[1]) if len(value) == 2 else value[0]
        self.running.update(marshal.dumps(tuple(records), 0))


_MISSING = object()


def _plain(value) -> tuple:
    """A record's value as plain data: a Place as (title, anchor), a name or a number as itself."""
    anchor = getattr(value, "anchor", None)
    return (str(value), anchor) if anchor is not None else (value,)


def _valid_change(change) -> bool:
    if type(change) is not tuple or len(change) != len(STATE) + 1:
        return False
    asked, *records = change
    if type(asked) is not list or not all(type(a) is str for a in asked):
        return False
    shapes = {"printed": (str, str, str), "anchored": (str, str), "order": (str, int), "fallbacks": (str, str)}
    return all(type(entries) is list and all(
        type(e) is tuple and tuple(map(type, e)) == shapes[name] for e in entries)
        for name, entries in zip(STATE, records))


class Sections:
    """One document's folder of composed sections: ``get(key)`` an entry kept before (or
    None), ``keep(key, blocks, change)`` one rendered now, ``save()`` once composed."""

    def __init__(self, folder: Path, code: str):
        self.folder, self.code = Path(folder), hashlib.blake2b(code.encode(), digest_size=16).digest()
        self.used: set[str] = set()
        self.new: dict[str, bytes] = {}
        self.words = self.words_code = None  # the words hyphenated by the last build, once read
        self.style, self.unchanged = None, frozenset()  # the house style, and the texts it left as they were

    def before_rendering(self) -> None:
        """A section is to be rendered: the words the last build hyphenated taken as known."""
        from .table_text import dictionary_key, remember

        if self.words is None:
            self.words_code = hashlib.blake2b(self.code + dictionary_key(), digest_size=16).digest()
            found = self._read(WORDS, self.folder.parent, self.words_code)
            self.words = found if isinstance(found, dict) else {}
            remember(self.words)

    def before_styling(self, style: str) -> None:
        """The document is to be set in its house ``style``: the texts the last build found
        nothing to change in taken as known (:mod:`.unchanged_text`)."""
        from .unchanged_text import remember

        found = self._read(UNCHANGED + style)
        self.style, self.unchanged = style, found if isinstance(found, frozenset) else frozenset()
        remember(style, self.unchanged)

    def get(self, key: str):
        """(blocks, change) kept under ``key``, or None."""
        data = self._read(key + ENTRY)
        try:
            if type(data) is not tuple or len(data) != 2 or not _valid_change(data[1]):
                return None
            blocks = blocks_from_data(data[0])
        except (ValueError, TypeError, RecursionError):
            return None
        self.used.add(key)
        return blocks, data[1]

    def keep(self, key: str, blocks: list, change: tuple) -> None:
        self.new[key] = marshal.dumps((blocks_data(blocks), change))

    def save(self) -> None:
        """Write the entries rendered now; remove those this build did not use."""
        try:
            if not self.new and not self.folder.is_dir():
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, data in self.new.items():
                self._write(key + ENTRY, data)
            self._save_words()
            keep = {key + ENTRY for key in self.used | set(self.new)}
            if self.style is not None:
                from .unchanged_text import found

                now = frozenset(found(self.style))
                if now != self.unchanged:
                    self._write(UNCHANGED + self.style, marshal.dumps(now))
                keep.add(UNCHANGED + self.style)
            for path in self.folder.iterdir():
                if path.name not in keep and path.is_file():
                    path.unlink()
        except (OSError, ValueError):
            return

    def _save_words(self) -> None:
        from .table_text import hyphenated_words

        words = hyphenated_words()
        if self.words_code is not None and words and words != self.words:
            self._write(WORDS, marshal.dumps(words), self.folder.parent, self.words_code)

    def _read(self, name: str, folder: Path | None = None, code: bytes | None = None):
        return read_sealed((folder or self.folder) / name, MAGIC, code or self.code, MOST_BYTES)

    def _write(self, name: str, data: bytes, folder: Path | None = None, code: bytes | None = None) -> None:
        write_sealed((folder or self.folder) / name, MAGIC, code or self.code, data)


class Reuse:
    """The composer's side: each section's blocks from ``store`` when its key is found
    there, else rendered (and kept); with no store (``build --force``), always rendered."""

    def __init__(self, store: Sections | None, names: TrailedNames, helpers, document):
        """``document``: a function giving the document-wide inputs (:func:`document_inputs`)."""
        self.store, self.trail, self._document, self.document = store, Trail(names, helpers), document, None
        self.templates: dict = {}  # where each section template stands and its text, by path (section_inputs)

    def styling(self, style: str) -> None:
        if self.store is not None:
            self.store.before_styling(style)

    def blocks(self, inputs, render, check_key) -> list:
        """The blocks of the section whose own inputs ``inputs()`` gives; ``render()`` makes them.
        ``check_key``: rendering's check of an excerpt id a block cites, asked of kept blocks too."""
        if self.store is None:
            return render()
        if self.document is None:
            self.document = digest(*self._document())
        key = digest(self.document, self.trail.state(), inputs()).hex()
        found = self.store.get(key)
        if found is not None and kept_blocks_hold(found[0], check_key):
            blocks, change = found
            self.trail.apply(change)
            return blocks
        self.store.before_rendering()
        self.trail.start()
        blocks = render()
        self.store.keep(key, blocks, self.trail.changes())
        return blocks


def kept_blocks_hold(blocks: list, check_key) -> bool:
    """Whether blocks read back from the cache pass what rendering checks of them (a file
    there is untrusted input): each excerpt they cite passes ``check_key`` (it exists and
    its marking is within the build's limit), each chart is of a registered kind with
    finite values. Else the section is rendered again."""
    if any(check_key(k) for keys in cites(blocks) for k in keys):
        return False
    figures = [b for b in blocks if isinstance(b, Figure)]
    if not figures:
        return True
    from ..writers.charts.kinds import (
        CHART_KINDS,  # (the charts load reportlab: only for a figure)
    )

    return all(f.kind in CHART_KINDS and all(math.isfinite(p.value) and (p.high is None or math.isfinite(p.high))
                                             for p in f.points) for f in figures)


def document_inputs(brief, library, limit, root: Path, vocabulary, figure_rows) -> tuple:
    """What every section template of a document may see beyond its own section, as plain data
    (and the versions of what renders it and hyphenates its tables)."""
    import jinja2

    from .budget import current_limits
    from .table_text import dictionary_key
    from .template_context import brief_view, plain

    return (jinja2.__version__, dictionary_key(), repr(brief_view(brief)), repr(plain(dict(brief.variables or {}))), str(limit),
            repr(current_limits()), repr(vocabulary), repr(figure_rows),
            [(key, str(e.marking)) for key, e in library.excerpts.items()], template_files(root))


def section_inputs(number: int, kind: str, title: str, anchor: str, params: dict, template: Path,
                   excerpts: list, library, root: Path, templates: dict | None = None) -> tuple:
    """What one section's template sees of its own: its place, parameters, template (where it
    stands in the workspace, else the package, and its text) and excerpts, with their sources:
    every field their records for templates are made from (of an excerpt the check gave a key,
    ``Library.record_keys``, its id and that digest of them). ``templates``: where each template
    stands and its text, by path, as read for the sections before (one document's sections
    share a few templates)."""
    sources, keys, kept = library.sources, library.record_keys, library.excerpts
    templates = {} if templates is None else templates
    found = templates.get(template)
    if found is None:
        found = templates[template] = (relative_path(Path(template).resolve(), Path(root).resolve()),
                                       Path(template).read_bytes())
    used = {e.source: sources.get(e.source) for e in excerpts}
    return (number, kind, title, anchor, repr(params), *found,
            [(e.id, keys[e.id]) if e.id in keys and kept.get(e.id) is e else record_fields(e) for e in excerpts],
            [(key, None if s is None else record_fields(s)) for key, s in used.items()])

