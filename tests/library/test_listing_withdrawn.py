"""``briefpack sources`` shows a withdrawn source as withdrawn, with its reason."""

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
