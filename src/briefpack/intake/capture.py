"""What an importer makes of a saved file: its text as paragraphs and what the file states about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The front-matter fields a capture may fill, in the order they are written.
STATED_FIELDS = ("title", "author", "publisher", "published", "url", "language")

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@dataclass
class Capture:
    """The main text of a file, split into paragraphs, and the metadata the file itself states.

    Every metadata field is empty when the file does not state it: nothing is guessed.
    """

    kind: str  # "html", "pdf", "docx", "text"
    paragraphs: list[str] = field(default_factory=list)
    title: str = ""
    author: list[str] = field(default_factory=list)
    publisher: str = ""
    organization_author: bool = False  # every author a body (CSL literal or a one-part family name)
    published: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    accessed: str = ""
    url: str = ""
    language: str = ""
    non_body: list[int] = field(default_factory=list)  # proposed: paragraph numbers of debris
    notes: list[str] = field(default_factory=list)  # what the importer wants the user to know
    warnings: list[str] = field(default_factory=list)
    left_out_words: int = 0  # words of page furniture (running heads, page numbers) set aside

    def missing(self) -> list[str]:
        """The stated fields this capture could not fill."""
        return [name for name in STATED_FIELDS if not getattr(self, name)]


def clean_paragraph(text: str) -> str:
    """A paragraph as the source file holds it: no blank line inside (that would split it),
    no white space at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_LINE.sub("\n", text).strip()


def paragraphs_of(blocks) -> list[str]:
    """The non-empty paragraphs among ``blocks``, cleaned."""
    return [p for p in (clean_paragraph(b) for b in blocks) if p]
