"""A quotation as printed: the source's own note markers left out (Chicago 13.7),
the quote stored verbatim."""

from __future__ import annotations

import pytest

from briefpack.compose.template_context import excerpt_view
from briefpack.conventions.quotations import printed_quote
from briefpack.library.model import Excerpt, Library, Source, Vocabulary


@pytest.mark.parametrize("stored, printed", [
    ("a revolution in the region[1].", "a revolution in the region."),
    ("joined the Islamic State (IS) [8], which", "joined the Islamic State (IS), which"),
    ("the end of the IMU[11]. Then[12]", "the end of the IMU. Then"),
    ("in Uzbekistan in 2004)[6]", "in Uzbekistan in 2004)"),
    ("Muslims[22] and others", "Muslims and others"),
    ("it was [sic] so", "it was [sic] so"),  # the quoting author's words stay
    ("[1] A list item", "[1] A list item"),  # no word before it: not a note reference
    ("the [the IMU] group", "the [the IMU] group"),
    ("article 5[1234] of", "article 5[1234] of"),
])
def test_note_markers_are_left_out_of_a_printed_quotation(stored, printed):
    assert printed_quote(stored) == printed


def test_templates_see_the_printed_quote_the_library_keeps_the_verbatim_one():
    source = Source(id="s", title="T", reliability="B")
    excerpt = Excerpt(id="e", source="s", quote="Muslims[22] left.", tags=[], date="2024", credibility=2)
    library = Library(sources={"s": source}, excerpts={"e": excerpt}, vocabulary=Vocabulary(), root=None)
    assert excerpt_view(excerpt, library).quote == "Muslims left."
    assert excerpt.quote == "Muslims[22] left."
