"""What a section template sees: plain, immutable records, built in one place.

Templates are untrusted code. Whatever they are handed must be data only:
strings, numbers, dates, and frozen records, tuples and read-only mappings of
them. No path (a ``pathlib.Path`` reads, writes and deletes files), no
library or brief object, nothing whose methods reach the file system, the
process or the interpreter. :func:`template_context` is the boundary: it
turns the brief, the vocabulary and the selected excerpts into such records;
the sandboxed environment (:mod:`briefpack.compose.sandbox`) sits on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from ..conventions.admiralty import grade
from ..conventions.quotations import printed_quote
from ..document.model import Text
from ..library.events import event_date, reported_date
from ..library.model import Excerpt, Figure, Library, Source, Vocabulary
from ..notes.chicago import short_citation
from .typography import smart_quotes


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    publisher: str
    author: tuple
    published: str | None
    accessed: str | None
    url: str | None
    language: str
    reliability: str
    notes: str
    marking: str | None
    inferred_date: str | None = None
    publisher_type: str = "publication"
    short_form: str = ""  # as a short note names it: Webber, “ISKP Posing Rising Threat”


@dataclass(frozen=True)
class FigureView:
    measure: str
    value: float | int
    qualifier: str
    place: str
    as_of: str
    estimator: str
    unit: str
    note: str
    incident: str = ""
    incident_date: str = ""


@dataclass(frozen=True)
class ExcerptView:
    """An excerpt as templates see it: its source as a record, labels at hand."""

    id: str
    quote: str  # as printed: the source's own note markers left out (conventions/quotations.py)
    summary: str
    note: str
    date: str
    credibility: int
    figures: tuple
    tags: tuple
    source: SourceView
    locator: int | None
    marking: str
    event: str = ""
    dated_by: str = ""  # "analyst": the date is the desk's, the source gives none
    event_date: str = ""  # when what it reports happened, else its date (library/events.py)
    kind: str = ""  # incident, arrest, event, statement, assessment, estimate, forecast (or "")
    reported: str = ""  # when it was reported: the source's date, else its own

    @property
    def text(self) -> str:
        """The running-text form: the summary where given, else the quote."""
        return self.summary or self.quote

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def grading(self) -> str:
        """Admiralty grading, source reliability then credibility: "B2"."""
        return grade(self.source.reliability, self.credibility)

    def tag_values(self, facet: str) -> tuple:
        prefix = str(facet) + ":"
        return tuple(t[len(prefix):] for t in self.tags if t.startswith(prefix))

    def has_tag(self, tag: str) -> bool:
        return has_tag(self.tags, tag)


@dataclass(frozen=True)
class TermView:
    value: str
    label: str
    aliases: tuple
    definition: str = ""
    abbreviation: str = ""

    @property
    def name(self) -> str:
        """The label, with the abbreviation readers use where there is one:
        "Islamic Movement of Uzbekistan (IMU)", "Taliban"."""
        return f"{self.label} ({self.abbreviation})" if self.abbreviation else self.label


@dataclass(frozen=True)
class FacetView:
    name: str
    label: str
    values: MappingProxyType  # value -> TermView


@dataclass(frozen=True)
class VocabularyView:
    facets: MappingProxyType  # name -> FacetView

    def label(self, facet: str, value: str) -> str:
        f = self.facets.get(facet)
        term = f.values.get(value) if f else None
        return term.label if term else value


@dataclass(frozen=True)
class SectionView:
    """The brief section being drawn (``section`` in a template)."""

    type: str
    title: str
    anchor: str
    number: int
    limit: int | None
    country: str
    country_label: str
    group: str
    group_label: str
    select: str
    sort: str
    template: str
    intro: str
    quotations: int = 3  # how many source quotations a section quotes at most (threat_outlook)


@dataclass(frozen=True)
class BriefSectionView:
    type: str
    title: str
    params: MappingProxyType


@dataclass(frozen=True)
class BriefView:
    """The brief (``brief`` in a template): its fields, no file."""

    name: str
    title: str
    subtitle: str
    marking: str
    as_of: str
    organization: str
    authors: tuple
    formats: tuple
    key_judgments: tuple
    intro: str
    max_marking: str | None
    for_each: MappingProxyType | None
    variables: MappingProxyType
    stale_after_years: int
    sections: tuple


# ---------------------------------------------------------------- conversion
def plain(value):
    """``value`` as template data: strings, numbers, booleans, dates and None
    as they are, lists as tuples, mappings as read-only mappings (keys as
    strings), anything else as its text."""
    if value is None or isinstance(value, (str, bool, int, float, date)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return tuple(plain(v) for v in items)
    if isinstance(value, dict):
        return MappingProxyType({str(k): plain(v) for k, v in value.items()})
    return str(value)


def source_view(source: Source) -> SourceView:
    return SourceView(
        id=str(source.id), title=str(source.title), publisher=str(source.publisher or ""),
        author=plain(list(source.author or [])), published=plain(source.published),
        accessed=plain(source.accessed), url=plain(source.url), language=str(source.language or ""),
        reliability=str(source.reliability), notes=str(source.notes or ""), marking=plain(source.marking),
        inferred_date=plain(source.inferred_date), publisher_type=str(source.publisher_type),
        short_form="".join(n.text for n in short_citation(source) if isinstance(n, Text)),
    )


def figure_view(figure: Figure) -> FigureView:
    return FigureView(
        measure=str(figure.measure), value=plain(figure.value), qualifier=str(figure.qualifier or ""),
        place=str(figure.place or ""), as_of=str(figure.as_of or ""),
        estimator=smart_quotes(str(figure.estimator or "")), unit=str(figure.unit or ""),
        note=smart_quotes(str(figure.note or "")),
        incident=str(figure.incident or ""), incident_date=str(figure.incident_date or ""),
    )


def excerpt_view(excerpt: Excerpt, library: Library, sources: dict | None = None) -> ExcerptView:
    """The record of one excerpt; ``sources`` caches source records by id."""
    sources = {} if sources is None else sources
    view = sources.get(excerpt.source)
    if view is None:
        source = library.sources.get(excerpt.source) or Source(id=excerpt.source, title=excerpt.source)
        view = sources[excerpt.source] = source_view(source)
    return ExcerptView(
        id=str(excerpt.id), quote=printed_quote(str(excerpt.quote)), summary=smart_quotes(str(excerpt.summary or "")),
        note=smart_quotes(str(excerpt.note or "")), date=str(excerpt.date or ""), credibility=plain(excerpt.credibility),
        figures=tuple(figure_view(f) for f in excerpt.figures), tags=plain(list(excerpt.tags)),
        source=view, locator=plain(excerpt.locator), marking=str(excerpt.marking),
        event=str(excerpt.event or ""), dated_by=str(excerpt.dated_by or ""),
        event_date=event_date(excerpt), kind=str(excerpt.kind or ""),
        reported=reported_date(excerpt, library.sources.get(excerpt.source)),
    )


def vocabulary_view(vocabulary: Vocabulary) -> VocabularyView:
    facets = {}
    for name, facet in vocabulary.facets.items():
        values = {v: TermView(str(t.value), str(t.label), plain(list(t.aliases)), smart_quotes(str(t.definition or "")),
                              str(t.abbreviation or ""))
                  for v, t in facet.values.items()}
        facets[str(name)] = FacetView(str(facet.name), str(facet.label), MappingProxyType(values))
    return VocabularyView(MappingProxyType(facets))


def brief_view(brief) -> BriefView:
    sections = tuple(BriefSectionView(str(s.type), str(s.title), plain(dict(s.params)))
                     for s in brief.sections)
    return BriefView(
        name=str(brief.name), title=str(brief.title), subtitle=str(brief.subtitle or ""),
        marking=str(brief.marking), as_of=str(brief.as_of), organization=str(brief.organization or ""),
        authors=plain(list(brief.authors)), formats=plain(list(brief.formats)),
        key_judgments=plain(list(brief.key_judgments)), intro=str(brief.intro or ""),
        max_marking=plain(brief.max_marking), for_each=plain(brief.for_each),
        variables=plain(dict(brief.variables or {})), stale_after_years=plain(brief.stale_after_years),
        sections=sections,
    )


def template_context(*, brief, section: SectionView, excerpts, vocabulary: VocabularyView,
                     functions: dict, as_of_text: str) -> dict:
    """Everything a section template sees, as plain records: the brief's
    ``variables`` and ``for_each`` values, ``excerpts`` (ExcerptView records),
    ``section``, ``brief``, ``vocabulary``, ``as_of``, ``as_of_text``,
    ``stale_after_years`` and the helper ``functions``."""
    context = {str(k): plain(v) for k, v in (brief.variables or {}).items()}
    context.update(
        excerpts=tuple(excerpts), vocabulary=vocabulary, brief=brief_view(brief), section=section,
        as_of=str(brief.as_of), as_of_text=as_of_text, stale_after_years=plain(brief.stale_after_years),
    )
    context.update({str(name): Helper(str(name), value) if callable(value) else value
                    for name, value in functions.items()})
    return context


class Helper:
    """A helper function as a template sees it: called as the function, printed
    as its name (``{{ cite }}``, ``{{ cite|pprint }}`` give ``cite``), with
    nothing else to look into."""

    __slots__ = ("_name", "_function")

    def __init__(self, name: str, function):
        self._name = name
        self._function = function

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return self._name

    __str__ = __repr__


def has_tag(tags, tag: str) -> bool:
    tag = str(tag)
    if tag.endswith(":*"):
        return any(t.startswith(tag[:-1]) for t in tags)
    return tag in tags
