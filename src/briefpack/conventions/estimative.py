"""Estimative language: the ICD 203 likelihood scale, confidence levels and time frames.

ICD 203 (US Intelligence Community Directive 203) gives two rows of seven
likelihood terms, each term naming one probability band; a product uses one
row throughout. Confidence (high, moderate, low) is a separate statement about
a judgment's basis and never shares a sentence with a likelihood term. An
estimative judgment carries a time frame with a start.

This module holds the vocabulary and the finders the brief reader, the
composer and the analyst-text lint share; it knows nothing of YAML or of the
document model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

ROWS = (
    ("almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely",
     "almost certain"),
    ("remote", "highly improbable", "improbable", "roughly even odds", "probable", "highly probable",
     "nearly certain"),
)
BANDS = ("1–5%", "5–20%", "20–45%", "45–55%", "55–80%", "80–95%", "95–99%")
ROW_NAMES = ("likelihood", "probability")  # how a brief may name a row
CONFIDENCE_LEVELS = ("high", "moderate", "low")

# Inflected forms read as their row's term.
_FORMS = {"almost certainly": "almost certain", "nearly certainly": "nearly certain",
          "probably": "probable", "improbably": "improbable"}
_TERMS = sorted({t for row in ROWS for t in row} | set(_FORMS), key=len, reverse=True)
# "remote" is a likelihood only where it does not describe a place.
_NOT_REMOTE = r"(?!\s+(?:area|region|village|valley|location|province|part|mountain|district|border)s?\b)"
# The finders' patterns (case ignored), compiled when first used (:func:`_compiled`): a build
# that reads no analyst text never needs them.
_TERM_RE = (r"(?<![\w-])(" + "|".join(re.escape(t) if t != "remote" else "remote" + _NOT_REMOTE for t in _TERMS)
            + r")(?![\w-])")
_CONFIDENCE_RE = (r"\b(?:(high|moderate|low)[\s-]+confidence|"
                  r"confidence\s+(?:is|was|remains|level\s+is)\s+(high|moderate|low))\b")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_TIME_RE = (
    r"\b(?:(?:19|20)\d{2}s?|(?:" + _MONTHS + r")\b|(?:next|coming|past|last)\s+(?:\w+\s+){0,2}"
    r"(?:days?|weeks?|months?|years?|decades?)|(?:this|next)\s+(?:year|month|decade)|"
    r"(?:in|within|over)\s+(?:the\s+)?(?:short|medium|long)[\s-]term|"
    r"(?:short|medium|long)[\s-]term)"
)


@dataclass(frozen=True)
class TermUse:
    term: str  # canonical row term ("almost certain")
    row: int  # 0: likelihood row, 1: probability row
    band: int  # 0..6
    text: str  # as written
    start: int


def canonical_term(text: str) -> str | None:
    """The row term ``text`` names ("Almost certainly" -> "almost certain"), or None."""
    word = " ".join(text.lower().split())
    word = _FORMS.get(word, word)
    return word if any(word in row for row in ROWS) else None


def term_position(term: str) -> tuple[int, int]:
    """(row, band) of a canonical term."""
    for row, terms in enumerate(ROWS):
        if term in terms:
            return row, terms.index(term)
    raise KeyError(term)


def band_of(term: str) -> str:
    """The probability band of a term: "80–95%"."""
    return BANDS[term_position(term)[1]]


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def find_terms(sentence: str) -> list[TermUse]:
    """Every likelihood term of either row in ``sentence``, in order."""
    out = []
    for match in _compiled(_TERM_RE).finditer(sentence):
        term = canonical_term(match.group(1))
        if term:
            row, band = term_position(term)
            out.append(TermUse(term, row, band, match.group(1), match.start()))
    return out


def find_confidence(sentence: str) -> str | None:
    """The confidence level a sentence states ("moderate confidence"), or None."""
    match = _compiled(_CONFIDENCE_RE).search(sentence)
    return (match.group(1) or match.group(2)).lower() if match else None


def has_time_frame(sentence: str) -> bool:
    """Whether a sentence names a time: a year, a month, "the next twelve months"."""
    return bool(_compiled(_TIME_RE).search(sentence))


@dataclass(frozen=True)
class Assessment:
    """What a key judgment states beside its text: likelihood, confidence and basis, time frame."""

    likelihood: str = ""  # a row term, canonical
    confidence: str = ""  # high, moderate or low
    basis: str = ""  # one line: why that confidence
    start: str = ""  # time frame, partial dates
    end: str = ""
    override: str = ""  # the analyst's reason for holding it against the judgment rules

    def with_basis(self, basis: str) -> "Assessment":
        return Assessment(self.likelihood, self.confidence, basis, self.start, self.end, self.override)


def time_frame_text(start: str, end: str, format_date) -> str:
    """ "July 2024 to June 2025", "from July 2024"."""
    if start and end:
        return f"{format_date(start)} to {format_date(end)}"
    return f"from {format_date(start)}" if start else ""
