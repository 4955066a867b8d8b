"""Text escaped for markup as the standard library escapes it."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape

import pytest

from briefpack.writers.shared import escape


@pytest.mark.parametrize("text", ["", "AT&T <b>bold</b> &amp; \"quoted\" 'single'", "&&<<>>\"\"", "Қазақстан > 3 & < 5"])
def test_text_is_escaped_as_saxutils_escapes_it(text):
    assert escape(text) == sax_escape(text)
    assert escape(text, quotes=True) == sax_escape(text, {'"': "&quot;"})
