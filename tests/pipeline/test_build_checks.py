"""``briefpack check`` says what a build would warn of: a character no font of the PDF has."""

from __future__ import annotations

TIBETAN = "The monastery's sign read \u0f00 \u0f40\u0f41 over the gate."


def test_check_warns_of_a_character_no_font_of_the_pdf_has(run, ws):
    ws.source("webber-2024", paragraphs=["Subscribe to our newsletter", TIBETAN])
    ws.excerpts(text=f"""\
- id: webber-sign
  source: webber-2024
  quote: "{TIBETAN}"
  tags: [country:TJ]
  date: 2024-06
  credibility: 2
""")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert ("seeds/excerpts/excerpts.yaml:1: warning: excerpt webber-sign has 3 characters that no font of the PDF "
            "has (U+0F00 TIBETAN SYLLABLE OM, U+0F40 TIBETAN LETTER KA, U+0F41 TIBETAN LETTER KHA); the PDF prints "
            "\ufffd in its place") in result.stdout
    assert run("check", "--strict", "--root", ws.root).exit_code == 1


def test_an_english_library_has_no_such_warning(run, ws):
    result = run("check", "--root", ws.root)
    assert "no font of the PDF" not in result.stdout
