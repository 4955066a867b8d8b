"""The house style, read back from both formats: US by default (punctuation inside closing
quotation marks, month-day-year dates, American spelling of the desk's words, publication
names in italics), ``house_style: british`` as a whole; a source's words never change."""

from __future__ import annotations

import docx
import pytest

from briefpack.compose.typography import styled_quotes
from briefpack.conventions.dates import format_date, restyle_dates
from briefpack.document.model import Cite, Text
from readback import pdf_text
from workspace_builder import make_workspace

PARAGRAPHS = [
    "On 30 June 2024 the organisation said its \u201cgreat jihad\u201d would go on.",
    "ISKP is ramping up its media outreach in Central Asia.",
]

EXCERPTS = """\
- id: org-statement
  source: webber-2024
  quote: On 30 June 2024 the organisation said its \u201cgreat jihad\u201d would go on.
  tags: [country:TJ, group:ISKP, topic:propaganda]
  date: 2024-06
  credibility: 2
  summary: "The organisation called its campaign a 'great jihad', as it had on 30 June 2024."
- id: org-words
  source: webber-2024
  quote: On 30 June 2024 the organisation said its \u201cgreat jihad\u201d would go on.
  tags: [country:TJ, topic:recruitment]
  date: 2024-06
  credibility: 2
"""

BRIEF = """\
title: Test pack
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx, pdf]
{style}intro: >-
  Information to 30 June 2024 [method]. Eurasianet reported that the group's
  "great jihad" goes on [@org-statement]. The organisation's aims are unchanged
  [@org-statement].
sections:
  - type: country_profile
    country: TJ
  - type: excerpts
    select: "country:TJ"
"""


@pytest.fixture
def built(run, tmp_path):
    """build(style) -> (DOCX text, DOCX document, PDF text) of the test pack in that house style."""

    def _built(style: str = ""):
        ws = make_workspace(tmp_path / (style or "default"))
        ws.source(paragraphs=PARAGRAPHS)
        ws.excerpts(EXCERPTS)
        (ws.root / "briefs").mkdir()
        (ws.root / "briefs" / "pack.yaml").write_text(
            BRIEF.format(style=f"house_style: {style}\n" if style else ""), encoding="utf-8")
        result = run("build", "--root", ws.root)
        assert result.exit_code == 0, result.output
        document = docx.Document(str(ws.root / "out" / "pack.docx"))
        footnotes = _footnotes(ws.root / "out" / "pack.docx")
        text = " ".join(p.text for p in document.paragraphs) + " " + footnotes
        return " ".join(text.split()), document, pdf_text(ws.root / "out" / "pack.pdf")

    return _built


def _footnotes(path) -> str:
    from readback import docx_notes

    return " ".join(docx_notes(path).values())


def test_us_style_by_default_in_both_formats(built):
    docx_text, document, pdf = built()
    for text in (docx_text, pdf):
        assert "Information to June 30, 2024." in text  # the desk's date, month-day-year
        assert "the group\u2019s \u201cgreat jihad\u201d goes on" in text
        assert "The organization\u2019s aims are unchanged" in text  # American spelling of the desk's words
        # a summary (desk text): the comma inside the closing mark, the date turned round
        assert "called its campaign a \u201cgreat jihad,\u201d as it had on June 30, 2024." in text
        # the source's own words are printed as they stand
        # inside the desk's quotation marks its inner marks turn single, the words stay as the source wrote them
        assert "On 30 June 2024 the organisation said its \u2018great jihad\u2019 would go on." in text
        assert "June 27, 2024" in text  # the note's date of publication
        assert "30 June 2024" not in text.replace("On 30 June 2024 the organisation", "")
    assert "June 30, 2024" in document.core_properties.comments or "June 30, 2024" in docx_text


def test_publication_names_are_italic_in_the_desk_text(built):
    _, document, _ = built()
    paragraph = next(p for p in document.paragraphs if "reported that" in p.text)
    italic = [r.text for r in paragraph.runs if r.italic]
    assert italic == ["Eurasianet"]


