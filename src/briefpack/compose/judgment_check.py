"""Judgments that claim no more than their evidence: ``check`` reads each key
judgment's confidence and likelihood against its sourcing profile.

The rules (thresholds in ``conventions.judgment_rules``, changed by a desk in
the vocabulary's ``judgment_rules:``):

* ``high-confidence``: high confidence needs at least ``high_confidence_origins``
  independent origins graded at least ``high_confidence_grade``, and reporting
  newer than ``evidence_years`` before the information cut-off;
* ``moderate-confidence``: moderate confidence needs ``moderate_confidence_origins``
  independent origins, or one graded at least ``moderate_single_grade``;
* ``strong-likelihood``: "very likely", "almost certain" (and "very unlikely",
  "almost no chance", and the other row's terms) need at least
  ``strong_likelihood_confidence``;
* ``old-evidence``: a judgment whose newest evidence was reported more than
  ``evidence_years`` before its time frame starts (for an estimative sentence
  outside the key judgments: before the information cut-off);
* ``claimed-independence``: a basis that says the sources are independent, agree,
  corroborate or confirm one another needs at least two independent origins (or
  as many as it counts);
* ``confidence-gap``: two judgments citing the same excerpts may not differ by
  ``confidence_gap`` confidence steps;
* ``bottom-line``: a bottom-line bullet that cites excerpts a key judgment rests on
  summarises that judgment (the one it shares most excerpts with) and says it no more
  surely: with the judgment's likelihood term (not a flat assertion, not a term further
  from even chance or on the other side of it), and no higher confidence than it holds.

Each breach is a warning (an error with ``--strict``) at the judgment's line,
naming the rule, the excerpts and what would satisfy it. A judgment with
``override:`` (the analyst's reason, printed in its basis) is not checked.
"""

from __future__ import annotations

import re
from datetime import date

from ..conventions.estimative import find_confidence, find_terms, term_position
from ..conventions.judgment_rules import JudgmentRules, confidence_step, rules_from
from ..errors import Problem
from .analyst_lint import analyst_texts, sentences
from .helpers import _period_end, _years_before
from .sourcing import SourcingProfile, profile_of, reporting_span

_KEY = re.compile(r"@([^\]\s;@]+)")
_CITE = re.compile(r"\[@[^\]]*\]")
_CLAIM = re.compile(r"\b(independent(?:ly)?|agree[sd]?|corroborat\w*|confirm(?:s|ed|ing)?)\b", re.I)
_NEGATED = re.compile(r"\b(?:no|not|none|nothing|neither|nor|never|without|un)\W+(?:\w+\W+){0,3}$", re.I)
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_COUNTED = re.compile(r"\b(two|three|four|five|six|both|\d{1,2})\b(?=[^.;]{0,40}\b(?:sources?|reports?|accounts?)\b)",
                      re.I)
_SHOWN_IDS = 4
_CONFIDENCE = ("high", "moderate", "low")


def cited(text: str) -> list[str]:
    """The excerpt ids ``text`` cites, in order, once each."""
    return list(dict.fromkeys(k for cite in _CITE.findall(text) for k in _KEY.findall(cite)))


def judgment_findings(brief, library, path) -> list[Problem]:
    """Every breach of the judgment rules in one brief (as loaded), at ``path``."""
    rules = rules_from(library.vocabulary.judgment_rules)
    check = _Check(brief, library, path, rules)
    judged, bullets = [], []
    for key, text, is_judgment in analyst_texts(brief):
        if is_judgment:
            profile = profile_of(cited(text), library)
            assessment = brief.assessments.get(key)
            judged.append((key, assessment, profile))
            if assessment is not None and not getattr(assessment, "override", ""):
                check.judgment(key, assessment, profile)
        else:
            check.estimative(key, text)
            if key.startswith("bottom_line."):
                bullets.append((key, text))
    check.gaps(judged)
    for key, text in bullets:
        check.bottom_line(key, text, judged)
    return check.problems


