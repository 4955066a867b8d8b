"""The words of a chart: how a plotted value reads ("about 400", "2,000–5,000"),
what kind of mark a qualifier calls for, how a date reads and where it sits on
a time axis. Plain text from the model, for the chart kinds (their labels and
the alt text that describes a figure to a reader who cannot see it), the
template helpers and both writers."""

from __future__ import annotations

import re

from .model import ChartPoint

# How a qualifier is drawn: a lower bound (an arrow to the right), an upper
# bound (an arrow to the left), an approximate value (a hollow mark), else exact.
LOWER = ("more than", "over", "at least", "upwards of", "in excess of", "above", "no fewer than",
         "no less than", "greater than", "more then")
UPPER = ("up to", "less than", "fewer than", "under", "at most", "below", "no more than",
         "approaching", "nearly", "almost", "not more than")
APPROX = ("about", "around", "approximately", "roughly", "some", "circa", "c.", "ca.", "estimated",
          "an estimated", "reportedly", "perhaps")
MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
SOURCES = "Values as their sources give them."  # the sentence before a figure's note references
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def bound(qualifier: str) -> str:
    """"lower", "upper", "approx" or "exact" for a qualifier ("more than" -> "lower")."""
    q = " ".join(qualifier.lower().split())
    for kind, words in (("lower", LOWER), ("upper", UPPER), ("approx", APPROX)):
        if q in words:
            return kind
    return "exact"


def number(value: float) -> str:
    """1500.0 -> "1,500"; 2.5 -> "2.5"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(point: ChartPoint) -> str:
    """The value as a reader says it: "about 400", "more than 1,500", "2,000–5,000"."""
    if point.high is not None:
        text = f"{number(point.value)}–{number(point.high)}"
    else:
        text = number(point.value)
    q = " ".join(point.qualifier.split())
    return f"{q} {text}" if q else text


def parse_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a partial date, month and day 0 when not given."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)


def decimal_year(text: str) -> float | None:
    """Where a partial date sits on a time axis: the middle of its period."""
    parts = parse_date(text)
    if parts is None:
        return None
    year, month, day = parts
    if not month:
        return year + 0.5
    if not day:
        return year + (month - 0.5) / 12
    return year + (month - 1) / 12 + (day - 0.5) / 365


def short_date(text: str) -> str:
    """"2024-03-22" -> "Mar. 2024"; "2024" -> "2024"."""
    parts = parse_date(text)
    if parts is None:
        return text
    year, month, _ = parts
    return f"{MONTHS[month - 1]} {year}" if 1 <= month <= 12 else str(year)
