"""Listings and messages never send a control character from the library to the terminal.

The library refuses control characters at their line, C0 (ESC, BEL, ...), DEL and C1 alike (CSI
U+009B, OSC U+009D, ST U+009C, which terminals read as ESC [, ESC ] and ESC \\); bidirectional
overrides and isolates are text it keeps, and shows escaped."""

from __future__ import annotations

import json

import pytest
from workspace_builder import VOCABULARY, make_workspace

ESC = "\u202e2J\u20660;pwned\u2069"  # a right-to-left override, an isolate: text shown reordered
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069", "\x9b", "\x9c", "\x9d")


@pytest.fixture
def ws(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    ws.vocabulary(VOCABULARY.replace("label: Tajikistan", "label: \"Tajik\\u202eistan\""))
    ws.source(paragraphs=["Subscribe", f"ISKP is ramping up its media {ESC}outreach in Central Asia.",
                          "Third \u202e paragraph."], title="\"Title \\u202e2J\\u20660;pwned\\u2069\"")
    ws.excerpts("""\
- id: webber-media
  source: webber-2024
  quote: "ISKP is ramping up its media \\u202e2J\\u20660;pwned\\u2069outreach in Central Asia."
  tags: [country:TJ, group:ISKP, topic:propaganda]
  date: 2024-06
  credibility: 2
""")
    return ws


@pytest.mark.parametrize("command", [["excerpts"], ["sources"], ["tags"], ["excerpts", "--json"],
                                     ["sources", "--json"], ["tags", "--json"]])
def test_listings_show_control_characters_escaped(run, ws, command):
    result = run(*command, "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in RAW)
    if "--json" in command:
        json.loads(result.stdout)  # still JSON, with the same values
    elif command == ["excerpts"]:
        assert "media \\u202e2J\\u20660;pwned\\u2069outreach" in result.stdout
    elif command == ["sources"]:
        assert "Title \\u202e2J" in result.stdout
    else:
        assert "Tajik\\u202eistan" in result.stdout


def test_json_keeps_the_values(run, ws):
    result = run("excerpts", "--json", "--root", ws.root)
    assert json.loads(result.stdout)[0]["quote"].startswith(f"ISKP is ramping up its media {ESC}")


def test_a_misquote_shows_the_source_escaped(run, ws):
    ws.excerpts("""\
- id: webber-media
  source: webber-2024
  quote: ISKP is ramping up its media outreach in Central Asia.
  tags: [country:TJ]
  date: 2024-06
  credibility: 2
""")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert "closest passage" in result.stdout and "\\u202e2J" in result.stdout
    assert not any(c in result.output for c in RAW)


def test_a_c1_control_in_the_library_is_an_error_shown_escaped(run, ws):
    ws.source(paragraphs=["Subscribe", "ISKP is ramping up its media \x9b2J\x9d0;pwned\x9coutreach."])
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert "seeds/sources/webber-2024.txt:12: U+009B (a control character) is not text" in result.stdout
    assert not any(c in result.output for c in RAW)
