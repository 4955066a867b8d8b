"""The change section names the fields a user changed: a summary derived from the quote is not one."""

from __future__ import annotations

import pytest

from briefpack.library.model import Excerpt
from briefpack.pipeline.changes import revised_fields
from briefpack.pipeline.manifest import excerpt_record

LONG = "Officials said that " + "the recruiters approached migrants on building sites, " * 6


def record(quote: str, summary: str = "") -> dict:
    return excerpt_record(Excerpt(id="kz", source="gov", quote=quote, tags=[], date="2024", credibility=2,
                                  summary=summary))


@pytest.mark.parametrize("old, new, fields", [
    (record("About 400 Kazakhs fight in Syria."), record("About 450 Kazakhs fight in Syria."), ["quote"]),
    (record(LONG), record(LONG + "And more."), ["quote"]),
    (record(LONG), record("Officials said " + LONG), ["quote"]),
    (record("About 400.", "Four hundred."), record("About 450.", "Four hundred and fifty."), ["quote", "summary"]),
    (record("About 400.", "Four hundred."), record("About 400.", "Some four hundred."), ["summary"]),
    (record("About 400."), record("About 400.", "Four hundred."), ["summary"]),
])
def test_revised_fields(old, new, fields):
    assert revised_fields(old, new) == fields
