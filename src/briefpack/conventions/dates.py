"""Dates as a pack writes them: "June 27, 2024", "June 2024", "2024" (the
Chicago forms, in the project's month names whatever the locale)."""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def format_date(partial) -> str:
    """"2024-06-27" -> "June 27, 2024"; "2024-06" -> "June 2024"; "2016" -> "2016".
    Raises ValueError for anything that is not a partial date."""
    text = str(partial).strip()  # also takes a datetime.date
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"not a partial date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month out of range in date {text!r}")
    name = MONTHS[int(month) - 1]
    if day is None:
        return f"{name} {year}"
    if not 1 <= int(day) <= 31:
        raise ValueError(f"day out of range in date {text!r}")
    return f"{name} {int(day)}, {year}"


def display_date(value) -> str:
    """:func:`format_date` for a partial date (or a ``datetime.date``); anything
    else as it is (what templates, the cover and the change section show)."""
    text = value.isoformat() if isinstance(value, date) else str(value or "")
    try:
        return format_date(text)
    except ValueError:
        return text
