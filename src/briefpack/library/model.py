"""The source library: sources, vocabulary and excerpts, as loaded from disk.

These data classes are the contract between the loader and everything after it
(selection, composition, citations). Loading lives in ``library/load.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import operator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Source:
    """A source document: its bibliographic fields, grading and marking, and its text as paragraphs."""

    id: str
    title: str
    publisher: str = ""
    author: list[str] = field(default_factory=list)  # "Given Surname" each
    published: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    inferred_date: str | None = None  # a date the text implies but does not state (notes: "[2016?]")
    publisher_type: str = "publication"  # "publication" (italic) or "organization" (roman)
    author_type: str = "person"  # "organization": every author a body, its name printed as written
    accessed: str | None = None
    url: str | None = None
    language: str = "en"
    reliability: str = "F"  # Admiralty A-F
    notes: str = ""
    marking: str | None = None  # default TLP label for its excerpts
    non_body: set[int] = field(default_factory=set)  # paragraph numbers that are web debris
    withdrawn: str = ""  # the reason, when the source is withdrawn (its excerpts are never cited)
    via: str = ""  # the outlet or source it reports from, when it relays another ("The Guardian", a source id)
    paragraphs: list[str] = field(default_factory=list)  # paragraph n is paragraphs[n-1]
    path: Path | None = None
    line: int = 1


@dataclass
class Figure:
    """A structured numeric claim made by an excerpt."""

    measure: str  # a value of the vocabulary's measure facet, e.g. "deaths"
    value: float | int
    qualifier: str = ""  # "more than", "about", "up to", ...
    place: str = ""  # a country code or other facet value
    as_of: str = ""  # partial date the figure refers to
    estimator: str = ""  # who made the estimate when the source relays someone else's
    unit: str = ""
    note: str = ""
    incident: str = ""  # the attack or event a toll belongs to ("Crocus City Hall attack, Moscow")
    incident_date: str = ""  # partial date of that event


@dataclass
class Excerpt:
    """A verbatim passage of a source, with its tags, date, grading and figures."""

    id: str
    source: str  # source id
    quote: str
    tags: list[str]  # "facet:value"
    date: str  # partial date
    credibility: int  # Admiralty 1-6
    summary: str = ""
    note: str = ""
    figures: list[Figure] = field(default_factory=list)
    marking: str = "TLP:CLEAR"
    event: str = ""  # excerpts naming the same event share it: one chronology row for them all
    event_date: str = ""  # when the event it reports happened (partial date); ``date`` is when it was reported
    kind: str = ""  # what it reports: one of conventions.kinds.KINDS (incident, arrest, ..., forecast)
    dated_by: str = ""  # "analyst": the date is the desk's, the source gives none
    locator: int | None = None  # paragraph number where the quote was found (computed)
    withdrawn: str = ""  # the reason, when withdrawn (never cited)
    via: str = ""  # the outlet or source this passage reports from, when the source relays it
    path: Path | None = None
    line: int = 1

    def tag_values(self, facet: str) -> list[str]:
        prefix = facet + ":"
        return [t[len(prefix):] for t in self.tags if t.startswith(prefix)]


@dataclass
class Term:
    """A value of a facet of the vocabulary, with its label and the names it is also known by."""

    value: str
    label: str
    aliases: list[str] = field(default_factory=list)
    definition: str = ""  # what a value counts or means (measures: shown with key figures)
    abbreviation: str = ""  # printed after the label where readers know one: "(IMU)"


@dataclass
class Facet:
    """A facet of tags (country, group, topic, ...) and its values."""

    name: str
    label: str
    values: dict[str, Term] = field(default_factory=dict)


@dataclass
class Vocabulary:
    """The tags a library may use, the desk's judgment rules and its abbreviations."""

    facets: dict[str, Facet] = field(default_factory=dict)
    # The desk's judgment rules as written (``judgment_rules:``): name -> value, checked by
    # ``conventions.judgment_rules.rule_value``; the defaults hold for the rest.
    judgment_rules: dict[str, object] = field(default_factory=dict)
    # Abbreviations the desk or the sources use (``abbreviations:``): abbreviation -> what it
    # stands for, spelled out at its first use in a document; "" for one readers know ("US").
    abbreviations: dict[str, str] = field(default_factory=dict)

    def label(self, facet: str, value: str) -> str:
        f = self.facets.get(facet)
        term = f.values.get(value) if f else None
        return term.label if term else value


