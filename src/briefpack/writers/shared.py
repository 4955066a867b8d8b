"""What every writer prints alike: the lines of the cover under its marking, and
the error for a node a writer cannot write."""

from __future__ import annotations

from ..document.model import Cite
from ..errors import BuildError


def cannot_write(writer: str, node) -> BuildError:
    """The error for a node ``writer`` ("DOCX", "PDF") has no clause for: a citation
    the citation transform should have turned into a note, or an unknown type."""
    if isinstance(node, Cite):
        return BuildError(f"citation {', '.join(node.keys)} was not resolved to a note")
    return BuildError(f"the {writer} writer cannot write a {type(node).__name__}")


def cover_lines(meta) -> list[str]:
    """The cover's lines under the marking, in every format: "Information as of
    ...", the edition, "Produced ...", the authors."""
    lines = []
    if meta.as_of:
        lines.append(f"Information as of {meta.as_of}")
    if meta.edition:
        lines.append(meta.edition)
    if meta.produced:
        lines.append(f"Produced {meta.produced}")
    if meta.authors:
        lines.append(", ".join(meta.authors))
    return lines
