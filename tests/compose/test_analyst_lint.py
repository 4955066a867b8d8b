"""briefpack check lints the analyst text of the briefs (ICD 203)."""

from __future__ import annotations

import textwrap

import pytest

from workspace_builder import make_workspace

GOOD = """\
title: Pack
as_of: 2024-06-30
marking: TLP:CLEAR
key_judgments:
  - text: >-
      ISKP is likely to keep up its outreach from July 2024 through June 2025 [@webber-media].
    likelihood: likely
    confidence: moderate
    basis: One source.
    time_frame: {from: 2024-07, to: 2025-06}
intro: |
  This pack covers Tajikistan [method].
  ISKP has stepped up its outreach [@webber-media].
sections:
  - type: excerpts
    select: "country:TJ"
"""


def workspace(tmp_path, brief):
    ws = make_workspace(tmp_path / "ws")
    (ws.root / "briefs").mkdir()
    (ws.root / "briefs" / "pack.yaml").write_text(textwrap.dedent(brief), encoding="utf-8")
    return ws.root


def test_a_brief_that_follows_the_rules_passes_strict(run, tmp_path):
    result = run("check", "--strict", "--root", workspace(tmp_path, GOOD))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


@pytest.mark.parametrize("old, new, line, message", [
    ("  ISKP has stepped up its outreach [@webber-media].", "  ISKP has stepped up its outreach.", 13,
     'sentence cites no excerpt: "ISKP has stepped up its outreach."'),
    ("  ISKP has stepped up its outreach [@webber-media].",
     "  ISKP has stepped up its outreach and will probably go on through 2025 [@webber-media].", 13,
     "'probable' is from the other ICD 203 row than 'likely' (line 6): use the terms of one row"),
    ("  ISKP has stepped up its outreach [@webber-media].",
     "  We have high confidence that attacks are very likely in 2025 [@webber-media].", 13,
     "sentence puts a confidence level ('high confidence') and a likelihood term ('very likely') in one"),
    ("  ISKP has stepped up its outreach [@webber-media].",
     "  Attacks in Tajikistan are likely [@webber-media].", 13,
     "estimative judgment ('likely') has no time frame: \"Attacks in Tajikistan are likely.\""),
    ("    time_frame: {from: 2024-07, to: 2025-06}\n", "", 6,
     "key judgment has no time frame (time_frame: {from: YYYY-MM, to: YYYY-MM})"),
    ("    confidence: moderate\n    basis: One source.\n", "", 6,
     "key judgment states no confidence (confidence: high, moderate or low)"),
    ("    basis: One source.\n", "", 6, "key judgment gives no basis for its confidence"),
    ("    likelihood: likely\n", "", 6, "key judgment states no likelihood"),
    ("    likelihood: likely\n", "    likelihood: very likely\n", 6,
     "key judgment states likelihood 'very likely' but its text says 'likely'"),
])
def test_each_lint_fires_on_a_bad_brief(run, tmp_path, old, new, line, message):
    assert old in GOOD
    root = workspace(tmp_path, GOOD.replace(old, new))
    result = run("check", "--root", root)
    assert result.exit_code == 0, result.output  # warnings only
    expected = f"briefs/pack.yaml:{line}: warning: {message}"
    assert any(l.startswith(expected) for l in result.stdout.splitlines()), result.stdout
    strict = run("check", "--strict", "--root", root)
    assert strict.exit_code == 1
    assert "warnings are errors with --strict" in strict.output


def test_a_brief_that_does_not_load_is_an_error_at_its_line(run, tmp_path):
    root = workspace(tmp_path, GOOD.replace("    confidence: moderate", "    confidence: medium"))
    result = run("check", "--root", root)
    assert result.exit_code == 1
    assert "briefs/pack.yaml:8: confidence must be high, moderate or low, not 'medium'" in result.output


def test_method_marks_are_not_printed(tmp_path):
    from briefpack.compose.analyst_text import parse_blocks
    from briefpack.document.model import plain_text

    [paragraph] = parse_blocks("This pack covers Tajikistan [method]. More.")
    assert plain_text(paragraph.content) == "This pack covers Tajikistan. More."
