"""What a quote suggests for its excerpt: tags, a date, figures and an id. All to be confirmed.

- Tags: every value of the vocabulary whose label, alias or value (an
  acronym such as ``ISKP``: with its case; other names: any case) occurs as
  whole words in the quote or its paragraph. A country is also found by its
  people's name: a label ending in "-stan" by its stem ("Tajik", "Uzbeks"), any
  label followed by "n", "i" or "ian" ("Russian", "Iraqi", "Syrians"). A name is a
  whole word, not part of one such as "AT&T"; a country code that is also an
  English word or a common acronym in capitals ("IS", "AT", "IN") does not name
  its country. A country the quote names only in passing ("the US withdrawal", "US
  forces") is proposed as context, not as a tag: it is not where anything happens.
  A measure is found by any form of its words ("killed": "killing").
- Date: when it was reported, the source's publication date; an event date: the
  most precise date written in the quote, when it differs (2024-03-22, March 22,
  2024, 22 March 2024, March 2024, a year), else in its paragraph, else the
  source's publication date.
- Via: the outlet or body a quote says it reports from ("according to The
  Guardian", "citing Deutsche Welle", "The Economist has reported", "NYT spoke
  with"): a name of capitalised words, proposed as the excerpt's ``via:``.
- Figures: each number in the quote (digits, "1.2 million", "one million")
  with the word before it that qualifies it ("more than", "about", ...) and what
  it counts as the unit (see ``_unit_after``); years and parts of dates are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..conventions.places import only_in_passing

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATES = (  # (pattern, precision) in the order tried: the most precise first
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b"), "mdy"),
    (re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b"), "dmy"),
    (re.compile(_MONTH + r",?\s+(\d{4})\b"), "my"),
    (re.compile(r"\b(1[89]\d\d|20\d\d)\b"), "y"),
)
_QUALIFIERS = ("more than", "over", "at least", "about", "around", "nearly", "almost", "up to", "some",
               "roughly", "approximately", "fewer than", "less than", "close to", "as many as", "at most")
_NOT_UNITS = {"of", "and", "or", "to", "in", "on", "at", "for", "the", "a", "were", "was", "had"}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDS = {w: n for n, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                      "nine", "ten", "eleven", "twelve"])}
_NUMBER = re.compile(
    r"(?P<qual>\b(?:" + "|".join(_QUALIFIERS) + r")\s+)?(?P<cur>[$\u20ac\u00a3])?"
    r"(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<word>" + "|".join(_WORDS) + r"))"
    r"(?:\s+(?P<scale>" + "|".join(_SCALE) + r"))?(?P<pct>\s?%| per ?cent)?(?:\s+(?P<unit>[A-Za-z][\w-]*))?",
    re.I)


@dataclass
class FigureHint:
    value: int | float
    text: str
    qualifier: str = ""
    unit: str = ""
    measure: str = ""
    place: str = ""
    as_of: str = ""


@dataclass
class Suggestion:
    tags: list[str] = field(default_factory=list)  # found in the quote
    context_tags: list[str] = field(default_factory=list)  # found only in the rest of its paragraph, or in passing
    date: str = ""  # when it was reported: the source's publication date, else a date in the text
    date_text: str = ""  # what the date was read from: '"March 2024" in the quote'; empty: the source's date
    event_date: str = ""  # a date in the text other than the publication date: when what it reports happened
    event_date_text: str = ""
    kind: str = ""  # a guess at what it reports (conventions/kinds.py)
    figures: list[FigureHint] = field(default_factory=list)
    via: str = ""  # the outlet or body the quote reports from, if it names one
    via_text: str = ""  # the words it was read from


_NAME = r"((?:[Tt]he\s+)?[A-Z][\w'\u2019&-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w'\u2019&-]*){0,4})"
_VIA = (  # in the order tried: "X, citing Y" relays X first
    re.compile(r"(?:^|[.;:]\s+)" + _NAME + r",?\s+(?:citing|quoting)\b"),
    re.compile(r"\b(?:according to|citing|cited by|reported by|as reported by|quoted by|quoting)\s+" + _NAME),
    re.compile(_NAME + r"\s+(?:has |have |had )?(?:reported|reports|writes|wrote|says|said|spoke with|told)\b"),
)
_NOT_OUTLETS = {"He", "She", "It", "They", "We", "I", "This", "That", "The", "There", "Officials", "Authorities"}


def find_via(text: str) -> tuple[str, str]:
    """(name, the words it was read from) of the outlet ``text`` reports from, or ("", "")."""
    for pattern in _VIA:
        for match in pattern.finditer(text):
            name = " ".join(match.group(1).split()).rstrip(".")
            if name not in _NOT_OUTLETS and not name.startswith(("In ", "On ", "After ", "But ")):
                return name, " ".join(match.group(0).split())
    return "", ""


class TermFinder:
    """Finds the vocabulary's values named in a text (built once per vocabulary)."""

    def __init__(self, vocabulary):
        exact: dict[str, list[str]] = {}  # acronyms, matched with their case
        folded: dict[str, list[str]] = {}
        stems: dict[str, list[str]] = {}  # a measure's words, any form: "killed" finds "killing"
        for name, facet in vocabulary.facets.items():
            for value, term in facet.values.items():
                tag = f"{name}:{value}"
                for word in _names(name, value, term):
                    if name == "country" and word == value and word in _CODE_WORDS:
                        continue  # "IS", "AT", "IN": words and acronyms far more often than countries
                    if re.fullmatch(r"[A-Z0-9][A-Z0-9.&-]{1,6}", word):
                        _add(exact, word, tag)
                    elif len(word) >= 3 and re.search(r"[^\W\d_]", word):
                        _add(folded, word.casefold(), tag)
                        if name == "measure" and " " not in word.strip():
                            _add(stems, _stem(word.casefold()), tag)
        self.exact, self.folded, self.stems = exact, folded, stems
        self._exact = _alternation(exact, 0)
        self._folded = _alternation(folded, re.I)
        self._stems = _alternation(stems, re.I, r"(?:s|es|e|ed|d|ing|y|ies)?")

    def tags_in(self, text: str) -> list[str]:
        """The tags named in ``text``, in the order first named."""
        found: list[tuple[int, str]] = []
        for pattern, table, fold in ((self._exact, self.exact, False), (self._folded, self.folded, True),
                                     (self._stems, self.stems, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                word = match.group(1).casefold() if fold else match.group(1)
                found += [(match.start(), tag) for tag in table[" ".join(word.split())]]
        return list(dict.fromkeys(tag for _, tag in sorted(found)))


def _add(table: dict[str, list[str]], word: str, tag: str) -> None:
    tags = table.setdefault(" ".join(word.split()), [])
    if tag not in tags:
        tags.append(tag)


def _names(facet: str, value: str, term) -> list[str]:
    names = [term.label, *term.aliases, value]
    if facet == "country":
        for label in (term.label, *term.aliases):
            stem = label[:-5] if label.endswith("istan") else label[:-4] if label.endswith("stan") else ""
            if len(stem) >= 5:
                names += [stem, stem + "s"]
            if re.fullmatch(r"[A-Z][a-z]+", label) and not label.endswith("stan"):
                names += [label + suffix for suffix in ("n", "ns", "i", "is", "ian", "ians")]
    return [n for n in names if n]


def _alternation(words: dict[str, str], flags: int, ending: str = ""):
    """One pattern finding any of ``words`` as whole words (``ending``: what may follow a stem),
    the word found in group 1; not a piece of a name such as "AT&T"."""
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)  # the longest name first: "Islamic State Khorasan"
    body = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in ordered)
    return re.compile(r"(?<![\w&-])(" + body + r")" + ending + r"(?![\w&-])", flags)


