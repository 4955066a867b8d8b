"""The helper functions placed in every section template's context (``cite``,
``group_by``, ``figures``, ``is_stale`` ...), and the records they return."""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date

from markupsafe import Markup

from ..conventions.dates import display_date
from .typography import clause, dangles, joined
from ..conventions.kinds import HAPPENINGS, INCIDENTS, of_kind
from ..conventions.places import only_in_passing
from ..library.events import event_date
from ..errors import BriefpackError
from ..library.model import Library
from ..document.names import UniqueNames
from . import attribution
from .anchors import anchor_name
from .chart_data import ChartHelpers, with_ranges
from .template_context import has_tag, vocabulary_view

NAMED_FACETS = ("country", "group", "region")  # their labels are names, whatever their place in a sentence
Group = namedtuple("Group", "value label excerpts name")
EventRow = namedtuple("EventRow", "date excerpts")
FigureRow = namedtuple("FigureRow", "figure excerpt")
Conflict = namedtuple("Conflict", "measure place as_of rows")


class Place(str):
    """Where the document printed something: the section's title, which a template prints,
    and the ``anchor`` of its heading, which a cross-reference (``ref``) points at."""

    anchor: str

    def __new__(cls, title: str, anchor: str = "") -> "Place":
        place = super().__new__(cls, title)
        place.anchor = anchor
        return place


def ref(place) -> Markup:
    """A cross-reference to where ``place`` stands: ``<ref to="anchor">Title</ref>``,
    printed "“Title,” p. 12" (a title with no anchor is printed in quotation marks)."""
    anchor = getattr(place, "anchor", "")
    if not anchor:
        return Markup("\u201c%s\u201d") % str(place)
    return Markup('<ref to="%s">%s</ref>') % (anchor, str(place))


