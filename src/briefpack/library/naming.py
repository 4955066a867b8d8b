"""Names and what they may have meant: the canonical value of a facet value or alias,
and did-you-mean suggestions (rapidfuzz) for every unknown name, tag, key or field."""

from __future__ import annotations

from .model import Vocabulary


def did_you_mean(word: str, choices, cutoff: float = 60, partial: bool = False,
                 folded: bool = False) -> str | None:
    """The choice most like ``word`` (case ignored), or None if none is close enough.

    ``partial`` also rewards a word that is part of a choice (for long ids);
    ``folded``: the word and the choices are case-folded already.
    """
    from rapidfuzz import fuzz, process

    choices = list(choices)
    if not choices:
        return None
    scorer = fuzz.WRatio if partial else fuzz.ratio
    found = process.extractOne(
        word, choices, scorer=scorer, processor=None if folded else str.casefold, score_cutoff=cutoff
    )
    return found[0] if found else None


def suggestion(word: str, choices, otherwise: str = "", cutoff: float = 60) -> str:
    """`` (did you mean 'X'?)`` for the choice most like ``word``, else ``otherwise``."""
    close = did_you_mean(str(word), choices, cutoff=cutoff)
    return f" (did you mean '{close}'?)" if close else otherwise


def canonical_value(vocabulary: Vocabulary, facet: str, value: str) -> str | None:
    """The value of ``facet`` that ``value`` names: itself, or a value or alias written
    in any case; None when the facet has no such value. A facet the vocabulary
    does not have takes any value as written."""
    known = vocabulary.facets.get(facet)
    if known is None or value in known.values:
        return value
    for term in known.values.values():
        if value.lower() in (a.lower() for a in (term.value, *term.aliases)):
            return term.value
    return None


SUGGESTION_BUDGET = 10_000_000  # words compared for did-you-means, per file checked (about a second)


