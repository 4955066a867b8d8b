"""quote proposes via: when the passage says whom it reports from; check takes it as written."""

from __future__ import annotations

import pytest
import yaml

from briefpack.intake.suggest import find_via

PARAGRAPHS = [
    "The Guardian, citing Western intelligence agencies, writes that a recruitment campaign began in 2023.",
    "Officials said the border was calm.",
]


@pytest.mark.parametrize("text, name", [
    ("The Guardian, citing Western and other intelligence agencies, writes that", "The Guardian"),
    ("The Economist has reported that about 4,000 militants joined", "The Economist"),
    ("ISKP spread its messages in more languages according to The Diplomat. ISKP has", "The Diplomat"),
    ("NYT spoke with a senior representative of Western intelligence", "NYT"),
    ("He said that 40 men left the district", ""),
    ("In 2023 the group grew", ""),
])
def test_the_outlet_a_passage_reports_from(text, name):
    assert find_via(text)[0] == name


def test_quote_proposes_via_and_check_reads_it(run, ws):
    ws.source(paragraphs=PARAGRAPHS)
    result = run("quote", "webber-2024", "The Guardian, citing Western intelligence agencies, writes",
                 "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert '# from "The Guardian, citing": the source relays it' in result.stdout
    item = yaml.safe_load(result.stdout)[0]
    assert item["via"] == "The Guardian"
    result = run("quote", "webber-2024", "Officials said the border was calm", "--root", ws.root)
    assert "via:" not in result.stdout
