"""The citation transform: Cite inlines become numbered Notes, plus a source annex.

It runs once, after composition and before any writer, so every writer sees
only :class:`~briefpack.document.model.Note` nodes and numbers them the same way.

One walk over the document, in the order of :func:`briefpack.document.walk.iter_notes`
(blocks in order; a table's header cells, then its rows cell by cell; list
items in order), does everything that depends on order: it numbers the notes
1..n and decides, per source, between the full note (first citation of the
source anywhere in the document) and the short note (every later one, even
in the next note: no "Ibid."). Notes already in the document are renumbered
in the same sequence. The same walk numbers figures 1..n ("Figure 3."), and a
figure's notes are its caption's, then each plotted point's, in order.

Note content (Chicago forms: see :mod:`briefpack.notes.chicago`):

* Each excerpt cited is one citation part, followed by its Admiralty grade in
  parentheses: the source's reliability letter and the excerpt's credibility
  digit, e.g. ``Lucas Webber, “Perspectives: …,” Eurasianet, June 27, 2024,
  para. 5 (B2).``
* A Cite of several excerpts is one note whose parts are joined by "; " and
  end with one period. Excerpts of one source with one grade make one part
  (``paras. 3, 5–6``); with another grade, a part of their own right after it
  (the first full if the source is new, the next the surname and locator), so
  a grade never stands inside a locator list: ``Webber, “…,” Eurasianet, June
  27, 2024, para. 3 (B2); Webber, para. 7 (B3).`` A key repeated within one
  Cite is cited once.
* One note at one place (Chicago 14.26): Cites with nothing but space, commas
  or semicolons between them become one; a figure's plotted points give one
  Cite at the end of its caption, citing them all.

The source annex appended at the end: a level-1 heading "Source annex"
(anchor ``source-annex``), a short paragraph explaining the grades, then one
"small" paragraph per source cited, its Chicago bibliography entry followed by
"Reliability: B (usually reliable).", sorted by the entry's first element.
With no source cited the explanation is replaced by a line saying so.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from ..document.model import Cite, Document, Figure, Heading, Inline, Note, Paragraph, Text
from ..document.walk import map_inlines
from ..conventions import admiralty
from ..errors import BriefpackError
from ..library.model import Excerpt, Library, Source, record_key
from . import chicago, kept_notes

ANNEX_TITLE = "Source annex"
SHORT_ANNEX = 8  # sources: an annex this short is kept on one page
ANNEX_ANCHOR = "source-annex"

GRADES_EXPLAINED = (
    "Grades follow the Admiralty system. Reliability of the source, given after each entry: "
    + ", ".join(f"{k} {v}" for k, v in admiralty.RELIABILITY.items())
    + ". Credibility of each excerpt, given with the source’s letter after every citation in "
    "the notes (for example, B2): "
    + ", ".join(f"{k} {v}" for k, v in admiralty.CREDIBILITY.items())
    + "."
)

NO_SOURCES = "No sources are cited in this document."


def reliability_sentence(source: Source) -> str:
    """"Reliability: B (usually reliable)."."""
    label = admiralty.RELIABILITY.get(source.reliability)
    if label is None:
        return f"Reliability: {source.reliability}."
    return f"Reliability: {source.reliability} ({label})."


def grade_parts(places: list[tuple]) -> list[tuple]:
    """(locator, grade) per grade for several passages of one source cited together.

    Passages with the same grade make one part, each paragraph given once and
    consecutive paragraphs joined in a range (``paras. 20–22``); passages with
    another grade make a part of their own, so a grade never stands inside a
    locator list: [(5, "F2"), (7, "F1"), (7, "F2")] -> [("paras. 5, 7", "F2"),
    ("para. 7", "F1")]. Parts follow the order of each grade's first passage."""
    by_grade: dict = {}
    for locator, grade in places:
        by_grade.setdefault(grade, {})[None if locator in (None, "") else locator] = None
    return [(_locator(list(locators)), grade) for grade, locators in by_grade.items()]


