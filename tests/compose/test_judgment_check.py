"""check reads every key judgment against its sourcing profile (the judgment rules)."""

from __future__ import annotations

import subprocess
import textwrap

import pytest
from docx import Document as DocxDocument

from workspace_builder import Workspace, VOCABULARY

QUOTE_A = "ISKP is ramping up its media outreach in Central Asia."
QUOTE_B = "The group now publishes a Tajik-language magazine."

BRIEF = """\
title: Pack
as_of: 2024-06-30
marking: TLP:CLEAR
key_judgments:
  - text: >-
      ISKP is very likely to keep up its outreach from July 2024 through June 2025
      [@a-outreach; @b-magazine].
    likelihood: very likely
    confidence: high
    basis: Two independent sources agree on the outreach.
    time_frame: {from: 2024-07, to: 2025-06}
sections:
  - type: excerpts
    select: "country:TJ"
"""

SECOND = """\
  - text: >-
      ISKP is likely to publish in Tajik from July 2024 through June 2025 [@a-outreach; @b-magazine].
    likelihood: likely
    confidence: low
    basis: The same two sources.
    time_frame: {from: 2024-07, to: 2025-06}
"""


def workspace(tmp_path, brief=BRIEF, a=None, b=None, via_b="", vocabulary=VOCABULARY):
    ws = Workspace(tmp_path / "ws")
    ws.vocabulary(vocabulary)
    ws.source("webber-2024", paragraphs=[QUOTE_A], **(a or {}))
    ws.source("saidov-2024", paragraphs=[QUOTE_B], **{"title": "A Tajik magazine", "author": "Anna Saidov",
                                                      "publisher": "Asia-Plus", **(b or {})})
    ws.excerpts(f"""\
    - id: a-outreach
      source: webber-2024
      quote: {QUOTE_A}
      tags: [country:TJ, group:ISKP]
      date: 2024-06
      credibility: 2
    - id: b-magazine
      source: saidov-2024
      quote: {QUOTE_B}
      tags: [country:TJ, group:ISKP]
      date: 2024-05
      credibility: 2
    {via_b}
    """)
    (ws.root / "briefs").mkdir()
    (ws.root / "briefs" / "pack.yaml").write_text(textwrap.dedent(brief), encoding="utf-8")
    return ws.root


def check(run, root):
    return run("check", "--strict", "--root", root)


def test_a_well_supported_judgment_passes(run, tmp_path):
    result = check(run, workspace(tmp_path))
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


@pytest.mark.parametrize("case, rule", [
    (dict(b={"publisher": "Eurasianet"}), "high-confidence"),  # one origin: the same outlet
    (dict(via_b="  via: Eurasianet"), "high-confidence"),  # the second source relays the first's outlet
    (dict(via_b="  via: webber-2024"), "claimed-independence"),  # relayed by source id
    (dict(b={"reliability": "D"}), "high-confidence"),  # low grades
    (dict(a={"published": "2019-03-01"}, b={"published": "2018-11-02"}), "old-evidence"),
    (dict(brief=BRIEF.replace("confidence: high", "confidence: low")), "strong-likelihood"),
    (dict(brief=BRIEF.replace("confidence: high", "confidence: moderate"), b={"publisher": "Eurasianet"}),
     "claimed-independence"),
    (dict(brief=BRIEF.replace("sections:", SECOND + "sections:")), "confidence-gap"),
])
def test_each_breach_names_its_rule(run, tmp_path, case, rule):
    result = check(run, workspace(tmp_path, **case))
    assert result.exit_code == 1, result.output
    assert f"(rule {rule})" in result.output
    assert "briefs/pack.yaml:" in result.output
    assert "a-outreach, b-magazine" in result.output  # the excerpts it rests on
    assert "or give override: with the reason" in result.output


def test_relayed_source_counts_as_its_origin(run, tmp_path):
    result = check(run, workspace(tmp_path, via_b="  via: The Guardian"))
    assert result.exit_code == 0, result.output  # two origins still: Eurasianet and The Guardian
    result = check(run, workspace(tmp_path / "x", via_b="  via: the  eurasianet"))
    assert "1 independent (origins: Eurasianet B2)" in result.output


