"""Traffic Light Protocol 2.0 labels: validation, ordering and colours.

The order, least to most restrictive, is CLEAR < GREEN < AMBER < AMBER+STRICT
< RED. ``TLP:WHITE`` (TLP 1.0) is accepted on input and means ``TLP:CLEAR``.
"""

from __future__ import annotations

TLP_ORDER = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
LEGACY = {"TLP:WHITE": "TLP:CLEAR"}
# The label's colour, printed on a black ground
COLOURS = {
    "TLP:RED": "FF2B2B",
    "TLP:AMBER+STRICT": "FFC000",
    "TLP:AMBER": "FFC000",
    "TLP:GREEN": "33FF00",
    "TLP:CLEAR": "FFFFFF",
}


class MarkingError(ValueError):
    """Not a TLP 2.0 label."""


def normalize_marking(label: str) -> tuple[str, str | None]:
    """The TLP 2.0 label for ``label`` and a warning message when it was a legacy one.

    Labels are matched exactly (TLP labels are never re-cased or translated).
    """
    text = str(label).strip()
    if text in TLP_ORDER:
        return text, None
    if text in LEGACY:
        new = LEGACY[text]
        return new, f"{text} is the TLP 1.0 label; written as {new} (TLP 2.0)"
    hint = ""
    upper = text.upper().replace(" ", "")
    if upper in TLP_ORDER or upper in LEGACY:
        hint = f" (labels are written exactly: {LEGACY.get(upper, upper)})"
    raise MarkingError(
        f"unknown marking {text!r}: expected one of {', '.join(TLP_ORDER)}{hint}"
    )


def normalized(label: str | None) -> str | None:
    """The TLP 2.0 label for ``label`` (None for None); MarkingError when it is not one."""
    return None if label is None else normalize_marking(label)[0]


def rank(label: str) -> int:
    """0 for TLP:CLEAR up to 4 for TLP:RED; legacy labels rank as their TLP 2.0 equivalent."""
    label = LEGACY.get(label, label)
    try:
        return TLP_ORDER.index(label)
    except ValueError:
        raise MarkingError(f"unknown marking {label!r}") from None


def exceeds(label: str, limit: str | None) -> bool:
    """Whether ``label`` is more restrictive than ``limit`` (never, without a limit)."""
    return limit is not None and rank(label) > rank(limit)


def most_restrictive(labels) -> str:
    """The most restrictive of ``labels`` (TLP:CLEAR for none)."""
    best = "TLP:CLEAR"
    for label in labels:
        if rank(label) > rank(best):
            best = LEGACY.get(label, label)
    return best


def colour(marking: str) -> str:
    """The label's colour as ``RRGGBB`` (white for a label TLP 2.0 does not have)."""
    return COLOURS.get(marking.strip().upper(), "FFFFFF")