def summarised(key: str, text: str, judged) -> tuple | None:
    """(key, assessment, profile) of the key judgment a bottom-line bullet summarises:
    of those in its scope (with ``for_each``, of its value) the one it shares most cited
    excerpts with, the less sure on a tie; None when it shares none."""
    scope = key.split(".")[1:-1]
    ids = set(cited(text))
    best, most = None, 0
    for judgment in judged:
        judgment_key, assessment, profile = judgment
        if judgment_key.split(".")[1:-1] != scope or assessment is None or not assessment.likelihood:
            continue
        shared = len(ids & set(profile.excerpts))
        if shared > most or (shared == most and shared and _sureness(assessment.likelihood) < _sureness(best[1].likelihood)):
            best, most = judgment, shared
    return best


def _sureness(term: str) -> int:
    """How far a likelihood term stands from even chance: 0 ("roughly even chance") to 3."""
    return abs(term_position(term)[1] - 3)


class _Check:
    def __init__(self, brief, library, path, rules: JudgmentRules):
        self.brief, self.library, self.path, self.rules = brief, library, path, rules
        self.problems: list[Problem] = []
        self.cutoff = _day(brief.as_of)

    def breach(self, key, rule, message, profile: SourcingProfile, remedy, offset_text=""):
        ids = ", ".join(profile.excerpts[:_SHOWN_IDS]) + (", ..." if len(profile.excerpts) > _SHOWN_IDS else "")
        self.problems.append(Problem(
            self.path, self.brief.line_of(key, offset_text),
            f"{_name(key)}: {message} (rule {rule}); it cites {ids or 'nothing'}: {_facts(profile)}; {remedy}, "
            "or give override: with the reason", "warning"))

    def judgment(self, key, assessment, profile: SourcingProfile) -> None:
        rules = self.rules
        if assessment.confidence == "high":
            strong = profile.origins_at_least(rules.high_confidence_grade)
            if strong < rules.high_confidence_origins:
                self.breach(key, "high-confidence",
                            f"high confidence needs {rules.high_confidence_origins} independent origins graded "
                            f"{rules.high_confidence_grade} or better, it has {strong}", profile,
                            "cite another independent source of that grade or lower the confidence")
            elif self.cutoff and _older(profile.newest, self.cutoff, rules.evidence_years):
                self.breach(key, "high-confidence",
                            f"high confidence needs reporting from the {rules.evidence_years} years before "
                            "the information cut-off", profile, "cite current reporting or lower the confidence")
        if assessment.confidence == "moderate":
            single = profile.origins_at_least(rules.moderate_single_grade)
            if len(profile.origins) < rules.moderate_confidence_origins and not single:
                self.breach(key, "moderate-confidence",
                            f"moderate confidence needs {rules.moderate_confidence_origins} independent origins, "
                            f"or one graded {rules.moderate_single_grade} or better", profile,
                            "cite another independent source or lower the confidence")
        if assessment.likelihood and term_position(assessment.likelihood)[1] in (0, 1, 5, 6):
            floor = rules.strong_likelihood_confidence
            if confidence_step(assessment.confidence) < confidence_step(floor):
                self.breach(key, "strong-likelihood",
                            f"'{assessment.likelihood}' needs at least {floor} confidence, "
                            f"the judgment holds {assessment.confidence or 'none'}", profile,
                            "soften the likelihood or give the evidence that raises the confidence")
        start = _day(assessment.start) if assessment.start else None
        if start and _older(profile.newest, start, rules.evidence_years):
            self.breach(key, "old-evidence",
                        f"its newest evidence was reported more than {rules.evidence_years} years before its "
                        f"time frame starts ({assessment.start})", profile,
                        "cite current reporting or move the time frame")
        self.independence(key, assessment.basis, profile)

    def independence(self, key, basis: str, profile: SourcingProfile) -> None:
        for match in _CLAIM.finditer(basis or ""):
            if _NEGATED.search(basis[: match.start()][-60:]):
                continue
            counted = _COUNTED.search(basis[max(0, match.start() - 80): match.end() + 40])
            need = 2
            if counted:
                word = counted.group(1).lower()
                need = max(2, int(word) if word.isdigit() else _COUNT[word])
            if len(profile.origins) < need:
                self.breach(key, "claimed-independence",
                            f"its basis says '{match.group(1)}' but the sources have "
                            f"{len(profile.origins)} independent origin{'s' if len(profile.origins) != 1 else ''}",
                            profile, "say what the sources share or cite an independent one")
            return

    def estimative(self, key, text: str) -> None:
        if self.cutoff is None:
            return
        for offset, sentence in sentences(text):
            if not find_terms(_CITE.sub("", sentence)):
                continue
            profile = profile_of(cited(sentence), self.library)
            if profile.newest and _older(profile.newest, self.cutoff, self.rules.evidence_years):
                self.breach(key, "old-evidence",
                            f"an estimative sentence rests on reporting more than {self.rules.evidence_years} "
                            "years before the information cut-off", profile,
                            "cite current reporting or state it as past", text[:offset])

    def bottom_line(self, key, text: str, judged) -> None:
        found = summarised(key, text, judged)
        if found is None:
            return
        judgment_key, assessment = found[:2]
        profile = profile_of(cited(text), self.library)
        plain = _CITE.sub("", text)
        terms = find_terms(plain)
        held = f"'{assessment.likelihood}'" + (f" ({assessment.confidence} confidence)" if assessment.confidence else "")
        name = _name(judgment_key)
        remedy = f"say it as {name} does ('{assessment.likelihood}') or cite what makes it surer"
        if not terms:
            self.breach(key, "bottom-line", f"states flatly what {name} holds as {held}", profile, remedy)
            return
        band, own = term_position(assessment.likelihood)[1], term_position(terms[0].term)[1]
        if (own - 3) * (band - 3) < 0:
            self.breach(key, "bottom-line", f"says '{terms[0].text}', the other side of even chance from {name}, "
                        f"which holds {held}", profile, remedy)
        elif _sureness(terms[0].term) > _sureness(assessment.likelihood):
            self.breach(key, "bottom-line", f"says '{terms[0].text}', surer than {name}, which holds {held}",
                        profile, remedy)
        level = find_confidence(plain)
        if level and assessment.confidence and _CONFIDENCE.index(level) < _CONFIDENCE.index(assessment.confidence):
            self.breach(key, "bottom-line", f"states {level} confidence where {name} holds {held}", profile,
                        f"state {assessment.confidence} confidence, as {name} does")

    def gaps(self, judged) -> None:
        for i, (key, assessment, profile) in enumerate(judged):
            for other_key, other, other_profile in judged[:i]:
                if assessment is None or other is None or not set(profile.excerpts) & set(other_profile.excerpts):
                    continue
                if getattr(assessment, "override", "") or getattr(other, "override", ""):
                    continue
                steps = abs(confidence_step(assessment.confidence) - confidence_step(other.confidence))
                if assessment.confidence and other.confidence and steps >= self.rules.confidence_gap:
                    self.breach(key, "confidence-gap",
                                f"held with {assessment.confidence} confidence while {_name(other_key)} holds "
                                f"{other.confidence} confidence on the same excerpts", profile,
                                "bring the two confidences within one step")


