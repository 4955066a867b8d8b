"""Dates as a pack writes them: "June 27, 2024", "June 2024", "2024" (the
Chicago forms, in the project's month names whatever the locale); in the
British house style (``house_style: british``) day-month-year, "27 June 2024".
:func:`restyle_dates` turns the one form into the other in running text."""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

HOUSE_STYLES = ("us", "british")  # the first is the default

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NAMES = "|".join(MONTHS)
# The space kept as it is: a table's date is held together by non-breaking spaces.
_DAY_MONTH = re.compile(rf"\b([0-3]?\d)([ \u00a0])({_NAMES}),?[ \u00a0](\d{{4}})\b")
_MONTH_DAY = re.compile(rf"\b({_NAMES})([ \u00a0])([0-3]?\d)(?:st|nd|rd|th)?,[ \u00a0](\d{{4}})\b")


def format_date(partial, style: str = "us") -> str:
    """"2024-06-27" -> "June 27, 2024" ("27 June 2024" in the British style);
    "2024-06" -> "June 2024"; "2016" -> "2016".
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
    return f"{int(day)} {name} {year}" if style == "british" else f"{name} {int(day)}, {year}"


def restyle_dates(text: str, style: str = "us") -> str:
    """Full dates in running text in the house style's order: "30 June 2024" ->
    "June 30, 2024" (US), "June 30, 2024" -> "30 June 2024" (British)."""
    if style == "british":
        return _MONTH_DAY.sub(lambda m: f"{int(m.group(3))}{m.group(2)}{m.group(1)}{m.group(2)}{m.group(4)}", text)
    return _DAY_MONTH.sub(lambda m: f"{m.group(3)}{m.group(2)}{int(m.group(1))},{m.group(2)}{m.group(4)}", text)


def display_date(value, style: str = "us") -> str:
    """:func:`format_date` for a partial date (or a ``datetime.date``); anything
    else as it is (what templates, the cover and the change section show)."""
    text = value.isoformat() if isinstance(value, date) else str(value or "")
    try:
        return format_date(text, style)
    except ValueError:
        return text