def _locator(locators: list):
    """One locator for passages of one source: an int stays an int ("para. 5")."""
    known = [loc for loc in locators if loc is not None]
    if len(known) <= 1:
        return known[0] if known else None
    numbered = sorted(loc for loc in known if isinstance(loc, int))
    listed = _ranges([(loc, "") for loc in numbered]) + [str(loc) for loc in known if not isinstance(loc, int)]
    return f"paras. {', '.join(listed)}"


def _ranges(numbered: list[tuple[int, str]]) -> list[str]:
    """Runs of consecutive paragraph numbers with the same label joined into
    ranges (en dash): [(5, "B2"), (6, "B2"), (9, "B3")] -> ["5–6 (B2)", "9 (B3)"]."""
    runs: list[list] = []
    for number, label in numbered:
        if runs and runs[-1][1] == number - 1 and runs[-1][2] == label:
            runs[-1][1] = number
        else:
            runs.append([number, number, label])
    out = []
    for first, last, label in runs:
        span = str(first) if first == last else f"{first}–{last}"
        out.append(f"{span} ({label})" if label else span)
    return out


# Chicago 14.26, 6.9: a note number follows any punctuation mark but a dash.
_BEFORE_NOTE = ".,;:?!”’\""


_ABBREVIATIONS = {"al", "etc", "inc", "co", "corp", "ltd", "jr", "sr", "st", "no", "dr", "mr", "mrs",
                  "ms", "vs", "cf", "ed", "eds", "vol", "para", "paras", "p", "pp"}


def _abbreviation(text: str) -> bool:
    """Whether the period ending ``text`` closes an abbreviation ("U.S.", "et al.")
    rather than a sentence."""
    words = text[:-1].split()
    word = words[-1].lstrip("(“‘\"'") if words else ""
    return bool(word) and ("." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS)


def notes_after_punctuation(content: list[Inline]) -> list[Inline]:
    """Punctuation that directly follows a note reference (or a run of them)
    moved before it: ``prominently¹.`` -> ``prominently.¹``."""
    out: list[Inline] = list(content)
    i = 0
    while i < len(out):
        if not isinstance(out[i], Note):
            i += 1
            continue
        start = i
        while i < len(out) and isinstance(out[i], Note):
            i += 1
        after = out[i] if i < len(out) else None
        if not isinstance(after, Text):
            continue
        rest = after.text.lstrip(_BEFORE_NOTE)
        marks = after.text[: len(after.text) - len(rest)]
        if not marks:
            continue
        out[i] = Text(rest, after.bold, after.italic)
        before = out[start - 1] if start else None
        if isinstance(before, Text):
            text = before.text
            if text.endswith(".") and marks.startswith("."):
                marks = marks[1:]  # no doubled period
            elif text.endswith(".") and marks[:1] in (",", ";", ":") and not _abbreviation(text):
                text = text[:-1]  # a sentence's period gives way: "(Noah Tucker);" not ".;"
            out[start - 1] = Text(text + marks, before.bold, before.italic)
        else:
            out.insert(start, Text(marks))
            i += 1
    return [node for node in out if not (isinstance(node, Text) and not node.text)]


# Between two Cites, what only separates them: they make one note at one place.
_SEPARATORS = set(" \t\n\u00a0,;")


def one_cite_per_place(content: list[Inline]) -> list[Inline]:
    """Cites with nothing but space, commas or semicolons between them joined into
    one (Chicago 14.26: one note at one place, citing every source for it); a
    closing mark between them (a period) is kept after the joined Cite."""
    out: list[Inline] = []
    held: list[Inline] = []  # Text after the last Cite that may only separate it from the next
    for node in content:
        if isinstance(node, Text) and out and isinstance(out[-1], Cite) and not (node.bold or node.italic) \
                and not node.text.strip("".join(_SEPARATORS) + ".:?!"):
            held.append(node)
            continue
        if isinstance(node, Cite) and out and isinstance(out[-1], Cite):
            out[-1] = Cite(tuple(dict.fromkeys(out[-1].keys + node.keys)))
            marks = "".join(c for t in held for c in t.text if c not in _SEPARATORS)
            held = [Text(marks)] if marks else []
            continue
        out.extend(held)
        held = []
        out.append(node)
    return out + held


