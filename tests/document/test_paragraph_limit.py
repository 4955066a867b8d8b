"""How long one paragraph may be: a finished document's notes checked after its body."""

from __future__ import annotations

from types import SimpleNamespace

from briefpack.document.model import Cite, Document, Meta, Note, Paragraph, Text
from briefpack.document.paragraph_limit import PARAGRAPH_LIMIT, long_paragraph

LIBRARY = SimpleNamespace(excerpts={}, root=None)
LONG = "x" * (PARAGRAPH_LIMIT + 1)


def document(*blocks) -> Document:
    return Document(Meta(title="T"), list(blocks))


def test_a_paragraph_or_a_note_over_the_limit_is_refused():
    assert long_paragraph(document(Paragraph([Text("short"), Cite(("ex-1",))])), LIBRARY) is None
    assert "quoting excerpt 'ex-1'" in long_paragraph(document(Paragraph([Text(LONG), Cite(("ex-1",))])), LIBRARY)
    note = Paragraph([Text("short"), Note(1, (Text(LONG),))])
    assert f"{PARAGRAPH_LIMIT + 1:,} characters" in long_paragraph(document(note), LIBRARY)


def test_of_blocks_checked_already_only_the_notes_are_looked_at():
    body = Paragraph([Text(LONG)])
    noted = Paragraph([Text("short"), Note(1, (Text(LONG),))])
    assert long_paragraph(document(body, Paragraph([Text("annex")])), LIBRARY, 1) is None
    assert long_paragraph(document(noted), LIBRARY, 1) is not None
    assert long_paragraph(document(Paragraph([Text("short")]), body), LIBRARY, 1) is not None  # appended after
