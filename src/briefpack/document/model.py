"""The format-neutral document model.

Templates and the composer produce it; the citation transform rewrites its
:class:`Cite` nodes into numbered :class:`Note` nodes and appends the source
annex; writers (DOCX, PDF) walk it. It knows nothing of YAML, tags, Jinja,
DOCX or PDF. All text is plain Unicode: writers escape it for their format.

Inline nodes: Text, Link, Anchor (a point of the text a cross-reference may
name: where an excerpt's text is printed), CrossRef (to a heading or an Anchor
of the document), Cite (before the citation transform), Note (after).
Block nodes: Heading, Paragraph, Quote, BulletList, Table, Figure (a chart:
its ChartPoints, each with its citation), PageBreak, TableOfContents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


# ---------------------------------------------------------------- inlines
@dataclass(frozen=True)
class Text:
    """A run of plain text, bold or italic or neither."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    """An external hyperlink."""

    text: str
    url: str


@dataclass(frozen=True)
class Anchor:
    """An invisible point of the text, named: where a cross-reference may point (the
    start of an excerpt's text where the document prints it). Writers print nothing for
    it but a destination (a bookmark) whose page they know."""

    name: str


@dataclass(frozen=True)
class CrossRef:
    """A reference to a place of the same document, by its ``target``: a heading's
    ``anchor`` or an :class:`Anchor`'s name. Writers print ``text`` (the words of the
    section it stands in) in quotation marks and the page where the target stands
    ("“Kazakhstan,” p. 12"), linked to it."""

    target: str
    text: str
    keys: tuple[str, ...] = field(default=(), compare=False)  # the excerpts it stands for, for checks


@dataclass(frozen=True)
class Cite:
    """A citation of one or more excerpts, by excerpt id (one note for all). ``anchors``:
    where it closes the first print of an excerpt's text, the names of the Anchors that
    go at the start of that text (the composer puts them there, leaving the Cite none)."""

    keys: tuple[str, ...]
    anchors: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Note:
    """A footnote. ``number`` is assigned by the citation transform, 1..n in
    document order, and every writer prints that number."""

    number: int
    content: tuple["Inline", ...]
    keys: tuple[str, ...] = field(default=(), compare=False)  # the excerpts it cites, for messages


Inline = Union[Text, Link, Anchor, CrossRef, Cite, Note]


# ---------------------------------------------------------------- blocks
@dataclass
class Heading:
    """A heading of a level; ``anchor`` names it for cross-references and the contents."""

    level: int  # 1 = section, 2 = subsection, 3 = sub-subsection
    content: list[Inline]
    anchor: str = ""  # stable id for links and bookmarks; set by the composer
    in_toc: bool = True


@dataclass
class Paragraph:
    """A paragraph of inlines in a named style."""

    content: list[Inline]
    style: str = "body"  # "body", "lead" (key judgments), "small" (annex entries, flags)
    keep_with_next: bool = False  # stands on the page of the block after it


@dataclass
class Quote:
    """A block quotation of source text; its Cite/Note goes at the end of content.
    ``lang`` is the language the source is written in (a BCP 47 tag), when known."""

    content: list[Inline]
    lang: str = field(default="", compare=False)  # for readers; not what the quote says


@dataclass
class BulletList:
    """A list, each item a list of inlines."""

    items: list[list[Inline]]
    ordered: bool = False


@dataclass
class Table:
    """A table: header cells, rows of cells (each a list of inlines), column widths."""

    header: list[list[Inline]]  # one inline list per header cell
    rows: list[list[list[Inline]]]  # rows -> cells -> inlines
    widths: list[float] | None = None  # relative column widths, summing to ~1
    caption: str = ""


@dataclass
class ChartPoint:
    """One plotted value of a chart and its citation; which fields a chart reads is
    its kind's (the registry of kinds is ``writers/charts/kinds.py``). Those shipped:

    estimates: ``value`` (and ``high`` for a range) with its ``qualifier`` ("about",
    "more than", "up to", ...); ``label`` names the estimator and date; ``row`` is
    the place when a chart has one row per place. timeline: ``date`` places the
    event, ``label`` is its short text. counts: ``row`` is the year, ``value`` the
    count. ``note`` is [Cite] before the citation transform and empty after: the
    transform gives the figure one note, at the end of its caption, citing every point."""

    value: float = 0.0
    high: float | None = None
    qualifier: str = ""
    label: str = ""
    row: str = ""
    date: str = ""
    note: list[Inline] = field(default_factory=list)


@dataclass
class Figure:
    """A numbered chart: "Figure N. <caption>", its alt text and its plotted points.
    ``number`` is assigned by the citation transform, 1..n in document order."""

    kind: str  # a name in the registry of chart kinds: "estimates", "timeline", "counts"
    caption: list[Inline]
    points: list[ChartPoint]
    alt: str = ""
    axis: str = ""  # what the value axis counts ("fighters", "excerpts")
    number: int = 0
    # The chart, its caption and sources line stand on one page: a writer moves the
    # figure whole rather than cut it, unless it is taller than a page.
    keep_together: bool = True

    def notes(self) -> list:
        """The note of each point, in order (what the figure cites)."""
        return [node for p in self.points for node in p.note]


@dataclass
class PageBreak:
    """A new page."""


@dataclass
class TableOfContents:
    """Where the table of contents goes; writers list the Heading blocks
    (levels 1-2, ``in_toc``) that follow it."""

    title: str = "Contents"


Block = Union[Heading, Paragraph, Quote, BulletList, Table, Figure, PageBreak, TableOfContents]


# ---------------------------------------------------------------- document
@dataclass
class Meta:
    """What the cover, headers, footers and file properties print of a document."""

    title: str
    subtitle: str = ""
    marking: str = "TLP:CLEAR"  # a TLP 2.0 label, exactly as printed
    as_of: str = ""  # "Information as of", already formatted for display ("June 30, 2024")
    produced: str = ""  # date produced, formatted for display
    edition: str = ""  # "Edition 4 · May 12, 2026" or "Draft of edition 5"
    organization: str = ""
    authors: list[str] = field(default_factory=list)
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = "en"
    # A line printed in every page's foot, centred (a recipient's copy: "Prepared for J. Smith · Edition 4 · 3f9a2c1b7e04").
    foot: str = ""
    house_style: str = "us"  # "us" or "british": quotation marks and dates (compose/typography.py)
    # Seconds since the epoch used for every embedded timestamp (zip entries,
    # core properties, PDF dates), so that two builds are byte-identical.
    timestamp: int = 0


@dataclass
class Document:
    """A document: its meta data and its blocks, in order."""

    meta: Meta
    blocks: list[Block]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


def plain_text(content) -> str:
    """The text a reader sees in a list of inlines (notes, soft hyphens and the page
    of a cross-reference left out)."""
    out = []
    for node in content:
        if isinstance(node, (Text, Link)):
            out.append(node.text)
        elif isinstance(node, CrossRef):
            out.append(f"\u201c{node.text}\u201d")
    return "".join(out).replace("\u00ad", "")