def test_override_holds_the_judgment_and_is_printed(run, tmp_path):
    brief = BRIEF.replace("confidence: high", "confidence: low").replace(
        "    time_frame", "    override: Both outlets have field staff in Khujand.\n    time_frame", 1)
    root = workspace(tmp_path, brief=brief)
    assert check(run, root).exit_code == 0
    result = run("build", "--root", root, "--jobs", "1", "--format", "docx")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in DocxDocument(root / "out" / "pack.docx").paragraphs)
    assert "Held against the sourcing rules: Both outlets have field staff in Khujand." in text


def test_the_desk_sets_the_rules_in_the_vocabulary(run, tmp_path):
    relaxed = VOCABULARY + "judgment_rules:\n  high_confidence_origins: 1\n"
    root = workspace(tmp_path, b={"publisher": "Eurasianet"}, vocabulary=relaxed,
                     brief=BRIEF.replace("Two independent sources agree", "Two reports"))
    assert check(run, root).exit_code == 0
    bad = VOCABULARY + "judgment_rules:\n  high_confidence_grade: Z9\n  hi_confidence: 2\n"
    result = check(run, workspace(tmp_path / "x", vocabulary=bad))
    assert result.exit_code == 1
    line = VOCABULARY.count("\n") + 2  # the first rule's, after "judgment_rules:"
    assert f"seeds/vocabulary.yaml:{line}: high_confidence_grade is an Admiralty grade such as B3, not 'Z9'" \
        in result.output
    assert f"seeds/vocabulary.yaml:{line + 1}: unknown judgment rule 'hi_confidence' (did you mean " \
           "'high_confidence_grade'?)" in result.output


def test_every_key_judgment_prints_its_source_summary_in_both_formats(run, tmp_path):
    root = workspace(tmp_path, b={"reliability": "C", "published": "2024-05-03"}, brief=BRIEF.replace("confidence: high",
                                                                          "confidence: moderate"))
    result = run("build", "--root", root, "--jobs", "1")
    assert result.exit_code == 0, result.output
    expected = "Sources: Based on 2 sources (2 independent), graded B2 and C2, reported May\u2013June 2024."
    docx = "\n".join(p.text for p in DocxDocument(root / "out" / "pack.docx").paragraphs)
    assert expected in docx
    pdf = subprocess.run(["pdftotext", str(root / "out" / "pack.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert expected in " ".join(pdf.split())


@pytest.mark.parametrize("bullet, breach", [
    ("ISKP keeps up its outreach in Central Asia [@a-outreach; @b-magazine].", "states flatly what key judgment 1"),
    ("ISKP is almost certain to keep up its outreach through June 2025 [@a-outreach].", "surer than key judgment 1"),
    ("ISKP is unlikely to keep up its outreach through June 2025 [@a-outreach].", "the other side of even chance"),
    ("ISKP is very likely to keep up its outreach through June 2025 [@a-outreach; @b-magazine].", ""),
    ("ISKP is likely to keep up its outreach through June 2025 [@a-outreach].", ""),  # less sure: allowed
    ("The evidence is two articles of 2024 [method].", ""),  # cites nothing a judgment rests on
])
def test_a_bottom_line_bullet_says_its_judgment_no_more_surely(run, tmp_path, bullet, breach):
    brief = BRIEF.replace("key_judgments:", f"bottom_line:\n  - >-\n    {bullet}\nkey_judgments:")
    result = check(run, workspace(tmp_path, brief=brief))
    if breach:
        assert result.exit_code == 1
        assert "pack.yaml:6: warning: bottom_line.0: " in result.output and breach in result.output
        assert "(rule bottom-line)" in result.output and "'very likely' (high confidence)" in result.output
    else:
        assert "bottom-line" not in result.output, result.output


def test_a_bottom_line_bullet_sums_up_the_judgment_it_shares_most_with(run, tmp_path):
    brief = BRIEF.replace("key_judgments:", "bottom_line:\n  - >-\n    ISKP is very likely to publish in Tajik through "
                          "June 2025 [@a-outreach; @b-magazine].\nkey_judgments:") + "\n"
    brief = brief.replace("sections:", SECOND.replace("confidence: low", "confidence: moderate") + "sections:")
    brief = brief.replace("[@a-outreach; @b-magazine].\n    likelihood: very likely",
                          "[@a-outreach].\n    likelihood: very likely")
    result = check(run, workspace(tmp_path, brief=brief))
    assert "bottom_line.0: says 'very likely', surer than key judgment 2, which holds 'likely'" in result.output
    assert "key judgment 1" not in result.output.split("bottom_line.0")[1].split("\n")[0]
