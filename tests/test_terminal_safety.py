"""Listings and messages never send a control character from the library to the terminal.

The library refuses C0 control characters (ESC, BEL, ...) at their line; the C1 ones (CSI U+009B,
OSC U+009D, ST U+009C, which terminals read as ESC [, ESC ] and ESC \\) and bidirectional
overrides are text it keeps, and shows escaped."""

from __future__ import annotations

import json

import pytest
from workspace_builder import VOCABULARY, make_workspace

ESC = "\x9b2J\x9d0;pwned\x9c"  # CSI 2J (clear), OSC 0;pwned ST (retitle), in C1 form
RAW = ("\x1b", "\x07", "\u202e", "\x9b", "\x9c", "\x9d")


@pytest.fixture
def ws(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    ws.vocabulary(VOCABULARY.replace("label: Tajikistan", "label: \"Tajik\\u202eistan\""))
    ws.source(paragraphs=["Subscribe", f"ISKP is ramping up its media {ESC}outreach in Central Asia.",
                          "Third \x9b paragraph."], title="\"Title \\x9b2J\\x9d0;pwned\\x9c\"")
    ws.excerpts(f"""\
- id: webber-media
  source: webber-2024
  quote: "ISKP is ramping up its media \\x9b2J\\x9d0;pwned\\x9coutreach in Central Asia."
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
        assert "media \\x9b2J\\x9d0;pwned\\x9coutreach" in result.stdout
    elif command == ["sources"]:
        assert "Title \\x9b2J" in result.stdout
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
    assert "closest passage" in result.stdout and "\\x9b2J" in result.stdout
    assert not any(c in result.output for c in RAW)