def figure_with_one_note(figure: Figure) -> Figure:
    """A figure whose plotted points cite their sources: one Cite of them all at
    the end of its caption (in the order of the points), the points left without
    note, so the caption carries one note rather than a run of note numbers."""
    keys = [key for point in figure.points for node in point.note if isinstance(node, Cite)
            for key in node.keys]
    if not keys:
        return figure
    points = [replace(point, note=[node for node in point.note if not isinstance(node, Cite)])
              for point in figure.points]
    return replace(figure, caption=[*figure.caption, Cite(tuple(dict.fromkeys(keys)))], points=points)


def _cites_in(content: list[Inline]) -> int | None:
    """How many Cites ``content`` holds; None when it has nothing for the walk to do (no Cite
    or Note, so no note to put punctuation before, and no empty Text to drop)."""
    cites, other = 0, False
    for node in content:  # (the model's inlines are of these classes, never of a subclass)
        kind = type(node)
        if kind is Text:
            other = other or not node.text
        elif kind is Cite:
            cites += 1
        elif kind is Note:
            other = True
    return cites if cites or other else None


class _Walk:
    """State of the one walk: the next note number and the sources already
    cited (in order of first citation)."""

    def __init__(self, library: Library):
        self.library = library
        self.number = 0
        self.figures = 0
        self.cited: dict[str, Source] = {}
        self.repeated: dict[tuple, tuple] = {}  # a note's text by its sources and places, once all are cited
        self.source_keys: dict[str, bytes] = {}  # library.model.record_key by source id

    # -- one citation ------------------------------------------------------
    def _lookup(self, key: str) -> tuple[Excerpt, Source]:
        excerpt = self.library.excerpts.get(key)
        if excerpt is None:
            raise BriefpackError(f"unknown excerpt id '{key}' cited")
        source = self.library.sources.get(excerpt.source)
        if source is None:
            raise BriefpackError(
                f"excerpt '{key}' cites unknown source '{excerpt.source}'",
                excerpt.path,
                excerpt.line,
            )
        return excerpt, source

    def citation(self, cite: Cite) -> list[Inline]:
        """The content of the note for one Cite (first/short decided here)."""
        if not cite.keys:
            raise BriefpackError("a citation names no excerpt")
        # One part per source, in order of first mention: its paragraphs and grades together.
        by_source: dict[str, tuple[Source, dict[tuple, None]]] = {}
        for key in cite.keys if len(cite.keys) == 1 else dict.fromkeys(cite.keys):
            excerpt, source = self._lookup(key)
            found = by_source.get(source.id)
            if found is None:
                found = by_source[source.id] = (source, {})
            found[1][(excerpt.locator, admiralty.grade(source.reliability, excerpt.credibility))] = None
        again = tuple([(source_id, tuple(places)) for source_id, (_, places) in by_source.items()])
        if again in self.repeated:  # every source cited before: the same short note as last time
            return list(self.repeated[again])
        known = all([source_id in self.cited for source_id in by_source])
        key = kept_notes.note_key([(self._source_key(source), places, source.id in self.cited)
                                   for source, places in by_source.values()]) if kept_notes.keeping() else None
        text = kept_notes.known(key) if key else None
        if text is None:
            text = self._written(by_source.values())
            if key:
                kept_notes.give(key, text)
        for source, _ in by_source.values():  # cited from now on, in the order of first citation
            self.cited.setdefault(source.id, source)
        if known:
            self.repeated[again] = tuple(text)
        return text

    def _source_key(self, source: Source) -> bytes:
        key = self.source_keys.get(source.id)
        if key is None:
            key = self.source_keys[source.id] = record_key(source)
        return key

    def entry(self, source: Source) -> list[Inline]:
        """The source's bibliography entry, kept like the notes."""
        if not kept_notes.keeping():
            return chicago.bibliography_entry(source)
        key = ("entry", self._source_key(source))
        text = kept_notes.known(key)
        if text is None:
            text = chicago.bibliography_entry(source)
            kept_notes.give(key, text)
        return text

    def _written(self, by_source) -> list[Inline]:
        """The note's text: one part per source and grade, the first of a source not cited
        before in full."""
        parts = []
        for source, places in by_source:
            for i, (locator, grade) in enumerate(grade_parts(list(places))):
                if i:
                    parts.append(chicago.repeated_citation(source, locator, grade))
                elif source.id in self.cited:
                    parts.append(chicago.short_citation(source, locator, grade))
                else:
                    self.cited[source.id] = source
                    parts.append(chicago.full_citation(source, locator, grade))
        return chicago.join_citations(parts)

    # -- inlines and blocks -----------------------------------------------
    def _next(self) -> int:
        self.number += 1
        return self.number

    def inlines(self, content: list[Inline]) -> list[Inline]:
        cites = _cites_in(content)
        if cites is None:
            return content
        out: list[Inline] = []
        for node in one_cite_per_place(content) if cites > 1 else content:  # (one Cite: one place already)
            kind = type(node)
            if kind is Cite:
                number = self._next()
                out.append(Note(number, tuple(self.citation(node)), tuple(node.keys)))
            elif kind is Note:
                # an existing note keeps its content, renumbered in sequence;
                # a Cite inside it is set inline, in the note's text
                number = self._next()
                out.append(Note(number, tuple(self._within_note(node.content))))
            else:
                out.append(node)
        return notes_after_punctuation(out)

    def _within_note(self, content) -> list[Inline]:
        out: list[Inline] = []
        for node in content:
            if isinstance(node, Cite):
                out.extend(self.citation(node))
            elif isinstance(node, Note):
                raise BriefpackError("a note inside a note")
            else:
                out.append(node)
        return chicago.merge(out)

    def block(self, block):
        if isinstance(block, Figure):
            block = figure_with_one_note(block)
        block = map_inlines(block, self.inlines)
        if isinstance(block, Figure):
            self.figures += 1
            block = replace(block, number=self.figures)
        return block


