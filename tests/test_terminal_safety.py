"""Listings and messages never send a control character from the library to the terminal."""

from __future__ import annotations

import json

import pytest
from workspace_builder import VOCABULARY, make_workspace

ESC = "\x1b[2J\x1b]0;pwned\x07"
RAW = ("\x1b", "\x07", "\u202e", "\x9b")


@pytest.fixture
def ws(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    ws.vocabulary(VOCABULARY.replace("label: Tajikistan", "label: \"Tajik\\u202eistan\""))
    ws.source(paragraphs=["Subscribe", f"ISKP is ramping up its media {ESC}outreach in Central Asia.",
                          "Third \x9b paragraph."], title="\"Title \\e[2J\\e]0;pwned\\a\"")
    ws.excerpts(f"""\
- id: webber-media
  source: webber-2024
  quote: "ISKP is ramping up its media \\e[2J\\e]0;pwned\\aoutreach in Central Asia."
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
        assert "media \\x1b[2J\\x1b]0;pwned\\x07outreach" in result.stdout
    elif command == ["sources"]:
        assert "Title \\x1b[2J" in result.stdout
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
    assert "closest passage" in result.stdout and "\\x1b[2J" in result.stdout
    assert not any(c in result.output for c in RAW)