@dataclass
class Library:
    """Sources, excerpts and vocabulary as loaded and checked from a workspace."""

    root: Path
    sources: dict[str, Source]
    excerpts: dict[str, Excerpt]  # by id, in file order
    vocabulary: Vocabulary
    # Excerpts withdrawn (or of a withdrawn source), left out of ``excerpts`` by
    # ``without_withdrawn``: id -> reason. Never cited; a build says what lost them.
    withdrawn: dict[str, "Excerpt"] = field(default_factory=dict)
    # Per excerpts file (workspace-relative): a key of all its excerpts were read from (its
    # bytes, the vocabulary, the files of the sources they name, the checking code), the
    # same whenever they are; set by ``check.check_library``.
    file_keys: dict[str, str] = field(default_factory=dict)
    # Per excerpt id: its ``record_key``, made when its file was checked and kept with the check
    # cache's entry of the file (so not made again while the file is unchanged); set by the check.
    record_keys: dict[str, bytes] = field(default_factory=dict)


def withdrawal_reason(excerpt: Excerpt, library: Library) -> str:
    """Why ``excerpt`` is withdrawn ("" if it is not): its own reason, else its source's."""
    source = library.sources.get(excerpt.source)
    return excerpt.withdrawn or (source.withdrawn if source is not None else "")


def without_withdrawn(library: Library) -> Library:
    """The library a build cites from: withdrawn excerpts moved to ``withdrawn``."""
    from dataclasses import replace

    gone = {k: e for k, e in library.excerpts.items() if withdrawal_reason(e, library)}
    if not gone:
        return library
    kept = {k: e for k, e in library.excerpts.items() if k not in gone}
    return replace(library, excerpts=kept, withdrawn=gone)


def with_withdrawn(library: Library) -> Library:
    """The library as written, withdrawn excerpts back in their place (for ``impact``)."""
    from dataclasses import replace

    if not library.withdrawn:
        return library
    merged = sorted([*library.excerpts.values(), *library.withdrawn.values()],
                    key=lambda e: (str(e.path or ""), e.line))  # file order, as loaded
    return replace(library, excerpts={e.id: e for e in merged}, withdrawn={})


# The fields of a record that say where it was read and what its source's text is: no document
# is made of them (a source's paragraphs enter one only through its excerpts' quotes).
_NOT_PRINTED = frozenset({"path", "line", "paragraphs", "non_body"})
_PLAIN = (str, int, float, bool, type(None))
_PRINTED: dict = {}  # the fields of each class that are, read all at once


def record_fields(record) -> tuple:
    """An excerpt's or a source's fields in order, but where it was read and its source's text:
    each a string, number, None or list or tuple of strings as it is, anything else as its repr.
    What the composed sections and the notes kept for the next build are keyed by."""
    fields = _PRINTED.get(type(record))
    if fields is None:
        names = [f.name for f in dataclasses.fields(record) if f.name not in _NOT_PRINTED]
        fields = _PRINTED[type(record)] = operator.attrgetter(*names)
    return tuple([v if type(v) in _AS_IS or (type(v) in _SEQUENCES and _strings(v)) else repr(v)
                  for v in fields(record)])


_AS_IS, _SEQUENCES = frozenset(_PLAIN), frozenset((tuple, list))


def record_key(record) -> bytes:
    """A digest of :func:`record_fields` of ``record``."""
    return hashlib.sha256(marshal.dumps(record_fields(record), 0)).digest()[:16]


def _strings(values) -> bool:
    for value in values:
        if type(value) is not str:
            return False
    return True
