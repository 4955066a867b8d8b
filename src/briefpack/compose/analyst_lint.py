"""The analyst-text lint of ``briefpack check``: key judgments and intros read
against ICD 203's tradecraft standards.

Each sentence of a brief's analyst text (key judgments, the brief's intro,
section intros) must

* cite an excerpt (``[@id]``), unless it states method or scope and says so
  with ``[method]`` (shown as nothing);
* use likelihood terms of one ICD 203 row, the same row across the brief;
* not put a confidence level and a likelihood term in one sentence;
* (in a key judgment) lead with at most 30 words: the first paragraph when a bullet
  list of support follows it, else the first sentence;
* give a time frame when it is estimative (a likelihood term), unless it is
  part of a key judgment whose ``time_frame`` gives one.

Each key judgment must state its likelihood, its confidence with a basis and
a time frame with a start (``likelihood:``, ``confidence:``, ``basis:``,
``time_frame:``), and its text must use the likelihood it states. Findings are
warnings (errors with ``--strict``) at the brief's line.
"""

from __future__ import annotations

import re

from ..conventions.estimative import ROWS, find_confidence, find_terms, has_time_frame
from ..errors import Problem

from .analyst_text import METHOD_MARK
_PARAGRAPHS = re.compile(r"\n[ \t]*\n|\n(?=[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t])")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\u2019\u201d\"')\]*]*\s+(?=[\[(\u201c\"\u2018'*]*[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "U.S.", "U.K.", "Mr.", "Ms.", "Dr.", "St.", "No.", "cf.", "vs.", "etc.",
                  "Jr.", "Sr.", "paras.", "para.", "approx.", "ca.")
_SHOWN = 60
LEAD_WORDS = 30  # a key judgment's lead, in words (citations not counted)


def analyst_texts(brief):
    """(key, text, is_judgment) for every piece of analyst text of a brief, as written."""
    for i, text in enumerate(brief.bottom_line):
        yield f"bottom_line.{i}", text, False
    for value, texts in brief.bottom_line_for.items():
        for i, text in enumerate(texts):
            yield f"bottom_line.{value}.{i}", text, False
    for i, text in enumerate(brief.key_judgments):
        yield f"key_judgments.{i}", text, True
    for value, texts in brief.key_judgments_for.items():
        for i, text in enumerate(texts):
            yield f"key_judgments.{value}.{i}", text, True
    if brief.intro.strip():
        yield "intro", brief.intro, False
    for n, section in enumerate(brief.sections):
        intro = section.params.get("intro", "")
        for value, text in (intro.items() if isinstance(intro, dict) else [(None, intro)]):
            if str(text).strip():
                yield f"sections.{n}.intro" + (f".{value}" if value else ""), text, False


