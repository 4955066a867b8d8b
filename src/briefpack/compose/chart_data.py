"""Template helpers that gather what a chart plots, as plain data.

Each returns a list of :data:`Point` tuples (plain strings and numbers, and
the excerpt ids to cite) that a template writes into a ``<figure>`` block,
usually through the macros of ``charts.xml.j2``:

* :meth:`ChartHelpers.estimates` - for one measure: every estimate, a range
  where one excerpt gives a lower and an upper bound of the same thing,
  ordered by date, labelled with its estimator and date;
* :meth:`ChartHelpers.regional_estimates` - the same with one row per place;
* :meth:`ChartHelpers.timeline` - one event per excerpt (or per ``event`` they
  share), with a short label;
* :meth:`ChartHelpers.counts` - excerpts per year.
"""

from __future__ import annotations

import re
from collections import namedtuple

from ..document.chart_text import bound, short_date
from ..errors import BriefpackError
from ..conventions.kinds import of_kind
from ..library.events import event_date
from .attribution import name_mentions

Point = namedtuple("Point", "value high qualifier label row date keys")
RangeFigure = namedtuple("RangeFigure", "measure value high qualifier place as_of estimator unit note incident "
                                        "incident_date")
RangeFigure.__doc__ = """A lower and an upper bound of one thing in one excerpt, as one figure: ``value`` to ``high``."""
Point.__doc__ = """One plotted value: ``high`` is None unless a range; ``keys`` the excerpt ids to cite."""

_LEAD_DATE = re.compile(
    r"^(?:in|on|by|since|from|around|during|after|until|as of)\b[^,.;]{0,30}?\b(?:1[89]|20)\d\d\b,?\s+",
    re.IGNORECASE)
_WORD_END = re.compile(r"[\s,;:]+")


