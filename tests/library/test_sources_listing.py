"""``briefpack sources`` shows a withdrawn source as withdrawn; ``check`` warns of an excerpt id that is a source's."""

from __future__ import annotations

import json


def test_a_withdrawn_source_is_marked(run, ws):
    ws.source("retracted-2024", withdrawn='"the outlet retracted the story"')
    result = run("sources", "--root", ws.root)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("retracted-2024"))
    assert "WITHDRAWN (the outlet retracted the story): ISKP" in line
    webber = next(line for line in result.stdout.splitlines() if line.startswith("webber-2024"))
    assert "WITHDRAWN" not in webber
    assert result.stdout.splitlines()[-1] == "2 sources, 1 withdrawn (never cited)"
    records = {r["id"]: r for r in json.loads(run("sources", "--json", "--root", ws.root).stdout)}
    assert records["retracted-2024"]["withdrawn"] == "the outlet retracted the story"
    assert records["webber-2024"]["withdrawn"] is None


def test_check_warns_of_an_excerpt_id_that_is_a_source_id(run, ws):
    ws.excerpts(name="more.yaml", text="""\
- id: webber-2024
  source: webber-2024
  quote: It has published material in Tajik, Uzbek and Kyrgyz.
  tags: [country:TJ]
  date: 2024-06
  credibility: 2
""")
    result = run("check", "--root", ws.root)
    assert ("seeds/excerpts/more.yaml:1: warning: excerpt id 'webber-2024' is also the id of a source: rename one "
            "(briefpack rename webber-2024 NEW-ID)") in result.stdout + result.stderr
