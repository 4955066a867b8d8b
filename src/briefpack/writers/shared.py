"""What the DOCX and PDF writers print alike: the TLP label's colour, and the
error for a node a writer cannot write."""

from __future__ import annotations

from ..document.model import Cite
from ..errors import BuildError

# TLP 2.0 label colours, printed on a black ground
TLP_COLOURS = {
    "TLP:RED": "FF2B2B",
    "TLP:AMBER+STRICT": "FFC000",
    "TLP:AMBER": "FFC000",
    "TLP:GREEN": "33FF00",
    "TLP:CLEAR": "FFFFFF",
}


def tlp_colour(marking: str) -> str:
    """The label's colour as ``RRGGBB`` (white for a label TLP 2.0 does not have)."""
    return TLP_COLOURS.get(marking.strip().upper(), "FFFFFF")


def cannot_write(writer: str, node) -> BuildError:
    """The error for a node ``writer`` ("DOCX", "PDF") has no clause for: a citation
    the citation transform should have turned into a note, or an unknown type."""
    if isinstance(node, Cite):
        return BuildError(f"citation {', '.join(node.keys)} was not resolved to a note")
    return BuildError(f"the {writer} writer cannot write a {type(node).__name__}")
