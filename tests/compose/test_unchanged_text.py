"""Text the house style left as it was, known again by its digest in a later build."""

from __future__ import annotations

import pytest

from briefpack.compose import unchanged_text
from briefpack.compose.typography import styled_blocks
from briefpack.document.model import Paragraph, Text


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.setattr(unchanged_text, "_BY_STYLE", {})


def test_texts_found_plain_are_gathered_and_known_again_by_digest():
    plain, marked = Text("Officials reported arrests in the province"), Text('He said "organised" in 2023')
    unchanged_text.remember("us", frozenset())
    out = styled_blocks([Paragraph([plain]), Paragraph([marked])], "us")
    assert out[1].content != [marked]  # styled: quotation marks, spelling
    found = unchanged_text.found("us")
    assert found == {unchanged_text.digest(plain.text)}
    unchanged_text._BY_STYLE.clear()  # another build
    unchanged_text.remember("us", frozenset(found))
    again = Text("Officials reported arrests in the province")
    assert unchanged_text.unchanged("us").holds(again)
    assert not unchanged_text.unchanged("british").holds(again)  # another house style knows nothing


@pytest.mark.parametrize("known", [{"text"}, {b"short"}, ["x" * 16], "abc", None])
def test_anything_but_digests_is_ignored(known):
    unchanged_text.remember("us", known)
    assert unchanged_text.unchanged("us").known == frozenset()


def test_nothing_is_gathered_unless_asked():
    styled_blocks([Paragraph([Text("Officials reported arrests")])], "us")
    assert unchanged_text.found("us") == set()