def format_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def _period_end(partial: str) -> date | None:
    """The last day a partial date can mean."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", partial or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return date(year, int(month), int(day))
    if month:
        nxt = date(year + int(month) // 12, int(month) % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(year, 12, 31)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Helpers:
    """The helper functions placed in every template context."""

    def __init__(self, library: Library, as_of: str, stale_after_years: int, anchors: UniqueNames | None = None):
        """``anchors``: the names the document's headings and points of text are given."""
        # plain data only: a helper's object must not lead a template back to the library
        self.excerpt_ids = frozenset(library.excerpts)
        self.vocabulary = vocabulary_view(library.vocabulary)
        self.as_of = str(as_of)
        self.stale_after_years = stale_after_years
        # Once per document: where each excerpt's text was printed (the section: a Place), and
        # the Anchor at that text (see anchors.py) by excerpt, in the order given; each Anchor's heading.
        self.printed: dict[str, Place] = {}
        self.anchors, self.anchored, self.order, self.fallbacks = anchors or UniqueNames(), {}, {}, {}
        self.place = Place("")  # the section being drawn; the composer sets it
        self.names = frozenset(word for facet in NAMED_FACETS if facet in self.vocabulary.facets
                               for term in self.vocabulary.facets[facet].values.values()
                               for name in (term.label, term.value, *term.aliases) for word in str(name).split())

    def functions(self) -> dict:
        return {
            "cite": self.cite, "group_by": self.group_by, "sort_by_date": self.sort_by_date,
            "with_tag": self.with_tag, "without_tag": self.without_tag, "ids": self.ids, "figures": self.figures,
            "conflicts": self.conflicts,
            "label": self.label, "name": self.name, "and_list": self.and_list, "by_event": self.by_event,
            "measure_label": self.measure_label, "estimate": self.estimate,
            "is_stale": self.is_stale, "format_date": display_date, "format_number": format_number,
            "clause": clause, "joined": joined, "dangles": dangles,
            "of_kind": of_kind, "chronology_kinds": HAPPENINGS, "incident_kinds": INCIDENTS,
            "said_by": attribution.said_by, "speaker": attribution.speaker, "attributed": self.attributed, "credited": self.credited,
            "once": self.once, "ref": ref, "printed_in": self.printed_in, "elsewhere": self.elsewhere, "unprinted": self.unprinted, "naming": self.naming,
            "places": self.places, "stale_ids": self.stale_ids, "first_time": self.first_time, "figures_printed_in": self.figures_printed_in, "year_span": self.year_span,
            **ChartHelpers(self.label).functions(),
        }

    def cite(self, what) -> Markup:
        """``<cite keys="..."/>`` for an excerpt, an id, or a list of them."""
        items = what if isinstance(what, (list, tuple)) else [what]
        keys = []
        for item in items:
            key = item if isinstance(item, str) else getattr(item, "id", None)
            if not isinstance(key, str):
                raise BriefpackError(f"cite() expects excerpts or excerpt ids, not {type(item).__name__}")
            if key not in self.excerpt_ids:
                raise BriefpackError(f"cite(): no excerpt with id '{key}'")
            if key not in keys:
                keys.append(key)
        if not keys:
            return Markup("")
        first = [self._anchor(key) for key in keys if self.printed.get(key) is self.place and key not in self.anchored]
        if first:  # it closes an excerpt's text printed here the first time: a reference points to its start
            return Markup('<cite keys="%s" anchor="%s"/>') % (" ".join(keys), " ".join(first))
        return Markup('<cite keys="%s"/>') % " ".join(keys)

    def _anchor(self, key: str) -> str:
        name = self.anchored[key] = self.anchors.give(anchor_name(key))
        self.order[key] = len(self.order)  # the texts in the order they are printed
        self.fallbacks[name] = self.place.anchor
        return name

    def _at_text(self, key: str) -> Place:
        """The section where an excerpt's text stands, pointing at the text where it has an Anchor."""
        where = self.printed[key]
        return Place(where, self.anchored[key]) if key in self.anchored else where

    def attributed(self, excerpt, lead: bool = True, after=None):
        """The excerpt's text with who said it and when (``attribution.attributed``), the
        first time the document prints it; after that a cross-reference to where it stands
        (block XML: a Markup), a sentence of its own without the ``lead``. ``after``: the item
        before it in the same list; when that was introduced by the same source at the same
        time, this one says so shortly ("Webber also wrote that ...")."""
        where = self.printed.get(excerpt.id)
        if where is not None and where != self.place:  # without the lead, a sentence (a table row's text)
            return self.reference(excerpt, self._at_text(excerpt.id)) + ("" if lead else ".")
        self.printed[excerpt.id] = self.place
        return attribution.attributed(excerpt, lead, self.names, again=lead and self._same_lead(after, excerpt))

    def _same_lead(self, before, excerpt) -> bool:
        """Whether ``before``, printed here with its lead-in, named the source and time ``excerpt`` would."""
        if before is None or self.printed.get(before.id) != self.place:
            return False
        if any(attribution.names_author(str(getattr(e, "summary", "") or "")) for e in (before, excerpt)):
            return False
        return (attribution.speaker(before), attribution.spoken_when(before)) == (
            attribution.speaker(excerpt), attribution.spoken_when(excerpt))

    @staticmethod
    def credited(text: str, excerpt) -> str:
        """``text`` (a figure's note, say) with "the author" or "the article" named from ``excerpt``'s source."""
        return attribution.name_mentions(excerpt, str(text))

    def reference(self, excerpt, where: Place) -> Markup:
        """ "Webber, June 2024: see “Tajikistan,” p. 12"."""
        who = attribution.speaker(excerpt, short=True)
        when = attribution.spoken_when(excerpt)
        return Markup.escape(attribution.capital(who) + (f", {when}" if when else "") + ": see ") + ref(where)

    def once(self, excerpts, limit: int | None = None) -> tuple:
        """The excerpts whose text the document has not printed yet (the first ``limit`` of
        them), now counted as printed here: for a generated list that leaves out what stands
        elsewhere. Those past the limit are not printed, so they stay free for a later section."""
        out = []
        for e in excerpts:
            if limit is not None and len(out) >= limit:
                break
            if e.id not in self.printed:
                self.printed[e.id] = self.place
                out.append(e)
        return tuple(out)

    def elsewhere(self, excerpts) -> tuple:
        """The other sections where the document printed these excerpts' text (Places: their
        titles, and for ``ref`` the first of those texts in each, else its heading)."""
        first: dict = {}  # a section -> the excerpt whose text stands first in it
        last = len(self.order)
        for e in excerpts:
            where = self.printed.get(e.id, self.place)
            if where != self.place and self.order.get(e.id, last) < self.order.get(first.get(where), last + 1):
                first[where] = e.id
        return tuple(self._at_text(key) for key in first.values())

    def naming(self, excerpts, country: str) -> tuple:
        """The excerpts that name ``country``: tagged with it, or naming it (or its people)
        in their quote."""
        return tuple(e for e in excerpts if country in e.tag_values("country")
                     or attribution.names_place(e.quote, self.label("country", country)))

    def unprinted(self, excerpts) -> tuple:
        """The excerpts no other section has printed (they may stand in this one)."""
        return tuple(e for e in excerpts if self.printed.get(e.id, self.place) == self.place)

    def first_time(self, *keys: str) -> bool:
        """Whether the document prints this (an explanation, a measure's definition: any
        ``keys``) for the first time; from now on it has printed it."""
        new = not any(f"\0{k}" in self.printed for k in keys)
        for k in keys:
            self.printed.setdefault(f"\0{k}", self.place)
        return new

    def figures_printed_in(self, rows):
        """The section that printed these figure rows already ("" none: they are printed here)."""
        keys = [f"\0figure:{r.excerpt.id}:{r.figure.measure}:{r.figure.place}" for r in rows]
        where = next((self.printed[k] for k in keys if self.printed.get(k, self.place) != self.place), "")
        if not where:
            for k in keys:
                self.printed.setdefault(k, self.place)
        return where

    def printed_in(self, excerpt):
        """The section (a Place) where the excerpt's text stands ("" not printed yet); ``ref``
        of it points to the text itself once its citation was written."""
        key = getattr(excerpt, "id", excerpt)
        return self._at_text(key) if key in self.printed else ""

    def label(self, facet: str, value: str) -> str:
        return self.vocabulary.label(facet, value)

    def name(self, facet: str, value: str) -> str:
        """The label with the abbreviation readers use, where the vocabulary gives one."""
        f = self.vocabulary.facets.get(facet)
        term = f.values.get(value) if f else None
        return term.name if term else value

    @staticmethod
    def and_list(items) -> str:
        """"A", "A and B", "A, B and C"."""
        items = [str(i) for i in items]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""

    def measure_label(self, measure: str) -> str:
        if "measure" in self.vocabulary.facets:
            return self.label("measure", measure)
        text = measure.replace("-", " ").replace("_", " ")
        return text[:1].upper() + text[1:]

    def estimate(self, figure) -> str:
        """ "more than 500 fighters": qualifier, value, unit."""
        value = format_number(figure.value)
        if getattr(figure, "high", None) is not None:  # a range
            value = f"{value}–{format_number(figure.high)}"
        parts = [figure.qualifier, value, figure.unit]
        return " ".join(p for p in parts if p)

    def group_by(self, excerpts, facet: str, once: bool = False) -> tuple:
        """(value, label, excerpts, name) for each value of ``facet``, sorted by
        label; with ``once``, an excerpt tagged with several values stands only
        under the first of them in that order."""
        groups: dict[str, list] = {}
        for e in excerpts:
            values = e.tag_values(facet)
            if once and values:
                values = sorted(values, key=lambda v: (self.label(facet, v).lower(), v))[:1]
            for value in values:
                groups.setdefault(value, []).append(e)
        out = [Group(v, self.label(facet, v), tuple(items), self.name(facet, v)) for v, items in groups.items()]
        return tuple(sorted(out, key=lambda g: (g.label.lower(), g.value)))

    def places(self, excerpts) -> tuple:
        """:meth:`group_by` country, counting an excerpt's country tag only where the
        text the document prints of it (its summary, else its quote) names the country
        as a place, a subject or a possessor, or does not name it at all: not for "the
        US withdrawal" (``conventions.places``)."""
        groups: dict[str, list] = {}
        for e in excerpts:
            for value in e.tag_values("country"):
                if not self._in_passing(e, value):
                    groups.setdefault(value, []).append(e)
        out = [Group(v, self.label("country", v), tuple(items), self.name("country", v)) for v, items in groups.items()]
        return tuple(sorted(out, key=lambda g: (g.label.lower(), g.value)))

    def _in_passing(self, excerpt, country: str) -> bool:
        facet = self.vocabulary.facets.get("country")
        term = facet.values.get(country) if facet else None
        names = [country, term.label, *term.aliases] if term else [country]
        text = str(getattr(excerpt, "summary", "") or excerpt.quote or "")  # what the document prints
        return only_in_passing(text, names)

    @staticmethod
    def by_event(excerpts, kinds=None) -> tuple:
        """Chronology rows: excerpts that share an ``event`` make one row, dated by
        the most precise of their event dates (when it happened, not when it was
        reported); every other excerpt a row of its own. Rows in date order, each
        row's excerpts in theirs. With ``kinds`` (a list such as ["incident",
        "arrest"]), only excerpts of those kinds (and those that give no kind)."""
        rows: dict[str, list] = {}
        for e in (of_kind(excerpts, kinds) if kinds else excerpts):
            rows.setdefault(e.event or f"\0{e.id}", []).append(e)
        out = []
        for items in rows.values():
            items = sorted(items, key=lambda e: (event_date(e), e.id))
            date = min((event_date(e) for e in items), key=lambda d: (-len(d), d))  # most precise, earliest
            out.append(EventRow(date, tuple(items)))
        return tuple(sorted(out, key=lambda r: (r.date, r.excerpts[0].id)))

    of_kind = staticmethod(of_kind)  # conventions.kinds: the kind filter the chronologies share

    def sort_by_date(self, excerpts, reverse: bool = False) -> tuple:
        """By the date each shows: when what it reports happened, else its date."""
        return tuple(sorted(excerpts, key=lambda e: (event_date(e), e.id), reverse=bool(reverse)))

    def with_tag(self, excerpts, *tags: str) -> tuple:
        """Excerpts carrying any of ``tags`` ("topic:recruitment", "group:*")."""
        return tuple(e for e in excerpts if any(has_tag(e.tags, t) for t in tags))

    def without_tag(self, excerpts, *tags: str) -> tuple:
        return tuple(e for e in excerpts if not any(has_tag(e.tags, t) for t in tags))

    @staticmethod
    def ids(*lists) -> frozenset:
        """The ids of the excerpts in ``lists`` (excerpts or ids), as a set: what
        ``rejectattr("id", "in", ...)`` tests against in one step for each excerpt."""
        return frozenset(getattr(item, "id", item) for items in lists for item in items)

    def figures(self, excerpts, measure: str | None = None, place: str | None = None) -> tuple:
        """(figure, excerpt) rows, grouped by measure, place and date so that
        conflicting estimates of one thing stand next to each other.

        With ``place``, figures about that place, and figures with no place
        from excerpts tagged ``country:<place>``."""
        rows = []
        for e in excerpts:
            for f in e.figures:
                if measure is not None and f.measure != measure:
                    continue
                if place is not None and f.place != place and (
                    f.place or place not in e.tag_values("country")
                ):
                    continue
                rows.append(FigureRow(f, e))
        return with_ranges(sorted(rows, key=lambda r: (r.figure.measure, r.figure.place, str(r.figure.as_of),
                                                       str(r.excerpt.date), r.excerpt.id)))

    def conflicts(self, rows) -> tuple:
        """Figure rows that disagree: same measure, place and year, different values."""
        groups: dict[tuple, list] = {}
        for row in rows:
            f = row.figure
            groups.setdefault((f.measure, f.place, str(f.as_of)[:4]), []).append(row)
        return tuple(Conflict(m, p, y, tuple(g)) for (m, p, y), g in groups.items()
                     if len({(r.figure.value, r.figure.qualifier) for r in g}) > 1)

    def stale_ids(self, excerpts) -> tuple:
        """The ids of the excerpts ``is_stale`` holds old (for ``selectattr("id", "in", ...)``)."""
        return tuple(e.id for e in excerpts if self.is_stale(e))

    @staticmethod
    def year_span(excerpts) -> str:
        """ "2016–2017" (or "2016"): the years of the excerpts' dates."""
        years = sorted({str(e.date)[:4] for e in excerpts if str(e.date)[:4].isdigit()})
        return "" if not years else years[0] if len(years) == 1 else f"{years[0]}\u2013{years[-1]}"

    def is_stale(self, excerpt) -> bool:
        """Whether the excerpt was reported before as_of minus stale_after_years
        (its source's date, not the date of the event it reports)."""
        end = _period_end(str(getattr(excerpt, "reported", "") or getattr(excerpt, "date", excerpt)))
        try:
            cutoff = _years_before(date.fromisoformat(self.as_of), self.stale_after_years)
        except ValueError:
            return False
        return end is not None and end < cutoff