def _stem(word: str) -> str:
    """``word`` without an ending ("killed", "killing": "kill"; "arrests": "arrest")."""
    for ending in ("ing", "ed", "es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def find_date(text: str) -> tuple[str, str]:
    """(the most precise date written in ``text`` as YYYY[-MM[-DD]], the words it was read from)."""
    from ..library.load import date_problem

    for pattern, precision in _DATES:
        for match in pattern.finditer(text):
            groups = match.groups()
            if precision == "ymd":
                y, m, d = groups
            elif precision == "mdy":
                m, d, y = _MONTHS.index(groups[0].lower()) + 1, groups[1], groups[2]
            elif precision == "dmy":
                d, m, y = groups[0], _MONTHS.index(groups[1].lower()) + 1, groups[2]
            elif precision == "my":
                m, d, y = _MONTHS.index(groups[0].lower()) + 1, None, groups[1]
            else:
                y, m, d = groups[0], None, None
            date = "-".join([y, *(f"{int(x):02d}" for x in (m, d) if x is not None)])
            if date_problem(date) is None:
                return date, match.group()
    return "", ""


def find_figures(text: str) -> list[FigureHint]:
    """The numbers in ``text`` that may be figures (years and dates left out)."""
    dates = [m.span() for pattern, _ in _DATES for m in pattern.finditer(text)]
    figures = []
    pos = 0
    while (match := _NUMBER.search(text, pos)) is not None:
        number = "num" if match.group("num") else "word"
        pos = match.end()
        if any(a <= match.start(number) < b for a, b in dates):
            pos = match.end(number)  # a part of a date: what follows it may still be a figure
            continue
        if match.group("num"):
            raw = match.group("num").replace(",", "")
            value = float(raw) if "." in raw else int(raw)
        else:
            if not match.group("scale"):
                continue  # "one defendant": a word number alone is seldom a figure
            value = _WORDS[match.group("word").lower()]
        if match.group("scale"):
            value = value * _SCALE[match.group("scale").lower()]
            value = int(value) if float(value).is_integer() else value
        unit = (match.group("unit") or "")
        if match.group("pct"):
            unit = "percent"
        elif match.group("cur"):
            unit = {"$": "US dollars", "\u20ac": "euros", "\u00a3": "pounds"}[match.group("cur")]
        else:
            unit = _unit_after(text, match.start("unit") if unit else match.end())
        qualifier = (match.group("qual") or "").strip().lower()
        figures.append(FigureHint(value=value, text=match.group().strip(), qualifier=qualifier, unit=unit))
    return figures


# Two-letter country codes that are also English words or common acronyms in capitals
# ("IS fighters", "AT&T", "IN TOTAL"): a country is found by its name there, not its code.
_CODE_WORDS = {"IS", "IT", "IN", "AT", "TO", "NO", "BE", "ME", "AM", "AS", "OR", "AN", "ON", "SO", "DO", "GO",
               "MY", "HE", "ID", "PS", "TV", "AI", "EU", "UN", "PA"}

_PLAIN_NOUNS = {"people", "men", "women", "children", "police", "staff", "personnel", "militia"}


def _unit_after(text: str, start: int) -> str:
    """What a number counts: the first of the next three words that reads as a counted noun
    (a plural, or people, men, women, ...): "40 young men" -> men, "27 suspected ISKP members"
    -> members; none when a word such as "of" or "in" comes first."""
    for word in re.findall(r"[A-Za-z][\w-]*", text[start:start + 60])[:3]:
        if word.lower() in _NOT_UNITS:
            return ""
        if word.lower() in _PLAIN_NOUNS or (word.islower() and len(word) > 3 and word.endswith("s")
                                             and not word.endswith("ss")):
            return word
    return ""


def suggest(quote: str, paragraph: str, finder: TermFinder, vocabulary, published: str | None) -> Suggestion:
    """Tags, date and figures for an excerpt quoting ``quote`` from ``paragraph``."""
    named = finder.tags_in(quote)
    passing = [t for t in named if _in_passing(quote, t, vocabulary)]
    tags = [t for t in named if t not in passing]
    context = passing + [t for t in finder.tags_in(paragraph) if t not in named]
    found, found_text = find_date(quote)
    origin = "in the quote"
    if not found:
        (found, found_text), origin = find_date(paragraph), "in its paragraph"
    date, date_text = (published, "") if published else (found, found_text)
    event_date, event_text = (found, found_text) if published and found and found != published else ("", "")
    figures = find_figures(quote)
    measures = [t.split(":", 1)[1] for t in tags if t.startswith("measure:")]
    places = [t.split(":", 1)[1] for t in tags if t.startswith("country:")]
    for figure in figures:
        figure.measure = measures[0] if measures else ""
        figure.place = places[0] if len(places) == 1 else ""
        figure.as_of = found if found_text and origin == "in the quote" else ""
    via, via_text = find_via(quote)
    return Suggestion(tags=[t for t in tags if not t.startswith("measure:")],
                      context_tags=[t for t in context if not t.startswith("measure:")],
                      date=date, date_text=f'"{date_text}" {origin}' if date_text else "", figures=figures,
                      via=via, via_text=via_text, event_date=event_date,
                      event_date_text=f'"{event_text}" {origin}' if event_text else "", kind=guess_kind(quote))


def _in_passing(quote: str, tag: str, vocabulary) -> bool:
    """Whether ``tag`` is a country the quote names only in passing ("the US withdrawal"):
    proposed as context, not as a tag (``conventions.places``)."""
    facet, _, value = tag.partition(":")
    term = vocabulary.facets["country"].values.get(value) if facet == "country" else None
    return term is not None and only_in_passing(quote, [value, term.label, *term.aliases])


_KIND_WORDS = (  # the first that matches: what the passage most likely reports
    ("forecast", re.compile(r"\b(?:will|would|could|may|might|likely|expect(?:s|ed)?|forecasts?|in the (?:short|long|"
                            r"medium) term)\b", re.I)),
    ("arrest", re.compile(r"\b(?:arrest(?:s|ed)?|detain(?:s|ed)?|detentions?|sentenced|convicted|raids?)\b", re.I)),
    ("incident", re.compile(r"\b(?:attack(?:s|ed)?|bomb(?:s|ing|ed)?|killed|shooting|plot(?:s|ted)?|explosions?)\b",
                            re.I)),
    ("statement", re.compile(r"\b(?:claimed|announced|declared|pledged|said|video|statement)\b", re.I)),
)


def guess_kind(quote: str) -> str:
    """A guess at the excerpt's ``kind`` from its words; "assessment" when nothing tells."""
    return next((kind for kind, words in _KIND_WORDS if words.search(quote)), "assessment")
