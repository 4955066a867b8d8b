"""What an excerpt reports: the closed list of its ``kind:``.

A chronology or an incidents table is a list of things that happened, each
dated by when it happened (``event_date``), not by when a source reported it.
The kind says which excerpts are such things; commentary (an assessment, an
estimate, a forecast) never stands in a chronology.
"""

from __future__ import annotations

KINDS = {
    "incident": "an attack, bombing or plot: something done or attempted, on a day or in a period",
    "arrest": "a detention, raid, trial or sentence by the authorities",
    "event": "another dated happening: a founding, a pledge, a leader's death, a split, a withdrawal",
    "statement": "what a group or a government declared: a claim of responsibility, a pledge, a message",
    "assessment": "a source's judgment or description of how things stand (commentary)",
    "estimate": "a number a source gives or cites (fighters, arrests, deaths)",
    "forecast": "what a source expects to happen",
}

# What happened, dated by the event: the kinds a chronology lists by default.
HAPPENINGS = ("incident", "arrest", "event", "statement")
# What an incidents table lists by default.
INCIDENTS = ("incident", "arrest")


def kind_problem(kind: str) -> str | None:
    """Why ``kind`` is not one of the kinds, or None."""
    if kind in KINDS:
        return None
    return f"bad kind '{kind}': expected one of {', '.join(KINDS)}"


def of_kind(excerpts, kinds) -> tuple:
    """Excerpts whose ``kind`` is one of ``kinds`` (and those that give no kind)."""
    return tuple(e for e in excerpts if not getattr(e, "kind", "") or e.kind in kinds)
