"""Abbreviations spelled out at their first use in each document (both formats), and
``check`` warning, at its line, on an undefined abbreviation or a group's alias in desk text."""

from __future__ import annotations

import docx
import pytest

from readback import pdf_text
from workspace_builder import VOCABULARY, make_workspace

ABBREVIATIONS = """\
abbreviations:
  KNB: National Security Committee
  US: ~
"""
VOCABULARY_WITH_IS = VOCABULARY.replace(
    "      IMU: Islamic Movement of Uzbekistan\n",
    "      IMU: {label: Islamic Movement of Uzbekistan, abbreviation: IMU}\n"
    "      IS: {label: Islamic State, abbreviation: IS, aliases: [ISIS, Daesh]}\n")

BRIEF = """\
title: Test pack
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx, pdf]
key_judgments:
  - The KNB says ISKP recruits in Tajikistan [@webber-media].
intro: >-
  The KNB and the US count recruits [@webber-media]. The KNB also counts the IMU
  [@webber-media]. A quotation keeps its words: "the KNB" [@webber-media].
sections:
  - type: excerpts
    title: Excerpts on the KNB
    select: "country:TJ"
    intro: The KNB is the source of most figures [@webber-media].
"""


@pytest.fixture
def ws(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    ws.vocabulary(ABBREVIATIONS + VOCABULARY_WITH_IS)
    (ws.root / "briefs").mkdir()
    return ws


def write_brief(ws, text):
    (ws.root / "briefs" / "pack.yaml").write_text(text, encoding="utf-8")


def test_an_abbreviation_is_spelled_out_once_per_document_in_both_formats(run, ws):
    write_brief(ws, BRIEF)
    result = run("build", "--root", ws.root)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(ws.root / "out" / "pack.docx"))
    docx_text = " ".join(" ".join(p.text for p in document.paragraphs).split())
    for text in (docx_text, pdf_text(ws.root / "out" / "pack.pdf")):
        # the first use (in the key judgments) spelled out, later ones not
        assert text.count("National Security Committee (KNB)") == 1
        assert "The National Security Committee (KNB) says ISKP recruits" in text
        assert "The KNB and the US count recruits" in text  # a well-known one is never spelled out
        assert "The KNB is the source of most figures" in text
        # a value's abbreviation stands for its label; the desk's own words inside quotation marks stay
        assert "also counts the Islamic Movement of Uzbekistan (IMU)" in text
        assert "\u201cthe KNB.\u201d" in text  # and the period before the note moves inside
        assert "Excerpts on the KNB" in text  # headings are left as written


def test_the_desks_own_definition_counts_as_the_first_use(run, ws):
    write_brief(ws, BRIEF.replace("The KNB says ISKP", "Kazakhstan\u2019s security service (KNB) says ISKP"))
    assert run("build", "--root", ws.root, "--format", "pdf").exit_code == 0
    text = pdf_text(ws.root / "out" / "pack.pdf")
    assert "National Security Committee" not in text
    assert "security service (KNB) says" in text


def test_check_warns_on_undefined_abbreviations_and_group_aliases_at_their_lines(run, ws):
    write_brief(ws, BRIEF.replace("  The KNB and the US count recruits [@webber-media].",
                                  "  The GKNB and the US count recruits [@webber-media].")
                .replace("    intro: The KNB is the source", "    intro: ISIS and Daesh, quoted as \"NSC\", are the source"))
    result = run("check", "--root", ws.root)
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if "abbreviation" in line or "one name" in line]
    assert warnings == [
        "briefs/pack.yaml:8: warning: abbreviation 'GKNB' is not defined: give it with what it stands for "
        "under abbreviations: in the vocabulary (spelled out at its first use)",
        "briefs/pack.yaml:14: warning: 'ISIS' names the group Islamic State (IS): use one name per group "
        "(the vocabulary's label or abbreviation)",
        "briefs/pack.yaml:14: warning: 'Daesh' names the group Islamic State (IS): use one name per group "
        "(the vocabulary's label or abbreviation)",
    ]
    assert run("check", "--strict", "--root", ws.root).exit_code == 1


def test_a_bad_abbreviation_entry_is_reported_at_its_line(run, ws):
    ws.vocabulary("abbreviations:\n  KNB: [a, list]\n  knb: lower case\n" + VOCABULARY)
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert ("seeds/vocabulary.yaml:2: abbreviation 'KNB': give what it stands for as text "
            "(or ~ for one readers know)") in result.stdout
    assert "seeds/vocabulary.yaml:3: bad abbreviation 'knb': two or more capitals, e.g. KNB or IS-K" in result.stdout


def test_a_warning_in_a_literal_block_names_the_line_it_stands_on(run, ws):
    write_brief(ws, "title: T\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nintro: |\n"
                    "  The KNB counts recruits [@webber-media].\n\n"
                    "  The CSTO does not [@webber-media].\nsections:\n  - type: country_profile\n    country: TJ\n")
    result = run("check", "--root", ws.root)
    assert [line for line in result.stdout.splitlines() if "abbreviation" in line] == [
        "briefs/pack.yaml:7: warning: abbreviation 'CSTO' is not defined: give it with what it stands for "
        "under abbreviations: in the vocabulary (spelled out at its first use)"]


def test_a_later_full_name_with_its_abbreviation_becomes_the_abbreviation():
    from briefpack.compose.abbreviations import FirstUse

    spell = FirstUse({"IMU": "Islamic Movement of Uzbekistan", "KNB": "National Security Committee"})
    assert spell.text("The Islamic Movement of Uzbekistan (IMU) left.") == \
        "The Islamic Movement of Uzbekistan (IMU) left."
    assert spell.text("Islamic Movement of Uzbekistan (IMU): 2015; the IMU and the KNB (as the KNB said)") == \
        "IMU: 2015; the IMU and the National Security Committee (KNB) (as the KNB said)"
    assert spell.text("(counted by the KNB)") == "(counted by the KNB)"
    assert FirstUse({"KNB": "National Security Committee"}).text("(counted by the KNB)") == \
        "(counted by the National Security Committee [KNB])"