def short_label(text: str, length: int | None = 48) -> str:
    """The first words of ``text``, at most ``length`` characters (its first sentence
    whole when None), without a leading "In late December 2023" (the chart shows the date)."""
    text = " ".join(str(text).split())
    stripped = _LEAD_DATE.sub("", text, count=1)
    if stripped and stripped != text:
        text = stripped[0].upper() + stripped[1:]
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
    if length is None or len(first) <= length:
        return first
    cut = first[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


class ChartHelpers:
    """Chart helpers bound to a library's vocabulary (for place labels)."""

    def __init__(self, label):
        self.label = label  # label(facet, value) -> str

    def functions(self) -> dict:
        return {"estimates": self.estimates, "regional_estimates": self.regional_estimates,
                "timeline": self.timeline, "counts": self.counts, "short_label": short_label}

    # ------------------------------------------------------------ estimates
    def estimates(self, rows, measure: str | None = None) -> list:
        """Points for the figure rows of one ``measure`` (all rows when None, which
        must then be of one measure), ordered by date, a lower and an upper bound
        of one excerpt made a range."""
        measures = sorted({r.figure.measure for r in rows})
        if measure is None and len(measures) > 1:  # one chart plots one measure
            raise BriefpackError(f"estimates(): the rows hold {len(measures)} measures ({', '.join(measures)}); "
                                 f"a chart plots one: estimates(rows, \"{measures[0]}\")")
        chosen = [r for r in rows if measure is None or r.figure.measure == measure]
        points = [self._point(group) for group in _paired(chosen)]
        return sorted(points, key=lambda p: (p.date, p.value, p.label, p.keys))

    def regional_estimates(self, rows, measure: str, places) -> list:
        """Points of ``measure`` for each of ``places`` (codes) in that order, one
        row per place labelled with its name, each row's points by date."""
        out = []
        for place in places:
            mine = [r for r in rows if r.figure.place == place]
            row = self.place_label(place)
            out += [p._replace(row=row) for p in self.estimates(mine, measure)]
        return out

    def place_label(self, place: str) -> str:
        for facet in ("country", "region"):
            text = self.label(facet, place)
            if text and text != place:
                return text
        return place

    def _point(self, group) -> Point:
        first = group[0]
        f, e = first.figure, first.excerpt
        date = str(f.as_of or e.date)
        who = f.estimator or (e.source.publisher or e.source.title)
        label = f"{_first_clause(who)}, {short_date(date)}"
        keys = tuple(dict.fromkeys(r.excerpt.id for r in group))
        if len(group) == 2:
            low, high = sorted((r.figure.value for r in group))
            return Point(float(low), float(high), "", label, "", date, keys)
        if getattr(f, "high", None) is not None:
            return Point(float(f.value), float(f.high), "", label, "", date, keys)
        return Point(float(f.value), None, f.qualifier or "", label, "", date, keys)

    # ------------------------------------------------------------ timeline and counts
    def timeline(self, excerpts, length: int | None = None, kinds=None) -> list:
        """One event per excerpt, by the date it happened (``event_date``, else its
        date), labelled with the first sentence of its summary (else quote), whole
        (the chart wraps it) unless ``length`` is given; excerpts that
        share an ``event`` make one point (as in the chronology), dated by the most
        precise of their dates, citing them all. With ``kinds``, only excerpts of
        those kinds (and those that give none), as ``by_event``."""
        events: dict[str, list] = {}
        for e in (of_kind(excerpts, kinds) if kinds else excerpts):
            if event_date(e)[:4].isdigit():
                events.setdefault(getattr(e, "event", "") or f"\0{e.id}", []).append(e)
        points = []
        for items in events.values():
            items = sorted(items, key=lambda e: (-len(event_date(e)), event_date(e), e.id))
            first = items[0]  # the most precise date
            keys = tuple(e.id for e in sorted(items, key=lambda e: (event_date(e), e.id)))
            label = name_mentions(first, first.summary) if first.summary else first.quote
            points.append(Point(0.0, None, "", short_label(label, length), "", event_date(first), keys))
        return sorted(points, key=lambda p: (p.date, p.keys))

    def counts(self, excerpts) -> list:
        """Excerpts per year, years in order (years without any are left to the chart)."""
        years: dict[str, list] = {}
        for e in excerpts:
            year = str(e.date)[:4]
            if year.isdigit():
                years.setdefault(year, []).append(e.id)
        return [Point(float(len(ids)), None, "", year, year, year, tuple(ids))
                for year, ids in sorted(years.items())]



def with_ranges(rows) -> tuple:
    """``rows`` (figure, excerpt) in their order, a lower and an upper bound of one
    thing from one excerpt made one row whose figure is a :data:`RangeFigure`."""
    out = []
    for group in _paired(rows):
        if len(group) == 1:
            out.append(group[0])
            continue
        low, high = sorted(group, key=lambda r: r.figure.value)
        f = low.figure
        note = _range_note(f.note, high.figure.note)
        out.append(type(low)(RangeFigure(f.measure, f.value, high.figure.value, "", f.place, f.as_of, f.estimator,
                                         f.unit, note, f.incident, f.incident_date), low.excerpt))
    return tuple(out)


_BOUND_WORDS = re.compile(r"^(?:the\s+)?(?:lower|upper|low|high)\s+(?:bound|end)\s+of\s+(?:the|a|an)\s+", re.IGNORECASE)


def _range_note(low: str, high: str) -> str:
    """One note for a range: the bounds' notes without their "lower bound of the ..."
    when they then say the same, else both."""
    a, b = _BOUND_WORDS.sub("", low or "").strip(), _BOUND_WORDS.sub("", high or "").strip()
    if a == b:
        return a[:1].upper() + a[1:]
    return "; ".join(n for n in (low, high) if n)


def _paired(rows) -> list[list]:
    """Rows grouped into estimates: a lower and an upper bound of the same measure,
    place and date from one excerpt become one (a range); every other row is one."""
    groups: list[list] = []
    open_bounds: dict[tuple, list] = {}
    for r in rows:
        f = r.figure
        kind = bound(f.qualifier or "")
        key = (r.excerpt.id, f.measure, f.place, str(f.as_of), f.estimator)
        partner = open_bounds.get(key)
        if partner is not None and kind in ("lower", "upper") and bound(partner[0].figure.qualifier) != kind:
            partner.append(r)
            del open_bounds[key]
            continue
        group = [r]
        groups.append(group)
        if kind in ("lower", "upper"):
            open_bounds[key] = group
    return groups


def _first_clause(text: str) -> str:
    """An estimator's name without its parenthesis, or its acronym: "KNB (National
    Security Committee)" -> "KNB"; "Centre for ... (ICSR)" -> "ICSR"."""
    text = " ".join(str(text).split())
    acronym = re.fullmatch(r".+? \(([A-Z]{2,8})\)", text)
    head = acronym.group(1) if acronym else (text.split(" (")[0].strip() or text)
    return head[:1].upper() + head[1:]
