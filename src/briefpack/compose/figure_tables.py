"""Template helpers for key-figures and incidents tables.

Every figure of the library belongs in a table of every pack whose scope
covers its place and measure. These helpers give templates the figures of a
scope, grouped the way the tables print them, as plain immutable tuples:

* ``figures_for(place=None, measure=None)``: every figure of the library (within
  the document's marking limit) about ``place`` and of ``measure``, whatever the
  section selected: rows ``(figure, excerpt)`` as ``figures()`` gives them;
* ``estimates_by_place(rows)``: the rows that are not incident tolls, by place
  (countries first, then regions; a figure without a place under its excerpt's
  first country), each place by measure, conflicting estimates
  next to each other;
* ``incidents(rows)``: the tolls, one entry per attack (name and date), each
  measure's estimates side by side;
* ``measure_label(m)`` and ``measure_definition(m)`` from the vocabulary's
  ``measure`` facet, and ``measures_in(rows)`` for a legend.
"""

from __future__ import annotations

from collections import namedtuple

from ..conventions.tlp import exceeds
from .chart_data import with_ranges
from .helpers import FigureRow

PlaceGroup = namedtuple("PlaceGroup", "place label measures")
MeasureGroup = namedtuple("MeasureGroup", "measure label definition rows")
Incident = namedtuple("Incident", "name date place label measures")
INCIDENT_MEASURES = ("deaths", "injured", "casualties")


class FigureHelpers:
    """Holds plain records only (no library): the figures within the marking
    limit as ``(figure, excerpt)`` view rows, and the vocabulary's view."""

    def __init__(self, library, limit: str | None, vocabulary, view):
        self.vocabulary = vocabulary
        rows = []
        for excerpt in library.excerpts.values():
            if excerpt.figures and not exceeds(excerpt.marking, limit):
                record = view(excerpt)
                rows += [FigureRow(f, record) for f in record.figures]
        rows.sort(key=lambda r: (r.figure.measure, r.figure.place, r.figure.as_of, r.excerpt.date, r.excerpt.id))
        self.rows = with_ranges(rows)  # a lower and an upper bound of one thing: one row

    def functions(self) -> dict:
        return {"figures_for": self.figures_for, "estimates_by_place": self.estimates_by_place,
                "incidents": self.incidents, "measure_definition": self.measure_definition,
                "measures_in": self.measures_in}

    def figures_for(self, place: str | None = None, measure: str | None = None) -> list:
        """Every figure of the library about ``place`` (or with no place, from an
        excerpt tagged with it) and of ``measure``; None means any."""
        return [r for r in self.rows
                if (measure is None or r.figure.measure == measure)
                and (place is None or r.figure.place == place
                     or (not r.figure.place and place in r.excerpt.tag_values("country")))]

    def measure_label(self, measure: str) -> str:
        return self.vocabulary.label("measure", measure) if self._term(measure) else \
            (measure.replace("-", " ")[:1].upper() + measure.replace("-", " ")[1:])

    def measure_definition(self, measure: str) -> str:
        term = self._term(measure)
        return term.definition if term is not None else ""

    def measures_in(self, rows) -> list:
        """(measure, label, definition) of the measures in ``rows``, in the vocabulary's order."""
        found = {r.figure.measure for r in rows}
        return [(m, self.measure_label(m), self.measure_definition(m)) for m in self._order(found)]

    def estimates_by_place(self, rows) -> list:
        groups: dict[str, dict[str, list]] = {}
        for row in rows:
            if row.figure.incident:
                continue
            place = row.figure.place or next(iter(row.excerpt.tag_values("country")), "")
            groups.setdefault(place, {}).setdefault(row.figure.measure, []).append(row)
        out = []
        for place in sorted(groups, key=self._place_key):
            measures = tuple(MeasureGroup(m, self.measure_label(m), self.measure_definition(m),
                                          tuple(_by_date(groups[place][m])))
                             for m in self._order(groups[place]))
            out.append(PlaceGroup(place, self._place_label(place), measures))
        return out

    def incidents(self, rows) -> list:
        groups: dict[tuple, list] = {}
        for row in rows:
            f = row.figure
            if f.incident:
                groups.setdefault((f.incident, f.incident_date or str(f.as_of)), []).append(row)
        out = []
        for (name, day), items in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            by_measure: dict[str, list] = {}
            for row in items:
                by_measure.setdefault(row.figure.measure, []).append(row)
            measures = tuple(MeasureGroup(m, self.measure_label(m), self.measure_definition(m),
                                          tuple(_by_date(by_measure[m]))) for m in self._order(by_measure))
            place = items[0].figure.place
            out.append(Incident(name, day, place, self._place_label(place), measures))
        return out

    # ------------------------------------------------------------ helpers
    def _term(self, measure):
        facet = self.vocabulary.facets.get("measure")
        return facet.values.get(measure) if facet is not None else None

    def _order(self, measures) -> list:
        facet = self.vocabulary.facets.get("measure")
        known = list(facet.values) if facet is not None else []
        return sorted(measures, key=lambda m: (known.index(m) if m in known else len(known), m))

    def _place_label(self, place: str) -> str:
        for facet in ("country", "region"):
            values = self.vocabulary.facets.get(facet)
            if values is not None and place in values.values:
                return values.values[place].label
        return place or "Unspecified"

    def _place_key(self, place: str):
        countries = self.vocabulary.facets.get("country")
        is_country = countries is not None and place in countries.values
        return (0 if is_country else 1, self._place_label(place).lower())


def _by_date(rows) -> list:
    return sorted(rows, key=lambda r: (str(r.figure.as_of), str(r.excerpt.date), r.excerpt.id))