def sentences(text: str):
    """(offset, sentence) for each sentence of ``text``."""
    for para in _spans(text, _PARAGRAPHS):
        start, chunk = para
        pieces = []
        last = 0
        for match in _SENTENCE_END.finditer(chunk):
            head = chunk[last: match.start()]
            if any(head.endswith(a) for a in _ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", head):
                continue
            pieces.append((last, head))
            last = match.end()
        pieces.append((last, chunk[last:]))
        for offset, sentence in pieces:
            if sentence.strip():
                yield start + offset, sentence.strip()


def _spans(text, pattern):
    last = 0
    for match in pattern.finditer(text):
        yield last, text[last: match.start()]
        last = match.end()
    yield last, text[last:]


class _Lint:
    def __init__(self, brief, path):
        self.brief = brief
        self.path = path
        self.problems: list[Problem] = []
        self.row: tuple[int, str, str] | None = None  # (row, term, where) fixed by the first use

    def warn(self, key, message, offset_text=""):
        self.problems.append(Problem(self.path, self.brief.line_of(key, offset_text), message, "warning"))

    def text(self, key, text, is_judgment):
        assessment = self.brief.assessments.get(key) if is_judgment else None
        used = []
        for offset, sentence in sentences(text):
            before = text[:offset]
            shown = _shown(sentence)
            terms = find_terms(_plain(sentence))
            used += [t.term for t in terms]
            if METHOD_MARK in sentence:  # method or scope: not a judgment, cites nothing
                continue
            if "[@" not in sentence:
                self.warn(key, f'sentence cites no excerpt: "{shown}" (cite one with [@id], or mark a '
                               f"statement of method or scope with {METHOD_MARK})", before)
            level = find_confidence(_plain(sentence))
            if level and terms:
                self.warn(key, f"sentence puts a confidence level ('{level} confidence') and a likelihood "
                               f"term ('{terms[0].text}') in one sentence: \"{shown}\" (state confidence "
                               "in a sentence of its own)", before)
            for term in terms:
                self.same_row(key, term.term, before)
            timed = assessment is not None and assessment.start
            if terms and not timed and not has_time_frame(_plain(sentence)):
                self.warn(key, f"estimative judgment ('{terms[0].text}') has no time frame: \"{shown}\" "
                               "(say from when and until when, e.g. 'from July 2024 through June 2025')",
                          before)
        if is_judgment:
            self.judgment(key, assessment, used)
            self.lead(key, text)

    def lead(self, key, text):
        """A key judgment leads with a short declarative statement (ODNI, CTC): at most LEAD_WORDS."""
        lead = judgment_lead(text)
        words = len(_plain(lead).split())
        if words > LEAD_WORDS:
            self.warn(key, f'key judgment\'s lead runs to {words} words, past {LEAD_WORDS}: "{_shown(lead)}" '
                           "(state the judgment in a short first sentence or paragraph, the support in a "
                           "bullet list beneath it)")

    def same_row(self, key, term, before):
        row = next(r for r, terms in enumerate(ROWS) if term in terms)
        where = f"line {self.brief.line_of(key, before)}"
        if self.row is None:
            self.row = (row, term, where)
        elif self.row[0] != row:
            self.warn(key, f"'{term}' is from the other ICD 203 row than '{self.row[1]}' ({self.row[2]}): "
                           "use the terms of one row throughout", before)

    def judgment(self, key, assessment, used):
        if assessment is None or not assessment.likelihood:
            self.warn(key, "key judgment states no likelihood (likelihood: an ICD 203 term)")
        else:
            self.same_row(key, assessment.likelihood, "")
            if assessment.likelihood not in used:
                said = f"its text says '{used[0]}'" if used else "its text uses no likelihood term"
                self.warn(key, f"key judgment states likelihood '{assessment.likelihood}' but {said}")
        if assessment is None or not assessment.confidence:
            self.warn(key, "key judgment states no confidence (confidence: high, moderate or low)")
        elif not assessment.basis:
            self.warn(key, "key judgment gives no basis for its confidence (basis: one line)")
        if assessment is None or not assessment.start:
            self.warn(key, "key judgment has no time frame (time_frame: {from: YYYY-MM, to: YYYY-MM})")


def judgment_lead(text: str) -> str:
    """A key judgment's lead: its first paragraph when a list follows it, else its first sentence."""
    paragraphs = [p for _, p in _spans(text, _PARAGRAPHS) if p.strip()]
    if len(paragraphs) > 1 and re.match(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]", paragraphs[1]):
        return paragraphs[0].strip()
    return next((sentence for _, sentence in sentences(text)), "")


def lint_brief(brief, path) -> list[Problem]:
    """The lint's findings for one brief (as loaded, before expansion), at ``path``."""
    lint = _Lint(brief, path)
    for key, text, is_judgment in analyst_texts(brief):
        lint.text(key, text, is_judgment)
    return lint.problems


def _plain(sentence: str) -> str:
    """The sentence without citations and emphasis marks."""
    return re.sub(r"\[@[^\]]*\]|\*+", "", sentence.replace(METHOD_MARK, ""))


def _shown(sentence: str) -> str:
    text = re.sub(r"\s+(?=[.,;:!?])", "", " ".join(_plain(sentence).split()))
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"
