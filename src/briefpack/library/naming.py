"""Tag names of a vocabulary: canonical values, aliases and did-you-mean suggestions."""

from __future__ import annotations

from .model import Vocabulary


def did_you_mean(word: str, choices, cutoff: float = 60, partial: bool = False) -> str | None:
    """The choice most like ``word`` (case ignored), or None if none is close enough.

    ``partial`` also rewards a word that is part of a choice (for long ids).
    """
    from rapidfuzz import fuzz, process

    choices = list(choices)
    if not choices:
        return None
    scorer = fuzz.WRatio if partial else fuzz.ratio
    found = process.extractOne(
        word, choices, scorer=scorer, processor=str.casefold, score_cutoff=cutoff
    )
    return found[0] if found else None


class TagNames:
    """The tags a vocabulary defines, with their aliases."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
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
        folded = {w.casefold(): v for w, v in words.items()}
        if value.casefold() in folded:
            return f"{facet}:{folded[value.casefold()]}"
        close = did_you_mean(value, words)
        return f"{facet}:{words[close]}" if close else None

    def problem(self, tag: str) -> str | None:
        """What is wrong with a tag in an excerpt, or None if it is a known canonical tag."""
        if tag in self.tags:
            return None
        facet, sep, value = tag.partition(":")
        if not sep or not facet or not value:
            return f"bad tag '{tag}': write tags as facet:value"
        hint = self.suggest(facet, value)
        if facet not in self.words:
            message = f"unknown tag '{tag}': no facet '{facet}' in the vocabulary"
        else:
            message = f"unknown tag '{tag}'"
        return f"{message} (did you mean {hint}?)" if hint else message