class TagNames:
    """The tags a vocabulary defines, with their aliases.

    Did-you-means for unknown tags cost a comparison with every word of the
    facet; past ``SUGGESTION_BUDGET`` comparisons (see :meth:`new_budget`) an
    unknown tag is reported without one, so that a file of 100,000 unknown tags
    against a vocabulary of 30,000 values is still checked in seconds."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.budget = SUGGESTION_BUDGET
        self._problems: dict[str, str | None] = {}
        self._folded: dict[str, dict[str, str]] = {}
        self.tags = {
            f"{name}:{value}" for name, facet in vocabulary.facets.items() for value in facet.values
        }
        # facet -> word (value or alias) -> canonical value
        self.words: dict[str, dict[str, str]] = {}
        for name, facet in vocabulary.facets.items():
            words = self.words[name] = {}
            for value, term in facet.values.items():
                for alias in term.aliases:
                    words.setdefault(alias, value)
            for value in facet.values:
                words[value] = value

    def new_budget(self) -> None:
        """Start a new file: its did-you-means depend on it alone."""
        self.budget = SUGGESTION_BUDGET
        self._problems.clear()

    def canonical(self, facet: str, value: str) -> str | None:
        """The canonical value for a value or alias of the facet, exactly as written."""
        return self.words.get(facet, {}).get(value)

    def suggest(self, facet: str, value: str) -> str | None:
        """A known 'facet:value' close to the one given (aliases and case mistakes included)."""
        if facet not in self.words:
            facet = did_you_mean(facet, self.words)
            if facet is None:
                return None
        words = self.words[facet]
        if value in words:
            return f"{facet}:{words[value]}"
        folded = self._folded.get(facet)
        if folded is None:  # case-folded word -> canonical value, made once per facet
            folded = self._folded[facet] = {w.casefold(): v for w, v in words.items()}
        if value.casefold() in folded:
            return f"{facet}:{folded[value.casefold()]}"
        if self.budget < len(folded):
            return None
        self.budget -= len(folded)
        close = did_you_mean(value.casefold(), folded, folded=True)
        return f"{facet}:{folded[close]}" if close else None

    def problem(self, tag: str) -> str | None:
        """What is wrong with a tag in an excerpt, or None if it is a known canonical tag."""
        if tag in self.tags:
            return None
        if tag not in self._problems:
            self._problems[tag] = self._unknown(tag)
        return self._problems[tag]

    def _unknown(self, tag: str) -> str:
        facet, sep, value = tag.partition(":")
        if not sep or not facet or not value:
            return f"bad tag '{tag}': write tags as facet:value"
        hint = self.suggest(facet, value)
        if facet not in self.words:
            message = f"unknown tag '{tag}': no facet '{facet}' in the vocabulary"
            how = (f"to add the facet, write under 'facets:' in seeds/vocabulary.yaml "
                   f"'{facet}: {{label: ..., values: {{{value}: {{label: ...}}}}}}'")
        else:
            message = f"unknown tag '{tag}'"
            how = (f"to add the value, write under '{facet}:' > 'values:' in seeds/vocabulary.yaml "
                   f"'{value}: {{label: ...}}'")
        return f"{message} (did you mean {hint}?)" if hint else f"{message}; {how}"


def value_problem(vocabulary, facet: str, value: str) -> str | None:
    """What is wrong with ``value`` as a value of ``facet`` (None: a value or alias, any case)."""
    values = vocabulary.facets.get(facet)
    if values is None or value in values.values:
        return None
    folded = value.casefold()
    for term in values.values.values():
        if folded in (w.casefold() for w in (term.value, *term.aliases)):
            return None
    by_label = [t.value for t in values.values.values() if t.label.casefold() == folded]
    if by_label:
        hint = by_label[0]
    else:
        words = {w: t.value for t in values.values.values() for w in (t.value, t.label, *t.aliases)}
        close = did_you_mean(value, words, cutoff=75)
        hint = words[close] if close else None
    label = values.values[hint].label if hint else ""
    return (f"unknown {facet} '{value}'" + (f" (did you mean {hint}, {label}?)" if hint else "")
            + f": a value of the facet '{facet}' in seeds/vocabulary.yaml")


def citation_problem(key: str, library) -> str:
    hint = did_you_mean(key, library.excerpts, cutoff=80, partial=True)
    return f"citation of unknown excerpt '{key}'" + (f" (did you mean '{hint}'?)" if hint else "")


def figure_field_problem(vocabulary, field: str, value: str) -> str | None:
    """What is wrong with a figure's ``measure`` or ``place`` against the vocabulary, or None.

    A measure is a value of the ``measure`` facet, written canonically, when the vocabulary
    has that facet (without it, any measure is accepted). A place is a value of a facet (a
    country code, a region), written canonically."""
    if field == "measure":
        facets = ["measure"] if "measure" in vocabulary.facets else []
    else:
        facets = list(vocabulary.facets)
    if not facets or any(value in vocabulary.facets[f].values for f in facets):
        return None
    main = "measure" if field == "measure" else ("country" if "country" in vocabulary.facets else facets[0])
    values = vocabulary.facets[main].values
    words = {w.casefold(): t.value for t in values.values() for w in (t.value, t.label, *t.aliases)}
    hint = words.get(value.casefold())
    if hint is None:
        close = did_you_mean(value, {w: t.value for t in values.values() for w in (t.value, t.label, *t.aliases)},
                             cutoff=75)
        hint = next((t.value for t in values.values() if close in (t.value, t.label, *t.aliases)), None)
    message = f"unknown {field} '{value}'"
    if hint:
        return f"{message} (did you mean {hint}, {values[hint].label}?)"
    return (f"{message}; to add it, write under '{main}:' > 'values:' in seeds/vocabulary.yaml "
            f"'{value}: {{label: ...{', definition: ...' if field == 'measure' else ''}}}'")
