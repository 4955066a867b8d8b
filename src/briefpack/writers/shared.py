"""What the DOCX and PDF writers print alike: the error for a node a writer cannot write."""

from __future__ import annotations

from ..document.model import Cite
from ..errors import BuildError

def cannot_write(writer: str, node) -> BuildError:
    """The error for a node ``writer`` ("DOCX", "PDF") has no clause for: a citation
    the citation transform should have turned into a note, or an unknown type."""
    if isinstance(node, Cite):
        return BuildError(f"citation {', '.join(node.keys)} was not resolved to a note")
    return BuildError(f"the {writer} writer cannot write a {type(node).__name__}")
