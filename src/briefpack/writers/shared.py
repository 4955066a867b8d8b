"""What every writer prints alike: the lines of the cover under its marking,
which URLs are links (web addresses only), the words of a cross-reference, the
error for a node a writer cannot write, a table's summary for readers that
cannot see it, and text escaped for markup."""

from __future__ import annotations

from ..document.model import Cite, Table, plain_text
from ..conventions.links import is_web_url
from ..errors import BuildError


def escape(text: str, quotes: bool = False) -> str:
    """``text`` with ``&``, ``<`` and ``>`` (and ``"`` with ``quotes``) written as entities, as
    ``xml.sax.saxutils.escape`` writes them (which loads urllib.request, http.client and ssl)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return text.replace('"', "&quot;") if quotes else text


def cannot_write(writer: str, node) -> BuildError:
    """The error for a node ``writer`` ("DOCX", "PDF") has no clause for: a citation
    the citation transform should have turned into a note, or an unknown type."""
    if isinstance(node, Cite):
        return BuildError(f"citation {', '.join(node.keys)} was not resolved to a note")
    return BuildError(f"the {writer} writer cannot write a {type(node).__name__}")


def reference_words(text: str, house_style: str, page: bool = True) -> str:
    """The words of a cross-reference before its page number, in the house style:
    US "“Kazakhstan,” p. " (the comma inside the closing mark), British
    "‘Kazakhstan’, p. "; the space before the number does not break. Without
    ``page``, the quoted words alone."""
    text = " ".join(text.split())
    if house_style == "british":
        return f"\u2018{text}\u2019" + (", p.\u00a0" if page else "")
    return f"\u201c{text}" + (",\u201d p.\u00a0" if page else "\u201d")


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


def web_link(url: str) -> str | None:
    """``url`` stripped, when a reader's click on it may open a web page (the
    rule of ``conventions.links``: an http or https address naming a host).
    ``None`` for anything else (``file:``, ``javascript:``, ``mailto:``, a UNC
    path such as ``\\\\host\\share``): the writers print such a URL as plain
    text, never as a link."""
    url = url.strip()
    return url if is_web_url(url) else None


def table_summary(block: Table) -> tuple[str, str]:
    """A table's title and summary for readers that cannot see it: its caption (or
    its columns), and what its rows and columns hold."""
    columns = [plain_text(cell).strip() for cell in block.header]
    named = ", ".join(c for c in columns if c)
    caption = block.caption.strip() or (f"Table: {named}" if named else "Table")
    rows = len(block.rows)
    description = f"{rows} row{'s' if rows != 1 else ''}" + (f"; columns: {named}" if named else "")
    return caption, description
