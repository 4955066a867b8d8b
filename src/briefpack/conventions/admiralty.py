"""The Admiralty (NATO) grading: the reliability of a source (A-F) and the
credibility of a piece of information (1-6), written together as "B2"."""

from __future__ import annotations

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


def is_reliability(text: str) -> bool:
    """A reliability letter, A-F."""
    return len(text) == 1 and text in RELIABILITY


def is_credibility(text: str) -> bool:
    """A credibility digit, 1-6, as written."""
    return len(text) == 1 and text.isdigit() and int(text) in CREDIBILITY


def grade(reliability: str | None, credibility: int) -> str:
    """The source's reliability letter + the excerpt's credibility digit: "B2"."""
    return f"{reliability or ''}{credibility}"
