"""Dates as chronologies print them: an excerpt's date that comes from the desk,
not from the source (``dated_by: analyst``), stands in square brackets, as
Chicago sets information the writer supplies ("[2002]")."""

from __future__ import annotations

from ..conventions.dates import display_date

LEGEND = "Dates in square brackets are the desk\u2019s: the source gives none."


def shown_date(excerpt) -> str:
    """ "June 2016", or "[2002]" for a date the desk supplied."""
    text = display_date(getattr(excerpt, "event_date", "") or excerpt.date)
    return f"[{text}]" if getattr(excerpt, "dated_by", "") == "analyst" else text


def row_date(row) -> str:
    """A chronology row's date, bracketed when every excerpt giving that date was dated by the desk."""
    giving = [e for e in row.excerpts if str(getattr(e, "event_date", "") or e.date) == str(row.date)]
    text = display_date(row.date)
    return f"[{text}]" if giving and all(e.dated_by == "analyst" for e in giving) else text


def any_supplied(excerpts) -> bool:
    return any(getattr(e, "dated_by", "") == "analyst" for e in excerpts)


FUNCTIONS = {"shown_date": shown_date, "row_date": row_date, "any_supplied_dates": any_supplied,
             "supplied_dates_legend": LEGEND}
