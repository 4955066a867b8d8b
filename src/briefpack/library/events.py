"""When a thing happened and when it was reported: an excerpt's ``event_date``
and ``kind``, and the dates chronologies and currency read.

An excerpt's ``date`` is when its source reported the passage (or the
passage's own date, for a source that gives none); ``event_date`` is when the
event it reports happened, where that differs (a 2024 article on a 2014
founding). A chronology is dated and ordered by :func:`event_date`; how
current a passage is follows :func:`reported_date`, never the event.
"""

from __future__ import annotations

from ..conventions.kinds import kind_problem
from .model import Excerpt, Source


def dating_fields(excerpt: Excerpt, fields, report, date_problem) -> None:
    """Read ``event_date`` (a partial date), ``kind`` (one of the closed list) and
    ``dated_by`` into ``excerpt``; ``date_problem`` checks a partial date."""
    dated_by = fields.text("dated_by")
    if dated_by is not None and dated_by not in ("source", "analyst"):
        report(fields.line("dated_by"), f"bad dated_by '{dated_by}': expected source or analyst")
    excerpt.dated_by = "analyst" if dated_by == "analyst" else ""
    excerpt.event_date = fields.text("event_date") or ""
    problem = date_problem(excerpt.event_date) if excerpt.event_date else None
    if problem is not None:
        report(fields.line("event_date"), f"bad event_date '{excerpt.event_date}': {problem}")
    excerpt.kind = (fields.text("kind") or "").strip()
    problem = kind_problem(excerpt.kind) if excerpt.kind else None
    if problem:
        report(fields.line("kind"), problem)


def event_date(excerpt) -> str:
    """When what the excerpt reports happened: its ``event_date``, else its ``date``."""
    return str(getattr(excerpt, "event_date", "") or excerpt.date or "")


def reported_date(excerpt, source: Source | None) -> str:
    """When the passage was reported: its source's publication date (or the date the
    text implies), or the excerpt's ``date`` where that is later (a source updated
    since) or the source gives none. Never earlier than the source: an excerpt
    dated by the event it reports (a 2014 founding in a 2024 article) was
    reported in 2024."""
    own = str(excerpt.date or "")
    return max(own, _published(source))


def _published(source: Source | None) -> str:
    """When a source was published: its date, else the date its text implies ("" unknown)."""
    return str(source.published or source.inferred_date or "") if source is not None else ""


def event_problem(excerpt, source: Source) -> str | None:
    """A warning when the excerpt's ``event_date`` falls after its source was published
    (a source cannot report what had not happened; a forecast says when it expects it,
    so it gives no ``event_date``)."""
    published = _published(source)
    happened = str(excerpt.event_date or "")
    if not happened or not published or happened.startswith(published) or published.startswith(happened):
        return None
    if happened > published:
        return (f"event_date {happened} is after the source's date ({published}): a source reports what "
                "has happened; a forecast gives no event_date")
    return None