def source_annex(sources, entry=chicago.bibliography_entry) -> list:
    """The annex blocks for the sources cited (``entry``: a source's bibliography entry)."""
    sources = list(sources)
    blocks: list = [Heading(1, [Text(ANNEX_TITLE)], anchor=ANNEX_ANCHOR)]
    if not sources:
        blocks.append(Paragraph([Text(NO_SOURCES)], style="small"))
        return blocks
    blocks.append(Paragraph([Text(GRADES_EXPLAINED)], style="small"))
    entries = {s.id: entry(s) for s in sources}
    keys = dict(zip((s.id for s in sources), chicago.sort_keys(sources, [entries[s.id] for s in sources])))
    for source in sorted(sources, key=lambda s: keys[s.id]):
        text = entries[source.id] + [Text(" " + reliability_sentence(source))]
        blocks.append(Paragraph(chicago.merge(text), style="small"))
    if len(sources) <= SHORT_ANNEX:  # a short annex stands whole on one page, never a spill of a few entries
        for block in blocks[1:-1]:
            block.keep_with_next = True
    return blocks


def resolve_citations(document: Document, library: Library) -> Document:
    """A new Document: every Cite turned into a numbered Note, the annex appended.

    Raises :class:`BriefpackError` for a Cite of an unknown excerpt id. The
    input document is not changed.
    """
    walk = _Walk(library)
    blocks = [walk.block(b) for b in document.blocks]
    blocks.extend(source_annex(walk.cited.values(), walk.entry))
    return Document(meta=copy.deepcopy(document.meta), blocks=blocks)
