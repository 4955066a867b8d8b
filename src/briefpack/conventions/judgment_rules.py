"""The rules that tie a key judgment's confidence and likelihood to its evidence.

ICD 203 asks that confidence reflect the quality and quantity of the sources
and that judgments say what they rest on. These are the house's defaults; a
desk changes them in one place, the ``judgment_rules:`` mapping of
``seeds/vocabulary.yaml``::

    judgment_rules:
      high_confidence_origins: 2     # independent origins a high-confidence judgment needs ...
      high_confidence_grade: B3      # ... each graded at least this
      moderate_confidence_origins: 2 # independent origins a moderate-confidence judgment needs,
      moderate_single_grade: B2      # unless its one origin is graded at least this
      strong_likelihood_confidence: moderate  # "very likely", "almost certain" (and their opposites)
      evidence_years: 2              # newest reporting no older than this before the time frame starts
      confidence_gap: 2              # judgments sharing evidence may differ by fewer confidence steps

A grade is "at least B3" when its reliability letter is B or better and its
credibility digit 3 or better. This module knows nothing of YAML: the
vocabulary's loader hands it the text written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from .estimative import CONFIDENCE_LEVELS

_GRADE = re.compile(r"[A-F][1-6]")


@dataclass(frozen=True)
class JudgmentRules:
    high_confidence_origins: int = 2
    high_confidence_grade: str = "B3"
    moderate_confidence_origins: int = 2
    moderate_single_grade: str = "B2"
    strong_likelihood_confidence: str = "moderate"
    evidence_years: int = 2
    confidence_gap: int = 2


RULE_NAMES = tuple(f.name for f in fields(JudgmentRules))


def rule_value(name: str, text: str):
    """The value ``text`` gives rule ``name``, or raise ValueError with what to write."""
    default = getattr(JudgmentRules(), name)
    if isinstance(default, int):
        if not re.fullmatch(r"\d{1,2}", text.strip()):
            raise ValueError(f"{name} is a whole number from 0 to 99, not {text!r}")
        return int(text)
    value = text.strip()
    if name.endswith("_grade"):
        if not _GRADE.fullmatch(value.upper()):
            raise ValueError(f"{name} is an Admiralty grade such as B3, not {text!r}")
        return value.upper()
    if value.lower() not in CONFIDENCE_LEVELS:
        raise ValueError(f"{name} is high, moderate or low, not {text!r}")
    return value.lower()


def rules_from(values: dict[str, object]) -> JudgmentRules:
    """The defaults with the desk's values (already checked by ``rule_value``) in place."""
    return replace(JudgmentRules(), **{k: v for k, v in values.items() if k in RULE_NAMES})


def grade_key(grade: str) -> tuple[int, int]:
    """Order grades best first: "A1" < "B3" < "F6"."""
    return ("ABCDEF".index(grade[0]) if grade[:1] in tuple("ABCDEF") else 5,
            int(grade[1]) if grade[1:2].isdigit() else 6)


def at_least(grade: str, floor: str) -> bool:
    """Whether ``grade`` is as good as ``floor`` on both axes ("B2" is at least "B3"; "A4" is not)."""
    mine, theirs = grade_key(grade), grade_key(floor)
    return mine[0] <= theirs[0] and mine[1] <= theirs[1]


def confidence_step(level: str) -> int:
    """low 0, moderate 1, high 2."""
    return len(CONFIDENCE_LEVELS) - 1 - CONFIDENCE_LEVELS.index(level) if level in CONFIDENCE_LEVELS else 0
