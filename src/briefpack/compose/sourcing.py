"""The sourcing profile of a judgment: what the excerpts it cites rest on.

ICD 206 asks every product for a source summary statement (how many sources, of
what kind, how reliable, how current), and ICD 203 that confidence reflect the
quality and quantity of the sources. A profile is computed from the excerpts a
judgment cites:

* its distinct sources, and its independent *origins*: a source that relays
  another (``via:`` on the source or on the excerpt: an outlet's name or a
  source id) counts as that origin; otherwise a source's origin is its
  publisher (two articles of one outlet are one origin), else the source
  itself;
* the range of Admiralty grades (source reliability + excerpt credibility);
* the oldest and newest *reporting* dates: when the source published the
  material (its ``published`` or ``inferred_date``), else the excerpt's date.

The rules that read a profile are in ``compose/judgment_check.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..conventions.admiralty import grade
from ..conventions.dates import MONTHS
from ..conventions.judgment_rules import at_least, grade_key


@dataclass(frozen=True)
class Origin:
    key: str  # casefolded, "the " dropped: what makes two origins one
    label: str  # as a reader knows it: "The Guardian", "Eurasianet"
    best: str  # the best grade of the material from it


@dataclass(frozen=True)
class SourcingProfile:
    excerpts: tuple[str, ...]  # the cited excerpts found in the library, in order, once each
    sources: tuple[str, ...]  # their distinct sources
    origins: tuple[Origin, ...]  # their independent origins
    grades: tuple[str, ...]  # distinct grades, best first
    oldest: str  # partial reporting dates ("" when none is known)
    newest: str
    relayed: tuple[str, ...] = ()  # sources that relay another ("Deutsche Welle via The Guardian")

    def origins_at_least(self, floor: str) -> int:
        return sum(1 for origin in self.origins if at_least(origin.best, floor))


def _key(name: str) -> str:
    words = " ".join(name.split()).casefold()
    return words[4:] if words.startswith("the ") else words


def _origin(excerpt, library, depth: int = 0) -> tuple[str, str]:
    """(key, label) of the origin ``excerpt``'s material comes from."""
    source = library.sources.get(excerpt.source)
    via = excerpt.via or (source.via if source is not None else "")
    return _origin_of(via, source, library, depth)


def _origin_of(via: str, source, library, depth: int) -> tuple[str, str]:
    if via:
        relayed = library.sources.get(via)
        if relayed is not None and depth < 8:  # a source id: that source's own origin
            return _origin_of(relayed.via, relayed, library, depth + 1)
        return _key(via), via
    if source is None:
        return "", ""
    name = source.publisher or source.id
    return _key(name), source.publisher or source.title or source.id


def reported(excerpt, library) -> str:
    """When the excerpt's material was reported: the source's date, else the excerpt's."""
    source = library.sources.get(excerpt.source)
    if source is not None and (source.published or source.inferred_date):
        return str(source.published or source.inferred_date)
    return str(excerpt.date or "")


def profile_of(keys, library) -> SourcingProfile:
    """The profile of the excerpts ``keys`` names (unknown or withdrawn ids are left out)."""
    excerpts = []
    for key in dict.fromkeys(keys):
        excerpt = library.excerpts.get(key)
        if excerpt is not None:
            excerpts.append(excerpt)
    sources, origins, grades, dates, relayed = {}, {}, set(), [], {}
    for excerpt in excerpts:
        source = library.sources.get(excerpt.source)
        sources[excerpt.source] = True
        mark = grade(source.reliability if source else "F", excerpt.credibility)
        grades.add(mark)
        key, label = _origin(excerpt, library)
        known = origins.get(key)
        origins[key] = Origin(key, known.label if known else " ".join(label.split()),
                              min(known.best, mark, key=grade_key) if known else mark)
        if source is not None and key != _origin_of("", source, library, 0)[0]:
            relayed[source.id] = f"{source.publisher or source.id} via {label}"
        when = reported(excerpt, library)
        if when:
            dates.append(when)
    dates.sort()
    return SourcingProfile(
        excerpts=tuple(e.id for e in excerpts),
        sources=tuple(sources),
        origins=tuple(origins.values()),
        grades=tuple(sorted(grades, key=grade_key)),
        oldest=dates[0] if dates else "",
        newest=dates[-1] if dates else "",
        relayed=tuple(relayed.values()),
    )


def summary(profile: SourcingProfile) -> str:
    """The source summary statement printed under a judgment:
    "Based on 3 sources (2 independent), graded B2, B3 and C3, reported March–June 2024." """
    n = len(profile.sources)
    if n == 0:
        return "Cites no source."
    text = f"Based on {n} source{'s' if n != 1 else ''}"
    k = len(profile.origins)
    if k > n:  # a source relaying other outlets: more origins than sources
        text += f" relaying {k} independent origins"
    elif n > 1:
        text += f" ({k} independent)"
    if profile.grades:  # a grade has two axes: no range of them can stand for the grades between
        grades = profile.grades
        text += ", graded " + (_and(list(grades)) if len(grades) <= 4 else f"{grades[0]} to {grades[-1]}")
    span = reporting_span(profile.oldest, profile.newest)
    if span:
        text += f", reported {span}"
    return text + "."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def reporting_span(oldest: str, newest: str) -> str:
    """ "March–June 2024", "April 2017–June 2024", "2016", "" (no date known)."""
    if not newest:
        return ""
    first, last = _month(oldest), _month(newest)
    if first == last:
        return last
    if oldest[:4] == newest[:4] and len(oldest) >= 7 and len(newest) >= 7:
        return f"{MONTHS[int(oldest[5:7]) - 1]}\u2013{last}"
    return f"{first}\u2013{last}"


def _month(partial: str) -> str:
    if len(partial) >= 7 and partial[5:7].isdigit() and 1 <= int(partial[5:7]) <= 12:
        return f"{MONTHS[int(partial[5:7]) - 1]} {partial[:4]}"
    return partial[:4]