def _name(key: str) -> str:
    """ "key_judgments.2" -> "key judgment 3"; "key_judgments.KZ.0" -> "key judgment KZ 1"."""
    parts = key.split(".")
    if parts[0] != "key_judgments":
        return key.replace("sections.", "section ").replace(".intro", " intro")
    number = int(parts[-1]) + 1 if parts[-1].isdigit() else parts[-1]
    return f"key judgment {' '.join(parts[1:-1] + [str(number)])}"


def _facts(profile: SourcingProfile) -> str:
    origins = ", ".join(f"{o.label} {o.best}" for o in profile.origins) or "none"
    span = reporting_span(profile.oldest, profile.newest)
    relayed = f"; {', '.join(profile.relayed)}" if profile.relayed else ""
    return (f"{len(profile.sources)} source{'s' if len(profile.sources) != 1 else ''}, "
            f"{len(profile.origins)} independent (origins: {origins}){relayed}"
            + (f", reported {span}" if span else ""))


def _day(partial) -> date | None:
    text = str(partial or "")
    try:
        if len(text) == 4:
            return date(int(text), 1, 1)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _older(newest: str, reference: date, years: int) -> bool:
    """Whether material last reported at ``newest`` is older than ``years`` before ``reference``."""
    end = _period_end(newest) if newest else None
    return end is not None and end < _years_before(reference, years)
