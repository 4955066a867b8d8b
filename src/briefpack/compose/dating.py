"""Dates as chronologies print them: an excerpt's date that comes from the desk,
not from the source (``dated_by: analyst``), stands in square brackets, as
Chicago sets information the writer supplies ("[2002]")."""

from __future__ import annotations

import re

from ..conventions.dates import MONTHS, display_date
from ..library.events import event_date

LEGEND = "Dates in square brackets are the desk\u2019s: the source gives none."


def shown_date(excerpt) -> str:
    """ "June 2016", or "[2002]" for a date the desk supplied."""
    text = display_date(event_date(excerpt))
    return f"[{text}]" if getattr(excerpt, "dated_by", "") == "analyst" else text


def spoken_day(excerpt) -> str:
    """The date the source said it on, as stored: its publication date, else the date the
    desk inferred for it, else the excerpt's ("" unknown)."""
    source = getattr(excerpt, "source", None)
    return str(getattr(source, "published", "") or getattr(source, "inferred_date", "")
               or getattr(excerpt, "date", "") or "")


def lead_date(excerpt, said="") -> str:
    """The date a list item opens with ("2022: Webber wrote in June 2024 that ..."): the
    excerpt's :func:`shown_date`, or "" where the item would say it twice: the event
    happened in the month (or year) the lead-in says the source wrote, or ``said``
    already gives the date."""
    from ..conventions.dates import restyle_dates

    happened = event_date(excerpt)
    spoken = spoken_day(excerpt)
    if not happened or happened[:7] == spoken[:7] or (len(happened) == 4 and spoken.startswith(happened)):
        return ""
    shown = shown_date(excerpt)
    text = " ".join(restyle_dates(str(said)).split())
    return "" if shown in text else shown


def row_date(row) -> str:
    """A chronology row's date, bracketed when every excerpt giving that date was dated by the desk."""
    giving = [e for e in row.excerpts if event_date(e) == str(row.date)]
    text = display_date(row.date)
    return f"[{text}]" if giving and all(e.dated_by == "analyst" for e in giving) else text


_MONTH_NAMES = "|".join(MONTHS)
_DATE_LEAD = re.compile(rf"^In (?:({_MONTH_NAMES}) )?(\d{{4}}),? ")  # no more than the date printed


def after_date(text, date) -> str:
    """``text`` printed after its ``date`` ("April 2017: ..."): a lead that only repeats the
    date ("In 2017 criminal networks ..." under April 2017) is dropped. Text left as it is
    keeps its kind (block XML Markup, a cross-reference, stays markup)."""
    given, text = text, str(text or "")
    match = _DATE_LEAD.match(text)
    shown = str(date or "")
    if not match or not shown.startswith(match.group(2)):
        return given or ""
    if match.group(1) and display_date(shown[:7]) != f"{match.group(1)} {match.group(2)}":
        return given
    rest = text[match.end():]
    return rest[:1].upper() + rest[1:] if rest else text


def any_supplied(excerpts) -> bool:
    return any(getattr(e, "dated_by", "") == "analyst" for e in excerpts)


FUNCTIONS = {"shown_date": shown_date, "lead_date": lead_date, "row_date": row_date, "any_supplied_dates": any_supplied,
             "supplied_dates_legend": LEGEND, "after_date": after_date}