def test_the_british_house_style_as_a_whole(built):
    docx_text, _, pdf = built("british")
    for text in (docx_text, pdf):
        assert "Information to 30 June 2024." in text
        assert "the group\u2019s \u2018great jihad\u2019 goes on" in text  # single marks, period outside
        assert "The organisation\u2019s aims are unchanged" in text  # spelling left as the desk wrote it
        assert "a \u2018great jihad\u2019, as it had on 30 June 2024." in text
        assert "Webber, \u2018ISKP Posing Rising Threat\u2019, Eurasianet, 27 June 2024" in text
        assert "27 June 2024" in text and "June 27, 2024" not in text  # the notes too
        assert "June 30, 2024" not in text


def test_an_unknown_house_style_is_refused_at_its_line(run, tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws.root / "briefs").mkdir()
    (ws.root / "briefs" / "pack.yaml").write_text(
        "title: T\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nhouse_style: canadian\nsections:\n"
        "  - type: excerpts\n", encoding="utf-8")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert "briefs/pack.yaml:4: unknown house style 'canadian' (known: us, british)" in result.stdout


@pytest.mark.parametrize("before, style, after", [
    ([Text("a \u201cword\u201d.")], "us", "a \u201cword.\u201d"),
    ([Text("the \u201cword\u201d, then")], "us", "the \u201cword,\u201d then"),
    ([Text("x \u201cword\u201d; then")], "us", "x \u201cword\u201d; then"),  # semicolons stay outside
    ([Text("the desk\u2019s \u2018view\u2019.")], "us", "the desk\u2019s \u201cview.\u201d"),
    ([Text("a \u201cword \u2018inner\u2019 x\u201d")], "british", "a \u2018word \u201cinner\u201d x\u2019"),
    ([Text("a \u201cword.\u201d")], "british", "a \u2018word\u2019."),
    ([Text("it said \u201cThe group is growing fast.\u201d")], "british",
     "it said \u2018The group is growing fast.\u2019"),  # a sentence of its own keeps its period
])
def test_quotation_marks_and_their_punctuation(before, style, after):
    assert "".join(n.text for n in styled_quotes(before, style) if isinstance(n, Text)) == after


def test_a_period_after_a_note_moves_inside_the_quotation_before_it():
    out = styled_quotes([Text("the \u201cword\u201d"), Cite(("a",)), Text(". Next")], "us")
    assert out == [Text("the \u201cword.\u201d"), Cite(("a",)), Text(" Next")]


def test_dates_in_either_order():
    assert format_date("2024-06-27") == "June 27, 2024"
    assert format_date("2024-06-27", "british") == "27 June 2024"
    assert format_date("2024-06", "british") == "June 2024"
    assert restyle_dates("on 3 January 2024 and 30 June 2024") == "on January 3, 2024 and June 30, 2024"
    assert restyle_dates("on January 3, 2024", "british") == "on 3 January 2024"


def test_every_respelled_word_passes_the_quick_look():
    """American spelling looks further only at text holding one of its parts: each word it changes has one."""
    from briefpack.compose.typography import _SPELLING_WORDS, SPELLING_PARTS, american

    assert all(any(part in word for part in SPELLING_PARTS) for word in _SPELLING_WORDS)
    words = " ".join(_SPELLING_WORDS) + " organise mobilising stabilisation"
    assert american(words) == " ".join(_SPELLING_WORDS.values()) + " organize mobilizing stabilization"


@pytest.mark.parametrize("style, text, expected", [
    ("us", "By 3 March 2021, and 30 June 2024.", "By March 3, 2021, and June 30, 2024."),
    ("british", "By March 3, 2021, and June 30th, 2024.", "By 3 March 2021, and 30 June 2024."),
])
def test_dates_restyled_in_running_text(style, text, expected):
    from briefpack.compose.typography import styled_blocks
    from briefpack.document.model import Paragraph

    [block] = styled_blocks([Paragraph([Text(text)])], style)
    assert block.content[0].text == expected
