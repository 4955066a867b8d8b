"""How a quotation of source text is printed.

The library stores every quote verbatim, as its source writes it (``check``
proves it is there). Printed, a quotation leaves out the source's own note
references ("Muslims[22]", "the Islamic State (IS) [8],"): Chicago 13.7 lets
them be omitted without an ellipsis, since they point to notes the reader of
the quotation does not have. Brackets holding anything but a number ("[sic]",
"[the IMU]") are the quoting author's words and stay.
"""

from __future__ import annotations

import re

# A bracketed number of up to three digits right after a word or a mark (or one
# space after it), followed by punctuation, space or the end.
_MARKER = re.compile(r"(?<=[^\s\[]) ?\[\d{1,3}\](?=[\s.,;:!?)”’\"'…]|$)")


def printed_quote(quote: str) -> str:
    """``quote`` as a document prints it: the source's note markers left out."""
    return _MARKER.sub("", quote) if "[" in quote else quote
