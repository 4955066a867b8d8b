"""The bottom line up front and key judgments led by a short statement, as a reader finds them
in both formats, and as ``check`` holds a brief to them."""

from __future__ import annotations

import docx
import pytest

from readback import pdf_text

BRIEF = """\
title: Pack
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx, pdf]
bottom_line:
{bottom}
key_judgments:
  - text: |-
      {lead} from July 2024 through June 2025 [@webber-media].

      - ISKP publishes in Tajik, Uzbek and Kyrgyz [@webber-media].
      - Its magazine has circulated since 2022 [@webber-media].
    likelihood: likely
    confidence: low
    basis: One source.
    time_frame: {{from: 2024-07, to: 2025-06}}
sections:
  - type: excerpts
    select: "country:TJ"
"""
SHORT = "ISKP is likely to keep up its Central Asian media outreach"
LONG = ("ISKP is likely to keep up and widen its media outreach across every one of the Central Asian "
        "states and in each of their languages, reaching migrant workers in Russia and Turkey and their "
        "families at home")
BULLETS = ["ISKP courts Central Asians in their own languages [@webber-media].",
           "Its outreach has grown since 2022 [@webber-media]."]


def brief(ws, bullets=BULLETS, lead=SHORT):
    (ws.root / "briefs").mkdir(exist_ok=True)
    bottom = "\n".join(f"  - {b}" for b in bullets)
    path = ws.root / "briefs" / "pack.yaml"
    path.write_text(BRIEF.format(bottom=bottom, lead=lead), encoding="utf-8")
    return path


def test_the_bottom_line_is_printed_first_in_both_formats(ws, run, tmp_path):
    brief(ws)
    result = run("build", "--root", ws.root, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    word = docx.Document(str(tmp_path / "out" / "pack.docx"))
    paragraphs = [p for p in word.paragraphs if p.text.strip()]
    headings = [p.text for p in paragraphs if p.style.name.lower().startswith("heading")]
    assert headings[:2] == ["Bottom Line", "Key Judgments"]
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Bottom Line")
    assert [p.text.rstrip("0123456789") for p in paragraphs[start + 1: start + 3]] == [
        "ISKP courts Central Asians in their own languages.", "Its outreach has grown since 2022."]
    assert paragraphs[start + 3].text == "Key Judgments"
    text = pdf_text(tmp_path / "out" / "pack.pdf")
    body = text[text.index("Bottom Line", text.index("Key Judgments") + 1):]  # past the contents
    assert body.index("ISKP courts Central Asians") < body.index("Its outreach has grown") < body.index(
        "Key Judgments")


def test_a_key_judgment_prints_its_lead_then_its_supporting_bullets(ws, run, tmp_path):
    brief(ws)
    result = run("build", "--root", ws.root, "--out", tmp_path / "out", "--jobs", "1", "--format", "docx")
    assert result.exit_code == 0, result.output
    word = docx.Document(str(tmp_path / "out" / "pack.docx"))
    texts = [p.text for p in word.paragraphs if p.text.strip()]
    lead = next(i for i, t in enumerate(texts) if t.startswith(SHORT))
    assert texts[lead + 1].startswith("ISKP publishes in Tajik, Uzbek and Kyrgyz.")
    assert texts[lead + 2].startswith("Its magazine has circulated since 2022.")
    lead_runs = [r for r in word.paragraphs[[p.text for p in word.paragraphs].index(texts[lead])].runs
                 if r.text.strip() and not r.font.superscript]
    assert all(r.bold for r in lead_runs)


def test_more_than_four_bullets_is_an_error_at_the_fifth(ws, run):
    path = brief(ws, BULLETS * 2 + [BULLETS[0]])
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert "briefs/pack.yaml:10: bottom_line holds at most 4 bullets, not 5" in result.output
    build = run("build", "--root", ws.root, "--jobs", "1")
    assert build.exit_code == 1
    assert f"{path.relative_to(ws.root).as_posix()}:10: bottom_line holds at most 4 bullets" in build.output


def test_a_bottom_line_bullet_citing_nothing_is_linted(ws, run):
    brief(ws, ["ISKP courts Central Asians in their own languages."])
    result = run("check", "--root", ws.root, "--strict")
    assert result.exit_code == 1
    assert 'briefs/pack.yaml:6: warning: sentence cites no excerpt: "ISKP courts Central Asians' in result.output


@pytest.mark.parametrize("lead, warned", [(SHORT, False), (LONG, True)])
def test_a_lead_past_thirty_words_is_warned_at_its_line(ws, run, lead, warned):
    brief(ws, lead=lead)
    result = run("check", "--root", ws.root)
    found = [line for line in result.output.splitlines() if "lead runs to" in line]
    if warned:
        assert found == [found[0]] and found[0].startswith("briefs/pack.yaml:10: warning: key judgment's lead "
                                                           "runs to 44 words, past 30")
        assert run("check", "--root", ws.root, "--strict").exit_code == 1
    else:
        assert found == []
        assert result.exit_code == 0, result.output


def test_impact_counts_a_judgments_supporting_bullets_as_the_judgments(ws, run):
    ws.excerpts(EXCERPT_PAIR)
    path = brief(ws)
    path.write_text(path.read_text().replace("- Its magazine has circulated since 2022 [@webber-media].",
                                             "- Its magazine has circulated since 2022 [@webber-magazine]."))
    result = run("impact", "webber-magazine", "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert "key judgment 1: “ISKP is likely to keep up its Central Asian media outreach" in result.output
    assert "Bottom Line" not in result.output


EXCERPT_PAIR = """\
- id: webber-media
  source: webber-2024
  quote: ISKP is ramping up its media outreach in Central Asia.
  tags: [country:TJ, group:ISKP, topic:propaganda]
  date: 2024-06
  credibility: 2
- id: webber-magazine
  source: webber-2024
  quote: The group’s “Voice of Khorasan” magazine — widely shared — appeared in 2022.
  tags: [country:TJ, group:ISKP, topic:propaganda]
  date: 2024-06
  credibility: 2
"""
