"""The bundled packs as a finished product, read back from both formats: the bottom line first,
key judgments led by a short statement, every source named in the text, each thing said once."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from functools import lru_cache

import docx
import pytest

DOCUMENTS = ["central-asia"] + [f"country-handout-{c}" for c in ("kz", "kg", "tj", "tm", "uz")]
_SPLIT = re.compile(r"(?<=[.!?])(?<!\bp\.)[\u2019\u201d\"')\]]*[\d,\s]*\s(?=[\u201c\"\u2018'(\u2020\u00a0]*[A-Z0-9])")
_NOTE = re.compile(r"\bparas?\.\s*\d|\([A-F][1-6]\)")  # a note's locator or grade: notes cite, and repeat


@lru_cache(maxsize=None)
def docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n\n".join(parts)


@lru_cache(maxsize=None)
def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def repeated(text: str) -> dict[str, int]:
    """Sentences of eight or more words printed more than once (notes apart)."""
    flat = " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", text).split())
    counts = Counter()
    for sentence in _SPLIT.split(flat):
        words = re.findall(r"\w+", re.sub(r"\bp\.\s\d+", "", sentence))  # a cross-reference's page no word
        if len(words) >= 8 and not _NOTE.search(sentence):
            counts[re.sub(r"\W+", " ", sentence.lower()).strip()] += 1
    return {s: n for s, n in counts.items() if n > 1}


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_no_sentence_of_eight_words_is_printed_twice(bundled, name, kind):
    path = bundled / f"{name}.{kind}"
    text = docx_text(path) if kind == "docx" else pdf_text(path)
    assert len(text) > 5000  # the document was read
    assert repeated(text) == {}


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_no_author_or_article_without_a_name(bundled, name, kind):
    path = bundled / f"{name}.{kind}"
    text = " ".join((docx_text(path) if kind == "docx" else pdf_text(path)).split())
    assert re.findall(r".{30}\bthe (?:\d{4} )?(?:author|article)\b.{30}", text, re.I) == []
    assert re.search(r"\b(?:wrote|reported|stated) in (?:[A-Z][a-z]+ )?\d{4}\b", text)  # sources named in the text


def _bottom_line_and_judgments(path):
    """(bullets of the bottom line, leads of the key judgments) as the DOCX holds them."""
    paragraphs = [p for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    heading = [i for i, p in enumerate(paragraphs) if p.style.name.lower().startswith("heading")]
    names = [paragraphs[i].text for i in heading]
    assert names[:2] == ["Bottom Line", "Key Judgments"]  # the first headings after the contents
    bottom = paragraphs[heading[0] + 1: heading[1]]
    judgments = paragraphs[heading[1] + 1: heading[2]]
    leads = [p.text for p in judgments
             if all(r.bold for r in p.runs if r.text.strip() and not r.font.superscript)
             and any(r.text.strip() for r in p.runs)]
    return bottom, leads


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_bottom_line_of_at_most_four_bullets_then_judgments_led_in_at_most_thirty_words(bundled, name):
    bottom, leads = _bottom_line_and_judgments(bundled / f"{name}.docx")
    assert 2 <= len(bottom) <= 4
    assert all("List" in p.style.name or p.paragraph_format.left_indent for p in bottom)
    assert len(leads) >= 2
    for lead in leads:
        words = re.sub(r"(?<=[.!?])\d+(?:,\s?\d+)*", "", lead).split()
        assert len(words) <= 30, lead


def test_the_pdf_prints_the_bottom_line_before_the_key_judgments(bundled):
    text = " ".join(pdf_text(bundled / "central-asia.pdf").split())
    body = text[text.index("Bottom Line", text.index("Key Judgments") + 1):]  # past the contents
    first = body.index("is very likely to remain the jihadist group that most threatens Central Asia through")  # ISKP
    # spelled out there
    assert first < body.index("Key Judgments") < body.index("ISKP is very likely to remain")
